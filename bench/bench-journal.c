/* bench-journal.c — the time from a scan's arrival at the desk to its durable write in the
 * journal (code check, unit choice, one fsync'd transaction; median and p99 over 1,000 scans),
 * and the journal's size on disk after 100,000 codes. The journal lives in the build tree, on
 * this machine's disk, not in a RAM-backed /tmp. */
#include "config.h"

#include <glib/gstdio.h>

#include "pd-bench-desk.h"
#include "pd-test-journal.h"

#define SCANS 1000
#define CODES 100000
#define BATCH 500

static char *
shoe_code (guint n)
{
  return g_strdup_printf ("0104601234567893" "21" "%013u" "\x1d" "93dGh5", n);
}

/* Scans through PdDesk, one at a time, as a packer's scanner sends them. */
static void
measure_scans (PdJournal *journal)
{
  g_autoptr(PdMarketClient) client = pd_market_client_new ("http://127.0.0.1:9", "bench", NULL);
  g_autoptr(PdDesk) desk = pd_desk_new (client, journal);
  g_autoptr(PdPackingOrder) packing = pd_bench_open_order (desk, SCANS + 1);
  double times[SCANS];

  for (guint i = 0; i < SCANS; i++)
    {
      g_autofree char *code = shoe_code (i);
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(PdUnit) unit = NULL;
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();

      pd_desk_capture_async (desk, packing, code, PD_CAPTURE_SOURCE_SCANNER, NULL, pd_test_keep_result, &result);
      if ((unit = pd_desk_capture_finish (desk, pd_test_wait_for (&result), &error)) == NULL)
        g_error ("%s", error->message);
      times[i] = (g_get_monotonic_time () - start) / 1000.0;
    }
  pd_bench_print_latency ("journal: scan to durable write", times, SCANS);
}

/* Fills the journal to CODES codes in batches (the size, not the speed, is measured here). */
static void
fill (PdJournal *journal)
{
  for (guint first = SCANS; first < CODES; first += BATCH)
    {
      g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_journal_entry_free);
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;

      for (guint n = first; n < MIN (first + BATCH, CODES); n++)
        {
          g_autofree char *raw = shoe_code (n);
          g_autoptr(PdCode) code = pd_code_check (raw, PD_CODE_KIND_NONE, 0);
          PdJournalEntry *entry = pd_journal_entry_new_for_code (1001, 2 + n / 4, n % 4, 0, code,
                                                                 PD_CAPTURE_SOURCE_SCANNER);

          entry->offer_id = g_strdup ("BENCH");
          g_ptr_array_add (entries, entry);
        }
      pd_journal_record_async (journal, PD_JOURNAL_EVENT_CAPTURED, entries, NULL, pd_test_keep_result, &result);
      if (!pd_journal_record_finish (journal, pd_test_wait_for (&result), &error))
        g_error ("%s", error->message);
    }
}

static goffset
file_size (const char *path)
{
  GStatBuf buf;

  return g_stat (path, &buf) == 0 ? buf.st_size : 0;
}

int
main (void)
{
  g_autofree char *path = pd_bench_journal_path ("bench-journal");
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autoptr(GError) error = NULL;
  PdJournal *journal;

  if ((journal = pd_test_open_journal (path, &error)) == NULL)
    g_error ("%s", error->message);
  measure_scans (journal);
  fill (journal);
  g_object_unref (journal);
  /* Closing the last connection checkpoints the WAL into the database file. */
  pd_test_wait_ms (50);
  g_print ("journal: %u codes (with their history lines) take %.1f MiB on disk (%.0f bytes a code)\n",
           CODES, (file_size (path) + file_size (wal)) / 1048576.0,
           (double) (file_size (path) + file_size (wal)) / CODES);
  pd_test_remove_tree (dir);
  return 0;
}
