/* test-session.c — a session let go of while it works goes, with its desk, and leaves nothing
 * behind: while it starts (resuming its desk), and while its desk queues and sends an order's
 * codes, as when the app replaces its session (reconnect, another store). The journal keeps the
 * set; the next session has the codes and gets them checked. (A desk touched after its last
 * reference went is test-desk's /desk/dropped-mid-work, which ASan fails on the old outbox.)
 * And the fetches the window makes by itself are spaced so that, for the store's size, they
 * stay under a tenth of the Market's budget for listing orders. */
#include "config.h"

#include "pd-session.h"
#include "pd-test-async.h"
#include "pd-test-frames.h"

static gboolean
is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static PdSession *
start_demo_session (GSettings *settings)
{
  g_autoptr(PdSession) session = pd_session_new (settings);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  pd_session_start_async (session, TRUE, NULL, NULL, pd_test_keep_result, &result);
  g_assert_true (pd_session_start_finish (session, pd_test_wait_for (&result), &error));
  g_assert_no_error (error);
  return g_steal_pointer (&session);
}

/* Lets go of *SESSION and waits until it and its desk are finalized. */
static void
drop_session (PdSession **session)
{
  gpointer desk = pd_session_get_desk (*session);
  gpointer weak = *session;

  g_object_add_weak_pointer (weak, &weak);
  g_object_add_weak_pointer (desk, &desk);
  g_clear_object (session);
  g_assert_true (pd_test_wait_until (is_null, &weak));
  g_assert_true (pd_test_wait_until (is_null, &desk));
}

/* The first order waiting for its codes whose one item needs Chestny ZNAK codes only. */
static PdOrder *
find_single_cis_order (PdSession *session)
{
  GListModel *orders = pd_session_get_orders (session);

  for (guint i = 0; i < g_list_model_get_n_items (orders); i++)
    {
      g_autoptr(PdOrder) order = g_list_model_get_item (orders, i);
      GPtrArray *items = pd_order_get_items (order);

      if (g_strcmp0 (pd_order_get_substatus (order), "STARTED") == 0 && items->len == 1
          && pd_order_item_get_required_types (items->pdata[0]) == PD_INSTANCE_TYPE_CIS
          && pd_order_item_get_instances (items->pdata[0])->len == 0)
        return g_steal_pointer (&order);
    }
  g_assert_not_reached ();
}

static gboolean
outbox_empty (gpointer desk)
{
  return pd_desk_get_outbox_length (desk) == 0;
}

/* Every unit's code reached the Market: it is being checked, or was. */
static gboolean
units_checked (gpointer packing)
{
  GListModel *units = pd_packing_order_get_units (packing);

  for (guint i = 0; i < g_list_model_get_n_items (units); i++)
    {
      g_autoptr(PdUnit) unit = g_list_model_get_item (units, i);
      PdUnitState state = pd_unit_get_state (unit);

      if (state != PD_UNIT_STATE_CHECKING && state != PD_UNIT_STATE_OK)
        return FALSE;
    }
  return TRUE;
}

static void
test_dropped_while_starting (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(PdSession) session = pd_session_new (settings);
  gpointer weak = session;

  g_object_add_weak_pointer (weak, &weak);
  pd_session_start_async (session, TRUE, NULL, NULL, NULL, NULL);
  g_clear_object (&session);
  g_assert_true (pd_test_wait_until (is_null, &weak));
}

static void
test_dropped_while_sending (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(PdSession) session = start_demo_session (settings);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(PdOrder) order = find_single_cis_order (session);
  g_autoptr(PdPackingOrder) packing = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  PdDesk *desk = pd_session_get_desk (session);
  PdTestCode first = { 0 };
  guint units;

  pd_desk_open_order_async (desk, order, NULL, pd_test_keep_result, &result);
  packing = pd_desk_open_order_finish (desk, pd_test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  units = g_list_model_get_n_items (pd_packing_order_get_units (packing));
  for (guint i = 0; i < units; i++)
    {
      PdTestCode code = { 0 };
      g_autoptr(PdUnit) unit = NULL;

      /* The units of one product carry its GTIN. */
      pd_test_code_random_cis_of (rand, i > 0 ? &first : NULL, &code);
      pd_desk_capture_async (desk, packing, code.raw, PD_CAPTURE_SOURCE_SCANNER, NULL,
                             pd_test_keep_result, &result);
      unit = pd_desk_capture_finish (desk, pd_test_wait_for (&result), &error);
      g_assert_no_error (error);
      g_clear_object (&result);
      if (i == 0)
        first = code;
      else
        pd_test_code_clear (&code);
    }
  pd_test_code_clear (&first);
  /* Complete: the set is queued and on its way to the (in-process) Market, not answered yet. */
  g_assert_true (pd_packing_order_is_complete (packing));
  g_clear_object (&packing);
  drop_session (&session);
  pd_test_wait_ms (300);

  /* The next session on the same journal has the codes and gets them checked. */
  session = start_demo_session (settings);
  desk = pd_session_get_desk (session);
  pd_desk_open_order_async (desk, order, NULL, pd_test_keep_result, &result);
  packing = pd_desk_open_order_finish (desk, pd_test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_true (pd_packing_order_is_complete (packing));
  g_assert_true (pd_test_wait_until (units_checked, packing));
  g_assert_true (pd_test_wait_until (outbox_empty, desk));
  g_clear_object (&packing);
  drop_session (&session);
}

static void
test_fetch_spacing (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(PdSession) session = start_demo_session (settings);
  PdFakeMarket *market = pd_session_get_demo_market (session);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint before = pd_fake_market_get_request_count (market, "getBusinessOrders");
  guint per_fetch, spacing;

  pd_session_refresh_async (session, NULL, pd_test_keep_result, &result);
  g_assert_true (pd_session_refresh_finish (session, pd_test_wait_for (&result), &error));
  g_assert_no_error (error);
  per_fetch = pd_fake_market_get_request_count (market, "getBusinessOrders") - before;
  spacing = pd_session_get_fetch_spacing (session);
  g_assert_cmpuint (per_fetch, >, 1);
  g_assert_cmpuint (spacing, >, 0);
  /* Fetches every SPACING seconds make per_fetch requests each. */
  g_assert_cmpuint (per_fetch * 3600 / spacing, <=, 1000);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_dir = g_dir_make_tmp ("packdesk-session-XXXXXX", NULL);
  int status;

  g_setenv ("PACKDESK_DATA_DIR", data_dir, TRUE);
  g_unsetenv ("PACKDESK_API_KEY");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/session/dropped-while-starting", test_dropped_while_starting);
  g_test_add_func ("/session/dropped-while-sending", test_dropped_while_sending);
  g_test_add_func ("/session/fetch-spacing", test_fetch_spacing);
  status = g_test_run ();
  pd_test_remove_tree (data_dir);
  return status;
}
