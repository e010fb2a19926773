/* test-cli-check-code.c — `packdesk-cli check-code` prints one JSON object per input with the
 * engine's vocabulary, keeps a GS read from standard input, and exits 0 / 1 / 2 for all valid /
 * some invalid / usage errors; run from the build tree it speaks the locale's language with
 * the translations built there. */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

typedef struct
{
  char *out;
  int   status;
} Run;

static Run
run_cli (const char * const *args,
         const char         *stdin_text)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  Run run;

  g_ptr_array_add (argv, (gpointer) g_getenv ("PD_CLI"));
  g_ptr_array_add (argv, (gpointer) "check-code");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                               | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, stdin_text, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  run.out = out;
  run.status = g_subprocess_get_exit_status (process);

  return run;
}

static JsonObject *
parse_line (const char *line)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, line, -1, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
test_arguments (void)
{
  Run run = run_cli ((const char *[]) { "4607258546067", "01030410947874432155Qbag!<GS>93Zjqw", NULL }, "");
  g_auto(GStrv) lines = g_strsplit (run.out, "\n", -1);
  g_autoptr(JsonObject) barcode = parse_line (lines[0]);
  g_autoptr(JsonObject) cis = parse_line (lines[1]);
  JsonArray *repairs = json_object_get_array_member (cis, "repairs");

  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (lines[2], ==, "");
  g_assert_false (json_object_get_boolean_member (barcode, "valid"));
  g_assert_cmpstr (json_object_get_string_member (barcode, "error"), ==, "product_barcode");
  g_assert_cmpstr (json_object_get_string_member (barcode, "kind"), ==, "none");
  g_assert_cmpstr (json_object_get_string_member (barcode, "message"), !=, "");

  g_assert_true (json_object_get_boolean_member (cis, "valid"));
  g_assert_cmpstr (json_object_get_string_member (cis, "normalized"), ==, "01030410947874432155Qbag!\x1d" "93Zjqw");
  g_assert_cmpstr (json_object_get_string_member (cis, "short"), ==, "01030410947874432155Qbag!");
  g_assert_cmpstr (json_object_get_string_member (cis, "gtin"), ==, "03041094787443");
  g_assert_cmpstr (json_object_get_string_member (cis, "serial"), ==, "55Qbag!");
  g_assert_cmpuint (json_array_get_length (repairs), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (repairs, 0), ==, "gs_text");
  /* The GS is the JSON escape, never a doubled backslash. */
  g_assert_nonnull (strstr (lines[1], "Qbag!\\u001d93Zjqw"));
  g_free (run.out);
}

static void
test_stdin (void)
{
  Run run = run_cli ((const char *[]) { "--kind=uin", NULL },
                     "0176 2628 8889 2467\r\n01030410947874432155Qbag!\x1d" "93Zjqw\n");
  g_auto(GStrv) lines = g_strsplit (run.out, "\n", -1);
  g_autoptr(JsonObject) uin = parse_line (lines[0]);
  g_autoptr(JsonObject) cis = parse_line (lines[1]);

  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (uin, "normalized"), ==, "0176262888892467");
  g_assert_cmpstr (json_object_get_string_member (cis, "error"), ==, "wrong_kind");
  g_assert_cmpstr (json_object_get_string_member (cis, "kind"), ==, "cis");
  g_free (run.out);
}

static void
test_exit_status (void)
{
  Run valid = run_cli ((const char *[]) { "--gs-substitute=|", "01030410947874432155Qbag!|93Zjqw", NULL }, "");
  Run usage = run_cli ((const char *[]) { "--kind=shoe", "x", NULL }, "");
  Run substitute = run_cli ((const char *[]) { "--gs-substitute=ab", "x", NULL }, "");

  g_assert_cmpint (valid.status, ==, 0);
  g_assert_cmpint (usage.status, ==, 2);
  g_assert_cmpint (substitute.status, ==, 2);
  g_assert_cmpstr (usage.out, ==, "");
  g_free (valid.out);
  g_free (usage.out);
  g_free (substitute.out);
}

/* The CLI as the README runs it, from the build tree under a Russian locale, with nothing
 * pointing it at the translations: it finds the ones built beside it. */
static void
test_speaks_russian (void)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autoptr(JsonObject) verdict = NULL;

  g_subprocess_launcher_setenv (launcher, "LC_ALL", "ru_RU.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("PD_CLI"), "check-code",
                                         "4607258546067", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  verdict = parse_line (out);
  g_assert_cmpstr (json_object_get_string_member (verdict, "error"), ==, "product_barcode");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (verdict, "message"),
                                   "Это штрихкод товара"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/check-code/arguments", test_arguments);
  g_test_add_func ("/cli/check-code/stdin", test_stdin);
  g_test_add_func ("/cli/check-code/exit-status", test_exit_status);
  g_test_add_func ("/cli/check-code/speaks-russian", test_speaks_russian);
  return g_test_run ();
}
