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

/* Returns: (transfer container) (element-type PdJournalEntry): what the journal has of ORDER_ID */
GPtrArray *
pd_test_load_order (PdJournal *journal,
                    gint64     order_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *entries;

  pd_journal_load_order_async (journal, order_id, NULL, pd_test_keep_result, &result);
  entries = pd_journal_load_order_finish (journal, pd_test_wait_for (&result), &error);
  g_assert_no_error (error);
  return entries;
}
