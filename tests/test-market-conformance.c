/* test-market-conformance.c — every request the client sends and every answer the fake Market
 * gives in a full packing flow (and in its documented errors) passes the validation of the
 * official OpenAPI specification, checked by @stoplight/prism-cli in proxy mode with --errors
 * standing between the two. */
#include "config.h"

#include <string.h>

#include "pd-fake-demo-store.h"
#include "pd-fake-market.h"
#include "pd-market-client.h"
#include "pd-desk.h"
#include "pd-test-journal.h"
#include "pd-test-market.h"
#include "pd-test-prism.h"

typedef struct
{
  PdFakeMarket   *market;
  PdTestPrism    *prism;
  PdMarketClient *client;
} Conformance;

static Conformance conformance;

static char *
read_prism_log (void)
{
  return pd_test_prism_read_log (conformance.prism);
}

/* Starts prism between a client and an in-process fake Market; FALSE when prism is not there. */
static gboolean
conformance_start (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *upstream = NULL;

  conformance.market = pd_fake_market_new (NULL, 11, 60);
  pd_fake_market_set_verification_delay (conformance.market, 50);
  pd_fake_market_listen (conformance.market, 0, &error);
  g_assert_no_error (error);
  upstream = pd_fake_market_dup_url (conformance.market);

  conformance.prism = pd_test_prism_start ("proxy", "--errors", upstream, "prism-proxy.log");
  if (conformance.prism == NULL)
    return FALSE;

  conformance.client = pd_market_client_new (conformance.prism->url, PD_FAKE_MARKET_DEFAULT_KEY, &error);
  g_assert_no_error (error);
  /* A violation comes back as a 500 from prism; repeating it would only hide it. */
  pd_market_client_set_retry_policy (conformance.client, 1, 10);
  return TRUE;
}

static void
conformance_stop (void)
{
  g_clear_object (&conformance.client);
  g_clear_pointer (&conformance.prism, pd_test_prism_stop);
  g_clear_object (&conformance.market);
}

/* Prism answers a violation with its own problem document; the client sees it as an error. */
static void
assert_no_violation (const GError *error)
{
  g_autofree char *log = NULL;

  if (error == NULL)
    return;
  if (error->domain == PD_MARKET_ERROR && pd_market_error_get_http_status (error) >= 422
      && pd_market_error_get_http_status (error) != 420)
    g_error ("prism reported a violation (%s); its output:\n%s", error->message, log = read_prism_log ());
}

static void
expect_ok (gboolean      ok,
           const GError *error)
{
  assert_no_violation (error);
  g_assert_no_error (error);
  g_assert_true (ok);
}

static void
assert_log_clean (void)
{
  g_autofree char *log = read_prism_log ();

  g_assert_null (strstr (log, "VIOLATIONS"));
  g_assert_null (strstr (log, "UNPROCESSABLE_ENTITY"));
  g_assert_null (strstr (log, "NO_PATH_MATCHED"));
  g_assert_null (strstr (log, "NO_METHOD_MATCHED"));
}

static GHashTable *
cis_codes (gint64      item_id,
           const char *serial_prefix,
           guint       count)
{
  GHashTable *codes = pd_market_codes_new ();

  for (guint i = 0; i < count; i++)
    {
      g_autofree char *cis = g_strdup_printf ("0104601234567893" "21" "%s%c" "\x1d" "93dGh5",
                                              serial_prefix, 'a' + i);
      pd_market_codes_add (codes, item_id, pd_item_instance_new (PD_CODE_KIND_CIS, cis));
    }
  return codes;
}

static void
test_fbs_flow (void)
{
  gboolean ok;
  const char *cis[] = { "CIS", NULL };
  PdOrder *order = pd_fake_market_add_order (conformance.market, PD_FAKE_CAMPAIGN_FBS, "FBS");
  const char *started[] = { "STARTED", NULL };
  gint64 fbs = PD_FAKE_CAMPAIGN_FBS;
  PdOrderFilter filter = { .substatuses = started, .campaign_ids = &fbs, .n_campaign_ids = 1 };
  g_autoptr(GHashTable) codes = NULL;
  g_autoptr(GPtrArray) campaigns = NULL;
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GPtrArray) statuses = NULL;
  g_autoptr(GError) error = NULL;
  gboolean all_ok = FALSE;

  pd_order_add_item (order, pd_order_item_new (811, "SHOE-42", "Кроссовки беговые, 42", 2, cis));
  pd_order_add_item (order, pd_order_item_new (812, "MUG", "Кружка керамическая", 1, NULL));
  codes = cis_codes (811, "5Tq!Ld8x,Wz0", 2);

  campaigns = pd_test_list_campaigns (conformance.client, &error);
  assert_no_violation (error);
  g_assert_cmpuint (campaigns->len, ==, 3);

  orders = pd_test_list_orders (conformance.client, PD_FAKE_BUSINESS_ID, &filter, &error);
  assert_no_violation (error);
  g_assert_cmpuint (orders->len, >, 0);

  ok = pd_test_set_boxes (conformance.client, order, codes, &error);
  expect_ok (ok, error);

  for (guint attempt = 0; attempt < 20 && !all_ok; attempt++)
    {
      g_clear_pointer (&statuses, g_ptr_array_unref);
      statuses = pd_test_get_statuses (conformance.client, order, &error);
      assert_no_violation (error);
      all_ok = TRUE;
      for (guint i = 0; i < statuses->len; i++)
        all_ok &= g_strcmp0 (((PdIdentifierStatus *) g_ptr_array_index (statuses, i))->status, "OK") == 0;
      if (!all_ok)
        pd_test_wait_ms (60);
    }
  g_assert_true (all_ok);

  ok = pd_test_set_ready (conformance.client, order, &error);
  expect_ok (ok, error);
  assert_log_clean ();
}

static void
test_dbs_flow (void)
{
  gboolean ok;
  const char *uin[] = { "UIN", NULL };
  const char *gtd[] = { "GTD", NULL };
  const char *rnpt[] = { "RNPT", NULL };
  PdOrder *order = pd_fake_market_add_order (conformance.market, PD_FAKE_CAMPAIGN_DBS, "DBS");
  g_autoptr(GHashTable) codes = pd_market_codes_new ();
  g_autoptr(GError) error = NULL;
  PdItemInstance *declaration = pd_item_instance_new (PD_CODE_KIND_GTD, "10702030/250123/0012345");

  pd_order_add_item (order, pd_order_item_new (821, "RING-585", "Кольцо, золото 585", 1, uin));
  pd_order_add_item (order, pd_order_item_new (822, "KETTLE", "Чайник электрический", 1, gtd));
  pd_order_add_item (order, pd_order_item_new (823, "TYRE", "Шина зимняя R16", 1, rnpt));
  pd_item_instance_set_country_code (declaration, "CN");
  pd_market_codes_add (codes, 821, pd_item_instance_new (PD_CODE_KIND_UIN, "0176262888892467"));
  pd_market_codes_add (codes, 822, declaration);
  pd_market_codes_add (codes, 823, pd_item_instance_new (PD_CODE_KIND_RNPT, "10702030/250123/0012345/001"));

  ok = pd_test_provide_identifiers (conformance.client, order, codes, &error);
  expect_ok (ok, error);
  ok = pd_test_set_ready (conformance.client, order, &error);
  expect_ok (ok, error);
  assert_log_clean ();
}

/* A layout of three boxes — the shoes whole in the first, one tyre split over the other two,
 * its code in both parts — then the order as the Market lists it, and its labels in every
 * format. */
static void
test_boxes_and_labels (void)
{
  const char *cis[] = { "CIS", NULL };
  PdOrder *order = pd_fake_market_add_order (conformance.market, PD_FAKE_CAMPAIGN_FBS, "FBS");
  const PdBoxSlot layout[] = {
    { .box_index = 0, .item_id = 831, .full_count = 2 },
    { .box_index = 1, .item_id = 832, .partial_current = 1, .partial_total = 2 },
    { .box_index = 2, .item_id = 832, .partial_current = 2, .partial_total = 2 },
  };
  const char * const *formats = pd_market_client_get_label_formats ();
  gint64 order_id = pd_order_get_id (order);
  PdOrderFilter filter = { .order_ids = &order_id, .n_order_ids = 1 };
  g_autoptr(GHashTable) codes = cis_codes (831, "8Rt?Kp2m,Qa1", 2);
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GError) error = NULL;
  PdOrder *listed;
  GArray *slots;
  gboolean ok;

  pd_order_add_item (order, pd_order_item_new (831, "SHOE-42", "Кроссовки беговые, 42", 2, cis));
  pd_order_add_item (order, pd_order_item_new (832, "TYRE-R16", "Шина летняя R16", 1, cis));
  pd_order_set_shipment (order, 81000777, "2026-12-02", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (layout); i++)
    pd_order_add_box_slot (order, &layout[i]);
  pd_market_codes_add (codes, 832, pd_item_instance_new (PD_CODE_KIND_CIS, "0104601234567893" "21"
                                                       "3Jw;Xe7v-Nb4c" "\x1d" "93dGh5"));

  ok = pd_test_set_boxes (conformance.client, order, codes, &error);
  expect_ok (ok, error);

  orders = pd_test_list_orders (conformance.client, PD_FAKE_BUSINESS_ID, &filter, &error);
  assert_no_violation (error);
  g_assert_no_error (error);
  g_assert_cmpuint (orders->len, ==, 1);
  listed = g_ptr_array_index (orders, 0);
  slots = pd_order_get_box_slots (listed);
  g_assert_cmpuint (slots->len, ==, 3);
  g_assert_cmpuint (g_array_index (slots, PdBoxSlot, 2).partial_current, ==, 2);
  g_assert_cmpint (pd_order_get_shipment_id (listed), ==, 81000777);
  /* The answer to PUT …/boxes gave the order the Market's box ids, as the list has them. */
  for (guint i = 0; i < slots->len; i++)
    g_assert_cmpint (g_array_index (pd_order_get_box_slots (order), PdBoxSlot, i).box_id, ==,
                     g_array_index (slots, PdBoxSlot, i).box_id);
  g_assert_cmpstr (pd_order_get_shipment_date (listed), ==, "2026-12-02");

  for (guint i = 0; formats[i] != NULL; i++)
    {
      g_autoptr(GBytes) pdf = pd_test_get_labels (conformance.client, listed, 0, formats[i], &error);

      assert_no_violation (error);
      g_assert_no_error (error);
      g_assert_cmpmem (g_bytes_get_data (pdf, NULL), 5, "%PDF-", 5);
    }
  /* Not one box's label (…/shipments/{shipmentId}/boxes/{boxId}/label): the specification marks
   * its required shipmentId deprecated ("pass any number"), and prism with --errors refuses
   * every request that has it. test-market-client covers that call against the fake Market. */

  ok = pd_test_set_ready (conformance.client, order, &error);
  expect_ok (ok, error);
  assert_log_clean ();
}

/* An item out of stock left out of the layout, with allowRemove: the Market takes it off. */
static void
test_remove_item (void)
{
  const char *cis[] = { "CIS", NULL };
  PdOrder *order = pd_fake_market_add_order (conformance.market, PD_FAKE_CAMPAIGN_FBS, "FBS");
  const PdBoxSlot box = { .box_index = 0, .item_id = 851, .full_count = 1 };
  g_autoptr(GHashTable) codes = cis_codes (851, "4Hq#Zt6w,Pl2", 1);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  pd_order_add_item (order, pd_order_item_new (851, "SHOE-42", "Кроссовки беговые, 42", 1, cis));
  pd_order_add_item (order, pd_order_item_new (852, "MUG", "Кружка керамическая", 1, NULL));
  pd_order_add_box_slot (order, &box);
  pd_order_set_allow_remove (order, TRUE);

  ok = pd_test_set_boxes (conformance.client, order, codes, &error);
  expect_ok (ok, error);
  g_assert_null (pd_order_find_item (order, 852));
  assert_log_clean ();
}

static gboolean
desk_is_ready (gpointer packing)
{
  return pd_packing_order_is_ready (packing);
}

static gboolean
change_boxes (PdDesk       *desk,
              GAsyncResult *result)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = pd_desk_change_boxes_finish (desk, result, &error);

  g_assert_no_error (error);
  return ok;
}

/* The desk itself, from scans: shoes in the first box, a television split over two more, an
 * out-of-stock mug taken off; what it sends passes the specification, and the labels follow. */
static void
test_desk_flow (void)
{
  const char *cis[] = { "CIS", NULL };
  PdOrder *order = pd_fake_market_add_order (conformance.market, PD_FAKE_CAMPAIGN_FBS, "FBS");
  g_autofree char *dir = g_dir_make_tmp ("packdesk-conformance-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "journal.sqlite3", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdJournal) journal = pd_test_open_journal (path, &error);
  g_autoptr(PdDesk) desk = pd_desk_new (conformance.client, journal);
  const PdDeskTiming fast = { .first_poll_ms = 20, .max_poll_ms = 120, .first_retry_ms = 30,
                              .max_retry_ms = 200, .polls_per_hour = 1000000 };
  g_autoptr(PdPackingOrder) packing = NULL;
  g_autoptr(GAsyncResult) opened = NULL;
  g_autoptr(GAsyncResult) split = NULL;
  g_autoptr(GAsyncResult) removed = NULL;
  g_autoptr(GBytes) labels = NULL;

  g_assert_no_error (error);
  pd_desk_set_timing (desk, &fast);
  pd_order_add_item (order, pd_order_item_new (861, "SHOE-42", "Кроссовки беговые, 42", 2, cis));
  pd_order_add_item (order, pd_order_item_new (862, "TV-55", "Телевизор 55″", 1, NULL));
  pd_order_add_item (order, pd_order_item_new (863, "MUG", "Кружка керамическая", 1, NULL));

  pd_desk_open_order_async (desk, order, NULL, pd_test_keep_result, &opened);
  packing = pd_desk_open_order_finish (desk, pd_test_wait_for (&opened), &error);
  g_assert_no_error (error);
  pd_desk_split_item_async (desk, packing, 862, NULL, pd_test_keep_result, &split);
  g_assert_true (change_boxes (desk, pd_test_wait_for (&split)));
  pd_desk_remove_item_async (desk, packing, 863, NULL, pd_test_keep_result, &removed);
  g_assert_true (change_boxes (desk, pd_test_wait_for (&removed)));
  pd_box_layout_set_current (pd_packing_order_get_layout (packing), 0);
  for (char last = 'a'; last <= 'b'; last++)
    {
      g_autofree char *scan = g_strdup_printf ("0104601234567893" "21" "7Yd!Kq3s,Vm1%c" "\x1d" "93dGh5", last);
      g_autoptr(GAsyncResult) captured = NULL;
      g_autoptr(PdUnit) unit = NULL;

      pd_desk_capture_async (desk, packing, scan, PD_CAPTURE_SOURCE_SCANNER, NULL, pd_test_keep_result, &captured);
      unit = pd_desk_capture_finish (desk, pd_test_wait_for (&captured), &error);
      assert_no_violation (error);
      g_assert_nonnull (unit);
    }
  g_assert_true (pd_test_wait_until (desk_is_ready, packing));
  g_assert_null (pd_order_find_item (order, 863));
  g_assert_cmpuint (pd_order_get_box_slots (order)->len, ==, 3);

  labels = pd_test_get_labels (conformance.client, pd_packing_order_get_order (packing), 0, "A7", &error);
  assert_no_violation (error);
  g_assert_no_error (error);
  assert_log_clean ();
  pd_test_remove_tree (dir);
}

/* The documented error answers are valid too: 400, 401, 404, 420. */
static void
test_documented_errors (void)
{
  const char *cis[] = { "CIS", NULL };
  PdOrder *order = pd_fake_market_add_order (conformance.market, PD_FAKE_CAMPAIGN_FBS, "FBS");
  g_autoptr(PdOrder) missing = pd_order_new (3, PD_FAKE_CAMPAIGN_FBS, "PROCESSING", "STARTED", "FBS");
  g_autoptr(PdMarketClient) stranger = pd_market_client_new (conformance.prism->url, "wrong-key", NULL);
  g_autoptr(GHashTable) bad = pd_market_codes_new ();
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GPtrArray) unknown = NULL;
  g_autoptr(GPtrArray) allowed = NULL;
  g_autoptr(GPtrArray) limited = NULL;
  g_autoptr(GError) error = NULL;

  pd_order_add_item (order, pd_order_item_new (831, "COAT", "Пальто женское", 1, cis));

  pd_market_client_set_retry_policy (stranger, 1, 10);
  none = pd_test_list_campaigns (stranger, &error);
  g_assert_error (error, PD_MARKET_ERROR, PD_MARKET_ERROR_UNAUTHORIZED);
  g_clear_error (&error);

  unknown = pd_test_get_statuses (conformance.client, missing, &error);
  g_assert_error (error, PD_MARKET_ERROR, PD_MARKET_ERROR_NOT_FOUND);
  g_clear_error (&error);

  pd_market_codes_add (bad, 831, pd_item_instance_new (PD_CODE_KIND_CIS, "4607258546067"));
  g_assert_false (pd_test_set_boxes (conformance.client, order, bad, &error));
  g_assert_error (error, PD_MARKET_ERROR, PD_MARKET_ERROR_BAD_REQUEST);
  g_clear_error (&error);

  pd_fake_market_set_limit (conformance.market, "getOrderIdentifiersStatus", 1);
  allowed = pd_test_get_statuses (conformance.client, order, &error);
  assert_no_violation (error);
  limited = pd_test_get_statuses (conformance.client, order, &error);
  g_assert_error (error, PD_MARKET_ERROR, PD_MARKET_ERROR_RATE_LIMITED);
  assert_log_clean ();
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  if (!conformance_start ())
    {
      /* install-deps puts prism in place; without it this promise is not checked at all. */
      g_printerr ("prism not found at PD_PRISM=%s: run build-aux/install-deps\n",
                  g_getenv ("PD_PRISM"));
      return 1;
    }

  g_test_add_func ("/market-conformance/fbs-flow", test_fbs_flow);
  g_test_add_func ("/market-conformance/dbs-flow", test_dbs_flow);
  g_test_add_func ("/market-conformance/boxes-and-labels", test_boxes_and_labels);
  g_test_add_func ("/market-conformance/remove-item", test_remove_item);
  g_test_add_func ("/market-conformance/desk-flow", test_desk_flow);
  g_test_add_func ("/market-conformance/documented-errors", test_documented_errors);
  status = g_test_run ();
  conformance_stop ();
  return status;
}
