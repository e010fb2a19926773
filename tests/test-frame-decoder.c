/* test-frame-decoder.c — the camera decoder reads the exact text of DataMatrix (GS kept), QR,
 * Code 128 and EAN-13 codes wherever they sit in a noisy 720p frame, outlines them where they
 * are, and finds nothing in a frame without a code.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include "pd-frame-decoder.h"
#include "pd-test-frames.h"

#define WIDTH 1280
#define HEIGHT 720

static GPtrArray *
decode (PdTestFrame *frame)
{
  g_autoptr(PdFrameDecoder) decoder = pd_frame_decoder_new ();

  return pd_frame_decoder_decode (decoder, frame->pixels, frame->width, frame->height,
                                  frame->width);
}

static void
assert_outline_around (const PdSymbol *symbol,
                       const double   *centre)
{
  double corners[8], cx = 0, cy = 0;

  pd_symbol_get_corners (symbol, corners);
  for (int i = 0; i < 4; i++)
    {
      cx += corners[2 * i] / 4;
      cy += corners[2 * i + 1] / 4;
    }
  g_assert_cmpfloat (fabs (cx - centre[0]), <, 24);
  g_assert_cmpfloat (fabs (cy - centre[1]), <, 24);
}

/* Reads one symbol placed at random (with the given module size and rotation range) in each of
 * count frames, and checks that all but max_misses were read exactly, as the only symbol, where
 * they were put. */
static void
read_each (PdTestSymbology symbology,
           guint           count,
           guint           max_misses,
           guint32         seed,
           double          min_module,
           double          max_module,
           double          max_angle)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  guint misses = 0;

  for (guint i = 0; i < count; i++)
    {
      g_autoptr(PdTestFrame) frame = pd_test_frame_new (rand, WIDTH, HEIGHT);
      g_autoptr(GPtrArray) found = NULL;
      PdTestCode code = { 0 };
      double centre[2];
      gsize len;

      switch (symbology)
        {
        case PD_TEST_SYMBOL_CODE128:
          pd_test_code_random_gtd (rand, &code);
          break;
        case PD_TEST_SYMBOL_EAN13:
          code.raw = g_strdup_printf ("46%010d", g_rand_int_range (rand, 0, G_MAXINT));
          break;
        case PD_TEST_SYMBOL_DATAMATRIX:
        case PD_TEST_SYMBOL_QR:
        default:
          pd_test_code_random_cis (rand, &code);
          break;
        }
      pd_test_frame_add_symbol (frame, rand, symbology, &code,
                                g_rand_double_range (rand, min_module, max_module),
                                g_rand_double_range (rand, -max_angle, max_angle), centre);
      pd_test_frame_finish (frame, rand, i % 2 == 0, g_rand_double_range (rand, 2, 6));

      found = decode (frame);
      g_assert_cmpuint (found->len, <=, 1);
      if (found->len == 0)
        {
          misses++;
          pd_test_code_clear (&code);
          continue;
        }
      if (symbology == PD_TEST_SYMBOL_EAN13)
        g_assert_true (g_str_has_prefix (pd_symbol_get_text (found->pdata[0], NULL), code.raw));
      else
        g_assert_cmpstr (pd_symbol_get_text (found->pdata[0], &len), ==, code.raw);
      assert_outline_around (found->pdata[0], centre);
      pd_test_code_clear (&code);
    }
  g_assert_cmpuint (misses, <=, max_misses);
}

static void
test_datamatrix_anywhere (void)
{
  read_each (PD_TEST_SYMBOL_DATAMATRIX, 40, 0, 11, 4.0, 8.0, 180.0);
}

static void
test_qr (void)
{
  /* zbar reads about 95 % of single noisy QR frames; a camera sends the next one. */
  read_each (PD_TEST_SYMBOL_QR, 10, 1, 12, 4.0, 6.0, 30.0);
}

static void
test_code128 (void)
{
  read_each (PD_TEST_SYMBOL_CODE128, 8, 0, 13, 2.5, 3.0, 10.0);
}

static void
test_ean13 (void)
{
  read_each (PD_TEST_SYMBOL_EAN13, 4, 0, 14, 3.0, 4.0, 10.0);
}

static void
test_gs_kept (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (15);
  g_autoptr(PdTestFrame) frame = pd_test_frame_new (rand, WIDTH, HEIGHT);
  g_autoptr(GPtrArray) found = NULL;
  PdTestCode code = {
    .raw = (char *) "0104601234567893" "21" "aB3%kL9-x_Q7p" "\x1d" "93" "dGh5",
    .bracketed = (char *) "[01]04601234567893[21]aB3%kL9-x_Q7p[93]dGh5",
  };
  gsize len;

  pd_test_frame_add_symbol (frame, rand, PD_TEST_SYMBOL_DATAMATRIX, &code, 5, 37, NULL);
  pd_test_frame_finish (frame, rand, TRUE, 4);
  found = decode (frame);

  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpint (pd_symbol_get_format (found->pdata[0]), ==, PD_SYMBOL_FORMAT_DATAMATRIX);
  g_assert_cmpstr (pd_symbol_get_text (found->pdata[0], &len), ==, code.raw);
  g_assert_cmpuint (len, ==, strlen (code.raw));
}

static void
test_two_codes (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (16);
  g_autoptr(PdTestFrame) frame = pd_test_frame_new (rand, WIDTH, HEIGHT);
  g_autoptr(GPtrArray) found = NULL;
  PdTestCode a = { 0 }, b = { 0 };
  double centre_a[2], centre_b[2];

  pd_test_code_random_cis (rand, &a);
  pd_test_code_random_cis (rand, &b);
  /* Placed until they do not overlap. */
  do
    {
      g_clear_pointer (&frame, pd_test_frame_free);
      frame = pd_test_frame_new (rand, WIDTH, HEIGHT);
      pd_test_frame_add_symbol (frame, rand, PD_TEST_SYMBOL_DATAMATRIX, &a, 5, 10, centre_a);
      pd_test_frame_add_symbol (frame, rand, PD_TEST_SYMBOL_DATAMATRIX, &b, 5, -20, centre_b);
    }
  while (fabs (centre_a[0] - centre_b[0]) < 300 && fabs (centre_a[1] - centre_b[1]) < 300);
  pd_test_frame_finish (frame, rand, FALSE, 3);

  found = decode (frame);
  g_assert_cmpuint (found->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      const char *text = pd_symbol_get_text (found->pdata[i], NULL);

      g_assert_true (g_str_equal (text, a.raw) || g_str_equal (text, b.raw));
      assert_outline_around (found->pdata[i], g_str_equal (text, a.raw) ? centre_a : centre_b);
    }
  pd_test_code_clear (&a);
  pd_test_code_clear (&b);
}

static void
test_nothing_in_empty_frames (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (17);

  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(PdTestFrame) frame = pd_test_frame_new (rand, WIDTH, HEIGHT);
      g_autoptr(GPtrArray) found = NULL;

      pd_test_frame_finish (frame, rand, i % 2 == 0, 2 + i % 7);
      found = decode (frame);
      g_assert_cmpuint (found->len, ==, 0);
    }
}

static void
test_tiny_and_odd_frames (void)
{
  g_autoptr(PdFrameDecoder) decoder = pd_frame_decoder_new ();
  guint8 pixels[64 * 40];
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GPtrArray) flat = NULL;

  memset (pixels, 200, sizeof pixels);
  none = pd_frame_decoder_decode (decoder, pixels, 1, 1, 1);
  g_assert_cmpuint (none->len, ==, 0);
  /* A stride wider than the row, as GStreamer pads rows. */
  flat = pd_frame_decoder_decode (decoder, pixels, 60, 40, 64);
  g_assert_cmpuint (flat->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/frame-decoder/datamatrix-anywhere", test_datamatrix_anywhere);
  g_test_add_func ("/frame-decoder/gs-kept", test_gs_kept);
  g_test_add_func ("/frame-decoder/qr", test_qr);
  g_test_add_func ("/frame-decoder/code128", test_code128);
  g_test_add_func ("/frame-decoder/ean13", test_ean13);
  g_test_add_func ("/frame-decoder/two-codes", test_two_codes);
  g_test_add_func ("/frame-decoder/empty", test_nothing_in_empty_frames);
  g_test_add_func ("/frame-decoder/tiny-and-odd", test_tiny_and_odd_frames);

  return g_test_run ();
}
