/* pd-csv.c — CSV as Packdesk writes it for spreadsheets and reads it back: fields quoted when
 * they hold the separator, a quote or a line break; the invisible GS written as <GS>, which a
 * spreadsheet would lose and the code engine reads back. A field that a spreadsheet would take
 * for a formula (an offer name "=HYPERLINK(…)" from the Market) starts with an apostrophe, as
 * OWASP advises against CSV injection: the cell then shows text, never runs it. Where the
 * locale writes decimals with a comma (Russian), spreadsheets split on semicolons, so the
 * separator follows the locale.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pd-csv.h"

#include <locale.h>
#include <string.h>

/* Returns: ';' where the locale's decimal separator is a comma, else ',' */
char
pd_csv_separator (void)
{
  const struct lconv *numbers = localeconv ();

  return numbers->decimal_point != NULL && g_str_equal (numbers->decimal_point, ",") ? ';' : ',';
}

/* Appends VALUE (NULL: empty) and SEPARATOR, or the line's end when LAST. */
void
pd_csv_append_field (GString    *line,
                     const char *value,
                     char        separator,
                     gboolean    last)
{
  g_autoptr(GString) field = g_string_new (value != NULL ? value : "");
  gboolean formula = field->len > 0 && strchr ("=+-@\t\r", field->str[0]) != NULL;
  const char specials[] = { separator, '"', '\n', '\r', '\0' };

  g_string_replace (field, "\x1d", "<GS>", 0);
  if (formula)
    g_string_prepend_c (field, '\'');
  if (formula || strpbrk (field->str, specials) != NULL)
    {
      g_string_replace (field, "\"", "\"\"", 0);
      g_string_prepend_c (field, '"');
      g_string_append_c (field, '"');
    }
  g_string_append_len (line, field->str, field->len);
  g_string_append_c (line, last ? '\n' : separator);
}

/* Appends the header line: NAMES, comma-separated, with SEPARATOR between them. */
void
pd_csv_append_header (GString    *line,
                      const char *names,
                      char        separator)
{
  g_auto(GStrv) fields = g_strsplit (names, ",", -1);

  for (guint i = 0; fields[i] != NULL; i++)
    pd_csv_append_field (line, fields[i], separator, fields[i + 1] == NULL);
}

/* The separator of a file whose first line is LINE: a semicolon or a tab when it has one outside
 * quotes, else a comma. */
char
pd_csv_guess_separator (const char *line)
{
  gboolean quoted = FALSE;
  gboolean tab = FALSE;

  for (const char *p = line; *p != '\0'; p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (!quoted && *p == ';')
        return ';';
      else if (!quoted && *p == '\t')
        tab = TRUE;
    }
  return tab ? '\t' : ',';
}

/* Returns: (transfer full): the fields of LINE, quotes taken off */
GStrv
pd_csv_split (const char *line,
              char        separator)
{
  g_autoptr(GStrvBuilder) fields = g_strv_builder_new ();
  g_autoptr(GString) field = g_string_new (NULL);
  gboolean quoted = FALSE;

  for (const char *p = line; ; p++)
    {
      if (quoted && *p == '"' && p[1] == '"')
        g_string_append_c (field, *p++);
      else if (*p == '"' && (quoted || field->len == 0))
        quoted = !quoted;
      else if (*p == '\0' || (!quoted && *p == separator))
        {
          g_strv_builder_add (fields, field->str);
          g_string_truncate (field, 0);
          if (*p == '\0')
            break;
        }
      else
        g_string_append_c (field, *p);
    }
  return g_strv_builder_end (fields);
}
