/* test-csv.c — fields as a spreadsheet will read them: quoted where needed, GS visible, and
 * nothing a spreadsheet would run as a formula (OWASP's CSV injection). */
#include "config.h"

#include "pd-csv.h"

static char *
csv_line (const char * const *fields)
{
  GString *line = g_string_new (NULL);

  for (guint i = 0; fields[i] != NULL; i++)
    pd_csv_append_field (line, fields[i], fields[i + 1] == NULL);
  return g_string_free (line, FALSE);
}

static void
test_quoting (void)
{
  const char *fields[] = { "52000001", "Кроссовки, 42", "say \"hi\"", "two\nlines",
                           "0104601234567893215Abc\x1d" "93dGh5", "", NULL };
  g_autofree char *line = csv_line (fields);

  g_assert_cmpstr (line, ==, "52000001,\"Кроссовки, 42\",\"say \"\"hi\"\"\",\"two\nlines\","
                             "0104601234567893215Abc<GS>93dGh5,\n");
}

static void
test_formulas_neutralised (void)
{
  const char *fields[] = { "=HYPERLINK(\"http://evil\",\"click\")", "+7 999", "-20% sale",
                           "@SUM(A1:A9)", "\tcmd", "\r=1", "a=b", NULL };
  g_autofree char *line = csv_line (fields);

  g_assert_cmpstr (line, ==, "\"'=HYPERLINK(\"\"http://evil\"\",\"\"click\"\")\",\"'+7 999\","
                             "\"'-20% sale\",\"'@SUM(A1:A9)\",\"'\tcmd\",\"'\r=1\",a=b\n");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv/quoting", test_quoting);
  g_test_add_func ("/csv/formulas-neutralised", test_formulas_neutralised);

  return g_test_run ();
}
