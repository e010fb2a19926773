/* pd-test-async.h — async calls run to completion on the default main context, for tests and
 * benchmarks that go step by step.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void          pd_test_keep_result (GObject       *source,
                                   GAsyncResult  *result,
                                   gpointer       slot);
GAsyncResult *pd_test_wait_for    (GAsyncResult **slot);
void          pd_test_wait_ms     (guint          ms);
gboolean      pd_test_wait_until  (gboolean     (*condition) (gpointer data),
                                   gpointer       data);
void          pd_test_remove_tree (const char    *dir);

G_END_DECLS
