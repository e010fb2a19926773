/* pd-crash-victim.c — a packing desk without a face, for test-desk-crash: it resumes from its
 * journal, captures the codes it is given into an order (then swaps the first one, so the order
 * has a second, newer set), and prints "captured CODE" once a code is durably in the journal and
 * "done" when the Market has the final set. test-desk-crash kills it at random moments.
 *
 * Usage: pd-crash-victim JOURNAL URL ORDER_ID REPLACEMENT CODE…
 */
#include "config.h"

#include <stdio.h>

#include "pd-desk.h"
#include "pd-fake-demo-store.h"
#include "pd-fake-market.h"
#include "pd-test-journal.h"
#include "pd-test-market.h"

static const PdDeskTiming fast = {
  .first_poll_ms = 10,
  .max_poll_ms = 50,
  .first_retry_ms = 10,
  .max_retry_ms = 50,
  .polls_per_hour = 1000000,
};

static void
say (const char *what,
     const char *code)
{
  g_autoptr(GString) line = g_string_new (what);

  if (code != NULL)
    {
      g_string_append_c (line, ' ');
      g_string_append (line, code);
      g_string_replace (line, "\x1d", "<GS>", 0);
    }
  /* Straight to the pipe: a line printed is a line the test reads, kill or no kill. */
  printf ("%s\n", line->str);
  fflush (stdout);
}

static gboolean
holds (PdPackingOrder *packing,
       const char     *code)
{
  GListModel *units = pd_packing_order_get_units (packing);

  for (guint i = 0; i < g_list_model_get_n_items (units); i++)
    {
      g_autoptr(PdUnit) unit = g_list_model_get_item (units, i);

      if (g_strcmp0 (pd_unit_get_code (unit), code) == 0)
        return TRUE;
    }
  return FALSE;
}

static PdUnit *
capture (PdDesk          *desk,
         PdPackingOrder  *packing,
         const char      *code,
         GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_desk_capture_async (desk, packing, code, PD_CAPTURE_SOURCE_SCANNER, NULL, pd_test_keep_result, &result);
  return pd_desk_capture_finish (desk, pd_test_wait_for (&result), error);
}

static void
replace_first (PdDesk         *desk,
               PdPackingOrder *packing,
               const char     *replacement)
{
  g_autoptr(PdUnit) first = g_list_model_get_item (pd_packing_order_get_units (packing), 0);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(PdUnit) replaced = NULL;
  g_autoptr(GError) error = NULL;

  pd_desk_replace_async (desk, first, replacement, PD_CAPTURE_SOURCE_SCANNER, NULL, pd_test_keep_result, &result);
  replaced = pd_desk_replace_finish (desk, pd_test_wait_for (&result), &error);
  if (replaced == NULL)
    g_error ("replace: %s", error->message);
  say ("captured", replacement);
}

static gboolean
finished (PdDesk         *desk,
          PdPackingOrder *packing,
          const char     *replacement)
{
  return holds (packing, replacement) && pd_desk_get_outbox_length (desk) == 0
         && pd_packing_order_is_ready (packing);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PdJournal) journal = NULL;
  g_autoptr(PdMarketClient) client = NULL;
  g_autoptr(PdDesk) desk = NULL;
  g_autoptr(PdPackingOrder) packing = NULL;
  g_autoptr(GAsyncResult) opened = NULL;
  g_autoptr(GAsyncResult) resumed = NULL;
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(GError) error = NULL;
  gint64 order_id;
  PdOrderFilter filter = { .n_order_ids = 1 };

  if (argc < 6)
    {
      g_printerr ("usage: %s JOURNAL URL ORDER_ID REPLACEMENT CODE…\n", argv[0]);
      return 2;
    }
  order_id = g_ascii_strtoll (argv[3], NULL, 10);
  filter.order_ids = &order_id;

  if ((journal = pd_test_open_journal (argv[1], &error)) == NULL
      || (client = pd_market_client_new (argv[2], PD_FAKE_MARKET_DEFAULT_KEY, &error)) == NULL)
    g_error ("%s", error->message);
  pd_market_client_set_retry_policy (client, 1, 5);
  desk = pd_desk_new (client, journal);
  pd_desk_set_timing (desk, &fast);

  pd_desk_resume_async (desk, PD_FAKE_BUSINESS_ID, NULL, pd_test_keep_result, &resumed);
  if (!pd_desk_resume_finish (desk, pd_test_wait_for (&resumed), &error)
      || (orders = pd_test_list_orders (client, PD_FAKE_BUSINESS_ID, &filter, &error)) == NULL)
    g_error ("%s", error->message);
  pd_desk_open_order_async (desk, g_ptr_array_index (orders, 0), NULL, pd_test_keep_result, &opened);
  if ((packing = pd_desk_open_order_finish (desk, pd_test_wait_for (&opened), &error)) == NULL)
    g_error ("%s", error->message);

  /* The codes a run before this one did not get to. Once every unit is filled the first code
   * is swapped for the replacement; an order that holds it is past that point. */
  if (!holds (packing, argv[4]))
    {
      for (int i = 5; i < argc; i++)
        {
          g_autoptr(PdUnit) unit = NULL;

          if (holds (packing, argv[i]))
            continue;
          if ((unit = capture (desk, packing, argv[i], &error)) == NULL)
            g_error ("capture %s: %s", argv[i], error->message);
          say ("captured", argv[i]);
        }
      replace_first (desk, packing, argv[4]);
    }

  while (!finished (desk, packing, argv[4]))
    g_main_context_iteration (NULL, TRUE);
  say ("done", NULL);
  return 0;
}
