/* pd-test-frames.c — camera-like greyscale frames with real barcodes in them (libzint), for the
 * decoder's tests and benchmark.
 *
 * A symbol is encoded by libzint at one pixel per module, then drawn into the frame through an
 * inverse rotation with bilinear sampling (which is what a lens does to module edges), over a
 * shaded background with a little label text; blur and sensor noise come last.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE  /* dladdr */
#include "config.h"

#include "pd-test-frames.h"

#include <dlfcn.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <math.h>
#include <string.h>
#include <unistd.h>
#include <zint.h>

/* GS1 character set 82, which Chestny ZNAK serials and crypto tails are made of. */
static const char cset82[] =
  "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";

static void
append_random (GString *s,
               GRand   *rand,
               guint    len)
{
  for (guint i = 0; i < len; i++)
    g_string_append_c (s, cset82[g_rand_int_range (rand, 0, sizeof cset82 - 1)]);
}

static void
append_element (GString    *raw,
                GString    *bracketed,
                const char *ai,
                const char *value,
                gboolean    last)
{
  g_string_append_printf (raw, "%s%s", ai, value);
  /* Only AI 01 has a predefined length among the ones generated here. */
  if (!last && !g_str_equal (ai, "01"))
    g_string_append_c (raw, '\x1d');
  g_string_append_printf (bracketed, "[%s]%s", ai, value);
}

void
pd_test_code_random_cis (GRand      *rand,
                         PdTestCode *code)
{
  pd_test_code_random_cis_of (rand, NULL, code);
}

/* Another unit of the same product as OTHER: a random code of OTHER's GTIN (the first code
 * when OTHER is NULL). */
void
pd_test_code_random_cis_of (GRand            *rand,
                            const PdTestCode *other,
                            PdTestCode       *code)
{
  g_autoptr(GString) raw = g_string_new (NULL);
  g_autoptr(GString) bracketed = g_string_new (NULL);
  g_autoptr(GString) gtin = g_string_new ("046");
  g_autoptr(GString) serial = g_string_new (NULL);
  g_autoptr(GString) key = g_string_new (NULL);
  g_autoptr(GString) tail = g_string_new (NULL);
  gboolean shoes = g_rand_boolean (rand);
  guint sum = 0;

  for (guint i = 0; i < 10; i++)
    g_string_append_c (gtin, '0' + g_rand_int_range (rand, 0, 10));
  for (guint i = 0; i < 13; i++)
    sum += (gtin->str[12 - i] - '0') * (i % 2 == 0 ? 3 : 1);
  g_string_append_c (gtin, '0' + (10 - sum % 10) % 10);
  /* "01" and the fourteen digits of the GTIN open every code made here. */
  if (other != NULL && other->raw != NULL)
    g_string_overwrite_len (gtin, 0, other->raw + 2, 14);

  append_random (serial, rand, 13);
  append_random (key, rand, 4);
  append_element (raw, bracketed, "01", gtin->str, FALSE);
  append_element (raw, bracketed, "21", serial->str, FALSE);
  if (shoes)
    {
      append_random (tail, rand, 44);
      append_element (raw, bracketed, "91", key->str, FALSE);
      append_element (raw, bracketed, "92", tail->str, TRUE);
    }
  else
    append_element (raw, bracketed, "93", key->str, TRUE);

  code->raw = g_string_free (g_steal_pointer (&raw), FALSE);
  code->bracketed = g_string_free (g_steal_pointer (&bracketed), FALSE);
}

/* A customs declaration number (GTD), as printed in Code 128 on an import label. */
void
pd_test_code_random_gtd (GRand      *rand,
                         PdTestCode *code)
{
  code->raw = g_strdup_printf ("%08d/%02d%02d2%d/%07d", g_rand_int_range (rand, 10000000, 99999999),
                               g_rand_int_range (rand, 1, 29), g_rand_int_range (rand, 1, 13),
                               g_rand_int_range (rand, 0, 5), g_rand_int_range (rand, 0, 9999999));
  code->bracketed = NULL;
}

void
pd_test_code_clear (PdTestCode *code)
{
  g_clear_pointer (&code->raw, g_free);
  g_clear_pointer (&code->bracketed, g_free);
}

static guint8
clamp_byte (double v)
{
  return (guint8) CLAMP (lround (v), 0, 255);
}

static double
gaussian (GRand *rand)
{
  double u = g_rand_double_range (rand, 1e-9, 1.0);
  double v = g_rand_double (rand);

  return sqrt (-2.0 * log (u)) * cos (2 * G_PI * v);
}

/* Lines of dark "letters", as on the shipping label around a code. */
static void
draw_label_text (PdTestFrame *frame,
                 GRand       *rand)
{
  guint lines = g_rand_int_range (rand, 0, 7);

  for (guint l = 0; l < lines; l++)
    {
      int glyph_h = g_rand_int_range (rand, 6, 14);
      int x = g_rand_int_range (rand, 0, frame->width - 200);
      int y = g_rand_int_range (rand, 0, frame->height - glyph_h);
      int end = x + g_rand_int_range (rand, 60, 200);
      guint8 ink = g_rand_int_range (rand, 20, 70);

      while (x < end)
        {
          int glyph_w = g_rand_int_range (rand, 2, glyph_h);

          for (int yy = y; yy < y + glyph_h; yy++)
            for (int xx = x; xx < MIN (x + glyph_w, frame->width); xx++)
              if (g_rand_int_range (rand, 0, 3) != 0)
                frame->pixels[yy * frame->width + xx] = ink;
          x += glyph_w + g_rand_int_range (rand, 2, 6);
        }
    }
}

PdTestFrame *
pd_test_frame_new (GRand *rand,
                   int    width,
                   int    height)
{
  PdTestFrame *frame = g_new0 (PdTestFrame, 1);
  double base = g_rand_double_range (rand, 100, 170);
  double gx = g_rand_double_range (rand, -30, 30) / width;
  double gy = g_rand_double_range (rand, -30, 30) / height;

  frame->width = width;
  frame->height = height;
  frame->pixels = g_malloc ((gsize) width * height);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      frame->pixels[y * width + x] = clamp_byte (base + gx * x + gy * y);
  draw_label_text (frame, rand);
  return frame;
}

void
pd_test_frame_free (PdTestFrame *frame)
{
  g_free (frame->pixels);
  g_free (frame);
}

/* Debian's zxing-cpp 3.x exports the ZBarcode_* functions of the zint it bundles, another version
 * with another layout of struct zint_symbol; a test linked so that it took those would draw
 * garbage and blame the decoder. */
static void
assert_zint_is_libzint (void)
{
  static gboolean checked;
  Dl_info info;

  if (checked)
    return;
  if (dladdr ((void *) ZBarcode_Create, &info) == 0 || info.dli_fname == NULL
      || strstr (info.dli_fname, "libzint") == NULL)
    g_error ("zint's functions come from %s, not libzint: list pd_test_frames_dep before the "
             "decoder's libraries", info.dli_fname ? info.dli_fname : "an unknown place");
  checked = TRUE;
}

static struct zint_symbol *
encode (PdTestSymbology   symbology,
        const PdTestCode *code,
        gboolean          quiet_zones)
{
  struct zint_symbol *symbol;
  const char *data = code->bracketed;
  int rc;

  assert_zint_is_libzint ();
  symbol = ZBarcode_Create ();

  switch (symbology)
    {
    case PD_TEST_SYMBOL_DATAMATRIX:
      symbol->symbology = BARCODE_DATAMATRIX;
      symbol->input_mode = GS1_MODE;
      break;
    case PD_TEST_SYMBOL_QR:
      symbol->symbology = BARCODE_QRCODE;
      symbol->input_mode = GS1_MODE;
      break;
    case PD_TEST_SYMBOL_EAN13:
      /* The raw text is the 12 digits before the check digit, which zint adds. */
      symbol->symbology = BARCODE_EANX;
      data = code->raw;
      break;
    case PD_TEST_SYMBOL_CODE128:
    default:
      /* Plain Code 128 with the raw text: what a customs-number label carries. */
      symbol->symbology = BARCODE_CODE128;
      data = code->raw;
      break;
    }
  symbol->output_options = quiet_zones ? BARCODE_QUIET_ZONES : BARCODE_NO_QUIET_ZONES;
  symbol->show_hrt = 0;  /* the bars alone: zint draws its digits into the same bitmap */
  symbol->scale = 0.5f;  /* one pixel per module */
  rc = ZBarcode_Encode_and_Buffer (symbol, (const unsigned char *) data, strlen (data), 0);
  if (rc >= ZINT_ERROR)
    g_error ("zint cannot encode “%s”: %s", data, symbol->errtxt);
  return symbol;
}

/* The symbol's modules without quiet zones, row by row: 0 dark, 1 light. */
guint8 *
pd_test_code_modules (PdTestSymbology   symbology,
                      const PdTestCode *code,
                      int              *width,
                      int              *height)
{
  struct zint_symbol *symbol = encode (symbology, code, FALSE);
  gsize n = (gsize) symbol->bitmap_width * symbol->bitmap_height;
  guint8 *modules = g_malloc (n);

  for (gsize i = 0; i < n; i++)
    modules[i] = symbol->bitmap[3 * i] > 127;
  *width = symbol->bitmap_width;
  *height = symbol->bitmap_height;
  ZBarcode_Delete (symbol);
  return modules;
}

/* 0 for a dark module, 1 for paper, bilinear between module centres. */
static double
sample (const struct zint_symbol *symbol,
        double                    u,
        double                    v)
{
  int x0 = (int) floor (u - 0.5), y0 = (int) floor (v - 0.5);
  double fx = u - 0.5 - x0, fy = v - 0.5 - y0;
  double acc = 0;

  for (int dy = 0; dy <= 1; dy++)
    for (int dx = 0; dx <= 1; dx++)
      {
        int x = CLAMP (x0 + dx, 0, symbol->bitmap_width - 1);
        int y = CLAMP (y0 + dy, 0, symbol->bitmap_height - 1);
        double w = (dx ? fx : 1 - fx) * (dy ? fy : 1 - fy);

        acc += w * (symbol->bitmap[3 * (y * symbol->bitmap_width + x)] / 255.0);
      }
  return acc;
}

void
pd_test_frame_add_symbol (PdTestFrame      *frame,
                          GRand            *rand,
                          PdTestSymbology   symbology,
                          const PdTestCode *code,
                          double            px_per_module,
                          double            angle_degrees,
                          double           *centre)
{
  struct zint_symbol *symbol = encode (symbology, code, TRUE);
  double a = angle_degrees * G_PI / 180.0, c = cos (a), s = sin (a);
  double half_w = symbol->bitmap_width * px_per_module / 2;
  double half_h = symbol->bitmap_height * px_per_module / 2;
  double ext_x = fabs (c) * half_w + fabs (s) * half_h;
  double ext_y = fabs (s) * half_w + fabs (c) * half_h;
  double cx, cy;
  double dark = g_rand_double_range (rand, 15, 60);
  double light = g_rand_double_range (rand, 185, 235);

  g_assert_cmpfloat (2 * ext_x + 8, <, frame->width);
  g_assert_cmpfloat (2 * ext_y + 8, <, frame->height);
  cx = g_rand_double_range (rand, ext_x + 4, frame->width - ext_x - 4);
  cy = g_rand_double_range (rand, ext_y + 4, frame->height - ext_y - 4);

  for (int y = (int) (cy - ext_y); y <= (int) (cy + ext_y); y++)
    for (int x = (int) (cx - ext_x); x <= (int) (cx + ext_x); x++)
      {
        double dx = x + 0.5 - cx, dy = y + 0.5 - cy;
        /* Inverse rotation into the symbol's own pixels. */
        double u = (c * dx + s * dy) / px_per_module + symbol->bitmap_width / 2.0;
        double v = (-s * dx + c * dy) / px_per_module + symbol->bitmap_height / 2.0;

        if (u < 0 || v < 0 || u >= symbol->bitmap_width || v >= symbol->bitmap_height)
          continue;
        frame->pixels[y * frame->width + x] = clamp_byte (dark + (light - dark) * sample (symbol, u, v));
      }
  ZBarcode_Delete (symbol);
  if (centre != NULL)
    {
      centre[0] = cx;
      centre[1] = cy;
    }
}

static void
box_blur (PdTestFrame *frame)
{
  g_autofree guint8 *copy = g_memdup2 (frame->pixels, (gsize) frame->width * frame->height);
  int w = frame->width;

  for (int y = 1; y < frame->height - 1; y++)
    for (int x = 1; x < w - 1; x++)
      {
        const guint8 *p = copy + y * w + x;
        int sum = p[-w - 1] + 2 * p[-w] + p[-w + 1]
                  + 2 * p[-1] + 4 * p[0] + 2 * p[1]
                  + p[w - 1] + 2 * p[w] + p[w + 1];

        frame->pixels[y * w + x] = sum / 16;
      }
}

void
pd_test_frame_finish (PdTestFrame *frame,
                      GRand       *rand,
                      gboolean     blur,
                      double       noise_sigma)
{
  gsize n = (gsize) frame->width * frame->height;

  if (blur)
    box_blur (frame);
  if (noise_sigma > 0)
    for (gsize i = 0; i < n; i++)
      frame->pixels[i] = clamp_byte (frame->pixels[i] + noise_sigma * gaussian (rand));
}

gboolean
pd_test_frame_save_png (const PdTestFrame *frame,
                        const char        *path,
                        GError           **error)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8,
                                                frame->width, frame->height);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  guint8 *rgb = gdk_pixbuf_get_pixels (pixbuf);

  for (int y = 0; y < frame->height; y++)
    for (int x = 0; x < frame->width; x++)
      memset (rgb + y * stride + 3 * x, frame->pixels[y * frame->width + x], 3);
  return gdk_pixbuf_save (pixbuf, path, "png", error, NULL);
}

/* Writes each frame as dir/frame-NNN.png, shown repeat times (hard links), and returns the
 * PACKDESK_CAMERA_PIPELINE description that plays them as a 10 fps camera. */
char *
pd_test_frames_write_clip (const char *dir,
                           GPtrArray  *frames,
                           guint       repeat)
{
  guint index = 0;

  for (guint i = 0; i < frames->len; i++)
    {
      g_autofree char *first = g_strdup_printf ("%s/frame-%03u.png", dir, index++);
      g_autoptr(GError) error = NULL;

      pd_test_frame_save_png (frames->pdata[i], first, &error);
      g_assert_no_error (error);
      for (guint r = 1; r < repeat; r++)
        {
          g_autofree char *copy = g_strdup_printf ("%s/frame-%03u.png", dir, index++);

          g_assert_cmpint (link (first, copy), ==, 0);
        }
    }
  return g_strdup_printf ("multifilesrc location=%s/frame-%%03d.png index=0 "
                          "caps=image/png,framerate=10/1 ! pngdec ! identity sync=true", dir);
}
