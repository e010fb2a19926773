/* pd-test-async.h — async calls run to completion on the default main context, for tests and
 * benchmarks that go step by step.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Whether the process's peak memory says anything about the code: AddressSanitizer keeps freed
 * memory in quarantine (256 MB) and pads every block, so under it only behaviour is checked. */
#if defined(__SANITIZE_ADDRESS__)
#define PD_TEST_MEMORY_IS_MEASURED FALSE
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PD_TEST_MEMORY_IS_MEASURED FALSE
#endif
#endif
#ifndef PD_TEST_MEMORY_IS_MEASURED
#define PD_TEST_MEMORY_IS_MEASURED TRUE
#endif

void          pd_test_keep_result (GObject       *source,
                                   GAsyncResult  *result,
                                   gpointer       slot);
GAsyncResult *pd_test_wait_for    (GAsyncResult **slot);
void          pd_test_wait_ms     (guint          ms);
gboolean      pd_test_wait_until  (gboolean     (*condition) (gpointer data),
                                   gpointer       data);
void          pd_test_remove_tree (const char    *dir);
void          pd_test_count       (gpointer       counter);

G_END_DECLS
