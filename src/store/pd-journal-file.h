/* pd-journal-file.h — the journal's file as a thing that can be in trouble: taken by another
 * Packdesk, damaged, read-only, from a newer Packdesk, on a full disk.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

gboolean  pd_journal_file_lock       (const char  *path,
                                      int         *lock_fd,
                                      GError     **error);
gboolean  pd_journal_file_check      (sqlite3     *db,
                                      const char  *path,
                                      int          schema_version,
                                      GError     **error);
GError   *pd_journal_file_error      (sqlite3     *db,
                                      const char  *path);
char     *pd_journal_file_set_aside  (const char  *path,
                                      GError     **error);

G_END_DECLS
