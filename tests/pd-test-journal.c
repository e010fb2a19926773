/* pd-test-journal.c — the journal opened and waited for.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pd-test-journal.h"

/* Returns: (transfer full) (nullable) */
PdJournal *
pd_test_open_journal (const char  *path,
                      GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_journal_open_async (path, NULL, pd_test_keep_result, &result);
  return pd_journal_open_finish (pd_test_wait_for (&result), error);
}
