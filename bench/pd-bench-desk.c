/* pd-bench-desk.c — what the desk benchmarks share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include "pd-bench-desk.h"
#include "pd-test-async.h"

/**
 * pd_bench_journal_path:
 * @name: the benchmark's name
 *
 * A fresh journal on this machine's disk (in the build tree, not a RAM-backed /tmp); its folder
 * is emptied first, and is the caller's to remove with pd_test_remove_tree().
 *
 * Returns: (transfer full): the journal's path
 */
char *
pd_bench_journal_path (const char *name)
{
  const char *base = g_getenv ("PD_BENCH_DIR") != NULL ? g_getenv ("PD_BENCH_DIR") : ".";
  g_autofree char *folder = g_strconcat (name, ".d", NULL);
  g_autofree char *dir = g_build_filename (base, folder, NULL);

  pd_test_remove_tree (dir);
  return g_build_filename (dir, "journal.sqlite3", NULL);
}

/* An order of one item with UNITS units that need a CIS: with one unit more than scans it is
 * never complete, so nothing is sent to the (absent) Market.
 * Returns: (transfer full) */
PdPackingOrder *
pd_bench_open_order (PdDesk *desk,
                     guint   units)
{
  g_autoptr(PdOrder) order = pd_order_new (1, 1001, "PROCESSING", "STARTED", "FBS");
  g_autoptr(GAsyncResult) opened = NULL;
  g_autoptr(GError) error = NULL;
  const char *cis[] = { "CIS", NULL };
  PdPackingOrder *packing;

  pd_order_add_item (order, pd_order_item_new (1, "BENCH", "Bench", units, cis));
  pd_desk_open_order_async (desk, order, NULL, pd_test_keep_result, &opened);
  if ((packing = pd_desk_open_order_finish (desk, pd_test_wait_for (&opened), &error)) == NULL)
    g_error ("%s", error->message);
  return packing;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Prints the median, p99 and worst of N times in milliseconds (MS is sorted in place). */
void
pd_bench_print_latency (const char *what,
                        double     *ms,
                        guint       n)
{
  if (n == 0)
    return;
  qsort (ms, n, sizeof ms[0], compare_doubles);
  g_print ("%s, %u times: median %.2f ms, p99 %.2f ms, worst %.2f ms\n", what, n, ms[n / 2],
           ms[n * 99 / 100], ms[n - 1]);
}
