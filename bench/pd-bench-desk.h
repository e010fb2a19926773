/* pd-bench-desk.h — what the desk benchmarks share: a journal in the build tree, a desk with an
 * order that takes every scan and never goes to the network, and latency figures.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pd-desk.h"

G_BEGIN_DECLS

char           *pd_bench_journal_path    (const char      *name);
PdPackingOrder *pd_bench_open_order      (PdDesk          *desk,
                                          guint            units);
void            pd_bench_print_latency   (const char      *what,
                                          double          *ms,
                                          guint            n);

G_END_DECLS
