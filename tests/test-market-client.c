/* test-market-client.c — PdMarketClient against the fake Market: every method, the documented
 * errors, paging, retries where repeating is safe, the 420 path, faults, cancellation, the
 * four-requests-per-campaign queue, and the JSON it sends. */
#include "config.h"

#include <poppler.h>
#include <string.h>

#include "pd-fake-demo-store.h"
#include "pd-fake-market.h"
#include "pd-market-client.h"
#include "pd-market-json.h"
#include "pd-test-market.h"

#define DEMO_ORDERS 120

typedef struct
{
  PdFakeMarket   *market;
  PdMarketClient *client;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  fixture->market = pd_fake_market_new (NULL, 7, DEMO_ORDERS);
  pd_fake_market_set_verification_delay (fixture->market, 50);
  pd_fake_market_listen (fixture->market, 0, &error);
  g_assert_no_error (error);
  url = pd_fake_market_dup_url (fixture->market);
  fixture->client = pd_market_client_new (url, PD_FAKE_MARKET_DEFAULT_KEY, &error);
  g_assert_no_error (error);
  pd_market_client_set_retry_policy (fixture->client, 4, 10);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->client);
  g_clear_object (&fixture->market);
}

/* An FBS order of the fake store with a shoe item of two units and an unmarked mug. */
static PdOrder *
add_shoe_order (Fixture *fixture)
{
  PdOrder *order = pd_fake_market_add_order (fixture->market, PD_FAKE_CAMPAIGN_FBS, "FBS");
  const char *cis[] = { "CIS", NULL };

  pd_order_add_item (order, pd_order_item_new (801, "SHOE-1", "Кроссовки", 2, cis));
  pd_order_add_item (order, pd_order_item_new (802, "MUG-1", "Кружка", 1, NULL));
  return order;
}

static GHashTable *
shoe_codes (const char *first_serial,
            const char *second_serial)
{
  GHashTable *codes = pd_market_codes_new ();
  g_autofree char *first = g_strconcat ("0104601234567893" "21", first_serial, "\x1d" "93dGh5", NULL);
  g_autofree char *second = g_strconcat ("0104601234567893" "21", second_serial, "\x1d" "93dGh5", NULL);

  pd_market_codes_add (codes, 801, pd_item_instance_new (PD_CODE_KIND_CIS, first));
  pd_market_codes_add (codes, 801, pd_item_instance_new (PD_CODE_KIND_CIS, second));
  return codes;
}

/* ---- Tests. ---- */

static void
test_campaigns (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) campaigns = pd_test_list_campaigns (fixture->client, &error);
  PdRateLimit limit;

  g_assert_no_error (error);
  g_assert_cmpuint (campaigns->len, ==, 3);
  g_assert_cmpint (pd_campaign_get_id (g_ptr_array_index (campaigns, 2)), ==, PD_FAKE_CAMPAIGN_DBS);
  g_assert_cmpstr (pd_campaign_get_placement_type (g_ptr_array_index (campaigns, 2)), ==, "DBS");
  g_assert_cmpint (pd_campaign_get_business_id (g_ptr_array_index (campaigns, 0)), ==, PD_FAKE_BUSINESS_ID);

  /* Every answer's X-RateLimit-Resource-* headers are kept per method. */
  g_assert_true (pd_market_client_get_rate_limit (fixture->client, "getCampaigns", &limit));
  g_assert_cmpint (limit.limit, ==, 1000);
  g_assert_cmpint (limit.remaining, ==, 999);
  g_assert_nonnull (limit.until);
}

static void
test_orders_paging_and_filters (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = pd_test_list_orders (fixture->client, PD_FAKE_BUSINESS_ID, NULL, &error);
  const char *started[] = { "STARTED", NULL };
  gint64 dbs = PD_FAKE_CAMPAIGN_DBS;
  PdOrderFilter filter = { .substatuses = started, .campaign_ids = &dbs, .n_campaign_ids = 1 };
  g_autoptr(GPtrArray) some = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, DEMO_ORDERS);
  g_assert_cmpuint (pd_fake_market_get_request_count (fixture->market, "getBusinessOrders"), ==, 3);

  some = pd_test_list_orders (fixture->client, PD_FAKE_BUSINESS_ID, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (some->len, >, 0);
  g_assert_cmpuint (some->len, <, all->len);
  for (guint i = 0; i < some->len; i++)
    {
      PdOrder *order = g_ptr_array_index (some, i);

      g_assert_cmpint (pd_order_get_campaign_id (order), ==, PD_FAKE_CAMPAIGN_DBS);
      g_assert_cmpstr (pd_order_get_substatus (order), ==, "STARTED");
      g_assert_true (pd_order_is_dbs (order));
    }

  /* By update time: only what changed in the last hour (the demo's orders shipped today). */
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    g_autoptr(GDateTime) hour_ago = g_date_time_add_hours (now, -1);
    g_autofree char *since = g_date_time_format_iso8601 (hour_ago);
    PdOrderFilter recent_filter = { .update_date_from = since };
    g_autoptr(GPtrArray) recent = pd_test_list_orders (fixture->client, PD_FAKE_BUSINESS_ID,
                                                       &recent_filter, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (recent->len, >, 0);
    g_assert_cmpuint (recent->len, <, all->len);
    for (guint i = 0; i < recent->len; i++)
      {
        g_autoptr(GDateTime) updated =
          g_date_time_new_from_iso8601 (pd_order_get_update_date (g_ptr_array_index (recent, i)), NULL);

        g_assert_nonnull (updated);
        g_assert_cmpint (g_date_time_compare (updated, hour_ago), >=, 0);
      }
  }
}

static void
test_fbs_flow (Fixture       *fixture,
               gconstpointer  data)
{
  PdOrder *order = add_shoe_order (fixture);
  g_autoptr(GHashTable) codes = shoe_codes ("5Tq!Ld8x,Wz0r", "5Tq!Ld8x,Wz0q");
  g_autoptr(GPtrArray) checking = NULL;
  g_autoptr(GPtrArray) checked = NULL;
  g_autoptr(GError) error = NULL;

  /* Not ready before the codes are verified. */
  g_assert_false (pd_test_set_ready (fixture->client, order, &error));
  g_assert_error (error, PD_MARKET_ERROR, PD_MARKET_ERROR_BAD_REQUEST);
  g_clear_error (&error);

  g_assert_true (pd_test_set_boxes (fixture->client, order, codes, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pd_order_item_get_instances (pd_order_find_item (order, 801))->len, ==, 2);

  checking = pd_test_get_statuses (fixture->client, order, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (checking->len, ==, 2);
  g_assert_cmpstr (((PdIdentifierStatus *) g_ptr_array_index (checking, 0))->status, ==, "IN_PROGRESS");

  pd_test_wait_ms (80);
  checked = pd_test_get_statuses (fixture->client, order, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < checked->len; i++)
    g_assert_cmpstr (((PdIdentifierStatus *) g_ptr_array_index (checked, i))->status, ==, "OK");

  g_assert_true (pd_test_set_ready (fixture->client, order, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (pd_order_get_substatus (order), ==, "READY_TO_SHIP");

  /* After READY_TO_SHIP the codes are final. */
  g_assert_false (pd_test_set_boxes (fixture->client, order, codes, &error));
  g_assert_error (error, PD_MARKET_ERROR, PD_MARKET_ERROR_BAD_REQUEST);
  g_assert_cmpstr (pd_market_error_get_messages (error)[0], ==,
                   "Attempt to change order items or instances after READY_TO_SHIP");
  g_assert_cmpuint (pd_market_error_get_http_status (error), ==, 400);
}

static void
test_invalid_and_failed_codes (Fixture       *fixture,
                               gconstpointer  data)
{
  PdOrder *order = add_shoe_order (fixture);
  g_autoptr(GHashTable) codes = shoe_codes ("5Tq!Ld8x,Wz0I", "5Tq!Ld8x,Wz0F");
  g_autoptr(GHashTable) again = shoe_codes ("5Tq!Ld8x,Wz0a", "5Tq!Ld8x,Wz0F");
  g_autoptr(GPtrArray) statuses = NULL;
  g_autoptr(GPtrArray) retried = NULL;
  g_autoptr(GError) error = NULL;
  PdIdentifierStatus *invalid, *failed;

  g_assert_true (pd_test_set_boxes (fixture->client, order, codes, &error));
  pd_test_wait_ms (80);
  statuses = pd_test_get_statuses (fixture->client, order, &error);
  g_assert_no_error (error);
  invalid = g_ptr_array_index (statuses, 0);
  failed = g_ptr_array_index (statuses, 1);
  g_assert_cmpstr (invalid->status, ==, "INVALID");
  g_assert_cmpstr (invalid->substatus, ==, "INVALID_CRYPTO_TAIL");
  g_assert_cmpstr (failed->status, ==, "FAILED");

  /* Replacing the invalid code and sending the failed one again verifies both. */
  g_assert_true (pd_test_set_boxes (fixture->client, order, again, &error));
  pd_test_wait_ms (80);
  retried = pd_test_get_statuses (fixture->client, order, &error);
  for (guint i = 0; i < retried->len; i++)
    g_assert_cmpstr (((PdIdentifierStatus *) g_ptr_array_index (retried, i))->status, ==, "OK");
}

static void
test_dbs_identifiers (Fixture       *fixture,
                      gconstpointer  data)
{
  PdOrder *order = pd_fake_market_add_order (fixture->market, PD_FAKE_CAMPAIGN_DBS, "DBS");
  const char *uin[] = { "UIN", NULL };
  const char *gtd[] = { "GTD", NULL };
  g_autoptr(GHashTable) codes = pd_market_codes_new ();
  g_autoptr(GPtrArray) statuses = NULL;
  g_autoptr(GError) error = NULL;
  PdItemInstance *declaration = pd_item_instance_new (PD_CODE_KIND_GTD, "10702030/250123/0012345");

  pd_order_add_item (order, pd_order_item_new (901, "RING", "Кольцо", 1, uin));
  pd_order_add_item (order, pd_order_item_new (902, "KETTLE", "Чайник", 1, gtd));
  pd_item_instance_set_country_code (declaration, "CN");
  pd_market_codes_add (codes, 901, pd_item_instance_new (PD_CODE_KIND_UIN, "0176262888892467"));
  pd_market_codes_add (codes, 902, declaration);

  /* DBS codes go through identifiers; boxes are for FBS and Express. */
  g_assert_true (pd_test_provide_identifiers (fixture->client, order, codes, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (pd_item_instance_get_country_code (g_ptr_array_index (
                     pd_order_item_get_instances (pd_order_find_item (order, 902)), 0)), ==, "CN");

  /* …and are never verified. */
  statuses = pd_test_get_statuses (fixture->client, order, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (statuses->len, ==, 1);
  g_assert_cmpstr (((PdIdentifierStatus *) g_ptr_array_index (statuses, 0))->status, ==, "NOT_ON_VALIDATION");
  g_assert_true (pd_test_set_ready (fixture->client, order, &error));
}

static void
test_documented_errors (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *url = pd_fake_market_dup_url (fixture->market);
  g_autoptr(PdMarketClient) stranger = pd_market_client_new (url, "wrong-key", NULL);
  PdOrder *order = add_shoe_order (fixture);
  g_autoptr(PdOrder) missing = pd_order_new (1, PD_FAKE_CAMPAIGN_FBS, "PROCESSING", "STARTED", "FBS");
  g_autoptr(PdOrder) foreign = pd_order_new (pd_order_get_id (order), 4242, "PROCESSING", "STARTED", "FBS");
  g_autoptr(GHashTable) bad = pd_market_codes_new ();
  g_autoptr(GHashTable) short_count = pd_market_codes_new ();
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GError) error = NULL;

  none = pd_test_list_campaigns (stranger, &error);
  g_assert_null (none);
  g_assert_error (error, PD_MARKET_ERROR, PD_MARKET_ERROR_UNAUTHORIZED);
  g_assert_cmpuint (pd_market_error_get_http_status (error), ==, 401);
  g_assert_cmpstr (pd_market_error_get_codes (error)[0], ==, "UNAUTHORIZED");
  g_assert_null (strstr (error->message, "wrong-key"));
  g_clear_error (&error);

  g_assert_null (pd_test_get_statuses (fixture->client, foreign, &error));
  g_assert_error (error, PD_MARKET_ERROR, PD_MARKET_ERROR_FORBIDDEN);
  g_clear_error (&error);

  g_assert_null (pd_test_get_statuses (fixture->client, missing, &error));
  g_assert_error (error, PD_MARKET_ERROR, PD_MARKET_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A code the Market's expression refuses, and fewer codes than units. */
  pd_market_codes_add (bad, 801, pd_item_instance_new (PD_CODE_KIND_CIS, "4607258546067"));
  pd_market_codes_add (bad, 801, pd_item_instance_new (PD_CODE_KIND_CIS, "4607258546067"));
  g_assert_false (pd_test_set_boxes (fixture->client, order, bad, &error));
  g_assert_error (error, PD_MARKET_ERROR, PD_MARKET_ERROR_BAD_REQUEST);
  g_assert_true (g_str_has_prefix (pd_market_error_get_messages (error)[0],
                                   "Invalid incoming cis for item with id = 801 for reason:"));
  g_clear_error (&error);

  pd_market_codes_add (short_count, 801, pd_item_instance_new (PD_CODE_KIND_CIS,
                                                               "0104601234567893" "21" "5Tq!Ld8x,Wz0r" "\x1d" "93dGh5"));
  g_assert_false (pd_test_set_boxes (fixture->client, order, short_count, &error));
  g_assert_error (error, PD_MARKET_ERROR, PD_MARKET_ERROR_BAD_REQUEST);
  /* 4xx answers are never retried. */
  g_assert_cmpuint (pd_fake_market_get_request_count (fixture->market, "setOrderBoxLayout"), ==, 2);
}

static void
test_insecure_urls (void)
{
  const char *refused[] = { "http://api.partner.market.yandex.ru", "http://10.0.0.1:8080", "ftp://x", "nonsense" };
  const char *accepted[] = { "https://api.partner.market.yandex.ru", "http://127.0.0.1:8080/",
                             "http://localhost:1", "http://[::1]:8080/" };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_assert_null (pd_market_client_new (refused[i], "k", &error));
      g_assert_error (error, PD_MARKET_ERROR, PD_MARKET_ERROR_INSECURE_URL);
    }
  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autoptr(PdMarketClient) client = pd_market_client_new (accepted[i], "k", NULL);
      g_assert_nonnull (client);
    }
}

static void
test_retries (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) after_errors = NULL;
  g_autoptr(GPtrArray) after_drop = NULL;
  g_autoptr(GPtrArray) never = NULL;

  /* 500 twice, then an answer: the third attempt succeeds. */
  g_assert_true (pd_fake_market_add_faults (fixture->market, "500x2", NULL));
  after_errors = pd_test_list_campaigns (fixture->client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after_errors->len, ==, 3);

  g_assert_true (pd_fake_market_add_faults (fixture->market, "drop,truncate", NULL));
  after_drop = pd_test_list_campaigns (fixture->client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after_drop->len, ==, 3);

  /* More failures than attempts: the last one is reported. */
  g_assert_true (pd_fake_market_add_faults (fixture->market, "503x4", NULL));
  never = pd_test_list_campaigns (fixture->client, &error);
  g_assert_null (never);
  g_assert_error (error, PD_MARKET_ERROR, PD_MARKET_ERROR_SERVER);
  g_assert_cmpuint (pd_market_error_get_http_status (error), ==, 503);
}

static void
test_bad_answers (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) campaigns = NULL;

  g_assert_true (pd_fake_market_add_faults (fixture->market, "notjson", NULL));
  campaigns = pd_test_list_campaigns (fixture->client, &error);
  g_assert_null (campaigns);
  g_assert_error (error, PD_MARKET_ERROR, PD_MARKET_ERROR_INVALID_RESPONSE);
  g_clear_error (&error);

  g_assert_true (pd_fake_market_add_faults (fixture->market, "huge", NULL));
  campaigns = pd_test_list_campaigns (fixture->client, &error);
  g_assert_null (campaigns);
  g_assert_error (error, PD_MARKET_ERROR, PD_MARKET_ERROR_INVALID_RESPONSE);
  g_assert_nonnull (strstr (error->message, "16 MiB"));
}

static void
test_rate_limit (Fixture       *fixture,
                 gconstpointer  data)
{
  PdOrder *order = add_shoe_order (fixture);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdMarketClient) other = NULL;
  g_autoptr(GPtrArray) campaigns = NULL;
  g_autofree char *url = pd_fake_market_dup_url (fixture->market);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  PdRateLimit limit;

  pd_fake_market_set_limit (fixture->market, "getOrderIdentifiersStatus", 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GPtrArray) statuses = pd_test_get_statuses (fixture->client, order, &error);
      g_assert_no_error (error);
    }
  g_assert_true (pd_market_client_get_rate_limit (fixture->client, "getOrderIdentifiersStatus", &limit));
  g_assert_cmpint (limit.remaining, ==, 0);

  /* The Market said none remain: the next is refused here, with the time it may go. */
  g_assert_null (pd_test_get_statuses (fixture->client, order, &error));
  g_assert_error (error, PD_MARKET_ERROR, PD_MARKET_ERROR_RATE_LIMITED);
  g_assert_cmpint (g_date_time_to_unix (pd_market_error_get_limited_until (error)), >=, now);
  g_assert_cmpuint (pd_fake_market_get_request_count (fixture->market, "getOrderIdentifiersStatus"), ==, 2);
  g_clear_error (&error);

  /* A client that did not know gets the 420, which holds that method back — and no other. */
  other = pd_market_client_new (url, PD_FAKE_MARKET_DEFAULT_KEY, &error);
  g_assert_null (pd_test_get_statuses (other, order, &error));
  g_assert_error (error, PD_MARKET_ERROR, PD_MARKET_ERROR_RATE_LIMITED);
  g_assert_cmpuint (pd_market_error_get_http_status (error), ==, 420);
  g_assert_cmpint (g_date_time_to_unix (pd_market_error_get_limited_until (error)), >=, now);
  g_assert_cmpint (g_date_time_to_unix (pd_market_error_get_limited_until (error)), <=, now + 3601);
  g_assert_nonnull (strstr (error->message, "status checks"));
  g_clear_error (&error);
  g_assert_null (pd_test_get_statuses (other, order, &error));
  g_assert_error (error, PD_MARKET_ERROR, PD_MARKET_ERROR_RATE_LIMITED);
  g_assert_cmpuint (pd_fake_market_get_request_count (fixture->market, "getOrderIdentifiersStatus"), ==, 3);
  campaigns = pd_test_list_campaigns (other, NULL);
  g_assert_nonnull (campaigns);
}

static void
test_cancellation (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) campaigns = NULL;

  g_assert_true (pd_fake_market_add_faults (fixture->market, "latency=2000", NULL));
  pd_market_client_list_campaigns_async (fixture->client, cancellable, pd_test_keep_result, &result);
  pd_test_wait_ms (50);
  g_cancellable_cancel (cancellable);
  campaigns = pd_market_client_list_campaigns_finish (fixture->client, pd_test_wait_for (&result), &error);
  g_assert_null (campaigns);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
count_done (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(GPtrArray) statuses = pd_market_client_get_identifier_statuses_finish (PD_MARKET_CLIENT (source),
                                                                                   result, NULL);
  g_assert_nonnull (statuses);
  (*(guint *) data)++;
}

static void
test_parallel_limit (Fixture       *fixture,
                     gconstpointer  data)
{
  PdOrder *order = add_shoe_order (fixture);
  guint done = 0;

  g_assert_true (pd_fake_market_add_faults (fixture->market, "latency=60", NULL));
  for (guint i = 0; i < 10; i++)
    pd_market_client_get_identifier_statuses_async (fixture->client, pd_order_get_campaign_id (order),
                                                    pd_order_get_id (order), NULL, count_done, &done);
  while (done < 10)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (pd_fake_market_get_peak_concurrency (fixture->market), ==, 4);
}

static void
test_multi_box_layout_kept (Fixture       *fixture,
                            gconstpointer  data)
{
  PdOrder *order = add_shoe_order (fixture);
  g_autoptr(GHashTable) codes = shoe_codes ("5Tq!Ld8x,Wz0r", "5Tq!Ld8x,Wz0q");
  g_autoptr(GError) error = NULL;
  GArray *slots;

  /* The order already travels in two boxes: a shoe each, the mug with the second. */
  pd_order_add_box_slot (order, &(PdBoxSlot) { 11, 0, 801, 1, 0, 0 });
  pd_order_add_box_slot (order, &(PdBoxSlot) { 12, 1, 801, 1, 0, 0 });
  pd_order_add_box_slot (order, &(PdBoxSlot) { 12, 1, 802, 1, 0, 0 });

  g_assert_true (pd_test_set_boxes (fixture->client, order, codes, &error));
  g_assert_no_error (error);
  slots = pd_order_get_box_slots (order);
  g_assert_cmpuint (slots->len, ==, 3);
  g_assert_cmpuint (g_array_index (slots, PdBoxSlot, 2).box_index, ==, 1);
}

static void
test_request_json (void)
{
  g_autoptr(PdOrder) order = pd_order_new (5, 6, "PROCESSING", "STARTED", "FBS");
  g_autoptr(GHashTable) codes = shoe_codes ("55Qbag!", "55Qbag?");
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *text = NULL;
  const char *cis[] = { "CIS", NULL };

  pd_order_add_item (order, pd_order_item_new (801, "SHOE", "Shoe", 2, cis));
  body = pd_market_json_build_boxes_request (order, codes);
  text = json_to_string (body, FALSE);

  /* The GS is the JSON escape \u001d, never a doubled backslash. */
  g_assert_nonnull (strstr (text, "55Qbag!\\u001d93dGh5"));
  g_assert_null (strstr (text, "\\\\u001d"));
  g_assert_nonnull (strstr (text, "\"fullCount\":2"));

  /* A layout that lacks an item removes it only when the packer took it off the order. */
  {
    const PdBoxSlot box = { .box_index = 0, .item_id = 801, .full_count = 2 };
    g_autoptr(JsonNode) kept = NULL;
    g_autoptr(JsonNode) removing = NULL;
    g_autofree char *kept_text = NULL;
    g_autofree char *removing_text = NULL;

    pd_order_add_item (order, pd_order_item_new (802, "MUG", "Mug", 1, NULL));
    pd_order_add_box_slot (order, &box);
    kept = pd_market_json_build_boxes_request (order, codes);
    kept_text = json_to_string (kept, FALSE);
    g_assert_null (strstr (kept_text, "allowRemove"));
    pd_order_set_allow_remove (order, TRUE);
    removing = pd_market_json_build_boxes_request (order, codes);
    removing_text = json_to_string (removing, FALSE);
    g_assert_nonnull (strstr (removing_text, "\"allowRemove\":true"));
  }
}

static void
test_envelopes_and_legacy_errors (void)
{
  const char *legacy = "{\"error\":{\"code\":403,\"message\":\"Token is invalid\"}}";
  const char *both = "{\"status\":\"ERROR\",\"errors\":[{\"code\":\"FORBIDDEN\",\"message\":\"Access denied\"}],"
                     "\"error\":{\"code\":403,\"message\":\"old\"}}";
  g_autoptr(GBytes) legacy_bytes = g_bytes_new_static (legacy, strlen (legacy));
  g_autoptr(GBytes) both_bytes = g_bytes_new_static (both, strlen (both));
  g_autoptr(JsonNode) legacy_root = pd_market_json_parse_body (legacy_bytes, NULL);
  g_autoptr(JsonNode) both_root = pd_market_json_parse_body (both_bytes, NULL);
  g_auto(GStrv) codes = NULL;
  g_auto(GStrv) messages = NULL;
  g_auto(GStrv) codes2 = NULL;
  g_auto(GStrv) messages2 = NULL;

  pd_market_json_parse_errors (legacy_root, &codes, &messages);
  g_assert_cmpstrv (codes, ((const char *[]) { "403", NULL }));
  g_assert_cmpstrv (messages, ((const char *[]) { "Token is invalid", NULL }));
  pd_market_json_parse_errors (both_root, &codes2, &messages2);
  g_assert_cmpstrv (codes2, ((const char *[]) { "FORBIDDEN", NULL }));

  /* A campaign without optional fields, an unknown placement type, a wrong shape. */
  {
    const char *odd = "{\"campaigns\":[{\"id\":5,\"placementType\":\"SOMETHING_NEW\"}],\"paging\":{}}";
    const char *wrong = "{\"campaigns\":[{\"id\":\"five\"}]}";
    g_autoptr(GBytes) odd_bytes = g_bytes_new_static (odd, strlen (odd));
    g_autoptr(GBytes) wrong_bytes = g_bytes_new_static (wrong, strlen (wrong));
    g_autoptr(JsonNode) odd_root = pd_market_json_parse_body (odd_bytes, NULL);
    g_autoptr(JsonNode) wrong_root = pd_market_json_parse_body (wrong_bytes, NULL);
    g_autoptr(GPtrArray) campaigns = NULL;
    g_autoptr(GPtrArray) none = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *next = NULL;
    g_autofree char *next2 = NULL;

    campaigns = pd_market_json_parse_campaigns (pd_market_json_unwrap (odd_root, NULL), &next, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (pd_campaign_get_placement_type (g_ptr_array_index (campaigns, 0)), ==, "SOMETHING_NEW");
    g_assert_null (next);
    none = pd_market_json_parse_campaigns (pd_market_json_unwrap (wrong_root, NULL), &next2, &error);
    g_assert_null (none);
    g_assert_error (error, PD_MARKET_ERROR, PD_MARKET_ERROR_INVALID_RESPONSE);
  }
}

/* The labels PDF as poppler reads it: PAGES pages of WIDTH × HEIGHT points, each naming the
 * order and its box's place. */
static void
assert_labels (GBytes     *pdf,
               gint64      order_id,
               guint       pages,
               double      width,
               double      height,
               const char *first_place)
{
  g_autoptr(GError) error = NULL;
  PopplerDocument *document = poppler_document_new_from_bytes (pdf, NULL, &error);
  g_autofree char *order = g_strdup_printf ("Заказ %" G_GINT64_FORMAT, order_id);

  g_assert_no_error (error);
  g_assert_cmpint (poppler_document_get_n_pages (document), ==, pages);
  for (guint i = 0; i < pages; i++)
    {
      PopplerPage *page = poppler_document_get_page (document, i);
      g_autofree char *text = poppler_page_get_text (page);
      double w = 0, h = 0;

      poppler_page_get_size (page, &w, &h);
      g_assert_cmpfloat_with_epsilon (w, width, 0.5);
      g_assert_cmpfloat_with_epsilon (h, height, 0.5);
      g_assert_nonnull (strstr (text, order));
      if (i == 0)
        g_assert_nonnull (strstr (text, first_place));
      g_object_unref (page);
    }
  g_object_unref (document);
}

/* Labels in the four page formats, for all the boxes and for one; a box the order does not
 * have and an answer that is no PDF are errors that say so. */
static void
test_labels (Fixture       *fixture,
             gconstpointer  data)
{
  PdOrder *order = add_shoe_order (fixture);
  const PdBoxSlot boxes[] = {
    { .box_id = 900501, .box_index = 0, .item_id = 801, .full_count = 2 },
    { .box_id = 900502, .box_index = 1, .item_id = 802, .full_count = 1 },
  };
  static const struct { const char *format; double width, height; } sizes[] = {
    { "A9_HORIZONTALLY", 164.4, 113.4 }, { "A9", 113.4, 164.4 }, { "A7", 227.9, 356.0 },
    { "A4", 595.3, 841.9 }, { NULL, 227.9, 356.0 },
  };
  g_autoptr(GBytes) one = NULL;
  g_autoptr(GBytes) missing = NULL;
  g_autoptr(GBytes) html = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (boxes); i++)
    pd_order_add_box_slot (order, &boxes[i]);
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(GBytes) pdf = pd_test_get_labels (fixture->client, order, 0, sizes[i].format, &error);

      g_assert_no_error (error);
      assert_labels (pdf, pd_order_get_id (order), 2, sizes[i].width, sizes[i].height, "Место 1/2");
    }

  one = pd_test_get_labels (fixture->client, order, 900502, "A9_HORIZONTALLY", &error);
  g_assert_no_error (error);
  assert_labels (one, pd_order_get_id (order), 1, 164.4, 113.4, "Место 2/2");

  missing = pd_test_get_labels (fixture->client, order, 900999, NULL, &error);
  g_assert_error (error, PD_MARKET_ERROR, PD_MARKET_ERROR_NOT_FOUND);
  g_assert_null (missing);
  g_clear_error (&error);

  g_assert_true (pd_fake_market_add_faults (fixture->market, "notjson", NULL));
  html = pd_test_get_labels (fixture->client, order, 0, NULL, &error);
  g_assert_error (error, PD_MARKET_ERROR, PD_MARKET_ERROR_INVALID_RESPONSE);
  g_assert_null (html);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add ("/market-client/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("campaigns", test_campaigns);
  ADD ("orders-paging-and-filters", test_orders_paging_and_filters);
  ADD ("fbs-flow", test_fbs_flow);
  ADD ("invalid-and-failed-codes", test_invalid_and_failed_codes);
  ADD ("dbs-identifiers", test_dbs_identifiers);
  ADD ("documented-errors", test_documented_errors);
  ADD ("retries", test_retries);
  ADD ("bad-answers", test_bad_answers);
  ADD ("rate-limit", test_rate_limit);
  ADD ("cancellation", test_cancellation);
  ADD ("parallel-limit", test_parallel_limit);
  ADD ("multi-box-layout-kept", test_multi_box_layout_kept);
  ADD ("labels", test_labels);
#undef ADD
  g_test_add_func ("/market-client/insecure-urls", test_insecure_urls);
  g_test_add_func ("/market-client/request-json", test_request_json);
  g_test_add_func ("/market-client/envelopes-and-legacy-errors", test_envelopes_and_legacy_errors);

  return g_test_run ();
}
