/* pd-market-client.h — the Yandex Market Partner API, asynchronously.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pd-campaign.h"
#include "pd-identifier-status.h"
#include "pd-market-error.h"
#include "pd-order.h"
#include "pd-rate-budget.h"

G_BEGIN_DECLS

#define PD_MARKET_DEFAULT_URL "https://api.partner.market.yandex.ru"

/* Filters of getBusinessOrders; NULL or empty means "any". Creation dates are YYYY-MM-DD. */
typedef struct
{
  const char * const *statuses;
  const char * const *substatuses;
  const gint64       *campaign_ids;
  guint               n_campaign_ids;
  const gint64       *order_ids;
  guint               n_order_ids;
  const char         *creation_date_from;
  const char         *creation_date_to;
  const char         *update_date_from;  /* ISO 8601 date-time */
} PdOrderFilter;

/* What X-RateLimit-Resource-* said on the last answer of one method. */
typedef struct
{
  gint64     limit;
  gint64     remaining;
  GDateTime *until;  /* owned by the client */
} PdRateLimit;

/* Whether the Market answers, as the last call found it. */
typedef enum
{
  PD_MARKET_STATE_UNKNOWN,      /* no call has ended yet */
  PD_MARKET_STATE_REACHABLE,    /* it answered (an error of the request's own counts) */
  PD_MARKET_STATE_UNREACHABLE,  /* no answer: no connection, dropped, or past the deadline */
  PD_MARKET_STATE_FAILING,      /* 5xx after the retries */
  PD_MARKET_STATE_LIMITED,      /* a 420: the Market asked for a pause in one kind of request */
} PdMarketState;

#define PD_TYPE_MARKET_CLIENT (pd_market_client_get_type ())

G_DECLARE_FINAL_TYPE (PdMarketClient, pd_market_client, PD, MARKET_CLIENT, GObject)

PdMarketClient *pd_market_client_new                      (const char          *base_url,
                                                           const char          *api_key,
                                                           GError             **error);
const char     *pd_market_client_get_base_url             (PdMarketClient      *self);
void            pd_market_client_set_retry_policy         (PdMarketClient      *self,
                                                           guint                max_attempts,
                                                           guint                base_delay_ms);
void            pd_market_client_set_attempt_timeout      (PdMarketClient      *self,
                                                           guint                timeout_ms);
void            pd_market_client_set_clock                (PdMarketClient      *self,
                                                           PdClockFunc          clock,
                                                           gpointer             user_data);
PdMarketState   pd_market_client_get_state                (PdMarketClient      *self);
char           *pd_market_client_describe_state           (PdMarketClient      *self);
gboolean        pd_market_client_get_rate_limit           (PdMarketClient      *self,
                                                           const char          *method,
                                                           PdRateLimit         *limit);

void            pd_market_client_list_campaigns_async     (PdMarketClient      *self,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
GPtrArray      *pd_market_client_list_campaigns_finish    (PdMarketClient      *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);
void            pd_market_client_list_orders_async        (PdMarketClient      *self,
                                                           gint64               business_id,
                                                           const PdOrderFilter *filter,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
GPtrArray      *pd_market_client_list_orders_finish       (PdMarketClient      *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);
void            pd_market_client_set_box_layout_async     (PdMarketClient      *self,
                                                           PdOrder             *order,
                                                           GHashTable          *codes,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gboolean        pd_market_client_set_box_layout_finish    (PdMarketClient      *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);
const char * const *pd_market_client_get_label_formats    (void);
guint           pd_market_client_get_orders_page_size     (void);
void            pd_market_client_get_labels_async         (PdMarketClient      *self,
                                                           PdOrder             *order,
                                                           gint64               box_id,
                                                           const char          *format,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
GBytes         *pd_market_client_get_labels_finish        (PdMarketClient      *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);
void            pd_market_client_provide_identifiers_async  (PdMarketClient      *self,
                                                             PdOrder             *order,
                                                             GHashTable          *codes,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
gboolean        pd_market_client_provide_identifiers_finish (PdMarketClient      *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);
void            pd_market_client_get_identifier_statuses_async  (PdMarketClient      *self,
                                                                 gint64               campaign_id,
                                                                 gint64               order_id,
                                                                 GCancellable        *cancellable,
                                                                 GAsyncReadyCallback  callback,
                                                                 gpointer             user_data);
GPtrArray      *pd_market_client_get_identifier_statuses_finish (PdMarketClient      *self,
                                                                 GAsyncResult        *result,
                                                                 GError             **error);
void            pd_market_client_set_ready_to_ship_async  (PdMarketClient      *self,
                                                           gint64               campaign_id,
                                                           gint64               order_id,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
gboolean        pd_market_client_set_ready_to_ship_finish (PdMarketClient      *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);

GHashTable     *pd_market_codes_new                       (void);
void            pd_market_codes_add                       (GHashTable          *codes,
                                                           gint64               item_id,
                                                           PdItemInstance      *instance);

G_END_DECLS
