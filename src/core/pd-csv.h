/* pd-csv.h — CSV as Packdesk writes it for spreadsheets.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void pd_csv_append_field (GString    *line,
                          const char *value,
                          gboolean    last);

G_END_DECLS
