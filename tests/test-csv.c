/* test-csv.c — fields as a spreadsheet will read them: quoted where needed, GS visible, and
 * nothing a spreadsheet would run as a formula (OWASP's CSV injection); and lines read back
 * with either separator. */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "pd-csv.h"

static char *
csv_line_with (const char * const *fields,
               char                separator)
{
  GString *line = g_string_new (NULL);

  for (guint i = 0; fields[i] != NULL; i++)
    pd_csv_append_field (line, fields[i], separator, fields[i + 1] == NULL);
  return g_string_free (line, FALSE);
}

static char *
csv_line (const char * const *fields)
{
  return csv_line_with (fields, ',');
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

/* What is written is read back the same, with commas or semicolons. */
static void
test_round_trip (void)
{
  const char *fields[] = { "52000001", "Молоко; 3,2 %", "say \"hi\"", "", "0104601234567893215Abc", NULL };
  const char separators[] = { ',', ';' };

  for (guint i = 0; i < G_N_ELEMENTS (separators); i++)
    {
      g_autofree char *line = csv_line_with (fields, separators[i]);
      g_auto(GStrv) read = NULL;

      line[strlen (line) - 1] = '\0';
      g_assert_cmpint (pd_csv_guess_separator (line), ==, separators[i] == ';' ? ';' : ',');
      read = pd_csv_split (line, separators[i]);
      g_assert_cmpstrv (read, fields);
    }
  g_assert_cmpint (pd_csv_guess_separator ("a\tb"), ==, '\t');
  g_assert_cmpint (pd_csv_guess_separator ("\"a;b\",c"), ==, ',');
}

/* Where decimals are written with a comma, spreadsheets split on semicolons. */
static void
test_separator_follows_locale (void)
{
  g_autofree char *saved = g_strdup (setlocale (LC_NUMERIC, NULL));

  g_assert_cmpint (pd_csv_separator (), ==, ',');
  if (setlocale (LC_NUMERIC, "ru_RU.UTF-8") == NULL)
    g_error ("the ru_RU.UTF-8 locale is missing (Debian's locales-all has it)");
  g_assert_cmpint (pd_csv_separator (), ==, ';');
  setlocale (LC_NUMERIC, saved);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv/quoting", test_quoting);
  g_test_add_func ("/csv/formulas-neutralised", test_formulas_neutralised);
  g_test_add_func ("/csv/round-trip", test_round_trip);
  g_test_add_func ("/csv/separator-follows-locale", test_separator_follows_locale);

  return g_test_run ();
}
