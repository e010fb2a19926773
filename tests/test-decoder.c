/* test-decoder.c — PdDecoder decodes in a separate process off the main loop, refuses a frame
 * while busy instead of queueing it, and survives its decoder process crashing, hanging or
 * answering nonsense: the error says so and the next frame is decoded by a new process.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pd-decoder.h"
#include "pd-test-async.h"
#include "pd-test-frames.h"

typedef struct
{
  GBytes     *pixels;
  PdTestCode  code;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (21);
  g_autoptr(PdTestFrame) frame = pd_test_frame_new (rand, 1280, 720);

  pd_test_code_random_cis (rand, &fixture->code);
  pd_test_frame_add_symbol (frame, rand, PD_TEST_SYMBOL_DATAMATRIX, &fixture->code, 5, 30, NULL);
  pd_test_frame_finish (frame, rand, TRUE, 4);
  fixture->pixels = g_bytes_new (frame->pixels, 1280 * 720);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_bytes_unref (fixture->pixels);
  pd_test_code_clear (&fixture->code);
}

static GPtrArray *
decode (PdDecoder *decoder,
        GBytes    *pixels,
        GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  double ms;

  pd_decoder_decode_async (decoder, pixels, 1280, 720, 1280, NULL, pd_test_keep_result, &result);
  return pd_decoder_decode_finish (decoder, pd_test_wait_for (&result), &ms, error);
}

static void
test_decodes (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(PdDecoder) decoder = pd_decoder_new ();

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) symbols = decode (decoder, fixture->pixels, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (symbols->len, ==, 1);
      g_assert_cmpstr (pd_symbol_get_text (symbols->pdata[0], NULL), ==, fixture->code.raw);
    }
}

static void
test_busy_drops (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(PdDecoder) decoder = pd_decoder_new ();
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(GPtrArray) symbols = NULL;
  g_autoptr(GPtrArray) dropped = NULL;
  g_autoptr(GError) error = NULL;

  pd_decoder_decode_async (decoder, fixture->pixels, 1280, 720, 1280, NULL,
                           pd_test_keep_result, &first);
  g_assert_true (pd_decoder_get_busy (decoder));
  pd_decoder_decode_async (decoder, fixture->pixels, 1280, 720, 1280, NULL,
                           pd_test_keep_result, &second);

  dropped = pd_decoder_decode_finish (decoder, pd_test_wait_for (&second), NULL, &error);
  g_assert_error (error, PD_DECODER_ERROR, PD_DECODER_ERROR_BUSY);
  g_assert_null (dropped);
  symbols = pd_decoder_decode_finish (decoder, pd_test_wait_for (&first), NULL, NULL);
  g_assert_cmpuint (symbols->len, ==, 1);
  g_assert_false (pd_decoder_get_busy (decoder));
}

static void
test_survives (Fixture       *fixture,
               gconstpointer  data)
{
  const char *mode = data;
  g_autoptr(PdDecoder) decoder = g_object_new (PD_TYPE_DECODER,
                                               "helper-path", g_getenv ("PD_FAKE_DECODER_PATH"),
                                               NULL);

  g_setenv ("PD_FAKE_DECODER", mode, TRUE);
  /* Each frame meets a new process, which fails the same way; this process lives on. */
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) symbols = decode (decoder, fixture->pixels, &error);

      g_assert_null (symbols);
      if (g_str_equal (mode, "garbage"))
        g_assert_error (error, PD_DECODER_ERROR, PD_DECODER_ERROR_FAILED);
      else
        g_assert_error (error, PD_DECODER_ERROR, PD_DECODER_ERROR_CRASHED);
      g_assert_false (pd_decoder_get_busy (decoder));
    }
  g_unsetenv ("PD_FAKE_DECODER");
}

static void
test_missing_helper (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(PdDecoder) decoder = g_object_new (PD_TYPE_DECODER,
                                               "helper-path", "/nonexistent/packdesk-decoder",
                                               NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) symbols = decode (decoder, fixture->pixels, &error);

  g_assert_null (symbols);
  g_assert_error (error, PD_DECODER_ERROR, PD_DECODER_ERROR_FAILED);
}

static void
test_bad_frame (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(PdDecoder) decoder = pd_decoder_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) symbols = NULL;
  g_autoptr(GError) error = NULL;

  /* The bytes are shorter than the frame they claim to be. */
  pd_decoder_decode_async (decoder, fixture->pixels, 1280, 721, 1280, NULL,
                           pd_test_keep_result, &result);
  symbols = pd_decoder_decode_finish (decoder, pd_test_wait_for (&result), NULL, &error);
  g_assert_error (error, PD_DECODER_ERROR, PD_DECODER_ERROR_FAILED);
  g_assert_false (pd_decoder_get_busy (decoder));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/decoder/decodes", Fixture, NULL, fixture_set_up, test_decodes, fixture_tear_down);
  g_test_add ("/decoder/busy-drops", Fixture, NULL, fixture_set_up, test_busy_drops,
              fixture_tear_down);
  g_test_add ("/decoder/survives-crash", Fixture, "abort", fixture_set_up, test_survives,
              fixture_tear_down);
  g_test_add ("/decoder/survives-garbage", Fixture, "garbage", fixture_set_up, test_survives,
              fixture_tear_down);
  g_test_add ("/decoder/survives-stuck", Fixture, "stuck", fixture_set_up, test_survives,
              fixture_tear_down);
  g_test_add ("/decoder/missing-helper", Fixture, NULL, fixture_set_up, test_missing_helper,
              fixture_tear_down);
  g_test_add ("/decoder/bad-frame", Fixture, NULL, fixture_set_up, test_bad_frame,
              fixture_tear_down);

  return g_test_run ();
}
