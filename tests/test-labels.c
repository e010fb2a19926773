/* test-labels.c — box labels from the fake Market through GtkPrintOperation to a real CUPS
 * queue (a cupsd of the test's own): what the printer gets names the order and every box, keeps
 * the label's size, and the order knows its labels are printed — until the Market takes a new
 * layout. */
#include "config.h"

#include <poppler.h>
#include <string.h>

#include "pd-fake-demo-store.h"
#include "pd-fake-market.h"
#include "pd-label-printer.h"
#include "pd-test-async.h"
#include "pd-test-cups.h"

#define QUEUE "Packdesk-Labels"

static PdTestCups *cups;

typedef struct
{
  PdFakeMarket   *market;
  PdMarketClient *client;
  GSettings      *settings;
  PdOrder        *order;
  PdPackingOrder *packing;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const char *cis[] = { "CIS", NULL };
  const PdBoxSlot boxes[] = {
    { .box_id = 900601, .box_index = 0, .item_id = 901, .full_count = 2 },
    { .box_id = 900602, .box_index = 1, .item_id = 902, .full_count = 1 },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  fixture->market = pd_fake_market_new (NULL, 3, 10);
  pd_fake_market_listen (fixture->market, 0, &error);
  g_assert_no_error (error);
  url = pd_fake_market_dup_url (fixture->market);
  fixture->client = pd_market_client_new (url, PD_FAKE_MARKET_DEFAULT_KEY, &error);
  g_assert_no_error (error);
  pd_market_client_set_retry_policy (fixture->client, 1, 10);

  fixture->order = g_object_ref (pd_fake_market_add_order (fixture->market, PD_FAKE_CAMPAIGN_FBS, "FBS"));
  pd_order_add_item (fixture->order, pd_order_item_new (901, "SHOE-1", "Кроссовки", 2, cis));
  pd_order_add_item (fixture->order, pd_order_item_new (902, "MUG-1", "Кружка", 1, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (boxes); i++)
    pd_order_add_box_slot (fixture->order, &boxes[i]);
  fixture->packing = pd_packing_order_new (fixture->order);

  fixture->settings = g_settings_new (APPLICATION_ID);
  g_settings_set_string (fixture->settings, "label-format", "A9_HORIZONTALLY");
  g_settings_set_string (fixture->settings, "label-printer", QUEUE);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_settings_reset (fixture->settings, "label-format");
  g_settings_reset (fixture->settings, "label-printer");
  g_clear_object (&fixture->settings);
  g_clear_object (&fixture->packing);
  g_clear_object (&fixture->order);
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->market);
}

static gboolean
print_labels (Fixture  *fixture,
              gint64    box_id,
              GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_label_printer_print_async (fixture->client, fixture->settings, NULL, fixture->packing, box_id,
                                NULL, pd_test_keep_result, &result);
  return pd_label_printer_print_finish (pd_test_wait_for (&result), error);
}

static char *
pdf_text (const char *path)
{
  const char *argv[] = { "pdftotext", "-layout", path, "-", NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

/* The job as the printer got it: PAGES pages, each the size of a 58 × 40 mm label. */
static void
assert_job_pages (const char *path,
                  int         pages)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  PopplerDocument *document = poppler_document_new_from_file (uri, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpint (poppler_document_get_n_pages (document), ==, pages);
  for (int i = 0; i < pages; i++)
    {
      PopplerPage *page = poppler_document_get_page (document, i);
      double width = 0, height = 0;

      poppler_page_get_size (page, &width, &height);
      g_assert_cmpfloat_with_epsilon (width, 58 * 72 / 25.4, 1.0);
      g_assert_cmpfloat_with_epsilon (height, 40 * 72 / 25.4, 1.0);
      g_object_unref (page);
    }
  g_object_unref (document);
}

static void
test_all_boxes (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *job = NULL;
  g_autofree char *text = NULL;
  g_autofree char *order = g_strdup_printf ("Заказ %" G_GINT64_FORMAT, pd_order_get_id (fixture->order));
  g_autofree char *barcode = g_strdup_printf ("%" G_GINT64_FORMAT "-2", pd_order_get_id (fixture->order));

  g_assert_cmpint (pd_packing_order_get_labels (fixture->packing), ==, PD_LABELS_NOT_PRINTED);
  g_assert_true (print_labels (fixture, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpint (pd_packing_order_get_labels (fixture->packing), ==, PD_LABELS_PRINTED);

  job = pd_test_cups_wait_for_job (cups, 30000);
  g_assert_nonnull (job);
  text = pdf_text (job);
  g_assert_nonnull (strstr (text, order));
  g_assert_nonnull (strstr (text, "Место 1/2"));
  g_assert_nonnull (strstr (text, "Место 2/2"));
  g_assert_nonnull (strstr (text, barcode));
  assert_job_pages (job, 2);

  /* Every PUT …/boxes replaces the layout: the labels on the boxes no longer hold. */
  pd_packing_order_layout_replaced (fixture->packing);
  g_assert_cmpint (pd_packing_order_get_labels (fixture->packing), ==, PD_LABELS_OUTDATED);
}

static void
test_one_box (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *job = NULL;
  g_autofree char *text = NULL;

  g_assert_true (print_labels (fixture, 900602, &error));
  g_assert_no_error (error);
  /* One box's label does not make the whole set current. */
  g_assert_cmpint (pd_packing_order_get_labels (fixture->packing), ==, PD_LABELS_NOT_PRINTED);

  job = pd_test_cups_wait_for_job (cups, 30000);
  g_assert_nonnull (job);
  text = pdf_text (job);
  g_assert_nonnull (strstr (text, "Место 2/2"));
  g_assert_null (strstr (text, "Место 1/2"));
  assert_job_pages (job, 1);
}

/* The Market cannot be reached: the packer reads why, and nothing is marked printed. */
static void
test_market_down (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *job = NULL;

  g_clear_object (&fixture->client);
  fixture->client = pd_market_client_new ("http://127.0.0.1:9", PD_FAKE_MARKET_DEFAULT_KEY, &error);
  g_assert_no_error (error);
  pd_market_client_set_retry_policy (fixture->client, 1, 10);

  g_assert_false (print_labels (fixture, 0, &error));
  g_assert_error (error, PD_MARKET_ERROR, PD_MARKET_ERROR_NETWORK);
  g_assert_cmpint (pd_packing_order_get_labels (fixture->packing), ==, PD_LABELS_NOT_PRINTED);
  job = pd_test_cups_wait_for_job (cups, 1000);
  g_assert_null (job);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  /* Before GTK starts, so its CUPS backend finds this queue. */
  cups = pd_test_cups_start (QUEUE);
  if (cups == NULL)
    return 1;
  gtk_init ();

#define ADD(path, func) g_test_add ("/labels/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("all-boxes-through-cups", test_all_boxes);
  ADD ("one-box", test_one_box);
  ADD ("market-down", test_market_down);
#undef ADD

  status = g_test_run ();
  pd_test_cups_stop (cups);
  return status;
}
