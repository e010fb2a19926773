/* pd-symbol.c — one barcode found in a camera frame or a still image: its format, its exact bytes
 * (GS included) and the four corners of its outline in frame pixels.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pd-symbol.h"

#include <string.h>

struct _PdSymbol
{
  gatomicrefcount ref_count;
  PdSymbolFormat  format;
  char           *text;  /* NUL-terminated; may hold GS */
  gsize           len;
  double          corners[8];
};

G_DEFINE_BOXED_TYPE (PdSymbol, pd_symbol, pd_symbol_ref, pd_symbol_unref)

PdSymbol *
pd_symbol_new (PdSymbolFormat  format,
               const char     *text,
               gsize           len,
               const double    corners[8])
{
  PdSymbol *self = g_new0 (PdSymbol, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->format = format;
  self->text = g_strndup (text, len);
  self->len = len;
  memcpy (self->corners, corners, sizeof self->corners);
  return self;
}

PdSymbol *
pd_symbol_ref (PdSymbol *self)
{
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
pd_symbol_unref (PdSymbol *self)
{
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->text);
  g_free (self);
}

PdSymbolFormat
pd_symbol_get_format (const PdSymbol *self)
{
  return self->format;
}

const char *
pd_symbol_get_text (const PdSymbol *self,
                    gsize          *len)
{
  if (len != NULL)
    *len = self->len;
  return self->text;
}

void
pd_symbol_get_corners (const PdSymbol *self,
                       double          corners[8])
{
  memcpy (corners, self->corners, sizeof self->corners);
}

gboolean
pd_symbol_equal (const PdSymbol *a,
                 const PdSymbol *b)
{
  return a->format == b->format && a->len == b->len && memcmp (a->text, b->text, a->len) == 0;
}
