/* pd-test-market.c — the Market client's async calls run to completion on the default context.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pd-test-async.h"
#include "pd-test-market.h"

GPtrArray *
pd_test_list_campaigns (PdMarketClient *client,
                        GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_market_client_list_campaigns_async (client, NULL, pd_test_keep_result, &result);
  return pd_market_client_list_campaigns_finish (client, pd_test_wait_for (&result), error);
}

GPtrArray *
pd_test_list_orders (PdMarketClient      *client,
                     gint64               business_id,
                     const PdOrderFilter *filter,
                     GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_market_client_list_orders_async (client, business_id, filter, NULL, pd_test_keep_result, &result);
  return pd_market_client_list_orders_finish (client, pd_test_wait_for (&result), error);
}

GPtrArray *
pd_test_get_statuses (PdMarketClient *client,
                      PdOrder        *order,
                      GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_market_client_get_identifier_statuses_async (client, pd_order_get_campaign_id (order),
                                                  pd_order_get_id (order), NULL,
                                                  pd_test_keep_result, &result);
  return pd_market_client_get_identifier_statuses_finish (client, pd_test_wait_for (&result), error);
}

gboolean
pd_test_set_boxes (PdMarketClient *client,
                   PdOrder        *order,
                   GHashTable     *codes,
                   GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_market_client_set_box_layout_async (client, order, codes, NULL, pd_test_keep_result, &result);
  return pd_market_client_set_box_layout_finish (client, pd_test_wait_for (&result), error);
}

gboolean
pd_test_provide_identifiers (PdMarketClient *client,
                             PdOrder        *order,
                             GHashTable     *codes,
                             GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_market_client_provide_identifiers_async (client, order, codes, NULL, pd_test_keep_result, &result);
  return pd_market_client_provide_identifiers_finish (client, pd_test_wait_for (&result), error);
}

gboolean
pd_test_set_ready (PdMarketClient *client,
                   PdOrder        *order,
                   GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_market_client_set_ready_to_ship_async (client, pd_order_get_campaign_id (order),
                                            pd_order_get_id (order), NULL, pd_test_keep_result, &result);
  return pd_market_client_set_ready_to_ship_finish (client, pd_test_wait_for (&result), error);
}

gint64
pd_test_clock (gpointer offset_us)
{
  return g_get_real_time () + *(gint64 *) offset_us;
}

GBytes *
pd_test_get_labels (PdMarketClient *client,
                    PdOrder        *order,
                    gint64          box_id,
                    const char     *format,
                    GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_market_client_get_labels_async (client, order, box_id, format, NULL, pd_test_keep_result, &result);
  return pd_market_client_get_labels_finish (client, pd_test_wait_for (&result), error);
}
