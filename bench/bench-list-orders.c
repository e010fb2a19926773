/* bench-list-orders.c — how long listing 1,000 orders (20 pages of 50) takes against the fake
 * Market with 50 ms of latency per request, and the peak memory of the run. Pages come one
 * after another (each needs the previous page's token), so the floor is 20 × 50 ms. */
#include "config.h"

#include <sys/resource.h>

#include "pd-fake-demo-store.h"
#include "pd-fake-market.h"
#include "pd-market-client.h"

static void
keep_result (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

int
main (void)
{
  g_autoptr(PdFakeMarket) market = pd_fake_market_new (NULL, 3, 1000);
  g_autoptr(PdMarketClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimer) timer = NULL;
  g_autofree char *url = NULL;
  struct rusage usage;

  if (!pd_fake_market_listen (market, 0, &error) || !pd_fake_market_add_faults (market, "latency=50", &error))
    g_error ("%s", error->message);
  url = pd_fake_market_dup_url (market);
  client = pd_market_client_new (url, PD_FAKE_MARKET_DEFAULT_KEY, &error);

  timer = g_timer_new ();
  pd_market_client_list_orders_async (client, PD_FAKE_BUSINESS_ID, NULL, NULL, keep_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  orders = pd_market_client_list_orders_finish (client, result, &error);
  if (orders == NULL)
    g_error ("%s", error->message);
  g_timer_stop (timer);

  getrusage (RUSAGE_SELF, &usage);
  g_print ("list orders: %u orders in %u requests with 50 ms latency each: %.3f s\n", orders->len,
           pd_fake_market_get_request_count (market, "getBusinessOrders"), g_timer_elapsed (timer, NULL));
  g_print ("list orders: peak resident memory of the run (client and fake server): %ld KiB\n",
           usage.ru_maxrss);
  return 0;
}
