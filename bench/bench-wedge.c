/* bench-wedge.c — 1,000 scans fed to the keyboard-wedge decoder at 1 ms a key (GS as Ctrl+],
 * capitals with Shift, Enter at the end), each taken by the desk into the journal: prints the
 * scans lost or corrupted on the way (target: none) and the time from the last key to the code
 * being durable in the journal (median, p99). */
#include "config.h"


#include "pd-bench-desk.h"
#include "pd-test-journal.h"
#include "pd-wedge-decoder.h"

#define SCANS 1000

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
  g_autofree char *path = pd_bench_journal_path ("bench-wedge");
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(PdWedgeDecoder) decoder = pd_wedge_decoder_new ();
  g_autoptr(PdMarketClient) client = pd_market_client_new ("http://127.0.0.1:9", "bench", NULL);
  g_autoptr(PdPackingOrder) packing = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdJournal) journal = NULL;
  g_autoptr(PdDesk) desk = NULL;
  double times[SCANS];
  guint lost = 0, corrupted = 0, taken = 0;
  gint64 now = 0;

  if ((journal = pd_test_open_journal (path, &error)) == NULL)
    g_error ("%s", error->message);
  desk = pd_desk_new (client, journal);
  packing = pd_bench_open_order (desk, SCANS + 1);

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
  g_print ("wedge: %u scans at 1 ms a key: %u lost, %u corrupted\n", SCANS, lost, corrupted);
  pd_bench_print_latency ("wedge: last key to the code durable in the journal", times, taken);

  g_clear_object (&packing);
  g_clear_object (&desk);
  g_clear_object (&journal);
  pd_test_wait_ms (20);
  pd_test_remove_tree (dir);
  return lost + corrupted == 0 ? 0 : 1;
}
