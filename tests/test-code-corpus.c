/* test-code-corpus.c — every row of the public corpus (tests/data/code-corpus.tsv) gets exactly
 * its expected verdict: kind, validity, normalized code, error, repairs and warnings.
 *
 * Corpus format: TSV with the header
 *   id asked gs_substitute input kind valid normalized error repairs warnings note
 * where \x1d is GS, \t \r \n are themselves, \\ is a backslash; repairs and warnings are
 * comma-separated names compared as sets. */
#include "config.h"

#include <string.h>

#include "pd-code.h"

static char *
unescape (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p != '\\' || p[1] == '\0')
        g_string_append_c (out, *p);
      else if (g_str_has_prefix (p, "\\x1d"))
        {
          g_string_append_c (out, '\x1d');
          p += 3;
        }
      else if (p[1] == 't' || p[1] == 'r' || p[1] == 'n' || p[1] == '\\')
        {
          g_string_append_c (out, p[1] == 't' ? '\t' : p[1] == 'r' ? '\r' : p[1] == 'n' ? '\n' : '\\');
          p++;
        }
      else
        g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

/* Compares a comma-separated list with names as a set. */
static void
assert_same_names (const char *id,
                   const char *what,
                   const char *expected,
                   GStrv       got)
{
  g_auto(GStrv) want = g_strsplit (expected, ",", -1);
  guint n_want = *expected == '\0' ? 0 : g_strv_length (want);

  if (n_want != g_strv_length (got))
    g_error ("%s: %s: expected “%s”, got %u names", id, what, expected, g_strv_length (got));
  for (guint i = 0; i < n_want; i++)
    if (!g_strv_contains ((const char * const *) got, want[i]))
      g_error ("%s: %s: “%s” missing", id, what, want[i]);
}

static void
check_row (GStrv columns)
{
  const char *id = columns[0];
  g_autofree char *substitute = unescape (columns[2]);
  g_autofree char *input = unescape (columns[3]);
  g_autofree char *normalized = unescape (columns[6]);
  g_autoptr(PdCode) code = NULL;
  g_auto(GStrv) repairs = NULL;
  g_auto(GStrv) warnings = NULL;
  PdCodeKind asked = PD_CODE_KIND_NONE;

  if (!g_str_equal (columns[1], "auto"))
    g_assert_true (pd_code_kind_from_string (columns[1], &asked));

  code = pd_code_check (input, asked, *substitute != '\0' ? g_utf8_get_char (substitute) : 0);
  repairs = pd_code_repairs_to_strv (pd_code_get_repairs (code));
  warnings = pd_code_warnings_to_strv (pd_code_get_warnings (code));

  if (!g_str_equal (pd_code_kind_to_string (pd_code_get_kind (code)), columns[4])
      || pd_code_is_valid (code) != g_str_equal (columns[5], "1")
      || !g_str_equal (pd_code_get_normalized (code), normalized)
      || !g_str_equal (pd_code_error_to_string (pd_code_get_error (code)), columns[7]))
    g_error ("%s (%s): got kind=%s valid=%d error=%s normalized=%s", id, columns[10],
             pd_code_kind_to_string (pd_code_get_kind (code)), pd_code_is_valid (code),
             pd_code_error_to_string (pd_code_get_error (code)), pd_code_get_normalized (code));

  assert_same_names (id, "repairs", columns[8], repairs);
  assert_same_names (id, "warnings", columns[9], warnings);
}

static void
test_corpus (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("PD_TEST_DATA_DIR"), "code-corpus.tsv", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  guint rows = 0;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);
  g_assert_true (g_str_has_prefix (lines[0], "id\tasked\tgs_substitute\tinput\tkind\tvalid"));

  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) columns = NULL;

      if (*lines[i] == '\0')
        continue;
      columns = g_strsplit (lines[i], "\t", -1);
      g_assert_cmpuint (g_strv_length (columns), ==, 11);
      check_row (columns);
      rows++;
    }

  g_test_message ("%u corpus rows checked", rows);
  g_assert_cmpuint (rows, >=, 150);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/code/corpus", test_corpus);
  return g_test_run ();
}
