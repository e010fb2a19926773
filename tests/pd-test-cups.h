/* pd-test-cups.h — a private CUPS daemon with one queue that keeps what it is sent.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  char        *root;    /* configuration, spool and logs */
  char        *socket;  /* what CUPS_SERVER names */
  char        *jobs;    /* where the queue's jobs land */
  char        *queue;
  GSubprocess *process;
} PdTestCups;

PdTestCups *pd_test_cups_start        (const char *queue);
char       *pd_test_cups_wait_for_job (PdTestCups *cups,
                                       guint       timeout_ms);
void        pd_test_cups_stop         (PdTestCups *cups);

G_END_DECLS
