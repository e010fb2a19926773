/* test-desk.c — the packing workflow against the fake Market: scans become units' codes through
 * the journal, complete orders go out by themselves, verdicts come back by polling, problem codes
 * are reviewed and replaced, DBS orders are not waited for, 420 and dropped connections are
 * ridden out, a new desk on the same journal carries on where the last one stopped, a desk let
 * go of in the middle of its work is never touched again, and the Market's verdicts on orders
 * other desks sent are found without taking the budget the packer's own orders need. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/resource.h>

#include "pd-csv.h"
#include "pd-desk.h"
#include "pd-fake-demo-store.h"
#include "pd-fake-market.h"
#include "pd-market-json.h"
#include "pd-test-journal.h"
#include "pd-test-market.h"

/* Real-looking codes: shoes (13-character serial, 93 tail) of two GTINs, a UIN. */
#define SHOE_A "0104601234567893" "21" "5Tq!Ld8x,Wz0%c" "\x1d" "93dGh5"
#define SHOE_B "0104607654321015" "21" "Kp2&Rt9sQm4v%c" "\x1d" "93Ab1c"
#define RING_UIN "017626288889246%c"
#define RING_UIN_FULL "0176262888892465"
#define WATER SHOE_A
#define MILK SHOE_B
/* A code of the sneakers' GTIN, and one of another product, for the kefir. */
#define KEFIR_LIKE_SHOE "0104601234567893" "21" "5Tq!Ld8x,Wz0y" "\x1d" "93dGh5"
#define KEFIR "0104607654321015" "21" "Kp2&Rt9sQm4vk" "\x1d" "93Ab1c"

static const PdDeskTiming fast = {
  .first_poll_ms = 20,
  .max_poll_ms = 120,
  .first_retry_ms = 30,
  .max_retry_ms = 200,
  .polls_per_hour = 1000000,
};

typedef struct
{
  PdFakeMarket   *market;
  PdMarketClient *client;
  char           *dir;
  char           *journal_path;
  PdJournal      *journal;
  PdDesk         *desk;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  fixture->market = pd_fake_market_new (NULL, 5, 20);
  pd_fake_market_set_verification_delay (fixture->market, 40);
  pd_fake_market_listen (fixture->market, 0, &error);
  g_assert_no_error (error);
  url = pd_fake_market_dup_url (fixture->market);
  fixture->client = pd_market_client_new (url, PD_FAKE_MARKET_DEFAULT_KEY, &error);
  g_assert_no_error (error);
  pd_market_client_set_retry_policy (fixture->client, 2, 5);

  fixture->dir = g_dir_make_tmp ("packdesk-desk-XXXXXX", &error);
  fixture->journal_path = g_build_filename (fixture->dir, "journal.sqlite3", NULL);
  fixture->journal = pd_test_open_journal (fixture->journal_path, &error);
  g_assert_no_error (error);
  fixture->desk = pd_desk_new (fixture->client, fixture->journal);
  pd_desk_set_timing (fixture->desk, &fast);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->desk);
  g_clear_object (&fixture->journal);
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->market);
  /* Deliveries of the last answers may still be queued. */
  pd_test_wait_ms (20);
  pd_test_remove_tree (fixture->dir);
  g_free (fixture->journal_path);
  g_free (fixture->dir);
}

/* ---- Steps. ---- */

static PdOrder *
fetch_order (Fixture *fixture,
             gint64   order_id)
{
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GError) error = NULL;
  PdOrderFilter filter = { .order_ids = &order_id, .n_order_ids = 1 };

  orders = pd_test_list_orders (fixture->client, PD_FAKE_BUSINESS_ID, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (orders->len, ==, 1);
  return g_object_ref (g_ptr_array_index (orders, 0));
}

static PdPackingOrder *
open_order (Fixture *fixture,
            PdDesk  *desk,
            gint64   order_id)
{
  g_autoptr(PdOrder) order = fetch_order (fixture, order_id);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  PdPackingOrder *packing;

  pd_desk_open_order_async (desk, order, NULL, pd_test_keep_result, &result);
  packing = pd_desk_open_order_finish (desk, pd_test_wait_for (&result), &error);
  g_assert_no_error (error);
  return packing;
}

static PdUnit *
capture (Fixture        *fixture,
         PdPackingOrder *packing,
         const char     *raw,
         GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_desk_capture_async (fixture->desk, packing, raw, PD_CAPTURE_SOURCE_SCANNER, NULL,
                         pd_test_keep_result, &result);
  return pd_desk_capture_finish (fixture->desk, pd_test_wait_for (&result), error);
}

/* Captures the code FORMAT gives and checks it was taken. */
static PdUnit *capture_ok (Fixture        *fixture,
                           PdPackingOrder *packing,
                           const char     *format,
                           ...) G_GNUC_PRINTF (3, 4);

static PdUnit *
capture_ok (Fixture        *fixture,
            PdPackingOrder *packing,
            const char     *format,
            ...)
{
  g_autofree char *raw = NULL;
  g_autoptr(GError) error = NULL;
  PdUnit *unit;
  va_list args;

  va_start (args, format);
  raw = g_strdup_vprintf (format, args);
  va_end (args);
  unit = capture (fixture, packing, raw, &error);

  g_assert_no_error (error);
  /* Shown as captured only once the journal has it. */
  g_assert_cmpint (pd_unit_get_state (unit), !=, PD_UNIT_STATE_EMPTY);
  g_object_unref (unit);
  return unit;
}

static gboolean
is_ready (gpointer data)
{
  return pd_packing_order_is_ready (data);
}

static gboolean
outbox_empty (gpointer data)
{
  return pd_desk_get_outbox_length (data) == 0;
}

static gboolean
review_has_items (gpointer data)
{
  return g_list_model_get_n_items (data) > 0;
}

static gboolean
mark_ready (Fixture        *fixture,
            PdPackingOrder *packing,
            GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_desk_mark_ready_async (fixture->desk, packing, NULL, pd_test_keep_result, &result);
  return pd_desk_mark_ready_finish (fixture->desk, pd_test_wait_for (&result), error);
}

static PdOrder *
add_order (Fixture    *fixture,
           gint64      campaign_id,
           const char *program)
{
  return pd_fake_market_add_order (fixture->market, campaign_id, program);
}

static const char *cis[] = { "CIS", NULL };
static const char *cis_optional[] = { "CIS_OPTIONAL", NULL };
static const char *uin[] = { "UIN", NULL };
static const char *gtd[] = { "GTD", NULL };

/* ---- Tests. ---- */

static void
test_fbs_flow (Fixture       *fixture,
               gconstpointer  data)
{
  PdOrder *order = add_order (fixture, PD_FAKE_CAMPAIGN_FBS, "FBS");
  g_autoptr(PdPackingOrder) packing = NULL;
  g_autoptr(GError) error = NULL;
  PdUnit *first, *second;

  pd_order_add_item (order, pd_order_item_new (801, "SHOE-42", "Кроссовки беговые, 42", 2, cis));
  pd_order_add_item (order, pd_order_item_new (802, "MUG", "Кружка", 1, NULL));
  packing = open_order (fixture, fixture->desk, pd_order_get_id (order));
  g_assert_cmpuint (g_list_model_get_n_items (pd_packing_order_get_units (packing)), ==, 2);
  g_assert_false (pd_packing_order_is_ready (packing));
  g_assert_nonnull (strstr (pd_packing_order_get_blocker (packing), "no code"));

  /* Not ready: marking it is refused with the reason. */
  g_assert_false (mark_ready (fixture, packing, &error));
  g_assert_error (error, PD_DESK_ERROR, PD_DESK_ERROR_NOT_READY);
  g_clear_error (&error);

  first = capture_ok (fixture, packing, SHOE_A, 'r');
  g_assert_cmpint (pd_unit_get_state (first), ==, PD_UNIT_STATE_CAPTURED);
  g_assert_cmpint (pd_unit_get_index (first), ==, 0);
  g_assert_cmpstr (pd_unit_get_short_code (first), ==, "0104601234567893" "21" "5Tq!Ld8x,Wz0r");

  /* The same unit scanned again, with and without its crypto tail. */
  g_assert_null (capture (fixture, packing, "0104601234567893" "21" "5Tq!Ld8x,Wz0r", &error));
  g_assert_error (error, PD_DESK_ERROR, PD_DESK_ERROR_DUPLICATE);
  g_clear_error (&error);

  /* The last code completes the order: it goes out, is checked, and turns OK. */
  second = capture_ok (fixture, packing, SHOE_A, 'q');
  g_assert_cmpint (pd_unit_get_index (second), ==, 1);
  g_assert_true (pd_test_wait_until (is_ready, packing));
  g_assert_cmpint (pd_unit_get_state (first), ==, PD_UNIT_STATE_OK);
  g_assert_cmpstr (pd_unit_get_badge (second), !=, NULL);
  g_assert_cmpuint (pd_fake_market_get_request_count (fixture->market, "setOrderBoxLayout"), ==, 1);
  g_assert_cmpuint (pd_desk_get_outbox_length (fixture->desk), ==, 0);

  g_assert_true (mark_ready (fixture, packing, &error));
  g_assert_no_error (error);
  g_assert_true (pd_packing_order_is_locked (packing));
  g_assert_cmpstr (pd_order_get_substatus (pd_fake_market_lookup_order (fixture->market, pd_order_get_id (order))),
                   ==, "READY_TO_SHIP");

  /* After READY_TO_SHIP the codes are final. */
  g_assert_null (capture (fixture, packing, "0104601234567893" "21" "5Tq!Ld8x,Wz0z", &error));
  g_assert_error (error, PD_DESK_ERROR, PD_DESK_ERROR_LOCKED);
}

static void
test_invalid_reviewed_and_replaced (Fixture       *fixture,
                                    gconstpointer  data)
{
  PdOrder *order = add_order (fixture, PD_FAKE_CAMPAIGN_EXPRESS, "EXPRESS");
  g_autoptr(PdPackingOrder) packing = NULL;
  g_autoptr(PdUnit) listed = NULL;
  g_autoptr(PdUnit) replaced = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *review = pd_desk_get_review (fixture->desk);
  PdUnit *bad;

  pd_order_add_item (order, pd_order_item_new (811, "COAT", "Пальто женское", 1, cis));
  packing = open_order (fixture, fixture->desk, pd_order_get_id (order));

  /* The fake Market finds a serial ending in I invalid: a bad crypto tail. */
  bad = capture_ok (fixture, packing, SHOE_A, 'I');
  g_assert_true (pd_test_wait_until (review_has_items, review));
  g_assert_cmpint (pd_unit_get_state (bad), ==, PD_UNIT_STATE_INVALID);
  g_assert_nonnull (pd_unit_get_explanation (bad));
  g_assert_nonnull (pd_unit_get_action (bad));
  listed = g_list_model_get_item (review, 0);
  g_assert_true (listed == bad);
  g_assert_false (pd_packing_order_is_ready (packing));

  pd_desk_replace_async (fixture->desk, bad, "0104601234567893" "21" "5Tq!Ld8x,Wz0k" "\x1d" "93dGh5",
                         PD_CAPTURE_SOURCE_SCANNER, NULL, pd_test_keep_result, &result);
  replaced = pd_desk_replace_finish (fixture->desk, pd_test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_true (replaced == bad);
  /* Still listed, with its new code on its way, so the row does not vanish under the packer's
   * pointer; out of the review once the Market has verified it. */
  g_assert_cmpuint (g_list_model_get_n_items (review), ==, 1);
  g_assert_cmpint (pd_unit_get_state (bad), !=, PD_UNIT_STATE_INVALID);
  g_assert_true (pd_test_wait_until (is_ready, packing));
  g_assert_cmpint (pd_unit_get_state (bad), ==, PD_UNIT_STATE_OK);
  g_assert_cmpuint (g_list_model_get_n_items (review), ==, 0);
}

static void
test_failed_is_retried (Fixture       *fixture,
                        gconstpointer  data)
{
  PdOrder *order = add_order (fixture, PD_FAKE_CAMPAIGN_FBS, "FBS");
  g_autoptr(PdPackingOrder) packing = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  PdUnit *unit;

  pd_order_add_item (order, pd_order_item_new (821, "DRESS", "Платье", 1, cis));
  packing = open_order (fixture, fixture->desk, pd_order_get_id (order));
  /* F: the Market could not check it the first time ("try again later"). */
  unit = capture_ok (fixture, packing, SHOE_A, 'F');
  g_assert_true (pd_test_wait_until (review_has_items, pd_desk_get_review (fixture->desk)));
  g_assert_cmpint (pd_unit_get_state (unit), ==, PD_UNIT_STATE_FAILED);

  pd_desk_submit_async (fixture->desk, packing, NULL, pd_test_keep_result, &result);
  g_assert_true (pd_desk_submit_finish (fixture->desk, pd_test_wait_for (&result), &error));
  g_assert_true (pd_test_wait_until (is_ready, packing));
  g_assert_cmpint (pd_unit_get_state (unit), ==, PD_UNIT_STATE_OK);
}

static void
test_dbs_order (Fixture       *fixture,
                gconstpointer  data)
{
  PdOrder *order = add_order (fixture, PD_FAKE_CAMPAIGN_DBS, "DBS");
  g_autoptr(PdPackingOrder) packing = NULL;
  g_autoptr(GError) error = NULL;
  PdUnit *ring, *declaration;

  pd_order_add_item (order, pd_order_item_new (831, "RING", "Кольцо, золото 585", 1, uin));
  pd_order_add_item (order, pd_order_item_new (832, "KETTLE", "Чайник", 1, gtd));
  packing = open_order (fixture, fixture->desk, pd_order_get_id (order));

  /* Each empty unit asks for its own kind of code. */
  {
    g_autoptr(PdUnit) empty_ring = g_list_model_get_item (pd_packing_order_get_units (packing), 0);
    g_autoptr(PdUnit) empty_kettle = g_list_model_get_item (pd_packing_order_get_units (packing), 1);

    g_assert_nonnull (strstr (pd_unit_get_action (empty_ring), "UIN"));
    g_assert_nonnull (strstr (pd_unit_get_action (empty_kettle), "customs declaration"));
  }

  /* Its codes go without boxes: there are none to lay out. */
  {
    g_autoptr(GAsyncResult) boxed = NULL;

    pd_desk_add_box_async (fixture->desk, packing, NULL, pd_test_keep_result, &boxed);
    g_assert_false (pd_desk_change_boxes_finish (fixture->desk, pd_test_wait_for (&boxed), &error));
    g_assert_error (error, PD_DESK_ERROR, PD_DESK_ERROR_WRONG_KIND);
    g_clear_error (&error);
  }

  /* No item selected: each code goes to the only item that takes its kind. */
  ring = capture_ok (fixture, packing, RING_UIN, '7');
  g_assert_cmpint (pd_unit_get_item_id (ring), ==, 831);

  /* A country code before its declaration is refused; after it, it completes the unit. */
  g_assert_null (capture (fixture, packing, "CN", &error));
  g_assert_error (error, PD_DESK_ERROR, PD_DESK_ERROR_WRONG_KIND);
  g_clear_error (&error);
  declaration = capture_ok (fixture, packing, "%s", "10702030/250123/0012345");
  g_assert_cmpint (pd_unit_get_item_id (declaration), ==, 832);
  /* Kept, but not done until its country is in, and the badge says so. */
  g_assert_cmpstr (pd_unit_get_badge (declaration), ==, "Needs country");
  g_assert_cmpint (pd_unit_get_severity (declaration), ==, PD_SEVERITY_WARNING);
  g_assert_true (capture_ok (fixture, packing, "%s", "CN") == declaration);
  g_assert_cmpstr (pd_unit_get_entry (declaration)->country_code, ==, "CN");

  /* Every kind of code is shown on its unit, the declaration with its country. */
  g_assert_cmpstr (pd_unit_get_short_code (ring), ==, "0176262888892467");
  g_assert_cmpstr (pd_unit_get_short_code (declaration), ==, "10702030/250123/0012345 · CN");

  g_assert_true (pd_test_wait_until (is_ready, packing));
  g_assert_cmpint (pd_unit_get_state (ring), ==, PD_UNIT_STATE_NOT_VERIFIED);
  g_assert_cmpuint (pd_fake_market_get_request_count (fixture->market, "provideOrderItemIdentifiers"), ==, 1);
  g_assert_cmpuint (pd_fake_market_get_request_count (fixture->market, "setOrderBoxLayout"), ==, 0);
  g_assert_true (mark_ready (fixture, packing, &error));
  g_assert_no_error (error);
}

static void
test_uin_and_cis_assignment (Fixture       *fixture,
                             gconstpointer  data)
{
  PdOrder *order = add_order (fixture, PD_FAKE_CAMPAIGN_FBS, "FBS");
  g_autoptr(PdPackingOrder) packing = NULL;
  g_autoptr(PdPackingOrder) later = NULL;
  g_autoptr(GError) error = NULL;
  PdOrder *next;
  PdUnit *unit;

  pd_order_add_item (order, pd_order_item_new (841, "RING", "Кольцо", 1, uin));
  pd_order_add_item (order, pd_order_item_new (842, "SHOE-A", "Кеды, белые", 1, cis));
  pd_order_add_item (order, pd_order_item_new (843, "SHOE-B", "Кеды, чёрные", 1, cis));
  pd_order_add_item (order, pd_order_item_new (844, "SCARF", "Шарф", 1, cis_optional));
  packing = open_order (fixture, fixture->desk, pd_order_get_id (order));

  /* A product barcode, and a CIS that three items could take: the packer must choose. */
  g_assert_null (capture (fixture, packing, "4607258546067", &error));
  g_assert_error (error, PD_DESK_ERROR, PD_DESK_ERROR_INVALID_CODE);
  g_clear_error (&error);
  g_assert_null (capture (fixture, packing, "0104601234567893" "21" "5Tq!Ld8x,Wz0a" "\x1d" "93dGh5", &error));
  g_assert_error (error, PD_DESK_ERROR, PD_DESK_ERROR_CHOOSE_ITEM);
  g_clear_error (&error);

  unit = capture_ok (fixture, packing, RING_UIN, '1');
  g_assert_cmpint (pd_unit_get_item_id (unit), ==, 841);
  g_assert_null (capture (fixture, packing, "0176262888892462", &error));
  g_assert_error (error, PD_DESK_ERROR, PD_DESK_ERROR_TOO_MANY);
  g_clear_error (&error);

  pd_packing_order_set_selected_item (packing, 842);
  g_assert_cmpint (pd_unit_get_item_id (capture_ok (fixture, packing, SHOE_A, 'a')), ==, 842);
  pd_packing_order_set_selected_item (packing, 843);
  g_assert_cmpint (pd_unit_get_item_id (capture_ok (fixture, packing, SHOE_B, 'a')), ==, 843);
  /* The ring is full, so the selection is no hint: the CIS would go to the only empty unit,
   * the scarf's, but its GTIN is the white sneakers'. */
  pd_packing_order_set_selected_item (packing, 841);
  g_assert_null (capture (fixture, packing, "0104601234567893" "21" "5Tq!Ld8x,Wz0c" "\x1d" "93dGh5", &error));
  g_assert_error (error, PD_DESK_ERROR, PD_DESK_ERROR_OTHER_PRODUCT);
  g_assert_nonnull (strstr (error->message, "“Кеды, белые” (GTIN 04601234567893), not of “Шарф”"));
  g_clear_error (&error);

  /* The optional scarf never blocks the order. */
  g_assert_true (pd_test_wait_until (is_ready, packing));

  /* Another order with both shoes: Packdesk remembers which GTIN is which offer. */
  next = add_order (fixture, PD_FAKE_CAMPAIGN_FBS, "FBS");
  pd_order_add_item (next, pd_order_item_new (851, "SHOE-A", "Кеды, белые", 1, cis));
  pd_order_add_item (next, pd_order_item_new (852, "SHOE-B", "Кеды, чёрные", 1, cis));
  later = open_order (fixture, fixture->desk, pd_order_get_id (next));
  g_assert_cmpint (pd_unit_get_item_id (capture_ok (fixture, later, SHOE_B, 'b')), ==, 852);
  g_assert_cmpint (pd_unit_get_item_id (capture_ok (fixture, later, SHOE_A, 'b')), ==, 851);
}

/* Water ×3 and milk ×1: the first scan goes to the highlighted unit, and once the water is
 * full (the packer's pick still on it) the milk's code goes to the milk. */
static void
test_scan_goes_where_meant (Fixture       *fixture,
                            gconstpointer  data)
{
  PdOrder *order = add_order (fixture, PD_FAKE_CAMPAIGN_FBS, "FBS");
  g_autoptr(PdPackingOrder) packing = NULL;
  PdUnit *next;

  pd_order_add_item (order, pd_order_item_new (901, "WATER", "Вода питьевая", 3, cis));
  pd_order_add_item (order, pd_order_item_new (902, "MILK", "Молоко 3,2 %", 1, cis));
  packing = open_order (fixture, fixture->desk, pd_order_get_id (order));

  next = pd_packing_order_get_next_empty (packing);
  g_assert_cmpint (pd_unit_get_item_id (next), ==, 901);
  g_assert_true (capture_ok (fixture, packing, WATER, 'a') == next);
  pd_packing_order_set_selected_item (packing, 901);
  g_assert_cmpint (pd_unit_get_item_id (capture_ok (fixture, packing, WATER, 'b')), ==, 901);
  g_assert_cmpint (pd_unit_get_item_id (capture_ok (fixture, packing, WATER, 'c')), ==, 901);

  /* The water is full: the highlight moves on, and so does the next scan. */
  g_assert_cmpint (pd_unit_get_item_id (pd_packing_order_get_next_empty (packing)), ==, 902);
  g_assert_cmpint (pd_unit_get_item_id (capture_ok (fixture, packing, MILK, 'a')), ==, 902);
  g_assert_true (pd_packing_order_is_complete (packing));
}

/* An optional code beside one mandatory unit never stands in the mandatory unit's way; when two
 * items could take a code and nothing tells them apart, the message names them. */
static void
test_choose_names_items (Fixture       *fixture,
                         gconstpointer  data)
{
  PdOrder *order = add_order (fixture, PD_FAKE_CAMPAIGN_FBS, "FBS");
  PdOrder *two = add_order (fixture, PD_FAKE_CAMPAIGN_FBS, "FBS");
  g_autoptr(PdPackingOrder) packing = NULL;
  g_autoptr(PdPackingOrder) rings = NULL;
  g_autoptr(GError) error = NULL;

  pd_order_add_item (order, pd_order_item_new (911, "SCARF", "Шарф", 2, cis_optional));
  pd_order_add_item (order, pd_order_item_new (912, "BOOTS", "Сапоги", 1, cis));
  packing = open_order (fixture, fixture->desk, pd_order_get_id (order));
  g_assert_cmpint (pd_unit_get_item_id (capture_ok (fixture, packing, SHOE_A, 'w')), ==, 912);

  pd_order_add_item (two, pd_order_item_new (913, "RING-1", "Кольцо", 1, uin));
  pd_order_add_item (two, pd_order_item_new (914, "RING-2", "Серьги", 1, uin));
  pd_order_add_item (two, pd_order_item_new (915, "BAG", "Сумка", 1, cis));
  rings = open_order (fixture, fixture->desk, pd_order_get_id (two));
  pd_packing_order_set_selected_item (rings, 915);
  g_assert_null (capture (fixture, rings, RING_UIN_FULL, &error));
  g_assert_error (error, PD_DESK_ERROR, PD_DESK_ERROR_CHOOSE_ITEM);
  g_assert_nonnull (strstr (error->message, "“Кольцо”, “Серьги”"));
}

/* A code whose GTIN the desk knows for another product is refused with that product's name;
 * scanned again at once, it is kept. Units of one item do not take two GTINs silently. */
static void
test_other_products_code (Fixture       *fixture,
                          gconstpointer  data)
{
  PdOrder *shoes = add_order (fixture, PD_FAKE_CAMPAIGN_FBS, "FBS");
  PdOrder *kefir = add_order (fixture, PD_FAKE_CAMPAIGN_FBS, "FBS");
  g_autoptr(PdPackingOrder) first = NULL;
  g_autoptr(PdPackingOrder) packing = NULL;
  g_autoptr(GError) error = NULL;

  pd_order_add_item (shoes, pd_order_item_new (921, "SHOE-CHELSEA-39", "Ботинки челси", 1, cis));
  first = open_order (fixture, fixture->desk, pd_order_get_id (shoes));
  capture_ok (fixture, first, SHOE_A, 'x');
  g_assert_true (pd_test_wait_until (is_ready, first));

  pd_order_add_item (kefir, pd_order_item_new (922, "KEFIR", "Кефир 1 %", 3, cis));
  packing = open_order (fixture, fixture->desk, pd_order_get_id (kefir));
  g_assert_null (capture (fixture, packing, KEFIR_LIKE_SHOE, &error));
  g_assert_error (error, PD_DESK_ERROR, PD_DESK_ERROR_OTHER_PRODUCT);
  g_assert_nonnull (strstr (error->message, "SHOE-CHELSEA-39"));
  g_assert_nonnull (strstr (error->message, "scan it again"));
  g_clear_error (&error);
  /* The packer knows better: the same code again is kept. */
  g_assert_cmpint (pd_unit_get_item_id (capture_ok (fixture, packing, "%s", KEFIR_LIKE_SHOE)), ==, 922);

  /* The next kefir unit with a kefir of another GTIN is refused once too. */
  g_assert_null (capture (fixture, packing, KEFIR, &error));
  g_assert_error (error, PD_DESK_ERROR, PD_DESK_ERROR_OTHER_PRODUCT);
  g_assert_nonnull (strstr (error->message, "GTIN 04601234567893; this one is of GTIN 04607654321015"));
}

/* A product's barcode is no marking code, but when the desk knows it for an item of the order
 * (by the GTIN on that item's codes), it picks that item for the next codes. */
static void
test_barcode_picks_item (Fixture       *fixture,
                         gconstpointer  data)
{
  PdOrder *order = add_order (fixture, PD_FAKE_CAMPAIGN_FBS, "FBS");
  g_autoptr(PdPackingOrder) packing = NULL;
  g_autoptr(GError) error = NULL;

  pd_order_add_item (order, pd_order_item_new (931, "WATER-05", "Вода питьевая", 2, cis));
  pd_order_add_item (order, pd_order_item_new (932, "MILK-1L", "Молоко 3,2 %", 2, cis));
  packing = open_order (fixture, fixture->desk, pd_order_get_id (order));
  capture_ok (fixture, packing, WATER, 'p');
  pd_packing_order_set_selected_item (packing, 932);
  capture_ok (fixture, packing, MILK, 'p');
  pd_packing_order_set_selected_item (packing, 931);
  g_assert_cmpstr (pd_desk_lookup_gtin (fixture->desk, "MILK-1L"), ==, "04607654321015");

  /* The milk's EAN-13: the next code goes to the milk, though the water was picked. */
  g_assert_null (capture (fixture, packing, "4607654321015", &error));
  g_assert_error (error, PD_DESK_ERROR, PD_DESK_ERROR_ITEM_PICKED);
  g_assert_nonnull (strstr (error->message, "Молоко"));
  g_clear_error (&error);
  g_assert_cmpint (pd_packing_order_get_selected_item (packing), ==, 932);
  g_assert_cmpint (pd_unit_get_item_id (pd_packing_order_get_next_empty (packing)), ==, 932);
  /* The same GTIN as fourteen digits (an ITF-14 or a GS1 scan) picks the water back. */
  g_assert_null (capture (fixture, packing, "04601234567893", &error));
  g_assert_error (error, PD_DESK_ERROR, PD_DESK_ERROR_ITEM_PICKED);
  g_clear_error (&error);
  g_assert_cmpint (pd_packing_order_get_selected_item (packing), ==, 931);

  /* A barcode of nothing in the order is refused as before. */
  g_assert_null (capture (fixture, packing, "4607258546067", &error));
  g_assert_error (error, PD_DESK_ERROR, PD_DESK_ERROR_INVALID_CODE);
}

typedef struct
{
  PdBoxLayout *layout;
  gint64       item_id;
  guint        unit;
  guint        box;
} BoxWait;

static gboolean
unit_in_box (gpointer data)
{
  BoxWait *wait = data;

  return pd_box_layout_get_box (wait->layout, wait->item_id, wait->unit) == wait->box;
}

/* Two boxes: the packer opens the second, the next scan's unit lies in it, the mug is moved
 * there too, and the first box gets the other pair of shoes. The layout goes with the codes,
 * each box carrying its own units' codes; it survives a new desk on the same journal. */
static void
test_two_boxes (Fixture       *fixture,
                gconstpointer  data)
{
  PdOrder *order = add_order (fixture, PD_FAKE_CAMPAIGN_FBS, "FBS");
  g_autoptr(PdPackingOrder) packing = NULL;
  g_autoptr(PdDesk) desk = NULL;
  g_autoptr(GAsyncResult) added = NULL;
  g_autoptr(GAsyncResult) moved = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) request = NULL;
  g_autofree char *json = NULL;
  PdBoxLayout *layout;
  PdPackingOrder *again;
  BoxWait wait;
  GArray *slots;

  pd_order_add_item (order, pd_order_item_new (941, "SHOE-42", "Кроссовки", 2, cis));
  pd_order_add_item (order, pd_order_item_new (942, "MUG", "Кружка", 1, NULL));
  packing = open_order (fixture, fixture->desk, pd_order_get_id (order));
  layout = pd_packing_order_get_layout (packing);
  g_assert_cmpuint (pd_box_layout_get_n_boxes (layout), ==, 1);

  pd_desk_add_box_async (fixture->desk, packing, NULL, pd_test_keep_result, &added);
  g_assert_true (pd_desk_change_boxes_finish (fixture->desk, pd_test_wait_for (&added), &error));
  g_assert_cmpuint (pd_box_layout_get_n_boxes (layout), ==, 2);
  g_assert_cmpuint (pd_box_layout_get_current (layout), ==, 1);

  wait = (BoxWait) { layout, 941, 0, 1 };
  capture_ok (fixture, packing, SHOE_A, 'a');
  g_assert_true (pd_test_wait_until (unit_in_box, &wait));
  pd_desk_move_unit_async (fixture->desk, packing, 942, 0, 1, NULL, pd_test_keep_result, &moved);
  g_assert_true (pd_desk_change_boxes_finish (fixture->desk, pd_test_wait_for (&moved), &error));
  pd_box_layout_set_current (layout, 0);
  capture_ok (fixture, packing, SHOE_A, 'b');
  g_assert_cmpuint (pd_box_layout_get_box (layout, 941, 1), ==, 0);
  g_assert_true (pd_test_wait_until (is_ready, packing));

  /* What went to the Market: the shoes' code b in box 1, code a with the mug in box 2. */
  pd_box_layout_apply (layout);
  {
    g_autoptr(GHashTable) codes = pd_packing_order_collect_codes (packing);

    request = pd_market_json_build_boxes_request (pd_packing_order_get_order (packing), codes);
  }
  json = json_to_string (request, FALSE);
  g_assert_nonnull (strstr (json, "\"boxes\":[{\"items\":[{\"id\":941,\"fullCount\":1,\"instances\":[{\"cis\":"));
  g_assert_cmpint (strstr (json, "Wz0b") - json, <, strstr (json, "Wz0a") - json);
  g_assert_nonnull (strstr (json, "{\"id\":942,\"fullCount\":1}"));
  slots = pd_order_get_box_slots (order);
  g_assert_cmpuint (slots->len, ==, 3);
  g_assert_cmpuint (g_array_index (slots, PdBoxSlot, 2).box_index, ==, 1);
  g_assert_cmpint (g_array_index (slots, PdBoxSlot, 2).item_id, ==, 942);

  /* A new desk on the same journal finds the boxes as they were. */
  desk = pd_desk_new (fixture->client, fixture->journal);
  again = open_order (fixture, desk, pd_order_get_id (order));
  g_assert_cmpuint (pd_box_layout_get_n_boxes (pd_packing_order_get_layout (again)), ==, 2);
  g_assert_cmpuint (pd_box_layout_get_box (pd_packing_order_get_layout (again), 942, 0), ==, 1);
  g_assert_cmpuint (pd_box_layout_get_box (pd_packing_order_get_layout (again), 941, 0), ==, 1);
  g_object_unref (again);
}

/* A television too large for one box goes in two parts, each in a box of its own, beside the
 * shoes' box; the Market gets partialCount 1/2 and 2/2. A shoe pair of two units cannot be
 * split. The parts come back with a new desk on the same journal. */
static void
test_split_item (Fixture       *fixture,
                 gconstpointer  data)
{
  PdOrder *order = add_order (fixture, PD_FAKE_CAMPAIGN_FBS, "FBS");
  g_autoptr(PdPackingOrder) packing = NULL;
  g_autoptr(PdDesk) desk = NULL;
  g_autoptr(GAsyncResult) split = NULL;
  g_autoptr(GAsyncResult) refused = NULL;
  g_autoptr(GError) error = NULL;
  PdPackingOrder *again;
  GArray *slots;

  pd_order_add_item (order, pd_order_item_new (951, "SHOE-42", "Кроссовки", 2, cis));
  pd_order_add_item (order, pd_order_item_new (952, "TV-55", "Телевизор", 1, NULL));
  packing = open_order (fixture, fixture->desk, pd_order_get_id (order));

  pd_desk_split_item_async (fixture->desk, packing, 951, NULL, pd_test_keep_result, &refused);
  g_assert_false (pd_desk_change_boxes_finish (fixture->desk, pd_test_wait_for (&refused), &error));
  g_assert_error (error, PD_DESK_ERROR, PD_DESK_ERROR_TOO_MANY);
  g_clear_error (&error);

  pd_desk_split_item_async (fixture->desk, packing, 952, NULL, pd_test_keep_result, &split);
  g_assert_true (pd_desk_change_boxes_finish (fixture->desk, pd_test_wait_for (&split), &error));
  g_assert_cmpuint (pd_box_layout_get_parts (pd_packing_order_get_layout (packing), 952), ==, 2);
  g_assert_cmpuint (pd_box_layout_get_n_boxes (pd_packing_order_get_layout (packing)), ==, 3);
  /* Nothing else goes in a box that holds a part. */
  g_assert_false (pd_box_layout_move (pd_packing_order_get_layout (packing), 951, 0, 1));

  pd_box_layout_set_current (pd_packing_order_get_layout (packing), 0);
  capture_ok (fixture, packing, SHOE_A, 'c');
  capture_ok (fixture, packing, SHOE_A, 'd');
  g_assert_true (pd_test_wait_until (is_ready, packing));

  slots = pd_order_get_box_slots (order);
  g_assert_cmpuint (slots->len, ==, 3);
  g_assert_cmpuint (g_array_index (slots, PdBoxSlot, 0).full_count, ==, 2);
  g_assert_cmpuint (g_array_index (slots, PdBoxSlot, 1).partial_current, ==, 1);
  g_assert_cmpuint (g_array_index (slots, PdBoxSlot, 2).partial_current, ==, 2);
  g_assert_cmpuint (g_array_index (slots, PdBoxSlot, 2).partial_total, ==, 2);

  desk = pd_desk_new (fixture->client, fixture->journal);
  again = open_order (fixture, desk, pd_order_get_id (order));
  g_assert_cmpuint (pd_box_layout_get_parts (pd_packing_order_get_layout (again), 952), ==, 2);
  g_object_unref (again);
}

static gboolean
mug_gone (gpointer order)
{
  return pd_order_find_item (order, 973) == NULL;
}

/* Kefir out of stock, taken off the order after the shoes were scanned: its units leave the
 * desk, the order is complete without them, and the Market removes the item (allowRemove). The
 * last item left cannot go. */
static void
test_remove_item (Fixture       *fixture,
                  gconstpointer  data)
{
  PdOrder *order = add_order (fixture, PD_FAKE_CAMPAIGN_FBS, "FBS");
  g_autoptr(PdPackingOrder) packing = NULL;
  g_autoptr(PdDesk) desk = NULL;
  g_autoptr(GAsyncResult) removed = NULL;
  g_autoptr(GAsyncResult) mug = NULL;
  g_autoptr(GAsyncResult) last = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) request = NULL;
  g_autofree char *json = NULL;
  PdPackingOrder *again;

  pd_order_add_item (order, pd_order_item_new (971, "SHOE-42", "Кроссовки", 1, cis));
  pd_order_add_item (order, pd_order_item_new (972, "KEFIR", "Кефир", 2, cis));
  pd_order_add_item (order, pd_order_item_new (973, "MUG", "Кружка", 1, NULL));
  packing = open_order (fixture, fixture->desk, pd_order_get_id (order));
  g_assert_cmpuint (g_list_model_get_n_items (pd_packing_order_get_units (packing)), ==, 3);
  capture_ok (fixture, packing, SHOE_A, 'e');
  g_assert_false (pd_packing_order_is_complete (packing));

  pd_desk_remove_item_async (fixture->desk, packing, 972, NULL, pd_test_keep_result, &removed);
  g_assert_true (pd_desk_change_boxes_finish (fixture->desk, pd_test_wait_for (&removed), &error));
  g_assert_cmpuint (g_list_model_get_n_items (pd_packing_order_get_units (packing)), ==, 1);
  g_assert_true (pd_packing_order_is_complete (packing));

  pd_box_layout_apply (pd_packing_order_get_layout (packing));
  {
    g_autoptr(GHashTable) codes = pd_packing_order_collect_codes (packing);

    request = pd_market_json_build_boxes_request (pd_packing_order_get_order (packing), codes);
  }
  json = json_to_string (request, FALSE);
  g_assert_nonnull (strstr (json, "\"allowRemove\":true"));
  g_assert_null (strstr (json, "972"));

  g_assert_true (pd_test_wait_until (is_ready, packing));
  g_assert_null (pd_order_find_item (order, 972));
  g_assert_nonnull (pd_order_find_item (order, 971));

  /* The mug may go too, but then the shoes are all that is left. */
  pd_desk_remove_item_async (fixture->desk, packing, 973, NULL, pd_test_keep_result, &mug);
  g_assert_true (pd_desk_change_boxes_finish (fixture->desk, pd_test_wait_for (&mug), &error));
  pd_desk_remove_item_async (fixture->desk, packing, 971, NULL, pd_test_keep_result, &last);
  g_assert_false (pd_desk_change_boxes_finish (fixture->desk, pd_test_wait_for (&last), &error));
  g_assert_error (error, PD_DESK_ERROR, PD_DESK_ERROR_TOO_MANY);

  g_assert_true (pd_test_wait_until (mug_gone, order));

  /* A new desk on the same journal does not ask for the kefir's codes again. */
  desk = pd_desk_new (fixture->client, fixture->journal);
  again = open_order (fixture, desk, pd_order_get_id (order));
  g_assert_cmpuint (g_list_model_get_n_items (pd_packing_order_get_units (again)), ==, 1);
  g_assert_true (pd_packing_order_is_complete (again));
  g_object_unref (again);
}

static gboolean
blocked_by_mug (gpointer packing)
{
  const char *blocker = pd_packing_order_get_blocker (packing);

  return blocker != NULL && strstr (blocker, "Кружка") != NULL;
}

/* With confirmation asked for, an order is ready only once each unit without marking was
 * scanned by its barcode: the first unknown barcode is taken as the mug's, each scan counts one. */
static void
test_confirm_unmarked (Fixture       *fixture,
                       gconstpointer  data)
{
  PdOrder *order = add_order (fixture, PD_FAKE_CAMPAIGN_FBS, "FBS");
  g_autoptr(PdPackingOrder) packing = NULL;
  g_autoptr(GError) error = NULL;

  pd_desk_set_confirm_unmarked (fixture->desk, TRUE);
  pd_order_add_item (order, pd_order_item_new (981, "SHOE-42", "Кроссовки", 1, cis));
  pd_order_add_item (order, pd_order_item_new (982, "MUG-350", "Кружка", 2, NULL));
  packing = open_order (fixture, fixture->desk, pd_order_get_id (order));
  capture_ok (fixture, packing, SHOE_A, 'f');
  g_assert_true (pd_packing_order_is_complete (packing));
  /* The shoes' code verified, what holds the order back is the mugs. */
  g_assert_true (pd_test_wait_until (blocked_by_mug, packing));
  g_assert_false (pd_packing_order_is_ready (packing));

  for (guint i = 1; i <= 2; i++)
    {
      g_autofree char *said = g_strdup_printf ("%u of 2", i);

      g_assert_null (capture (fixture, packing, "4607258546067", &error));
      g_assert_error (error, PD_DESK_ERROR, PD_DESK_ERROR_CONFIRMED);
      g_assert_nonnull (strstr (error->message, said));
      g_clear_error (&error);
    }
  g_assert_null (capture (fixture, packing, "4607258546067", &error));
  g_assert_error (error, PD_DESK_ERROR, PD_DESK_ERROR_TOO_MANY);
  g_assert_true (pd_test_wait_until (is_ready, packing));
  pd_desk_set_confirm_unmarked (fixture->desk, FALSE);
}

static void
test_rate_limit_and_drop (Fixture       *fixture,
                          gconstpointer  data)
{
  PdOrder *order = add_order (fixture, PD_FAKE_CAMPAIGN_FBS, "FBS");
  g_autoptr(PdPackingOrder) packing = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint sent;
  gint64 clock_offset = 0;

  pd_order_add_item (order, pd_order_item_new (861, "SHOE", "Ботинки", 1, cis));
  packing = open_order (fixture, fixture->desk, pd_order_get_id (order));
  pd_market_client_set_clock (fixture->client, pd_test_clock, &clock_offset);

  /* The limit used up: the set stays in the outbox and no request goes before the limit's
   * time, not even the one the Market would refuse with a 420. */
  pd_fake_market_set_limit (fixture->market, "setOrderBoxLayout", 1);
  pd_fake_market_add_order (fixture->market, PD_FAKE_CAMPAIGN_FBS, "FBS");
  {
    g_autoptr(PdOrder) other = NULL;
    PdOrder *spent = add_order (fixture, PD_FAKE_CAMPAIGN_FBS, "FBS");
    g_autoptr(GHashTable) none = pd_market_codes_new ();

    pd_order_add_item (spent, pd_order_item_new (869, "MUG", "Кружка", 1, NULL));
    other = fetch_order (fixture, pd_order_get_id (spent));
    g_assert_true (pd_test_set_boxes (fixture->client, other, none, NULL));
  }
  capture_ok (fixture, packing, SHOE_A, 'd');
  pd_test_wait_ms (300);
  sent = pd_fake_market_get_request_count (fixture->market, "setOrderBoxLayout");
  g_assert_cmpuint (sent, ==, 1);
  g_assert_cmpuint (pd_desk_get_outbox_length (fixture->desk), ==, 1);
  g_assert_nonnull (pd_packing_order_get_error (packing));
  g_assert_false (pd_packing_order_is_ready (packing));

  /* An hour later the limit is lifted: asking again sends it, now through two dropped
   * connections. */
  pd_fake_market_set_limit (fixture->market, "setOrderBoxLayout", 0);
  clock_offset = (gint64) 3601 * G_USEC_PER_SEC;
  g_assert_true (pd_fake_market_add_faults (fixture->market, "dropx3", NULL));
  pd_desk_submit_async (fixture->desk, packing, NULL, pd_test_keep_result, &result);
  g_assert_true (pd_desk_submit_finish (fixture->desk, pd_test_wait_for (&result), &error));
  g_assert_true (pd_test_wait_until (is_ready, packing));
  g_assert_cmpuint (pd_desk_get_outbox_length (fixture->desk), ==, 0);
  g_assert_null (pd_packing_order_get_error (packing));
  pd_market_client_set_clock (fixture->client, NULL, NULL);
}

/* A limit on FBS sets (setOrderBoxLayout) does not hold back the DBS set queued after one. */
static void
test_limit_holds_one_method (Fixture       *fixture,
                             gconstpointer  data)
{
  PdOrder *fbs = add_order (fixture, PD_FAKE_CAMPAIGN_FBS, "FBS");
  PdOrder *dbs = add_order (fixture, PD_FAKE_CAMPAIGN_DBS, "DBS");
  g_autoptr(PdPackingOrder) shoes = NULL;
  g_autoptr(PdPackingOrder) ring = NULL;
  g_autoptr(PdOrder) spent = NULL;
  g_autoptr(GHashTable) none = pd_market_codes_new ();

  pd_order_add_item (fbs, pd_order_item_new (871, "SHOE", "Ботинки", 1, cis));
  pd_order_add_item (dbs, pd_order_item_new (872, "RING", "Кольцо", 1, uin));
  shoes = open_order (fixture, fixture->desk, pd_order_get_id (fbs));
  ring = open_order (fixture, fixture->desk, pd_order_get_id (dbs));

  pd_fake_market_set_limit (fixture->market, "setOrderBoxLayout", 1);
  spent = fetch_order (fixture, pd_order_get_id (fbs));
  g_assert_true (pd_test_set_boxes (fixture->client, spent, none, NULL));

  capture_ok (fixture, shoes, SHOE_A, 'k');
  capture_ok (fixture, ring, RING_UIN, '3');
  g_assert_true (pd_test_wait_until (is_ready, ring));
  g_assert_cmpuint (pd_desk_get_outbox_length (fixture->desk), ==, 1);
  g_assert_false (pd_packing_order_is_ready (shoes));
  g_assert_nonnull (strstr (pd_packing_order_get_error (shoes), "pause in code submissions"));
  g_assert_cmpuint (pd_fake_market_get_request_count (fixture->market, "setOrderBoxLayout"), ==, 1);
}

/* Answers no parser should take (75,000 levels deep, not JSON, half an answer) to the sending
 * and the checking of a set: the codes stay in the journal and in the outbox, and go once the
 * Market answers properly again. */
static void
test_hostile_answers_lose_nothing (Fixture       *fixture,
                                   gconstpointer  data)
{
  PdOrder *order = add_order (fixture, PD_FAKE_CAMPAIGN_FBS, "FBS");
  g_autoptr(PdPackingOrder) packing = NULL;
  g_autoptr(GPtrArray) kept = NULL;

  pd_order_add_item (order, pd_order_item_new (891, "SHOE", "Сапоги", 2, cis));
  packing = open_order (fixture, fixture->desk, pd_order_get_id (order));
  g_assert_true (pd_fake_market_add_faults (fixture->market, "deep,notjson,truncate,deep,deep", NULL));
  capture_ok (fixture, packing, SHOE_A, 'u');
  capture_ok (fixture, packing, SHOE_A, 'v');

  g_assert_true (pd_test_wait_until (is_ready, packing));
  g_assert_true (pd_test_wait_until (outbox_empty, fixture->desk));
  kept = pd_test_load_order (fixture->journal, pd_order_get_id (order));
  g_assert_cmpuint (kept->len, ==, 2);
}

static void
test_rejected_by_market (Fixture       *fixture,
                         gconstpointer  data)
{
  PdOrder *order = add_order (fixture, PD_FAKE_CAMPAIGN_FBS, "FBS");
  g_autoptr(PdPackingOrder) packing = NULL;
  GListModel *review = pd_desk_get_review (fixture->desk);
  PdUnit *unit;

  /* The fake Market checks counts: an item of 2 that the desk believes is 1 gets a 400. */
  pd_order_add_item (order, pd_order_item_new (871, "SOCKS", "Носки", 2, cis));
  {
    g_autoptr(PdOrder) shrunk = pd_order_new (pd_order_get_id (order), PD_FAKE_CAMPAIGN_FBS, "PROCESSING",
                                              "STARTED", "FBS");
    g_autoptr(GAsyncResult) result = NULL;

    pd_order_add_item (shrunk, pd_order_item_new (871, "SOCKS", "Носки", 1, cis));
    pd_desk_open_order_async (fixture->desk, shrunk, NULL, pd_test_keep_result, &result);
    packing = pd_desk_open_order_finish (fixture->desk, pd_test_wait_for (&result), NULL);
  }
  unit = capture_ok (fixture, packing, SHOE_A, 'e');
  g_assert_true (pd_test_wait_until (review_has_items, review));
  g_assert_cmpint (pd_unit_get_state (unit), ==, PD_UNIT_STATE_REJECTED);
  g_assert_nonnull (strstr (pd_unit_get_explanation (unit), "871"));
  /* A refused set leaves the outbox: sending it again would only be refused again. */
  g_assert_true (pd_test_wait_until (outbox_empty, fixture->desk));
  pd_test_wait_ms (100);
  g_assert_cmpuint (pd_fake_market_get_request_count (fixture->market, "setOrderBoxLayout"), ==, 1);
}

static void
test_import_export (Fixture       *fixture,
                    gconstpointer  data)
{
  PdOrder *order = add_order (fixture, PD_FAKE_CAMPAIGN_FBS, "FBS");
  g_autoptr(PdPackingOrder) packing = NULL;
  g_autofree char *in_path = g_build_filename (fixture->dir, "codes.csv", NULL);
  g_autofree char *out_path = g_build_filename (fixture->dir, "order.csv", NULL);
  g_autoptr(GFile) in = g_file_new_for_path (in_path);
  g_autoptr(GFile) out = g_file_new_for_path (out_path);
  g_autoptr(GAsyncResult) imported = NULL;
  g_autoptr(GAsyncResult) exported = NULL;
  g_auto(GStrv) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  guint accepted;
  const char *text = "881,0104601234567893215Tq!Ld8x,Wz0m<GS>93dGh5\n"
                     "\n"
                     "0104607654321015" "21" "Kp2&Rt9sQm4vm" "\x1d" "93Ab1c\n"
                     "4607258546067\n";

  pd_order_add_item (order, pd_order_item_new (881, "SHOE-A", "Кеды, белые", 1, cis));
  pd_order_add_item (order, pd_order_item_new (882, "SHOE-B", "Кеды, чёрные", 1, cis));
  packing = open_order (fixture, fixture->desk, pd_order_get_id (order));
  g_assert_true (g_file_set_contents (in_path, text, -1, NULL));
  /* Whoever is at the desk is named with each code, in both exports. */
  pd_desk_set_packer (fixture->desk, "  Иван П. ");

  pd_desk_import_async (fixture->desk, packing, in, NULL, pd_test_keep_result, &imported);
  accepted = pd_desk_import_finish (fixture->desk, pd_test_wait_for (&imported), &problems, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (accepted, ==, 2);
  g_assert_cmpuint (g_strv_length (problems), ==, 1);
  g_assert_true (g_str_has_prefix (problems[0], "Line 4: "));
  g_assert_true (pd_test_wait_until (is_ready, packing));

  pd_desk_export_async (fixture->desk, packing, out, NULL, pd_test_keep_result, &exported);
  g_assert_true (pd_desk_export_finish (fixture->desk, pd_test_wait_for (&exported), &error));
  g_assert_true (g_file_get_contents (out_path, &csv, NULL, NULL));
  /* A BOM, so a spreadsheet reads UTF-8; commas in the C locale. */
  g_assert_true (g_str_has_prefix (csv, PD_CSV_BOM "order_id,item_id,offer_id,"));
  g_assert_nonnull (strstr (csv, ",881,SHOE-A,"));
  /* A code with a comma is quoted, GS is written as <GS>, the source and verdict are there. */
  g_assert_nonnull (strstr (csv, "\"0104601234567893215Tq!Ld8x,Wz0m<GS>93dGh5\""));
  g_assert_nonnull (strstr (csv, ",file,"));
  g_assert_nonnull (strstr (csv, ",ok,OK,"));
  g_assert_nonnull (strstr (csv, ",Иван П.\n"));

  /* Everything the journal holds, in one file. */
  {
    g_autofree char *all_path = g_build_filename (fixture->dir, "all.csv", NULL);
    g_autoptr(GFile) all = g_file_new_for_path (all_path);
    g_autoptr(GAsyncResult) exported_all = NULL;
    g_autofree char *all_csv = NULL;

    pd_desk_export_all_async (fixture->desk, all, NULL, pd_test_keep_result, &exported_all);
    g_assert_true (pd_desk_export_finish (fixture->desk, pd_test_wait_for (&exported_all), &error));
    g_assert_true (g_file_get_contents (all_path, &all_csv, NULL, NULL));
    g_assert_true (g_str_has_prefix (all_csv, PD_CSV_BOM "order_id,item_id,offer_id,unit,kind,code,"));
    g_assert_nonnull (strstr (all_csv, "\"0104601234567893215Tq!Ld8x,Wz0m<GS>93dGh5\""));
    g_assert_nonnull (strstr (all_csv, ",file,"));
    g_assert_nonnull (strstr (all_csv, ",Иван П.\n"));
  }
}

/* A seller's files: a spreadsheet's BOM, a header, semicolons, CRLF, offer ids; and the desk's
 * own export, read back into a fresh order. Every refused line is named. */
static void
test_import_sellers_files (Fixture       *fixture,
                           gconstpointer  data)
{
  PdOrder *order = add_order (fixture, PD_FAKE_CAMPAIGN_DBS, "DBS");
  PdOrder *again = add_order (fixture, PD_FAKE_CAMPAIGN_DBS, "DBS");
  g_autoptr(PdPackingOrder) packing = NULL;
  g_autoptr(PdPackingOrder) second = NULL;
  g_autofree char *sheet_path = g_build_filename (fixture->dir, "sheet.csv", NULL);
  g_autofree char *export_path = g_build_filename (fixture->dir, "export.csv", NULL);
  g_autoptr(GFile) sheet = g_file_new_for_path (sheet_path);
  g_autoptr(GFile) exported_file = g_file_new_for_path (export_path);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) exported = NULL;
  g_autoptr(GAsyncResult) reimported = NULL;
  g_auto(GStrv) problems = NULL;
  g_auto(GStrv) none = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *other_path = g_build_filename (fixture->dir, "other-desk", "journal.sqlite3", NULL);
  g_autoptr(PdJournal) other_journal = NULL;
  g_autoptr(PdDesk) other_desk = NULL;
  g_autoptr(PdUnit) declaration = NULL;
  const char *text = PD_CSV_BOM "offer_id;code;country_code\r\n"
                     "SHOE-A;0104601234567893215Tq!Ld8x,Wz0s<GS>93dGh5\r\n"
                     "KETTLE;10702030/250123/0012345;CN\r\n"
                     "NOPE;not a code at all\r\n"
                     "SHOE-A;also not a code\r\n";

  pd_order_add_item (order, pd_order_item_new (931, "SHOE-A", "Кеды", 1, cis));
  pd_order_add_item (order, pd_order_item_new (932, "KETTLE", "Чайник", 1, gtd));
  packing = open_order (fixture, fixture->desk, pd_order_get_id (order));
  g_assert_true (g_file_set_contents (sheet_path, text, -1, NULL));

  pd_desk_import_async (fixture->desk, packing, sheet, NULL, pd_test_keep_result, &result);
  g_assert_cmpuint (pd_desk_import_finish (fixture->desk, pd_test_wait_for (&result), &problems, &error), ==, 3);
  g_assert_no_error (error);
  /* The code, the declaration and its country; the two bad lines, each by its number. */
  g_assert_cmpuint (g_strv_length (problems), ==, 2);
  g_assert_true (g_str_has_prefix (problems[0], "Line 4: "));
  g_assert_true (g_str_has_prefix (problems[1], "Line 5: "));
  g_assert_true (pd_packing_order_is_complete (packing));

  /* The desk's export, read by another desk (its own journal) into an order of the same
   * products: every code, the declaration's country too. */
  pd_desk_export_async (fixture->desk, packing, exported_file, NULL, pd_test_keep_result, &exported);
  g_assert_true (pd_desk_export_finish (fixture->desk, pd_test_wait_for (&exported), &error));
  pd_order_add_item (again, pd_order_item_new (941, "SHOE-A", "Кеды", 1, cis));
  pd_order_add_item (again, pd_order_item_new (942, "KETTLE", "Чайник", 1, gtd));
  other_journal = pd_test_open_journal (other_path, &error);
  g_assert_no_error (error);
  other_desk = pd_desk_new (fixture->client, other_journal);
  pd_desk_set_timing (other_desk, &fast);
  second = open_order (fixture, other_desk, pd_order_get_id (again));
  pd_desk_import_async (other_desk, second, exported_file, NULL, pd_test_keep_result, &reimported);
  g_assert_cmpuint (pd_desk_import_finish (other_desk, pd_test_wait_for (&reimported), &none, &error), ==, 3);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (none), ==, 0);
  g_assert_true (pd_packing_order_is_complete (second));
  declaration = g_list_model_get_item (pd_packing_order_get_units (second), 1);
  g_assert_cmpstr (pd_unit_get_short_code (declaration), ==, "10702030/250123/0012345 · CN");
  g_assert_true (pd_test_wait_until (is_ready, second));
}

/* A million bad lines are read one after another in bounded memory and reported in a hundred
 * lines and a count; a file far larger than any order's codes is refused before it is read. */
static void
test_import_million_lines (Fixture       *fixture,
                           gconstpointer  data)
{
  PdOrder *order = add_order (fixture, PD_FAKE_CAMPAIGN_FBS, "FBS");
  g_autoptr(PdPackingOrder) packing = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "million.txt", NULL);
  g_autofree char *huge_path = g_build_filename (fixture->dir, "huge.txt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) huge = g_file_new_for_path (huge_path);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) refused = NULL;
  g_auto(GStrv) problems = NULL;
  g_autoptr(GError) error = NULL;
  struct rusage before, after;
  guint accepted;

  pd_order_add_item (order, pd_order_item_new (885, "SHOE", "Кеды", 1, cis));
  packing = open_order (fixture, fixture->desk, pd_order_get_id (order));
  for (guint i = 0; i < 1000000; i++)
    g_string_append (text, "x\n");
  g_string_append_printf (text, SHOE_A "\n", 'z');
  g_assert_true (g_file_set_contents (path, text->str, text->len, NULL));

  getrusage (RUSAGE_SELF, &before);
  pd_desk_import_async (fixture->desk, packing, file, NULL, pd_test_keep_result, &result);
  accepted = pd_desk_import_finish (fixture->desk, pd_test_wait_for (&result), &problems, &error);
  getrusage (RUSAGE_SELF, &after);
  g_assert_no_error (error);
  g_assert_cmpuint (accepted, ==, 1);
  g_assert_cmpuint (g_strv_length (problems), ==, 101);
  g_assert_true (g_str_has_prefix (problems[0], "Line 1: "));
  g_assert_cmpstr (problems[100], ==, "…and 999900 more lines were refused.");
  g_test_message ("peak RSS %ld → %ld KiB", before.ru_maxrss, after.ru_maxrss);
  if (PD_TEST_MEMORY_IS_MEASURED)
    g_assert_cmpint (after.ru_maxrss - before.ru_maxrss, <, 64 * 1024);

  /* 5 MiB: larger than any order's codes. */
  g_string_set_size (text, 5 * 1024 * 1024);
  memset (text->str, 'x', text->len);
  g_assert_true (g_file_set_contents (huge_path, text->str, text->len, NULL));
  pd_desk_import_async (fixture->desk, packing, huge, NULL, pd_test_keep_result, &refused);
  g_assert_cmpuint (pd_desk_import_finish (fixture->desk, pd_test_wait_for (&refused), NULL, &error), ==, 0);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "larger than 4 MiB"));
}

static void
test_resume (Fixture       *fixture,
             gconstpointer  data)
{
  PdOrder *order = add_order (fixture, PD_FAKE_CAMPAIGN_FBS, "FBS");
  PdOrder *failing = add_order (fixture, PD_FAKE_CAMPAIGN_FBS, "FBS");
  g_autoptr(PdPackingOrder) packing = NULL;
  g_autoptr(PdPackingOrder) problem = NULL;
  g_autoptr(PdDesk) desk = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  PdPackingOrder *resumed;
  guint attempts = 0;

  pd_order_add_item (order, pd_order_item_new (891, "SHOE", "Туфли", 1, cis));
  pd_order_add_item (failing, pd_order_item_new (892, "SHOE", "Туфли", 1, cis));
  packing = open_order (fixture, fixture->desk, pd_order_get_id (order));
  problem = open_order (fixture, fixture->desk, pd_order_get_id (failing));
  capture_ok (fixture, problem, SHOE_A, 'S');
  g_assert_true (pd_test_wait_until (review_has_items, pd_desk_get_review (fixture->desk)));

  /* The Market is away: the set waits in the outbox when the desk goes, and the desk says when
   * it tries again. */
  g_signal_connect_swapped (fixture->desk, "notify::next-attempt", G_CALLBACK (pd_test_count), &attempts);
  g_assert_true (pd_fake_market_add_faults (fixture->market, "503x1000", NULL));
  capture_ok (fixture, packing, SHOE_A, 'g');
  pd_test_wait_ms (60);
  g_assert_cmpuint (pd_desk_get_outbox_length (fixture->desk), ==, 1);
  g_assert_cmpuint (attempts, >, 0);
  g_clear_object (&fixture->desk);
  g_clear_object (&packing);
  g_clear_object (&problem);

  /* A new desk on the same journal sends it once the Market is back, and lists the problem. */
  pd_fake_market_clear_faults (fixture->market);
  desk = pd_desk_new (fixture->client, fixture->journal);
  pd_desk_set_timing (desk, &fast);
  pd_desk_resume_async (desk, PD_FAKE_BUSINESS_ID, NULL, pd_test_keep_result, &result);
  g_assert_true (pd_desk_resume_finish (desk, pd_test_wait_for (&result), &error));
  g_assert_no_error (error);
  resumed = pd_desk_lookup_order (desk, pd_order_get_id (order));
  g_assert_nonnull (resumed);
  g_assert_true (pd_test_wait_until (is_ready, resumed));
  g_assert_true (pd_test_wait_until (outbox_empty, desk));
  g_assert_cmpuint (g_list_model_get_n_items (pd_desk_get_review (desk)), ==, 1);
  fixture->desk = g_steal_pointer (&desk);
}

/* A crash between the last scan and queuing leaves captured codes and no set in the outbox:
 * the next desk opens the order, queues it and sends it by itself. */
static void
test_resume_unqueued (Fixture       *fixture,
                      gconstpointer  data)
{
  PdOrder *order = add_order (fixture, PD_FAKE_CAMPAIGN_FBS, "FBS");
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_journal_entry_free);
  g_autoptr(GAsyncResult) recorded = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdDesk) desk = NULL;
  PdPackingOrder *resumed;

  pd_order_add_item (order, pd_order_item_new (896, "SHOE", "Туфли", 2, cis));
  for (guint unit = 0; unit < 2; unit++)
    {
      g_autofree char *raw = g_strdup_printf (SHOE_A, 'm' + unit);
      g_autoptr(PdCode) code = pd_code_check (raw, PD_CODE_KIND_NONE, 0);

      g_ptr_array_add (entries, pd_journal_entry_new_for_code (PD_FAKE_CAMPAIGN_FBS, pd_order_get_id (order),
                                                               896, unit, code, PD_CAPTURE_SOURCE_SCANNER));
    }
  /* What the journal holds when the desk died right after the last capture. */
  pd_journal_record_async (fixture->journal, PD_JOURNAL_EVENT_CAPTURED, entries, NULL, pd_test_keep_result,
                           &recorded);
  g_assert_true (pd_journal_record_finish (fixture->journal, pd_test_wait_for (&recorded), &error));

  desk = pd_desk_new (fixture->client, fixture->journal);
  pd_desk_set_timing (desk, &fast);
  pd_desk_resume_async (desk, PD_FAKE_BUSINESS_ID, NULL, pd_test_keep_result, &result);
  g_assert_true (pd_desk_resume_finish (desk, pd_test_wait_for (&result), &error));
  resumed = pd_desk_lookup_order (desk, pd_order_get_id (order));
  g_assert_nonnull (resumed);
  g_assert_true (pd_packing_order_is_complete (resumed));
  g_assert_true (pd_test_wait_until (is_ready, resumed));
  g_assert_nonnull (pd_fake_market_get_submissions (fixture->market, pd_order_get_id (order)));
}

static void
test_continue_elsewhere_and_remove (Fixture       *fixture,
                                    gconstpointer  data)
{
  PdOrder *order = add_order (fixture, PD_FAKE_CAMPAIGN_FBS, "FBS");
  g_autoptr(PdPackingOrder) packing = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdUnit) first = NULL;
  g_autofree char *code = g_strdup_printf (SHOE_A, 'h');
  PdUnit *mine;

  /* Another desk sent one of the two codes before this one opened the order. */
  pd_order_add_item (order, pd_order_item_new (895, "SHOE", "Мокасины", 2, cis));
  pd_order_item_add_instance (pd_order_find_item (order, 895), pd_item_instance_new (PD_CODE_KIND_CIS, code));

  packing = open_order (fixture, fixture->desk, pd_order_get_id (order));
  first = g_list_model_get_item (pd_packing_order_get_units (packing), 0);
  g_assert_cmpstr (pd_unit_get_code (first), ==, code);
  g_assert_cmpint (pd_unit_get_entry (first)->source, ==, PD_CAPTURE_SOURCE_MARKET);
  g_assert_false (pd_packing_order_is_complete (packing));

  /* The same code scanned here is caught as a duplicate; a new one completes the order. */
  g_assert_null (capture (fixture, packing, code, &error));
  g_assert_error (error, PD_DESK_ERROR, PD_DESK_ERROR_DUPLICATE);
  g_clear_error (&error);
  mine = capture_ok (fixture, packing, SHOE_A, 'j');
  g_assert_true (pd_test_wait_until (is_ready, packing));

  /* Removing a code empties its unit and the order is no longer ready. */
  pd_desk_remove_async (fixture->desk, mine, NULL, pd_test_keep_result, &result);
  g_assert_true (pd_desk_remove_finish (fixture->desk, pd_test_wait_for (&result), &error));
  g_assert_no_error (error);
  g_assert_cmpint (pd_unit_get_state (mine), ==, PD_UNIT_STATE_EMPTY);
  g_assert_false (pd_packing_order_is_ready (packing));
}

/* A code replaced while the previous set is on its way reaches the Market in a set of its own. */
static void
test_replace_while_sending (Fixture       *fixture,
                            gconstpointer  data)
{
  PdOrder *order = add_order (fixture, PD_FAKE_CAMPAIGN_FBS, "FBS");
  g_autoptr(PdPackingOrder) packing = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(PdUnit) replaced = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *replacement = g_strdup_printf (SHOE_A, 'n');
  GPtrArray *sets;
  PdUnit *unit;

  pd_order_add_item (order, pd_order_item_new (897, "SHOE", "Сапоги", 1, cis));
  packing = open_order (fixture, fixture->desk, pd_order_get_id (order));
  g_assert_true (pd_fake_market_add_faults (fixture->market, "latency=150", NULL));
  unit = capture_ok (fixture, packing, SHOE_A, 'm');
  pd_test_wait_ms (30);
  pd_desk_replace_async (fixture->desk, unit, replacement, PD_CAPTURE_SOURCE_SCANNER, NULL,
                         pd_test_keep_result, &result);
  replaced = pd_desk_replace_finish (fixture->desk, pd_test_wait_for (&result), &error);
  g_assert_no_error (error);

  g_assert_true (pd_test_wait_until (is_ready, packing));
  sets = pd_fake_market_get_submissions (fixture->market, pd_order_get_id (order));
  g_assert_nonnull (strstr (g_ptr_array_index (sets, sets->len - 1), replacement));
  g_assert_cmpstr (pd_unit_get_code (unit), ==, replacement);
}

static gboolean
is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* Lets go of the fixture's desk and waits until it is gone: nothing else may keep it. */
static void
drop_desk (Fixture *fixture)
{
  gpointer desk = fixture->desk;

  g_object_add_weak_pointer (desk, &desk);
  g_clear_object (&fixture->desk);
  g_assert_true (pd_test_wait_until (is_null, &desk));
}

/* A new desk on the fixture's journal, with ORDER_ID open. */
static PdPackingOrder *
new_desk_with_order (Fixture *fixture,
                     gint64   order_id)
{
  fixture->desk = pd_desk_new (fixture->client, fixture->journal);
  pd_desk_set_timing (fixture->desk, &fast);
  return open_order (fixture, fixture->desk, order_id);
}

/* Work in flight when its desk goes stops there (under ASan, a touch of the freed desk is
 * fatal): a set on its way, a status check on its way, a poll waiting for its time, a journal
 * write. The journal keeps what was captured; the next desk finishes the order. */
static void
test_dropped_mid_work (Fixture       *fixture,
                       gconstpointer  data)
{
  PdOrder *order = add_order (fixture, PD_FAKE_CAMPAIGN_FBS, "FBS");
  gint64 order_id = pd_order_get_id (order);
  g_autoptr(PdPackingOrder) packing = NULL;
  g_autoptr(PdPackingOrder) again = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *raw = g_strdup_printf (SHOE_A, 'd');
  g_autoptr(PdUnit) unit = NULL;

  pd_order_add_item (order, pd_order_item_new (898, "SHOE", "Сапоги", 2, cis));

  /* A journal write in flight: the capture still finishes, and says what it kept. */
  packing = open_order (fixture, fixture->desk, order_id);
  pd_desk_capture_async (fixture->desk, packing, raw, PD_CAPTURE_SOURCE_SCANNER, NULL,
                         pd_test_keep_result, &result);
  g_clear_object (&fixture->desk);
  {
    g_autoptr(GObject) desk = g_async_result_get_source_object (pd_test_wait_for (&result));

    unit = pd_desk_capture_finish (PD_DESK (desk), result, &error);
    g_assert_no_error (error);
    g_assert_cmpint (pd_unit_get_state (unit), !=, PD_UNIT_STATE_EMPTY);
  }
  g_clear_object (&result);
  g_clear_object (&packing);

  /* A set on its way: the Market answers after the desk is gone. */
  packing = new_desk_with_order (fixture, order_id);
  g_assert_true (pd_fake_market_add_faults (fixture->market, "latency=150", NULL));
  capture_ok (fixture, packing, SHOE_A, 'e');
  pd_test_wait_ms (50);
  g_clear_object (&packing);
  drop_desk (fixture);
  pd_test_wait_ms (250);

  /* A poll waiting for its time, then a status check on its way. */
  pd_fake_market_clear_faults (fixture->market);
  pd_fake_market_set_verification_delay (fixture->market, 10000);
  packing = new_desk_with_order (fixture, order_id);
  g_assert_true (pd_test_wait_until (outbox_empty, fixture->desk));
  g_clear_object (&packing);
  drop_desk (fixture);
  pd_test_wait_ms (150);

  packing = new_desk_with_order (fixture, order_id);
  g_assert_true (pd_fake_market_add_faults (fixture->market, "latency=100", NULL));
  pd_test_wait_ms (40);
  g_clear_object (&packing);
  drop_desk (fixture);
  pd_test_wait_ms (200);

  /* Nothing was lost: a new desk has both codes and gets the order verified. */
  pd_fake_market_clear_faults (fixture->market);
  pd_fake_market_set_verification_delay (fixture->market, 20);
  again = new_desk_with_order (fixture, order_id);
  g_assert_true (pd_packing_order_is_complete (again));
  pd_desk_submit_async (fixture->desk, again, NULL, pd_test_keep_result, &result);
  g_assert_true (pd_desk_submit_finish (fixture->desk, pd_test_wait_for (&result), &error));
  g_assert_no_error (error);
  g_assert_true (pd_test_wait_until (is_ready, again));
}

/* ---- The Market's verdicts on orders not open here. ---- */

/* Every unit has the Market's verdict. */
static gboolean
is_checked (gpointer data)
{
  GListModel *units = pd_packing_order_get_units (data);

  for (guint i = 0; i < g_list_model_get_n_items (units); i++)
    {
      g_autoptr(PdUnit) unit = g_list_model_get_item (units, i);
      PdUnitState state = pd_unit_get_state (unit);

      if (state != PD_UNIT_STATE_OK && state != PD_UNIT_STATE_INVALID && state != PD_UNIT_STATE_FAILED)
        return FALSE;
    }
  return TRUE;
}

/* Another desk (its own journal) sends a shoe code for each unit of ORDER_ID, the last
 * character of each serial from SERIAL_ENDS, and waits for the Market's verdicts. */
static void
send_from_other_desk (Fixture    *fixture,
                      gint64      order_id,
                      const char *serial_ends)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_strdup_printf ("%s/other-%" G_GINT64_FORMAT ".sqlite3", fixture->dir, order_id);
  g_autoptr(PdJournal) journal = pd_test_open_journal (path, &error);
  g_autoptr(PdDesk) other = NULL;
  g_autoptr(PdPackingOrder) packing = NULL;

  g_assert_no_error (error);
  other = pd_desk_new (fixture->client, journal);
  pd_desk_set_timing (other, &fast);
  packing = open_order (fixture, other, order_id);
  for (const char *end = serial_ends; *end != '\0'; end++)
    {
      g_autofree char *raw = g_strdup_printf (SHOE_A, *end);
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(PdUnit) unit = NULL;

      pd_desk_capture_async (other, packing, raw, PD_CAPTURE_SOURCE_SCANNER, NULL,
                             pd_test_keep_result, &result);
      unit = pd_desk_capture_finish (other, pd_test_wait_for (&result), &error);
      g_assert_no_error (error);
    }
  g_assert_true (pd_test_wait_until (is_checked, packing));
}

static GListStore *
listed_orders (Fixture *fixture)
{
  GListStore *store = g_list_store_new (PD_TYPE_ORDER);
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GError) error = NULL;
  PdOrderFilter filter = { 0 };

  orders = pd_test_list_orders (fixture->client, PD_FAKE_BUSINESS_ID, &filter, &error);
  g_assert_no_error (error);
  g_list_store_splice (store, 0, 0, orders->pdata, orders->len);
  return store;
}

static PdOrder *
listed (GListStore *store,
        gint64      order_id)
{
  PdOrder *order = pd_order_find_in (G_LIST_MODEL (store), order_id, NULL);

  g_assert_nonnull (order);
  return order;
}

static gboolean
has_verdicts (gpointer data)
{
  return pd_order_get_verdicts (data) != NULL;
}

static void
test_survey_finds_problems (Fixture       *fixture,
                            gconstpointer  data)
{
  PdOrder *refused = add_order (fixture, PD_FAKE_CAMPAIGN_FBS, "FBS");
  PdOrder *fine = add_order (fixture, PD_FAKE_CAMPAIGN_EXPRESS, "EXPRESS");
  PdOrder *mine = add_order (fixture, PD_FAKE_CAMPAIGN_FBS, "FBS");
  g_autoptr(PdPackingOrder) packing = NULL;
  g_autoptr(GListStore) store = NULL;
  const PdOrderVerdicts *verdicts;
  guint asked, surveyed = 0;

  pd_order_add_item (refused, pd_order_item_new (1501, "SHOE", "Ботинки", 2, cis));
  pd_order_add_item (fine, pd_order_item_new (1502, "SHOE", "Ботинки", 1, cis));
  pd_order_add_item (mine, pd_order_item_new (1503, "SHOE", "Ботинки", 1, cis));
  send_from_other_desk (fixture, pd_order_get_id (refused), "aI");
  send_from_other_desk (fixture, pd_order_get_id (fine), "b");
  send_from_other_desk (fixture, pd_order_get_id (mine), "c");
  /* This desk works on one of them: its own checks say how that one is. */
  packing = open_order (fixture, fixture->desk, pd_order_get_id (mine));
  g_assert_true (pd_test_wait_until (is_checked, packing));

  store = listed_orders (fixture);
  asked = pd_fake_market_get_request_count (fixture->market, "getOrderIdentifiersStatus");
  pd_desk_survey (fixture->desk, G_LIST_MODEL (store));
  /* Each order to pack with codes at the Market (the demo store has some too) is asked about
   * once: all but the one open here and DBS orders, which are never verified. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    {
      g_autoptr(PdOrder) order = g_list_model_get_item (G_LIST_MODEL (store), i);
      GPtrArray *items = pd_order_get_items (order);
      gboolean coded = FALSE;

      for (guint k = 0; k < items->len; k++)
        coded |= pd_order_item_get_instances (g_ptr_array_index (items, k))->len > 0;
      if (!coded || pd_order_is_dbs (order) || pd_order_get_id (order) == pd_order_get_id (mine)
          || g_strcmp0 (pd_order_get_substatus (order), "STARTED") != 0)
        continue;
      g_assert_true (pd_test_wait_until (has_verdicts, order));
      surveyed++;
    }
  g_assert_cmpuint (surveyed, >=, 2);
  verdicts = pd_order_get_verdicts (listed (store, pd_order_get_id (refused)));
  g_assert_cmpuint (verdicts->problems, ==, 1);
  g_assert_cmpuint (verdicts->ok, ==, 1);
  verdicts = pd_order_get_verdicts (listed (store, pd_order_get_id (fine)));
  g_assert_cmpuint (verdicts->problems, ==, 0);
  g_assert_cmpuint (verdicts->ok, ==, 1);
  g_assert_null (pd_order_get_verdicts (listed (store, pd_order_get_id (mine))));
  g_assert_cmpuint (pd_fake_market_get_request_count (fixture->market, "getOrderIdentifiersStatus"),
                    ==, asked + surveyed);

  /* The next list is given what is known at once, and nothing is asked again for it. */
  g_clear_object (&store);
  store = listed_orders (fixture);
  pd_desk_survey (fixture->desk, G_LIST_MODEL (store));
  g_assert_cmpuint (pd_order_get_verdicts (listed (store, pd_order_get_id (refused)))->problems, ==, 1);
  pd_test_wait_ms (100);
  g_assert_cmpuint (pd_fake_market_get_request_count (fixture->market, "getOrderIdentifiersStatus"),
                    ==, asked + surveyed);
}

/* However many orders there are, the survey leaves the packer's own checks their tokens. */
static void
test_survey_spares_budget (Fixture       *fixture,
                           gconstpointer  data)
{
  PdDeskTiming slow = fast;
  g_autoptr(PdPackingOrder) packing = NULL;
  g_autoptr(GListStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 first = 0;
  guint asked;

  for (guint i = 0; i < 8; i++)
    {
      PdOrder *order = add_order (fixture, PD_FAKE_CAMPAIGN_FBS, "FBS");

      pd_order_add_item (order, pd_order_item_new (1510 + i, "SHOE", "Ботинки", 1, cis));
      send_from_other_desk (fixture, pd_order_get_id (order), "d");
      first = first != 0 ? first : pd_order_get_id (order);
    }
  /* A new desk, whose budget refills too slowly for a test to see. */
  g_clear_object (&fixture->desk);
  fixture->desk = pd_desk_new (fixture->client, fixture->journal);
  slow.polls_per_hour = 1;
  pd_desk_set_timing (fixture->desk, &slow);

  store = listed_orders (fixture);
  asked = pd_fake_market_get_request_count (fixture->market, "getOrderIdentifiersStatus");
  pd_desk_survey (fixture->desk, G_LIST_MODEL (store));
  pd_test_wait_ms (300);
  g_assert_cmpuint (pd_fake_market_get_request_count (fixture->market, "getOrderIdentifiersStatus"),
                    ==, asked + 5);
  packing = open_order (fixture, fixture->desk, first);
  g_assert_true (pd_desk_check_now (fixture->desk, packing, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add ("/desk/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("fbs-flow", test_fbs_flow);
  ADD ("invalid-reviewed-and-replaced", test_invalid_reviewed_and_replaced);
  ADD ("failed-is-retried", test_failed_is_retried);
  ADD ("dbs-order", test_dbs_order);
  ADD ("uin-and-cis-assignment", test_uin_and_cis_assignment);
  ADD ("scan-goes-where-meant", test_scan_goes_where_meant);
  ADD ("choose-names-items", test_choose_names_items);
  ADD ("other-products-code", test_other_products_code);
  ADD ("barcode-picks-item", test_barcode_picks_item);
  ADD ("two-boxes", test_two_boxes);
  ADD ("split-item", test_split_item);
  ADD ("remove-item", test_remove_item);
  ADD ("confirm-unmarked", test_confirm_unmarked);
  ADD ("rate-limit-and-drop", test_rate_limit_and_drop);
  ADD ("limit-holds-one-method", test_limit_holds_one_method);
  ADD ("hostile-answers-lose-nothing", test_hostile_answers_lose_nothing);
  ADD ("rejected-by-market", test_rejected_by_market);
  ADD ("import-export", test_import_export);
  ADD ("import-sellers-files", test_import_sellers_files);
  ADD ("import-million-lines", test_import_million_lines);
  ADD ("resume", test_resume);
  ADD ("resume-unqueued", test_resume_unqueued);
  ADD ("continue-elsewhere-and-remove", test_continue_elsewhere_and_remove);
  ADD ("replace-while-sending", test_replace_while_sending);
  ADD ("dropped-mid-work", test_dropped_mid_work);
  ADD ("survey-finds-problems", test_survey_finds_problems);
  ADD ("survey-spares-budget", test_survey_spares_budget);
#undef ADD

  return g_test_run ();
}
