/* pd-rate-budget.h — how many requests of each method may still go to the Market.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Microseconds since the epoch: g_get_real_time, or a test's own clock. */
typedef gint64 (*PdClockFunc) (gpointer user_data);

typedef struct _PdRateBudget PdRateBudget;

PdRateBudget *pd_rate_budget_new        (void);
void          pd_rate_budget_free       (PdRateBudget  *self);
void          pd_rate_budget_set_clock  (PdRateBudget  *self,
                                         PdClockFunc    clock,
                                         gpointer       user_data);
gint64        pd_rate_budget_now        (PdRateBudget  *self);
guint         pd_rate_budget_get_limit  (PdRateBudget  *self,
                                         const char    *method);
gboolean      pd_rate_budget_take       (PdRateBudget  *self,
                                         const char    *method,
                                         GError       **error);
GError       *pd_rate_budget_hold       (PdRateBudget  *self,
                                         const char    *method,
                                         GDateTime     *until);
char         *pd_rate_budget_format_time (PdRateBudget *self,
                                         GDateTime     *time);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdRateBudget, pd_rate_budget_free)

G_END_DECLS
