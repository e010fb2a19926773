/* pd-test-journal.h — the journal opened and waited for, for tests and benchmarks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pd-journal.h"
#include "pd-test-async.h"

G_BEGIN_DECLS

PdJournal *pd_test_open_journal (const char  *path,
                                 GError     **error);
GPtrArray *pd_test_load_order   (PdJournal   *journal,
                                 gint64       order_id);

G_END_DECLS
