/* bench-wedge.c — 1,000 scans fed to the keyboard-wedge decoder at 1 ms a key (GS as Ctrl+],
 * capitals with Shift, Enter at the end), each taken by the desk into the journal: prints the
 * scans lost or corrupted on the way (target: none) and the time from the last key to the code
 * being durable in the journal (median, p99). */
#include "config.h"

#include <glib/gstdio.h>

#include "pd-desk.h"
#include "pd-test-journal.h"
#include "pd-wedge-decoder.h"

#define SCANS 1000

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Feeds CODE a key a millisecond; returns the burst the decoder took, or NULL. */
static char *
feed_scan (PdWedgeDecoder *decoder,
           const char     *code,
           gint64         *now)
{
  for (const char *p = code; *p != '\0'; p++)
    {
      *now += 1;
      if (*p == 0x1d)
        pd_wedge_decoder_feed (decoder, 0x5d, 0, PD_WEDGE_MODIFIER_CONTROL, 35, *now);
      else
        pd_wedge_decoder_feed (decoder, (guchar) *p, (guchar) *p,
                               g_ascii_isupper (*p) ? PD_WEDGE_MODIFIER_SHIFT : 0, 0, *now);
    }
  *now += 1;
  if (pd_wedge_decoder_feed (decoder, 0xff0d, '\r', 0, 36, *now) != PD_WEDGE_KEY_BURST)
    return NULL;
  return pd_wedge_decoder_take_burst (decoder);
}

int
main (void)
{
  g_autofree char *dir = g_build_filename (g_getenv ("PD_BENCH_DIR") != NULL ? g_getenv ("PD_BENCH_DIR") : ".",
                                           "bench-wedge.d", NULL);
  g_autofree char *path = g_build_filename (dir, "journal.sqlite3", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autoptr(PdWedgeDecoder) decoder = pd_wedge_decoder_new ();
  g_autoptr(PdMarketClient) client = pd_market_client_new ("http://127.0.0.1:9", "bench", NULL);
  g_autoptr(PdOrder) order = pd_order_new (1, 1001, "PROCESSING", "STARTED", "FBS");
  g_autoptr(PdPackingOrder) packing = NULL;
  g_autoptr(GAsyncResult) opened = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdJournal) journal = NULL;
  g_autoptr(PdDesk) desk = NULL;
  const char *cis[] = { "CIS", NULL };
  double times[SCANS];
  guint lost = 0, corrupted = 0, taken = 0;
  gint64 now = 0;

  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  if ((journal = pd_test_open_journal (path, &error)) == NULL)
    g_error ("%s", error->message);
  desk = pd_desk_new (client, journal);
  /* One unit more than scans: never complete, so nothing goes to the network. */
  pd_order_add_item (order, pd_order_item_new (1, "BENCH", "Bench", SCANS + 1, cis));
  pd_desk_open_order_async (desk, order, NULL, pd_test_keep_result, &opened);
  packing = pd_desk_open_order_finish (desk, pd_test_wait_for (&opened), NULL);

  for (guint i = 0; i < SCANS; i++)
    {
      g_autofree char *code = g_strdup_printf ("0104601234567893" "21" "Sc%011u" "\x1d" "93dGh5", i);
      g_autofree char *burst = NULL;
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(PdUnit) unit = NULL;
      gint64 start;

      now += 300;  /* the packer reaches for the next item */
      if ((burst = feed_scan (decoder, code, &now)) == NULL)
        {
          lost++;
          continue;
        }
      start = g_get_monotonic_time ();
      pd_desk_capture_async (desk, packing, burst, PD_CAPTURE_SOURCE_SCANNER, NULL, pd_test_keep_result, &result);
      unit = pd_desk_capture_finish (desk, pd_test_wait_for (&result), NULL);
      times[taken++] = (g_get_monotonic_time () - start) / 1000.0;
      if (unit == NULL || g_strcmp0 (pd_unit_get_code (unit), code) != 0)
        corrupted++;
    }
  qsort (times, taken, sizeof times[0], compare_doubles);
  g_print ("wedge: %u scans at 1 ms a key: %u lost, %u corrupted\n", SCANS, lost, corrupted);
  if (taken > 0)
    g_print ("wedge: last key to the code durable in the journal: median %.2f ms, p99 %.2f ms\n",
             times[taken / 2], times[taken * 99 / 100]);

  g_clear_object (&packing);
  g_clear_object (&desk);
  g_clear_object (&journal);
  pd_test_wait_ms (20);
  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (dir);
  return lost + corrupted == 0 ? 0 : 1;
}
