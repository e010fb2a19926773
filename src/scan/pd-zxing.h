/* pd-zxing.h — zxing-cpp's readers on a grey image, behind a C interface so that no other file
 * needs C++.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "pd-symbol.h"

G_BEGIN_DECLS

#define PD_ZXING_FORMAT(f) (1u << (f))
#define PD_ZXING_ALL_FORMATS                                                                  \
  (PD_ZXING_FORMAT (PD_SYMBOL_FORMAT_DATAMATRIX) | PD_ZXING_FORMAT (PD_SYMBOL_FORMAT_QR)        \
   | PD_ZXING_FORMAT (PD_SYMBOL_FORMAT_CODE128) | PD_ZXING_FORMAT (PD_SYMBOL_FORMAT_EAN13)      \
   | PD_ZXING_FORMAT (PD_SYMBOL_FORMAT_EAN8) | PD_ZXING_FORMAT (PD_SYMBOL_FORMAT_UPCA)          \
   | PD_ZXING_FORMAT (PD_SYMBOL_FORMAT_UPCE))

typedef struct
{
  guint    formats;        /* PD_ZXING_FORMAT () of each format to look for */
  gboolean try_harder;     /* zxing-cpp's slower, more thorough search */
  gboolean try_downscale;  /* also at smaller sizes, where large modules are found */
} PdZxingOptions;

/* Adds every barcode zxing-cpp finds in the image to FOUND (PdSymbols, text as bytes with FNC1
 * after the first position as GS), their corners moved by (OFFSET_X, OFFSET_Y). Never throws. */
void pd_zxing_read (const guint8         *pixels,
                    int                   width,
                    int                   height,
                    int                   stride,
                    const PdZxingOptions *options,
                    double                offset_x,
                    double                offset_y,
                    GPtrArray            *found);

G_END_DECLS
