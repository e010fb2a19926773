/* pd-symbol.h — one barcode found in a camera frame or a still image.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  PD_SYMBOL_FORMAT_DATAMATRIX,
  PD_SYMBOL_FORMAT_QR,
  PD_SYMBOL_FORMAT_CODE128,
  PD_SYMBOL_FORMAT_EAN13,
  PD_SYMBOL_FORMAT_EAN8,
  PD_SYMBOL_FORMAT_UPCA,
  PD_SYMBOL_FORMAT_UPCE,
} PdSymbolFormat;

#define PD_TYPE_SYMBOL (pd_symbol_get_type ())

typedef struct _PdSymbol PdSymbol;

GType           pd_symbol_get_type    (void) G_GNUC_CONST;
PdSymbol       *pd_symbol_new         (PdSymbolFormat   format,
                                       const char      *text,
                                       gsize            len,
                                       const double     corners[8]);
PdSymbol       *pd_symbol_ref         (PdSymbol        *self);
void            pd_symbol_unref       (PdSymbol        *self);
PdSymbolFormat  pd_symbol_get_format  (const PdSymbol  *self);
const char     *pd_symbol_get_text    (const PdSymbol  *self,
                                       gsize           *len);
void            pd_symbol_get_corners (const PdSymbol  *self,
                                       double           corners[8]);
gboolean        pd_symbol_equal       (const PdSymbol  *a,
                                       const PdSymbol  *b);

/* What the decoder process sends back for one frame: the symbols and the decode time. */
GBytes         *pd_symbols_serialize   (GPtrArray       *symbols,
                                        double           decode_ms);
GPtrArray      *pd_symbols_deserialize (GBytes          *bytes,
                                        double          *decode_ms);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdSymbol, pd_symbol_unref)

G_END_DECLS
