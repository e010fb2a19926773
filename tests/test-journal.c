/* test-journal.c — PdJournal keeps every captured code durably (WAL, synchronous=FULL), refuses
 * a code already on another unit, records an append-only history, keeps the outbox by
 * generation, migrates by version, and reads back what it wrote after a reopen. */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "pd-test-journal.h"

#define SHOE "0104601234567893" "21" "5Tq!Ld8x,Wz0%c" "\x1d" "93dGh5"

typedef struct
{
  char      *dir;
  char      *path;
  PdJournal *journal;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("packdesk-journal-XXXXXX", &error);
  g_assert_no_error (error);
  /* A folder that does not exist yet: the journal creates it. */
  fixture->path = g_build_filename (fixture->dir, "data", "journal.sqlite3", NULL);
  fixture->journal = pd_test_open_journal (fixture->path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_assert_finalize_object (fixture->journal);
  pd_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static PdJournalEntry *
shoe_entry (gint64 order_id,
            guint  unit,
            char   last)
{
  g_autofree char *raw = g_strdup_printf (SHOE, last);
  g_autoptr(PdCode) code = pd_code_check (raw, PD_CODE_KIND_NONE, 0);
  PdJournalEntry *entry = pd_journal_entry_new_for_code (1001, order_id, 801, unit, code,
                                                         PD_CAPTURE_SOURCE_SCANNER);

  g_assert_true (pd_code_is_valid (code));
  entry->offer_id = g_strdup ("SHOE-42");
  return entry;
}

static gboolean
record (PdJournal       *journal,
        PdJournalEvent   event,
        PdJournalEntry  *entry,
        GError         **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_journal_entry_free);
  g_autoptr(GAsyncResult) result = NULL;

  g_ptr_array_add (entries, entry);
  pd_journal_record_async (journal, event, entries, NULL, pd_test_keep_result, &result);
  return pd_journal_record_finish (journal, pd_test_wait_for (&result), error);
}

static gint64
count_rows (const char *path,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *statement = NULL;
  gint64 count;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &statement, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (statement), ==, SQLITE_ROW);
  count = sqlite3_column_int64 (statement, 0);
  sqlite3_finalize (statement);
  sqlite3_close (db);
  return count;
}

static void
test_capture_and_duplicates (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  PdJournalEntry *first;

  g_assert_true (record (fixture->journal, PD_JOURNAL_EVENT_CAPTURED, shoe_entry (52000013, 0, 'r'), &error));
  g_assert_no_error (error);

  /* The same unit again, and the same code (here without its crypto tail) in another order. */
  g_assert_false (record (fixture->journal, PD_JOURNAL_EVENT_CAPTURED, shoe_entry (52000013, 0, 'q'), &error));
  g_assert_error (error, PD_JOURNAL_ERROR, PD_JOURNAL_ERROR_DUPLICATE);
  g_clear_error (&error);
  {
    g_autoptr(PdCode) bare = pd_code_check ("0104601234567893" "21" "5Tq!Ld8x,Wz0r", PD_CODE_KIND_NONE, 0);
    PdJournalEntry *elsewhere = pd_journal_entry_new_for_code (1001, 52000026, 801, 0, bare,
                                                               PD_CAPTURE_SOURCE_CAMERA);

    g_assert_false (record (fixture->journal, PD_JOURNAL_EVENT_CAPTURED, elsewhere, &error));
    g_assert_error (error, PD_JOURNAL_ERROR, PD_JOURNAL_ERROR_DUPLICATE);
    g_assert_nonnull (strstr (error->message, "52000013"));
    g_clear_error (&error);
  }

  entries = pd_test_load_order (fixture->journal, 52000013);
  g_assert_cmpuint (entries->len, ==, 1);
  first = g_ptr_array_index (entries, 0);
  g_assert_cmpint (first->kind, ==, PD_CODE_KIND_CIS);
  g_assert_cmpstr (first->code, ==, "0104601234567893" "21" "5Tq!Ld8x,Wz0r" "\x1d" "93dGh5");
  g_assert_cmpstr (first->gtin, ==, "04601234567893");
  g_assert_cmpint (first->source, ==, PD_CAPTURE_SOURCE_SCANNER);
  g_assert_cmpint (first->submit_state, ==, PD_SUBMIT_STATE_CAPTURED);

  /* Durability settings, as the issue asks: WAL and a full sync on every commit. */
  g_assert_cmpint (count_rows (fixture->path, "SELECT count(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'"), ==, 1);
  g_assert_cmpint (count_rows (fixture->path, "PRAGMA user_version"), ==, PD_JOURNAL_SCHEMA_VERSION);
}

static void
test_history_and_changes (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  PdJournalEntry *verified = shoe_entry (52000013, 1, 'q');
  PdJournalEntry *rejected = shoe_entry (52000013, 1, 'q');

  g_assert_true (record (fixture->journal, PD_JOURNAL_EVENT_CAPTURED, shoe_entry (52000013, 0, 'r'), &error));
  g_assert_true (record (fixture->journal, PD_JOURNAL_EVENT_CAPTURED, shoe_entry (52000013, 1, 'q'), &error));
  /* A replacement may take a code the same unit had; the old one is gone. */
  g_assert_true (record (fixture->journal, PD_JOURNAL_EVENT_REPLACED, shoe_entry (52000013, 0, 'a'), &error));
  g_assert_no_error (error);

  verified->status = g_strdup ("INVALID");
  verified->substatus = g_strdup ("INVALID_CRYPTO_TAIL");
  g_assert_true (record (fixture->journal, PD_JOURNAL_EVENT_VERIFIED, verified, &error));
  rejected->reason = g_strdup ("Invalid incoming cis for item with id = 801 for reason: bad");
  g_assert_true (record (fixture->journal, PD_JOURNAL_EVENT_REJECTED, rejected, &error));
  g_assert_no_error (error);

  entries = pd_test_load_order (fixture->journal, 52000013);
  g_assert_cmpuint (entries->len, ==, 2);
  g_assert_cmpstr (((PdJournalEntry *) g_ptr_array_index (entries, 0))->code, ==,
                   "0104601234567893" "21" "5Tq!Ld8x,Wz0a" "\x1d" "93dGh5");
  g_assert_cmpstr (((PdJournalEntry *) g_ptr_array_index (entries, 1))->substatus, ==, "INVALID_CRYPTO_TAIL");
  g_assert_cmpint (((PdJournalEntry *) g_ptr_array_index (entries, 1))->submit_state, ==, PD_SUBMIT_STATE_REJECTED);

  /* Removing a unit that has no code is an error, and changes nothing. */
  g_assert_true (record (fixture->journal, PD_JOURNAL_EVENT_REMOVED, shoe_entry (52000013, 1, 'q'), &error));
  g_assert_false (record (fixture->journal, PD_JOURNAL_EVENT_REMOVED, shoe_entry (52000013, 1, 'q'), &error));
  g_assert_error (error, PD_JOURNAL_ERROR, PD_JOURNAL_ERROR_NOT_FOUND);

  /* Every change has its line; none is ever rewritten. */
  g_assert_cmpint (count_rows (fixture->path, "SELECT count(*) FROM history"), ==, 6);
  g_assert_cmpint (count_rows (fixture->path, "SELECT count(*) FROM history WHERE event = 'removed'"), ==, 1);
}

static gint64
queue (PdJournal *journal,
       gint64     order_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 generation;

  pd_journal_queue_submission_async (journal, 1001, order_id, NULL, pd_test_keep_result, &result);
  generation = pd_journal_queue_submission_finish (journal, pd_test_wait_for (&result), &error);
  g_assert_no_error (error);
  return generation;
}

static void
submitted (PdJournal *journal,
           gint64     order_id,
           gint64     generation)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  PdOutboxEntry entry = { 1001, order_id, generation };

  pd_journal_submitted_async (journal, &entry, TRUE, NULL, pd_test_keep_result, &result);
  g_assert_true (pd_journal_submitted_finish (journal, pd_test_wait_for (&result), &error));
  g_assert_no_error (error);
}

static GArray *
load_outbox (PdJournal *journal)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GArray *outbox;

  pd_journal_load_outbox_async (journal, NULL, pd_test_keep_result, &result);
  outbox = pd_journal_load_outbox_finish (journal, pd_test_wait_for (&result), &error);
  g_assert_no_error (error);
  return outbox;
}

static void
test_outbox_generations (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) waiting = NULL;
  g_autoptr(GArray) still = NULL;
  g_autoptr(GArray) empty = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  gint64 first, second;

  g_assert_true (record (fixture->journal, PD_JOURNAL_EVENT_CAPTURED, shoe_entry (52000013, 0, 'r'), &error));
  first = queue (fixture->journal, 52000013);
  second = queue (fixture->journal, 52000013);
  g_assert_cmpint (second, ==, first + 1);

  waiting = load_outbox (fixture->journal);
  g_assert_cmpuint (waiting->len, ==, 1);
  g_assert_cmpint (g_array_index (waiting, PdOutboxEntry, 0).generation, ==, second);

  /* The answer to the older set does not take the newer one out of the outbox. */
  submitted (fixture->journal, 52000013, first);
  still = load_outbox (fixture->journal);
  g_assert_cmpuint (still->len, ==, 1);
  entries = pd_test_load_order (fixture->journal, 52000013);
  g_assert_cmpint (((PdJournalEntry *) g_ptr_array_index (entries, 0))->submit_state, ==, PD_SUBMIT_STATE_QUEUED);
  g_clear_pointer (&entries, g_ptr_array_unref);

  submitted (fixture->journal, 52000013, second);
  empty = load_outbox (fixture->journal);
  g_assert_cmpuint (empty->len, ==, 0);
  entries = pd_test_load_order (fixture->journal, 52000013);
  g_assert_cmpint (((PdJournalEntry *) g_ptr_array_index (entries, 0))->submit_state, ==, PD_SUBMIT_STATE_SUBMITTED);
}

static void
test_reopen_and_learnt (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdJournal) again = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) unfinished_result = NULL;
  g_autoptr(GHashTable) gtins = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) unfinished = NULL;

  g_assert_true (record (fixture->journal, PD_JOURNAL_EVENT_CAPTURED, shoe_entry (52000013, 0, 'r'), &error));
  submitted (fixture->journal, 52000013, queue (fixture->journal, 52000013));
  g_clear_object (&fixture->journal);

  again = pd_test_open_journal (fixture->path, &error);
  g_assert_no_error (error);
  entries = pd_test_load_order (again, 52000013);
  g_assert_cmpuint (entries->len, ==, 1);

  pd_journal_load_gtins_async (again, NULL, pd_test_keep_result, &result);
  gtins = pd_journal_load_gtins_finish (again, pd_test_wait_for (&result), &error);
  g_assert_cmpstr (g_hash_table_lookup (gtins, "SHOE-42"), ==, "04601234567893");

  /* A submitted CIS with no verdict yet is unfinished: the desk polls for it after a restart. */
  pd_journal_load_unfinished_async (again, NULL, pd_test_keep_result, &unfinished_result);
  unfinished = pd_journal_load_unfinished_finish (again, pd_test_wait_for (&unfinished_result), &error);
  g_assert_cmpuint (unfinished->len, ==, 1);
  fixture->journal = g_steal_pointer (&again);
}

static char *
read_file (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_base64_encode ((const guchar *) contents, length);
}

/* A file at NAME beside the fixture's journal, made with SQL by SQLite itself. */
static char *
make_database (Fixture    *fixture,
               const char *name,
               const char *sql)
{
  char *path = g_build_filename (fixture->dir, name, NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  return path;
}

/* Opening PATH fails with CODE and leaves the file exactly as it was. */
static void
assert_refused_untouched (const char *path,
                          gint        code)
{
  g_autofree char *before = read_file (path);
  g_autofree char *after = NULL;
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(PdJournal) journal = pd_test_open_journal (path, &error);

  g_assert_null (journal);
  g_assert_error (error, PD_JOURNAL_ERROR, code);
  g_assert_nonnull (strstr (error->message, path));
  after = read_file (path);
  g_assert_cmpstr (after, ==, before);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

/* A newer schema is refused before anything is written: the switch to WAL would change the
 * header of a file this Packdesk cannot read. */
static void
test_newer_schema_refused (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *path = make_database (fixture, "newer.sqlite3",
                                         "CREATE TABLE future (x); PRAGMA user_version = 99");

  assert_refused_untouched (path, PD_JOURNAL_ERROR_TOO_NEW);
}

/* Not a database, cut short, or without its tables: damaged, said so, and left as it was. */
static void
test_damaged_refused (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *noise = g_build_filename (fixture->dir, "noise.sqlite3", NULL);
  g_autofree char *cut = g_build_filename (fixture->dir, "cut.sqlite3", NULL);
  g_autofree char *tableless = make_database (fixture, "tableless.sqlite3",
                                              "CREATE TABLE other (x); PRAGMA user_version = 1");
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_set_contents (noise, "SQLite? No: a shopping list, 3 eggs, milk.", -1, NULL));
  assert_refused_untouched (noise, PD_JOURNAL_ERROR_DAMAGED);

  /* The fixture's journal, with codes in it, cut in the middle of its pages. */
  g_assert_true (record (fixture->journal, PD_JOURNAL_EVENT_CAPTURED, shoe_entry (52000001, 0, 'a'), NULL));
  g_clear_object (&fixture->journal);
  g_assert_true (g_file_get_contents (fixture->path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 8192);
  g_assert_true (g_file_set_contents (cut, contents, 4096 + 100, NULL));
  assert_refused_untouched (cut, PD_JOURNAL_ERROR_DAMAGED);

  assert_refused_untouched (tableless, PD_JOURNAL_ERROR_DAMAGED);
  fixture->journal = pd_test_open_journal (fixture->path, NULL);
}

/* A damaged journal is renamed, never deleted, and a new one starts where it was. */
static void
test_set_aside (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "broken.sqlite3", NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *aside = NULL;
  g_autofree char *kept = NULL;
  g_autoptr(PdJournal) fresh = NULL;

  g_assert_true (g_file_set_contents (path, "not a database at all", -1, NULL));
  pd_journal_set_aside_async (path, NULL, pd_test_keep_result, &result);
  aside = pd_journal_set_aside_finish (pd_test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (aside, path));
  g_assert_nonnull (strstr (aside, ".damaged-"));
  g_assert_true (g_file_get_contents (aside, &kept, NULL, NULL));
  g_assert_cmpstr (kept, ==, "not a database at all");

  fresh = pd_test_open_journal (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fresh);
}

/* One Packdesk per journal: a second open is refused while the first holds it. */
static void
test_one_instance (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdJournal) second = pd_test_open_journal (fixture->path, &error);

  g_assert_null (second);
  g_assert_error (error, PD_JOURNAL_ERROR, PD_JOURNAL_ERROR_IN_USE);
  g_clear_error (&error);

  g_clear_object (&fixture->journal);
  fixture->journal = pd_test_open_journal (fixture->path, &error);
  g_assert_no_error (error);
}

/* A full disk: the change is refused, said not to be kept, and what was kept before stays. */
static void
test_disk_full (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) kept = NULL;
  gboolean full = FALSE;

  g_assert_true (record (fixture->journal, PD_JOURNAL_EVENT_CAPTURED, shoe_entry (52000001, 0, 'a'), NULL));
  pd_journal_set_size_limit (fixture->journal, 1);
  for (guint unit = 1; unit < 1000 && !full; unit++)
    {
      g_autofree char *raw = g_strdup_printf ("0104601234567893" "21" "5Tq!Ld8x%05u" "\x1d" "93dGh5", unit);
      g_autoptr(PdCode) code = pd_code_check (raw, PD_CODE_KIND_NONE, 0);

      g_assert_true (pd_code_is_valid (code));
      full = !record (fixture->journal, PD_JOURNAL_EVENT_CAPTURED,
                      pd_journal_entry_new_for_code (1001, 52000001, 801, unit, code,
                                                     PD_CAPTURE_SOURCE_SCANNER),
                      &error);
    }
  g_assert_true (full);
  g_assert_error (error, PD_JOURNAL_ERROR, PD_JOURNAL_ERROR_DISK_FULL);
  g_assert_nonnull (strstr (error->message, "not kept"));
  g_assert_null (strstr (error->message, "Nothing was lost"));

  kept = pd_test_load_order (fixture->journal, 52000001);
  g_assert_cmpuint (kept->len, >=, 1);
}

static void
test_default_path (void)
{
  g_autofree char *path = NULL;

  g_setenv ("PACKDESK_DATA_DIR", "/srv/desk-3", TRUE);
  path = pd_journal_default_path ();
  g_assert_cmpstr (path, ==, "/srv/desk-3/journal.sqlite3");
  g_unsetenv ("PACKDESK_DATA_DIR");
}

static char *
query_text (const char *path,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *statement = NULL;
  char *text;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &statement, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (statement), ==, SQLITE_ROW);
  text = g_strdup ((const char *) sqlite3_column_text (statement, 0));
  sqlite3_finalize (statement);
  sqlite3_close (db);
  return text;
}

/* Who was at the desk: every history line names them, each code keeps who captured it, and a
 * journal from before names were kept takes them on from its next event. */
static void
test_packer (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *history_packer = NULL;
  g_autofree char *csv = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  PdJournalEntry *entry = shoe_entry (52000026, 0, 'r');

  /* Back to the first schema: the same journal as an older Packdesk left it. */
  g_assert_finalize_object (fixture->journal);
  g_free (make_database (fixture, "data/journal.sqlite3",
                         "ALTER TABLE units DROP COLUMN packer; ALTER TABLE history DROP COLUMN packer;"
                         "DROP TABLE layouts;"
                         "PRAGMA user_version = 1"));
  fixture->journal = pd_test_open_journal (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (fixture->path, "PRAGMA user_version"), ==, PD_JOURNAL_SCHEMA_VERSION);

  pd_journal_set_packer (fixture->journal, "Айгуль С.");
  entry->packer = g_strdup ("Айгуль С.");
  g_assert_true (record (fixture->journal, PD_JOURNAL_EVENT_CAPTURED, entry, &error));
  g_assert_no_error (error);
  history_packer = query_text (fixture->path, "SELECT packer FROM history WHERE event = 'captured'");
  g_assert_cmpstr (history_packer, ==, "Айгуль С.");
  entries = pd_test_load_order (fixture->journal, 52000026);
  g_assert_cmpstr (((PdJournalEntry *) g_ptr_array_index (entries, 0))->packer, ==, "Айгуль С.");

  /* Nobody named: the lines say nothing rather than a stale name. */
  pd_journal_set_packer (fixture->journal, "");
  g_assert_true (record (fixture->journal, PD_JOURNAL_EVENT_REMOVED, shoe_entry (52000026, 0, 'r'), &error));
  g_assert_cmpint (count_rows (fixture->path, "SELECT count(*) FROM history WHERE event = 'removed' "
                                              "AND packer IS NULL"), ==, 1);

  g_assert_true (record (fixture->journal, PD_JOURNAL_EVENT_CAPTURED, shoe_entry (52000026, 0, 'q'), &error));
  pd_journal_export_async (fixture->journal, NULL, pd_test_keep_result, &result);
  csv = pd_journal_export_finish (fixture->journal, pd_test_wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (csv, "packer"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add ("/journal/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("packer", test_packer);
  ADD ("capture-and-duplicates", test_capture_and_duplicates);
  ADD ("history-and-changes", test_history_and_changes);
  ADD ("outbox-generations", test_outbox_generations);
  ADD ("reopen-and-learnt", test_reopen_and_learnt);
  ADD ("newer-schema-refused", test_newer_schema_refused);
  ADD ("damaged-refused", test_damaged_refused);
  ADD ("set-aside", test_set_aside);
  ADD ("one-instance", test_one_instance);
  ADD ("disk-full", test_disk_full);
#undef ADD
  g_test_add_func ("/journal/default-path", test_default_path);

  return g_test_run ();
}
