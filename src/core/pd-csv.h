/* pd-csv.h — CSV as spreadsheets write and read it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A spreadsheet takes a file that starts with it for UTF-8, not the system's code page. */
#define PD_CSV_BOM "\xEF\xBB\xBF"

char  pd_csv_separator       (void);
void  pd_csv_append_field    (GString    *line,
                              const char *value,
                              char        separator,
                              gboolean    last);
void  pd_csv_append_header   (GString    *line,
                              const char *names,
                              char        separator);
char  pd_csv_guess_separator (const char *line);
GStrv pd_csv_split           (const char *line,
                              char        separator);

G_END_DECLS
