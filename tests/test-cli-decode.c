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

/* A symbol as zint's command line draws it at SCALE (2 px a module a step for matrix codes),
 * with the quiet zones its symbology asks for when QUIET (as printed on a label) or none. */
static char *
zint_png (const char *dir,
          const char *name,
          const char *symbology,
          const char *data,
          gboolean    gs1,
          int         scale,
          gboolean    quiet)
{
  g_autofree char *file = g_strdup_printf ("%s/%s-%d%s.png", dir, name, scale,
                                           quiet ? "-quiet" : "");
  g_autofree char *scale_arg = g_strdup_printf ("--scale=%d", scale);
  g_autofree char *output_arg = g_strdup_printf ("--output=%s", file);
  g_autofree char *data_arg = g_strdup_printf ("--data=%s", data);
  const char *argv[] = { g_getenv ("PD_ZINT"), "--barcode", symbology, scale_arg, output_arg,
                         gs1 ? "--gs1" : "--notext", quiet ? "--quietzones" : "--noquietzones",
                         data_arg, NULL };
  g_autoptr(GError) error = NULL;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL,
                               NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_steal_pointer (&file);
}

/* A label: the symbol with its quiet zones centred on a plain grey frame of 1280 × 720 (or larger
 * when it does not fit, with a margin), as the camera panel sees a label held up to it. */
static char *
on_a_frame (const char *label)
{
  g_autoptr(GdkPixbuf) symbol = gdk_pixbuf_new_from_file (label, NULL);
  int w = gdk_pixbuf_get_width (symbol), h = gdk_pixbuf_get_height (symbol);
  int fw = MAX (1280, w + 320), fh = MAX (720, h + 320);
  g_autoptr(GdkPixbuf) frame = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, fw, fh);
  g_autofree char *stem = g_strndup (label, strlen (label) - strlen (".png"));
  char *file = g_strdup_printf ("%s-framed.png", stem);
  g_autoptr(GError) error = NULL;

  gdk_pixbuf_fill (frame, 0x9a9a9aff);
  gdk_pixbuf_composite (symbol, frame, (fw - w) / 2, (fh - h) / 2, w, h, (fw - w) / 2,
                        (fh - h) / 2, 1, 1, GDK_INTERP_NEAREST, 255);
  gdk_pixbuf_save (frame, file, "png", &error, NULL);
  g_assert_no_error (error);
  return file;
}

/* Every scale zint offers from 2 to 16, bare and on a frame, for the four symbologies a desk
 * meets: bringing a label closer must never make it unreadable. */
static void
test_every_scale (Fixture       *fixture,
                  gconstpointer  data)
{
  static const struct
  {
    const char *name, *symbology, *data, *expected;
    gboolean    gs1;
  } symbols[] = {
    { "datamatrix", "DATAMATRIX", "[01]04601234567893[21]aB3%kL9-x_Q7p[93]dGh5",
      "0104601234567893" "21" "aB3%kL9-x_Q7p" "\x1d" "93" "dGh5", TRUE },
    { "qr", "QRCODE", "https://market.yandex.ru/product/52000468", NULL, FALSE },
    { "ean13", "EANX", "460123456789", "4601234567893", FALSE },
    { "code128", "CODE128", "10702030/220124/0012345", NULL, FALSE },
  };
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) objects = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GHashTable) read = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GString) missed = g_string_new (NULL);
  g_autofree char *err = NULL;

  for (guint s = 0; s < G_N_ELEMENTS (symbols); s++)
    for (int scale = 2; scale <= 16; scale++)
      {
        g_autofree char *label = zint_png (fixture->dir, symbols[s].name, symbols[s].symbology,
                                           symbols[s].data, symbols[s].gs1, scale, TRUE);

        g_ptr_array_add (files, zint_png (fixture->dir, symbols[s].name, symbols[s].symbology,
                                          symbols[s].data, symbols[s].gs1, scale, FALSE));
        g_ptr_array_add (files, on_a_frame (label));
      }
  g_ptr_array_add (files, NULL);
  run_decode ((const char * const *) files->pdata, objects, &err);

  for (guint i = 0; i < objects->len; i++)
    {
      const char *file = json_object_get_string_member (objects->pdata[i], "file");
      const char *text = json_object_get_string_member (objects->pdata[i], "text");

      for (guint s = 0; s < G_N_ELEMENTS (symbols); s++)
        if (strstr (file, symbols[s].name) != NULL)
          g_assert_cmpstr (text, ==, symbols[s].expected ? symbols[s].expected : symbols[s].data);
      g_hash_table_add (read, (gpointer) file);
    }
  for (guint i = 0; i + 1 < files->len; i++)
    if (!g_hash_table_contains (read, files->pdata[i]))
      g_string_append_printf (missed, " %s", (char *) files->pdata[i]);
  g_assert_cmpstr (missed->str, ==, "");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/cli/decode/label-photos", Fixture, NULL, fixture_set_up, test_reads_label_photos,
              fixture_tear_down);
  g_test_add ("/cli/decode/every-scale", Fixture, NULL, fixture_set_up, test_every_scale,
              fixture_tear_down);
  g_test_add ("/cli/decode/nothing-found", Fixture, NULL, fixture_set_up, test_nothing_found,
              fixture_tear_down);

  return g_test_run ();
}
