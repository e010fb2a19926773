/* pd-test-market.h — the Market client's async calls run to completion, for tests and benchmarks
 * that drive it step by step.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pd-market-client.h"
#include "pd-test-async.h"

G_BEGIN_DECLS

GPtrArray *pd_test_list_campaigns       (PdMarketClient  *client,
                                         GError         **error);
GPtrArray *pd_test_list_orders          (PdMarketClient  *client,
                                         gint64           business_id,
                                         const PdOrderFilter *filter,
                                         GError         **error);
GPtrArray *pd_test_get_statuses         (PdMarketClient  *client,
                                         PdOrder         *order,
                                         GError         **error);
gboolean   pd_test_set_boxes            (PdMarketClient  *client,
                                         PdOrder         *order,
                                         GHashTable      *codes,
                                         GError         **error);
gboolean   pd_test_provide_identifiers  (PdMarketClient  *client,
                                         PdOrder         *order,
                                         GHashTable      *codes,
                                         GError         **error);
gboolean   pd_test_set_ready            (PdMarketClient  *client,
                                         PdOrder         *order,
                                         GError         **error);
GBytes    *pd_test_get_labels           (PdMarketClient  *client,
                                         PdOrder         *order,
                                         gint64           box_id,
                                         const char      *format,
                                         GError         **error);

/* A clock for the client's rate budget that runs *OFFSET_US (a gint64) ahead of the real one. */
gint64     pd_test_clock                (gpointer         offset_us);

G_END_DECLS
