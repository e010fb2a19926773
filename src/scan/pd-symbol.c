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
  /* Binary QR content may hold NUL; the length is what counts. */
  self->text = g_malloc (len + 1);
  memcpy (self->text, text, len);
  self->text[len] = '\0';
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

#define SYMBOLS_TYPE "(da(uaydddddddd))"

GBytes *
pd_symbols_serialize (GPtrArray *symbols,
                      double     decode_ms)
{
  g_autoptr(GVariant) variant = NULL;
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a(uaydddddddd)"));
  for (guint i = 0; i < symbols->len; i++)
    {
      const PdSymbol *symbol = symbols->pdata[i];
      const double *c = symbol->corners;

      g_variant_builder_add (&builder, "(u@aydddddddd)", symbol->format,
                             g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, symbol->text,
                                                        symbol->len, 1),
                             c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]);
    }
  variant = g_variant_ref_sink (g_variant_new (SYMBOLS_TYPE, decode_ms, &builder));
  return g_variant_get_data_as_bytes (variant);
}

/* NULL when the bytes are not what pd_symbols_serialize() makes; they come from another process
 * and are checked as they are read. */
GPtrArray *
pd_symbols_deserialize (GBytes *bytes,
                        double *decode_ms)
{
  g_autoptr(GVariant) variant = NULL;
  g_autoptr(GPtrArray) symbols = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_symbol_unref);
  g_autoptr(GVariantIter) iter = NULL;
  g_autoptr(GVariant) text = NULL;
  guint32 format;
  double c[8];

  variant = g_variant_ref_sink (g_variant_new_from_bytes (G_VARIANT_TYPE (SYMBOLS_TYPE), bytes,
                                                         FALSE));
  /* Of untrusted bytes, only well-formed ones are in normal form. */
  if (!g_variant_is_normal_form (variant))
    return NULL;
  g_variant_get (variant, SYMBOLS_TYPE, decode_ms, &iter);
  while (g_variant_iter_next (iter, "(u@aydddddddd)", &format, &text,
                              &c[0], &c[1], &c[2], &c[3], &c[4], &c[5], &c[6], &c[7]))
    {
      gsize n;
      const char *data = g_variant_get_fixed_array (text, &n, 1);

      if (format > PD_SYMBOL_FORMAT_UPCE)
        return NULL;
      g_ptr_array_add (symbols, pd_symbol_new (format, data, n, c));
      g_clear_pointer (&text, g_variant_unref);
    }
  return g_steal_pointer (&symbols);
}
