/* test-cli-decode.c — `packdesk-cli decode FILE…` reads the codes in PNG and JPEG label photos
 * with the camera's decoder and prints one JSON object per code (file, format, text with GS,
 * decode time, the engine's verdict); exits 1 when an image has no code or cannot be read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "pd-test-async.h"
#include "pd-test-frames.h"

typedef struct
{
  char  *dir;
  char  *png, *jpeg, *empty, *not_image;
  char  *cis, *gtd;
} Fixture;

static char *
save_frame (Fixture         *fixture,
            GRand           *rand,
            const char      *name,
            PdTestSymbology  symbology,
            PdTestCode      *code)
{
  g_autoptr(PdTestFrame) frame = pd_test_frame_new (rand, 1280, 720);
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fixture->dir, name, NULL);

  if (code != NULL)
    pd_test_frame_add_symbol (frame, rand, symbology, code,
                              symbology == PD_TEST_SYMBOL_CODE128 ? 2.5 : 5, 12, NULL);
  pd_test_frame_finish (frame, rand, FALSE, 3);
  pd_test_frame_save_png (frame, path, &error);
  g_assert_no_error (error);
  return path;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (31);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autofree char *gtd_png = NULL;
  PdTestCode cis = { 0 }, gtd = { 0 };

  fixture->dir = g_dir_make_tmp ("packdesk-decode-XXXXXX", &error);
  g_assert_no_error (error);
  pd_test_code_random_cis (rand, &cis);
  pd_test_code_random_gtd (rand, &gtd);
  fixture->png = save_frame (fixture, rand, "label.png", PD_TEST_SYMBOL_DATAMATRIX, &cis);
  gtd_png = save_frame (fixture, rand, "gtd.png", PD_TEST_SYMBOL_CODE128, &gtd);
  fixture->empty = save_frame (fixture, rand, "empty.png", PD_TEST_SYMBOL_DATAMATRIX, NULL);

  /* A photo as a phone sends it. */
  pixbuf = gdk_pixbuf_new_from_file (gtd_png, &error);
  g_assert_no_error (error);
  fixture->jpeg = g_build_filename (fixture->dir, "gtd.jpg", NULL);
  gdk_pixbuf_save (pixbuf, fixture->jpeg, "jpeg", &error, "quality", "90", NULL);
  g_assert_no_error (error);

  fixture->not_image = g_build_filename (fixture->dir, "notes.png", NULL);
  g_file_set_contents (fixture->not_image, "not an image", -1, &error);
  g_assert_no_error (error);

  fixture->cis = g_steal_pointer (&cis.raw);
  fixture->gtd = g_steal_pointer (&gtd.raw);
  pd_test_code_clear (&cis);
  pd_test_code_clear (&gtd);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  pd_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->png);
  g_free (fixture->jpeg);
  g_free (fixture->empty);
  g_free (fixture->not_image);
  g_free (fixture->cis);
  g_free (fixture->gtd);
}

static int
run_decode (const char * const *files,
            GPtrArray          *objects,
            char              **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;

  g_ptr_array_add (argv, (gpointer) g_getenv ("PD_CLI"));
  g_ptr_array_add (argv, (gpointer) "decode");
  for (guint i = 0; files[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) files[i]);
  g_ptr_array_add (argv, NULL);

  /* Nothing points it at the decoder helper: run from the build tree, it finds the one there. */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_unsetenv (launcher, "PD_DECODER_HELPER");
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, err, &error);
  g_assert_no_error (error);

  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      json_parser_load_from_data (parser, lines[i], -1, &error);
      g_assert_no_error (error);
      g_ptr_array_add (objects, json_object_ref (json_node_get_object (json_parser_get_root (parser))));
    }
  return g_subprocess_get_exit_status (process);
}

static void
test_reads_label_photos (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) objects = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autofree char *err = NULL;
  JsonObject *cis, *gtd, *verdict;
  int status = run_decode ((const char *[]) { fixture->png, fixture->jpeg, NULL }, objects, &err);

  g_assert_cmpint (status, ==, 0);
  g_assert_cmpuint (objects->len, ==, 2);
  cis = objects->pdata[0];
  gtd = objects->pdata[1];

  g_assert_cmpstr (json_object_get_string_member (cis, "file"), ==, fixture->png);
  g_assert_cmpstr (json_object_get_string_member (cis, "format"), ==, "datamatrix");
  /* The GS between elements arrives as U+001D. */
  g_assert_cmpstr (json_object_get_string_member (cis, "text"), ==, fixture->cis);
  g_assert_nonnull (strchr (json_object_get_string_member (cis, "text"), '\x1d'));
  g_assert_cmpfloat (json_object_get_double_member (cis, "decodeMs"), >, 0);
  verdict = json_object_get_object_member (cis, "verdict");
  g_assert_true (json_object_get_boolean_member (verdict, "valid"));
  g_assert_cmpstr (json_object_get_string_member (verdict, "kind"), ==, "cis");

  g_assert_cmpstr (json_object_get_string_member (gtd, "file"), ==, fixture->jpeg);
  g_assert_cmpstr (json_object_get_string_member (gtd, "format"), ==, "code128");
  g_assert_cmpstr (json_object_get_string_member (gtd, "text"), ==, fixture->gtd);
  verdict = json_object_get_object_member (gtd, "verdict");
  g_assert_cmpstr (json_object_get_string_member (verdict, "kind"), ==, "gtd");
}

static void
test_nothing_found (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) objects = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autofree char *err = NULL;
  g_autofree char *cut = g_build_filename (fixture->dir, "cut.jpg", NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;
  int status;

  /* A photo that did not finish copying. */
  g_assert_true (g_file_get_contents (fixture->jpeg, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (cut, contents, length / 2, NULL));

  status = run_decode ((const char *[]) { fixture->empty, fixture->not_image, cut, fixture->png,
                                          NULL }, objects, &err);

  /* The good image is still read; the other three are named on standard error, with why. */
  g_assert_cmpint (status, ==, 1);
  g_assert_cmpuint (objects->len, ==, 1);
  g_assert_nonnull (strstr (err, "empty.png: no barcode found"));
  g_assert_nonnull (strstr (err, "notes.png: This is not a PNG or JPEG image."));
  g_assert_nonnull (strstr (err, "cut.jpg: The image ends early"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cli/decode/label-photos", Fixture, NULL, fixture_set_up, test_reads_label_photos,
              fixture_tear_down);
  g_test_add ("/cli/decode/nothing-found", Fixture, NULL, fixture_set_up, test_nothing_found,
              fixture_tear_down);

  return g_test_run ();
}
