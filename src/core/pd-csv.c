/* pd-csv.c — CSV as Packdesk writes it for spreadsheets: fields quoted when they hold a comma,
 * a quote or a line break; the invisible GS written as <GS>, which a spreadsheet would lose and
 * check-code reads back. A field that a spreadsheet would take for a formula (an offer name
 * "=HYPERLINK(…)" from the Market) starts with an apostrophe, as OWASP advises against CSV
 * injection: the cell then shows text, never runs it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pd-csv.h"

#include <string.h>

/* Appends VALUE (NULL: empty) and a comma, or the line's end when LAST. */
void
pd_csv_append_field (GString    *line,
                     const char *value,
                     gboolean    last)
{
  g_autoptr(GString) field = g_string_new (value != NULL ? value : "");
  gboolean formula = field->len > 0 && strchr ("=+-@\t\r", field->str[0]) != NULL;

  g_string_replace (field, "\x1d", "<GS>", 0);
  if (formula)
    g_string_prepend_c (field, '\'');
  if (formula || strpbrk (field->str, ",\"\n\r") != NULL)
    {
      g_string_replace (field, "\"", "\"\"", 0);
      g_string_prepend_c (field, '"');
      g_string_append_c (field, '"');
    }
  g_string_append_len (line, field->str, field->len);
  g_string_append_c (line, last ? '\n' : ',');
}
