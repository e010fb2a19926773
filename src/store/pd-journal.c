/* pd-journal.c — the SQLite journal, on a thread of its own.
 *
 * One worker thread owns the connection and runs the jobs in the order they were asked for, so a
 * capture is always written before the submission that follows it. Every change is one
 * transaction (WAL, synchronous=FULL): when a job's callback runs, the change is on the disk.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "pd-enum-nick.h"
#include "pd-journal.h"

#include "pd-csv.h"
#include "pd-journal-file.h"
#include "pd-store-enums.h"

typedef gpointer (*JobFunc) (PdJournal *self,
                             gpointer   data,
                             GError   **error);

typedef struct
{
  JobFunc        func;
  gpointer       data;
  GDestroyNotify free_data;
  GDestroyNotify free_result;
} Job;

struct _PdJournal
{
  GObject      parent_instance;

  char        *path;
  int          lock_fd;
  sqlite3     *db;
  GThread     *thread;
  GAsyncQueue *jobs;
  /* Who is at the desk: the main thread sets it, the worker writes it into the history. */
  GMutex       packer_lock;
  char        *packer;
};

G_DEFINE_FINAL_TYPE (PdJournal, pd_journal, G_TYPE_OBJECT)

G_DEFINE_QUARK (pd-journal-error-quark, pd_journal_error)

/* The worker stops when it pops this. */
static GTask *const stop_job = (GTask *) &stop_job;

/* Each version's statements, applied in order; PRAGMA user_version says how far a file got. */
static const char *const migrations[] = {
  /* 1 */
  "CREATE TABLE units ("
  "  order_id INTEGER NOT NULL, item_id INTEGER NOT NULL, unit INTEGER NOT NULL,"
  "  campaign_id INTEGER NOT NULL, offer_id TEXT, kind TEXT NOT NULL, raw TEXT NOT NULL,"
  "  code TEXT NOT NULL, dedup_key TEXT NOT NULL, gtin TEXT, country_code TEXT,"
  "  source TEXT NOT NULL, captured_at INTEGER NOT NULL,"
  "  submit_state TEXT NOT NULL DEFAULT 'captured', status TEXT, substatus TEXT, reason TEXT,"
  "  PRIMARY KEY (order_id, item_id, unit));"
  /* A CIS or UIN belongs to one unit only; one customs declaration covers many. */
  "CREATE UNIQUE INDEX units_once ON units (dedup_key) WHERE kind IN ('cis', 'uin');"
  "CREATE TABLE history ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, event TEXT NOT NULL,"
  "  campaign_id INTEGER NOT NULL, order_id INTEGER NOT NULL, item_id INTEGER, unit INTEGER,"
  "  code TEXT, detail TEXT);"
  "CREATE INDEX history_order ON history (order_id);"
  "CREATE TABLE offer_gtins ("
  "  offer_id TEXT NOT NULL, gtin TEXT NOT NULL, seen INTEGER NOT NULL DEFAULT 1,"
  "  PRIMARY KEY (offer_id, gtin));"
  "CREATE TABLE outbox ("
  "  order_id INTEGER PRIMARY KEY, campaign_id INTEGER NOT NULL, generation INTEGER NOT NULL,"
  "  queued_at INTEGER NOT NULL);"
  "CREATE TABLE generations (order_id INTEGER PRIMARY KEY, generation INTEGER NOT NULL);",
  /* 2: who captured each code, and who was at the desk for each event */
  "ALTER TABLE units ADD COLUMN packer TEXT;"
  "ALTER TABLE history ADD COLUMN packer TEXT;"
  /* and how the packer laid each order out in boxes */
  "CREATE TABLE layouts (order_id INTEGER PRIMARY KEY, campaign_id INTEGER NOT NULL,"
  "  layout TEXT NOT NULL, changed_at INTEGER NOT NULL);",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == PD_JOURNAL_SCHEMA_VERSION);

static gboolean
db_failed (PdJournal  *self,
           GError    **error)
{
  g_propagate_error (error, pd_journal_file_error (self->db, self->path));
  return FALSE;
}

static gboolean
db_exec (PdJournal   *self,
         const char  *sql,
         GError     **error)
{
  return sqlite3_exec (self->db, sql, NULL, NULL, NULL) == SQLITE_OK || db_failed (self, error);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

static sqlite3_stmt *
db_prepare (PdJournal   *self,
            const char  *sql,
            GError     **error)
{
  sqlite3_stmt *statement = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &statement, NULL) != SQLITE_OK)
    db_failed (self, error);
  return statement;
}

/* Binds "i" (gint64), "u" (guint), "s" (string or NULL) arguments in order. */
static void
db_bind (sqlite3_stmt *statement,
         const char   *types,
         ...)
{
  va_list args;

  va_start (args, types);
  for (int i = 0; types[i] != '\0'; i++)
    switch (types[i])
      {
      case 'i':
        sqlite3_bind_int64 (statement, i + 1, va_arg (args, gint64));
        break;
      case 'u':
        sqlite3_bind_int64 (statement, i + 1, va_arg (args, guint));
        break;
      case 's':
        sqlite3_bind_text (statement, i + 1, va_arg (args, const char *), -1, SQLITE_TRANSIENT);
        break;
      default:
        g_assert_not_reached ();
      }
  va_end (args);
}

static const char *
column_text (sqlite3_stmt *statement,
             int           column)
{
  return (const char *) sqlite3_column_text (statement, column);
}

/* ---- The worker. ---- */

/* A job's outcome, handed back to the thread that asked for it. */
typedef struct
{
  GTask    *task;
  gpointer  result;
  GError   *error;
} Outcome;

static gboolean
deliver (gpointer data)
{
  Outcome *outcome = data;
  Job *job = g_task_get_task_data (outcome->task);

  if (outcome->error != NULL)
    g_task_return_error (outcome->task, outcome->error);
  else
    g_task_return_pointer (outcome->task, outcome->result, job->free_result);
  g_object_unref (outcome->task);
  g_free (outcome);
  return G_SOURCE_REMOVE;
}

/* The worker holds no reference to anything: every task, and with it the journal, is returned
 * and released in the caller's own context. */
static gpointer
worker (gpointer data)
{
  GAsyncQueue *jobs = data;

  for (;;)
    {
      GTask *task = g_async_queue_pop (jobs);
      Outcome *outcome;
      Job *job;

      if (task == stop_job)
        break;
      job = g_task_get_task_data (task);
      outcome = g_new0 (Outcome, 1);
      outcome->task = task;
      outcome->result = job->func (g_task_get_source_object (task), job->data, &outcome->error);
      g_main_context_invoke (g_task_get_context (task), deliver, outcome);
    }
  g_async_queue_unref (jobs);
  return NULL;
}

static void
job_free (Job *job)
{
  if (job->free_data != NULL)
    job->free_data (job->data);
  g_free (job);
}

static void
run_job (PdJournal          *self,
         JobFunc             func,
         gpointer            data,
         GDestroyNotify      free_data,
         GDestroyNotify      free_result,
         gpointer            source_tag,
         GCancellable       *cancellable,
         GAsyncReadyCallback callback,
         gpointer            user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Job *job = g_new0 (Job, 1);

  job->func = func;
  job->data = data;
  job->free_data = free_data;
  job->free_result = free_result;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  /* Jobs run even when cancelled: a capture the caller stopped waiting for is still kept. */
  g_task_set_check_cancellable (task, FALSE);
  g_async_queue_push (self->jobs, task);
}

static gpointer
finish_job (PdJournal    *self,
            GAsyncResult *result,
            gpointer      source_tag,
            GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* A job's "done" for functions whose result is only success. */
#define JOB_DONE GINT_TO_POINTER (1)

/* ---- Opening and migrating. ---- */

static void
pd_journal_finalize (GObject *object)
{
  PdJournal *self = PD_JOURNAL (object);

  /* No job is left: each holds a reference to the journal until it is delivered. */
  g_async_queue_push (self->jobs, stop_job);
  g_thread_join (self->thread);
  g_async_queue_unref (self->jobs);
  if (self->db != NULL)
    sqlite3_close (self->db);
  if (self->lock_fd >= 0)
    close (self->lock_fd);
  g_free (self->path);
  g_mutex_clear (&self->packer_lock);
  g_free (self->packer);

  G_OBJECT_CLASS (pd_journal_parent_class)->finalize (object);
}

static void
pd_journal_class_init (PdJournalClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_journal_finalize;
}

static void
pd_journal_init (PdJournal *self)
{
  self->lock_fd = -1;
  g_mutex_init (&self->packer_lock);
  self->jobs = g_async_queue_new ();
  self->thread = g_thread_new ("pd-journal", worker, g_async_queue_ref (self->jobs));
}

/**
 * pd_journal_default_path:
 *
 * Returns: (transfer full): `$PACKDESK_DATA_DIR/journal.sqlite3`, by default under
 *   `$XDG_DATA_HOME/packdesk/`
 */
char *
pd_journal_default_path (void)
{
  const char *dir = g_getenv ("PACKDESK_DATA_DIR");

  if (dir != NULL && *dir != '\0')
    return g_build_filename (dir, "journal.sqlite3", NULL);
  return g_build_filename (g_get_user_data_dir (), "packdesk", "journal.sqlite3", NULL);
}

static gboolean
migrate (PdJournal  *self,
         GError    **error)
{
  g_autoptr(sqlite3_stmt) statement = db_prepare (self, "PRAGMA user_version", error);
  int version;

  if (statement == NULL || sqlite3_step (statement) != SQLITE_ROW)
    return db_failed (self, error);
  version = sqlite3_column_int (statement, 0);

  for (; version < PD_JOURNAL_SCHEMA_VERSION; version++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", version + 1);

      if (!db_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!db_exec (self, migrations[version], error) || !db_exec (self, bump, error))
        {
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
      if (!db_exec (self, "COMMIT", error))
        return FALSE;
    }
  return TRUE;
}

static gpointer
open_job (PdJournal *self,
          gpointer   data,
          GError   **error)
{
  g_autofree char *dir = g_path_get_dirname (self->path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, PD_JOURNAL_ERROR, PD_JOURNAL_ERROR_FAILED,
                   _("Cannot create the folder %s for the journal: %s"), dir, g_strerror (saved));
      return NULL;
    }
  if (!pd_journal_file_lock (self->path, &self->lock_fd, error))
    return NULL;
  if (sqlite3_open_v2 (self->path, &self->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      g_set_error (error, PD_JOURNAL_ERROR, PD_JOURNAL_ERROR_FAILED,
                   _("Cannot open the journal %s: %s"), self->path,
                   self->db != NULL ? sqlite3_errmsg (self->db) : g_strerror (ENOMEM));
      return NULL;
    }
  sqlite3_busy_timeout (self->db, 5000);
  /* SQLite falls back to reading a file it may not write; a journal must be written. */
  if (sqlite3_db_readonly (self->db, "main") == 1)
    {
      g_set_error (error, PD_JOURNAL_ERROR, PD_JOURNAL_ERROR_READ_ONLY,
                   _("The journal %s may not be written. Check that the file and its folder may "
                     "be written to."), self->path);
      return NULL;
    }
  /* Everything is checked before the first write: a refused journal is left as it was. */
  if (!pd_journal_file_check (self->db, self->path, PD_JOURNAL_SCHEMA_VERSION, error)
      || !db_exec (self, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON", error)
      || !migrate (self, error))
    return NULL;
  return g_object_ref (self);
}

/**
 * pd_journal_open_async:
 * @path: the database file; its folder is created
 *
 * Opens (creating or migrating) the journal. Finish with pd_journal_open_finish().
 */
void
pd_journal_open_async (const char          *path,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  PdJournal *self = g_object_new (PD_TYPE_JOURNAL, NULL);

  self->path = g_strdup (path);
  run_job (self, open_job, NULL, NULL, g_object_unref, pd_journal_open_async, cancellable,
           callback, user_data);
  g_object_unref (self);
}

/* Returns: (transfer full) (nullable): the journal */
PdJournal *
pd_journal_open_finish (GAsyncResult  *result,
                        GError       **error)
{
  PdJournal *self = g_task_get_source_object (G_TASK (result));

  return finish_job (self, result, pd_journal_open_async, error);
}

static void
set_aside_thread (GTask        *task,
                  gpointer      source,
                  gpointer      data,
                  GCancellable *cancellable)
{
  GError *error = NULL;
  char *aside = pd_journal_file_set_aside (data, &error);

  if (aside == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, aside, g_free);
}

/**
 * pd_journal_set_aside_async:
 *
 * Renames a damaged journal at PATH (never deletes it), so that a new one can be opened there.
 * Only when the packer has agreed: the codes in it are no longer shown.
 */
void
pd_journal_set_aside_async (const char          *path,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, pd_journal_set_aside_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, set_aside_thread);
}

/* Returns: (transfer full): the name the damaged journal has now */
char *
pd_journal_set_aside_finish (GAsyncResult  *result,
                             GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static gpointer
size_limit_job (PdJournal *self,
                gpointer   data,
                GError   **error)
{
  g_autoptr(sqlite3_stmt) statement = db_prepare (self, "PRAGMA page_size", error);
  g_autofree char *pragma = NULL;

  if (statement == NULL || sqlite3_step (statement) != SQLITE_ROW)
    return db_failed (self, error) ? JOB_DONE : NULL;
  pragma = g_strdup_printf ("PRAGMA max_page_count = %" G_GINT64_FORMAT,
                            MAX (*(gint64 *) data / (gint64) sqlite3_column_int64 (statement, 0), 1));
  return db_exec (self, pragma, error) ? JOB_DONE : NULL;
}

/**
 * pd_journal_set_size_limit:
 *
 * Bounds the journal's file to about MAX_BYTES: a change past it fails as on a full disk, which
 * is how the tests meet one.
 */
void
pd_journal_set_size_limit (PdJournal *self,
                           gint64     max_bytes)
{
  run_job (self, size_limit_job, g_memdup2 (&max_bytes, sizeof max_bytes), g_free, NULL,
           pd_journal_set_size_limit, NULL, NULL, NULL);
}

/**
 * pd_journal_set_packer:
 * @packer: (nullable): the name of who works at the desk now
 *
 * Every history line written from now on names PACKER, as the shift's record of who did what.
 */
void
pd_journal_set_packer (PdJournal  *self,
                       const char *packer)
{
  g_mutex_lock (&self->packer_lock);
  g_free (self->packer);
  self->packer = packer != NULL && *packer != '\0' ? g_strdup (packer) : NULL;
  g_mutex_unlock (&self->packer_lock);
}

const char *
pd_journal_get_path (PdJournal *self)
{
  return self->path;
}

/* ---- Changes. ---- */

typedef struct
{
  PdJournalEvent  event;
  GPtrArray      *entries;
} RecordData;

static void
record_data_free (RecordData *data)
{
  g_ptr_array_unref (data->entries);
  g_free (data);
}

static gboolean
add_history (PdJournal            *self,
             PdJournalEvent        event,
             const PdJournalEntry *entry,
             const char           *detail,
             GError              **error)
{
  g_autoptr(sqlite3_stmt) statement =
    db_prepare (self, "INSERT INTO history (at, event, campaign_id, order_id, item_id, unit, code, detail, "
                      "packer) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  g_autofree char *packer = NULL;

  if (statement == NULL)
    return FALSE;
  g_mutex_lock (&self->packer_lock);
  packer = g_strdup (self->packer);
  g_mutex_unlock (&self->packer_lock);
  db_bind (statement, "isiiiusss", g_get_real_time (), pd_enum_to_nick (PD_TYPE_JOURNAL_EVENT, event), entry->campaign_id,
           entry->order_id, entry->item_id, entry->unit, entry->code, detail, packer);
  return sqlite3_step (statement) == SQLITE_DONE || db_failed (self, error);
}

/* The unit that already holds ENTRY's code, for the message that refuses it. */
static void
set_duplicate_error (PdJournal            *self,
                     const PdJournalEntry *entry,
                     GError              **error)
{
  g_autoptr(sqlite3_stmt) statement =
    db_prepare (self, "SELECT order_id, item_id, unit FROM units WHERE dedup_key = ?", NULL);
  gint64 order_id = 0;

  if (statement != NULL)
    {
      db_bind (statement, "s", entry->dedup_key);
      if (sqlite3_step (statement) == SQLITE_ROW)
        order_id = sqlite3_column_int64 (statement, 0);
    }

  if (order_id == entry->order_id)
    g_set_error (error, PD_JOURNAL_ERROR, PD_JOURNAL_ERROR_DUPLICATE,
                 _("This code was already scanned for this order. Scan the next unit’s code."));
  else
    {
      g_autofree char *order = g_strdup_printf ("%" G_GINT64_FORMAT, order_id);
      g_set_error (error, PD_JOURNAL_ERROR, PD_JOURNAL_ERROR_DUPLICATE,
                   _("This code was already used in order %s. Each unit has its own code; check "
                     "that the right item is in your hands."), order);
    }
}

static gboolean
write_unit (PdJournal            *self,
            const PdJournalEntry *entry,
            GError              **error)
{
  g_autoptr(sqlite3_stmt) statement =
    db_prepare (self, "INSERT INTO units (order_id, item_id, unit, campaign_id, offer_id, kind, "
                      "raw, code, dedup_key, gtin, country_code, source, submit_state, status, "
                      "substatus, reason, captured_at, packer) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  int code;

  if (statement == NULL)
    return FALSE;
  db_bind (statement, "iiuissssssssssssss", entry->order_id, entry->item_id, entry->unit,
           entry->campaign_id, entry->offer_id, pd_code_kind_to_string (entry->kind),
           entry->raw, entry->code, entry->dedup_key, entry->gtin, entry->country_code,
           pd_capture_source_to_string (entry->source), pd_submit_state_to_string (entry->submit_state),
           entry->status, entry->substatus, entry->reason, NULL, entry->packer);
  sqlite3_bind_int64 (statement, 17, entry->captured_at);
  if (sqlite3_step (statement) == SQLITE_DONE)
    return TRUE;

  code = sqlite3_extended_errcode (self->db);
  if (code == SQLITE_CONSTRAINT_PRIMARYKEY)
    g_set_error (error, PD_JOURNAL_ERROR, PD_JOURNAL_ERROR_DUPLICATE,
                 _("This unit already has a code. Replace it or choose another unit."));
  else if (code == SQLITE_CONSTRAINT_UNIQUE)
    set_duplicate_error (self, entry, error);
  else
    db_failed (self, error);
  return FALSE;
}

static gboolean
learn_gtin (PdJournal            *self,
            const PdJournalEntry *entry,
            GError              **error)
{
  g_autoptr(sqlite3_stmt) statement = NULL;

  if (entry->offer_id == NULL || entry->gtin == NULL)
    return TRUE;
  statement = db_prepare (self, "INSERT INTO offer_gtins (offer_id, gtin) VALUES (?, ?) "
                                "ON CONFLICT DO UPDATE SET seen = seen + 1", error);
  if (statement == NULL)
    return FALSE;
  db_bind (statement, "ss", entry->offer_id, entry->gtin);
  return sqlite3_step (statement) == SQLITE_DONE || db_failed (self, error);
}

/* Runs SQL, whose ?1…?3 are FIRST…THIRD and ?4…?6 the entry's order, item and unit; a unit
 * that is not there is an error. */
static gboolean
update_unit (PdJournal            *self,
             const char           *sql,
             const PdJournalEntry *entry,
             const char           *first,
             const char           *second,
             const char           *third,
             GError              **error)
{
  g_autoptr(sqlite3_stmt) statement = db_prepare (self, sql, error);

  if (statement == NULL)
    return FALSE;
  db_bind (statement, "sssiiu", first, second, third, entry->order_id, entry->item_id, entry->unit);
  if (sqlite3_step (statement) != SQLITE_DONE)
    return db_failed (self, error);
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, PD_JOURNAL_ERROR, PD_JOURNAL_ERROR_NOT_FOUND,
                   _("That unit has no code any more; the list was out of date."));
      return FALSE;
    }
  return TRUE;
}

#define UNIT_DELETE "DELETE FROM units WHERE order_id = ?4 AND item_id = ?5 AND unit = ?6"

static gboolean
apply_change (PdJournal            *self,
              PdJournalEvent        event,
              const PdJournalEntry *entry,
              GError              **error)
{
  switch (event)
    {
    case PD_JOURNAL_EVENT_CAPTURED:
      return write_unit (self, entry, error) && learn_gtin (self, entry, error)
             && add_history (self, event, entry, entry->raw, error);
    case PD_JOURNAL_EVENT_REPLACED:
      /* The old code goes first, so that a code moving between units of the order is allowed. */
      return update_unit (self, UNIT_DELETE, entry, NULL, NULL, NULL, error)
             && write_unit (self, entry, error) && learn_gtin (self, entry, error)
             && add_history (self, event, entry, entry->raw, error);
    case PD_JOURNAL_EVENT_REMOVED:
      return update_unit (self, UNIT_DELETE, entry, NULL, NULL, NULL, error)
             && add_history (self, event, entry, NULL, error);
    case PD_JOURNAL_EVENT_REJECTED:
      return update_unit (self, "UPDATE units SET submit_state = ?1, reason = ?2 WHERE "
                                "order_id = ?4 AND item_id = ?5 AND unit = ?6",
                          entry, "rejected", entry->reason, NULL, error)
             && add_history (self, event, entry, entry->reason, error);
    case PD_JOURNAL_EVENT_VERIFIED:
      {
        g_autofree char *detail = g_strjoin (" ", entry->status, entry->substatus, NULL);

        return update_unit (self, "UPDATE units SET status = ?1, substatus = ?2 WHERE "
                                  "order_id = ?4 AND item_id = ?5 AND unit = ?6",
                            entry, entry->status, entry->substatus, NULL, error)
               && add_history (self, event, entry, detail, error);
      }
    case PD_JOURNAL_EVENT_READY:
      return add_history (self, event, entry, NULL, error);
    case PD_JOURNAL_EVENT_QUEUED:
    case PD_JOURNAL_EVENT_SUBMITTED:
    case PD_JOURNAL_EVENT_LAYOUT:
    default:
      g_return_val_if_reached (FALSE);
    }
}

/* All of a job's statements or none. */
static gboolean
commit_or_roll_back (PdJournal *self,
                     gboolean   ok,
                     GError   **error)
{
  if (ok && db_exec (self, "COMMIT", error))
    return TRUE;
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

static gpointer
record_job (PdJournal *self,
            gpointer   data,
            GError   **error)
{
  RecordData *record = data;
  gboolean ok;

  if (!db_exec (self, "BEGIN IMMEDIATE", error))
    return NULL;
  ok = TRUE;
  for (guint i = 0; ok && i < record->entries->len; i++)
    ok = apply_change (self, record->event, g_ptr_array_index (record->entries, i), error);
  return commit_or_roll_back (self, ok, error) ? JOB_DONE : NULL;
}

/**
 * pd_journal_record_async:
 * @entries: (element-type PdJournalEntry): the units the change is about (the array is kept)
 *
 * Writes one change of every entry in one transaction, with its line in the history:
 * CAPTURED (refused when the unit or, for CIS and UIN, the code is taken), REPLACED, REMOVED,
 * REJECTED (with the entry's reason), VERIFIED (its status and substatus) or READY. The
 * callback runs once it is on the disk.
 */
void
pd_journal_record_async (PdJournal           *self,
                         PdJournalEvent       event,
                         GPtrArray           *entries,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  RecordData *data = g_new0 (RecordData, 1);

  g_return_if_fail (PD_IS_JOURNAL (self));
  g_return_if_fail (event != PD_JOURNAL_EVENT_QUEUED && event != PD_JOURNAL_EVENT_SUBMITTED);

  data->event = event;
  data->entries = g_ptr_array_ref (entries);
  run_job (self, record_job, data, (GDestroyNotify) record_data_free, NULL, pd_journal_record_async,
           cancellable, callback, user_data);
}

gboolean
pd_journal_record_finish (PdJournal     *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  return finish_job (self, result, pd_journal_record_async, error) != NULL;
}

/* ---- The outbox. ---- */

/* Queuing puts every code of the order but the rejected ones in the set. The answer to a set
 * (STATE submitted, or captured again when refused) is only about the codes that were queued:
 * one captured or replaced while the set was on its way was not in it. A set the Market took is
 * checked afresh: only an OK verdict stands. */
static gboolean
set_order_state (PdJournal   *self,
                 gint64       order_id,
                 const char  *state,
                 GError     **error)
{
  g_autoptr(sqlite3_stmt) statement =
    db_prepare (self, "UPDATE units SET submit_state = ?1, reason = NULL, "
                      "status = CASE WHEN ?1 = 'submitted' AND status IS NOT 'OK' THEN NULL ELSE status END, "
                      "substatus = CASE WHEN ?1 = 'submitted' AND status IS NOT 'OK' THEN NULL ELSE substatus END "
                      "WHERE order_id = ?2 AND submit_state != 'rejected' "
                      "AND (?1 = 'queued' OR submit_state = 'queued')", error);

  if (statement == NULL)
    return FALSE;
  db_bind (statement, "si", state, order_id);
  return sqlite3_step (statement) == SQLITE_DONE || db_failed (self, error);
}

static gint64
queue_in_transaction (PdJournal           *self,
                      const PdOutboxEntry *submission,
                      GError             **error)
{
  g_autoptr(sqlite3_stmt) bump = NULL;
  g_autoptr(sqlite3_stmt) outbox = NULL;
  PdJournalEntry order = { .campaign_id = submission->campaign_id, .order_id = submission->order_id };
  gint64 generation;

  bump = db_prepare (self, "INSERT INTO generations (order_id, generation) VALUES (?, 1) "
                           "ON CONFLICT DO UPDATE SET generation = generation + 1 RETURNING generation",
                     error);
  if (bump == NULL)
    return 0;
  db_bind (bump, "i", submission->order_id);
  if (sqlite3_step (bump) != SQLITE_ROW)
    return db_failed (self, error);
  generation = sqlite3_column_int64 (bump, 0);

  outbox = db_prepare (self, "INSERT OR REPLACE INTO outbox (order_id, campaign_id, generation, queued_at) "
                             "VALUES (?, ?, ?, ?)", error);
  if (outbox == NULL)
    return 0;
  db_bind (outbox, "iiii", submission->order_id, submission->campaign_id, generation, g_get_real_time ());
  if (sqlite3_step (outbox) != SQLITE_DONE)
    return db_failed (self, error);
  if (!set_order_state (self, submission->order_id, "queued", error)
      || !add_history (self, PD_JOURNAL_EVENT_QUEUED, &order, NULL, error))
    return 0;
  return generation;
}

static gpointer
queue_job (PdJournal *self,
           gpointer   data,
           GError   **error)
{
  gint64 *generation = g_new0 (gint64, 1);

  if (!db_exec (self, "BEGIN IMMEDIATE", error))
    return NULL;
  *generation = queue_in_transaction (self, data, error);
  if (!commit_or_roll_back (self, *generation > 0, error))
    g_clear_pointer (&generation, g_free);
  return generation;
}

typedef struct
{
  gint64  campaign_id;
  gint64  order_id;
  char   *layout;
} LayoutData;

static void
layout_data_free (LayoutData *data)
{
  g_free (data->layout);
  g_free (data);
}

static gpointer
save_layout_job (PdJournal *self,
                 gpointer   data,
                 GError   **error)
{
  LayoutData *layout = data;
  PdJournalEntry order = { .campaign_id = layout->campaign_id, .order_id = layout->order_id };
  g_autoptr(sqlite3_stmt) statement = NULL;
  gboolean ok;

  if (!db_exec (self, "BEGIN IMMEDIATE", error))
    return NULL;
  statement = db_prepare (self, "INSERT OR REPLACE INTO layouts (order_id, campaign_id, layout, changed_at) "
                                "VALUES (?, ?, ?, ?)", error);
  ok = statement != NULL;
  if (ok)
    {
      db_bind (statement, "iisi", layout->order_id, layout->campaign_id, layout->layout, g_get_real_time ());
      ok = sqlite3_step (statement) == SQLITE_DONE || db_failed (self, error);
    }
  ok = ok && add_history (self, PD_JOURNAL_EVENT_LAYOUT, &order, layout->layout, error);
  return commit_or_roll_back (self, ok, error) ? JOB_DONE : NULL;
}

/**
 * pd_journal_save_layout_async:
 * @layout: the layout's text (see pd_box_layout_to_string())
 *
 * Keeps how the packer laid the order out in boxes, with its line in the history.
 */
void
pd_journal_save_layout_async (PdJournal           *self,
                              gint64               campaign_id,
                              gint64               order_id,
                              const char          *layout,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  LayoutData *data = g_new0 (LayoutData, 1);

  data->campaign_id = campaign_id;
  data->order_id = order_id;
  data->layout = g_strdup (layout);
  run_job (self, save_layout_job, data, (GDestroyNotify) layout_data_free, NULL,
           pd_journal_save_layout_async, cancellable, callback, user_data);
}

gboolean
pd_journal_save_layout_finish (PdJournal     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return finish_job (self, result, pd_journal_save_layout_async, error) != NULL;
}

static gpointer
load_layout_job (PdJournal *self,
                 gpointer   data,
                 GError   **error)
{
  g_autoptr(sqlite3_stmt) statement = db_prepare (self, "SELECT layout FROM layouts WHERE order_id = ?", error);
  int step;

  if (statement == NULL)
    return NULL;
  db_bind (statement, "i", *(gint64 *) data);
  step = sqlite3_step (statement);
  if (step == SQLITE_ROW)
    return g_strdup (column_text (statement, 0));
  if (step != SQLITE_DONE)
    db_failed (self, error);
  /* No layout kept: the empty text, which is not an error. */
  return step == SQLITE_DONE ? g_strdup ("") : NULL;
}

/**
 * pd_journal_load_layout_async:
 *
 * Finish with the order's layout as last kept, or "" when the packer never changed it here.
 */
void
pd_journal_load_layout_async (PdJournal           *self,
                              gint64               order_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  run_job (self, load_layout_job, g_memdup2 (&order_id, sizeof order_id), g_free, g_free,
           pd_journal_load_layout_async, cancellable, callback, user_data);
}

char *
pd_journal_load_layout_finish (PdJournal     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return finish_job (self, result, pd_journal_load_layout_async, error);
}

/**
 * pd_journal_queue_submission_async:
 *
 * Puts the order's complete set of codes in the outbox; a newer request replaces an older one.
 * Finish with the generation the submission must carry to leave the outbox.
 */
void
pd_journal_queue_submission_async (PdJournal           *self,
                                   gint64               campaign_id,
                                   gint64               order_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  PdOutboxEntry *submission = g_new0 (PdOutboxEntry, 1);

  submission->campaign_id = campaign_id;
  submission->order_id = order_id;
  run_job (self, queue_job, submission, g_free, g_free, pd_journal_queue_submission_async,
           cancellable, callback, user_data);
}

/* Returns: the generation, or 0 with ERROR set */
gint64
pd_journal_queue_submission_finish (PdJournal     *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_autofree gint64 *generation = finish_job (self, result, pd_journal_queue_submission_async, error);

  return generation != NULL ? *generation : 0;
}

typedef struct
{
  PdOutboxEntry submission;
  gboolean      accepted;
} SubmittedData;

static gpointer
submitted_job (PdJournal *self,
               gpointer   data,
               GError   **error)
{
  SubmittedData *submitted = data;
  PdOutboxEntry *submission = &submitted->submission;
  PdJournalEntry order = { .campaign_id = submission->campaign_id, .order_id = submission->order_id };
  g_autoptr(sqlite3_stmt) outbox = NULL;
  g_autofree char *detail = g_strdup_printf ("generation %" G_GINT64_FORMAT, submission->generation);
  gboolean ok;

  if (!db_exec (self, "BEGIN IMMEDIATE", error))
    return NULL;
  /* A change queued while this set was on its way keeps the order in the outbox. */
  outbox = db_prepare (self, "DELETE FROM outbox WHERE order_id = ? AND generation = ?", error);
  ok = outbox != NULL;
  if (ok)
    {
      db_bind (outbox, "ii", submission->order_id, submission->generation);
      ok = sqlite3_step (outbox) == SQLITE_DONE || db_failed (self, error);
    }
  ok = ok && (sqlite3_changes (self->db) == 0
              || set_order_state (self, submission->order_id,
                                  submitted->accepted ? "submitted" : "captured", error));
  ok = ok && add_history (self, submitted->accepted ? PD_JOURNAL_EVENT_SUBMITTED : PD_JOURNAL_EVENT_REJECTED,
                          &order, detail, error);
  return commit_or_roll_back (self, ok, error) ? JOB_DONE : NULL;
}

/**
 * pd_journal_submitted_async:
 * @accepted: whether the Market took the set; a refused one goes back to "captured" (its
 *   culprits were recorded REJECTED before)
 *
 * SUBMISSION got its answer: the order leaves the outbox unless something newer was queued
 * meanwhile.
 */
void
pd_journal_submitted_async (PdJournal           *self,
                            const PdOutboxEntry *submission,
                            gboolean             accepted,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  SubmittedData *data = g_new0 (SubmittedData, 1);

  data->submission = *submission;
  data->accepted = accepted;
  run_job (self, submitted_job, data, g_free, NULL, pd_journal_submitted_async, cancellable,
           callback, user_data);
}

gboolean
pd_journal_submitted_finish (PdJournal     *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return finish_job (self, result, pd_journal_submitted_async, error) != NULL;
}

/* ---- Reading. ---- */

#define UNIT_COLUMNS \
  "campaign_id, order_id, item_id, unit, offer_id, kind, raw, code, dedup_key, gtin, " \
  "country_code, source, captured_at, submit_state, status, substatus, reason, packer"

static PdJournalEntry *
read_entry (sqlite3_stmt *statement)
{
  PdJournalEntry *entry = pd_journal_entry_new (sqlite3_column_int64 (statement, 0),
                                                sqlite3_column_int64 (statement, 1),
                                                sqlite3_column_int64 (statement, 2),
                                                sqlite3_column_int (statement, 3));

  entry->offer_id = g_strdup (column_text (statement, 4));
  pd_code_kind_from_string (column_text (statement, 5), &entry->kind);
  entry->raw = g_strdup (column_text (statement, 6));
  entry->code = g_strdup (column_text (statement, 7));
  entry->dedup_key = g_strdup (column_text (statement, 8));
  entry->gtin = g_strdup (column_text (statement, 9));
  entry->country_code = g_strdup (column_text (statement, 10));
  entry->source = pd_capture_source_from_string (column_text (statement, 11));
  entry->captured_at = sqlite3_column_int64 (statement, 12);
  entry->submit_state = pd_submit_state_from_string (column_text (statement, 13));
  entry->status = g_strdup (column_text (statement, 14));
  entry->substatus = g_strdup (column_text (statement, 15));
  entry->reason = g_strdup (column_text (statement, 16));
  entry->packer = g_strdup (column_text (statement, 17));
  return entry;
}

static GPtrArray *
read_entries (PdJournal    *self,
              sqlite3_stmt *statement,
              GError      **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_journal_entry_free);
  int step;

  while ((step = sqlite3_step (statement)) == SQLITE_ROW)
    g_ptr_array_add (entries, read_entry (statement));
  if (step != SQLITE_DONE)
    {
      db_failed (self, error);
      return NULL;
    }
  return g_steal_pointer (&entries);
}

static gpointer
load_order_job (PdJournal *self,
                gpointer   data,
                GError   **error)
{
  g_autoptr(sqlite3_stmt) statement =
    db_prepare (self, "SELECT " UNIT_COLUMNS " FROM units WHERE order_id = ? ORDER BY item_id, unit", error);

  if (statement == NULL)
    return NULL;
  db_bind (statement, "i", *(gint64 *) data);
  return read_entries (self, statement, error);
}

/* The order's captured codes, by item and unit. */
void
pd_journal_load_order_async (PdJournal           *self,
                             gint64               order_id,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  run_job (self, load_order_job, g_memdup2 (&order_id, sizeof order_id), g_free,
           (GDestroyNotify) g_ptr_array_unref, pd_journal_load_order_async, cancellable, callback,
           user_data);
}

/* Returns: (transfer full) (element-type PdJournalEntry) */
GPtrArray *
pd_journal_load_order_finish (PdJournal     *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return finish_job (self, result, pd_journal_load_order_async, error);
}

static gpointer
load_unfinished_job (PdJournal *self,
                   gpointer   data,
                   GError   **error)
{
  g_autoptr(sqlite3_stmt) statement =
    db_prepare (self, "SELECT " UNIT_COLUMNS " FROM units WHERE submit_state IN ('captured', 'rejected') "
                      "OR status IN ('INVALID', 'FAILED') OR (submit_state = 'submitted' AND "
                      "kind IN ('cis', 'uin') AND (status IS NULL OR status = 'IN_PROGRESS')) "
                      "ORDER BY order_id, item_id, unit", error);

  return statement != NULL ? read_entries (self, statement, error) : NULL;
}

/* Every code that still needs something: captured but never sent (the desk stopped between the
 * last scan and queuing, or the order was left half done), rejected by the Market, found
 * INVALID or FAILED, or not checked yet — in any order. */
void
pd_journal_load_unfinished_async (PdJournal           *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  run_job (self, load_unfinished_job, NULL, NULL, (GDestroyNotify) g_ptr_array_unref,
           pd_journal_load_unfinished_async, cancellable, callback, user_data);
}

/* Returns: (transfer full) (element-type PdJournalEntry) */
GPtrArray *
pd_journal_load_unfinished_finish (PdJournal     *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return finish_job (self, result, pd_journal_load_unfinished_async, error);
}

static gpointer
load_outbox_job (PdJournal *self,
                 gpointer   data,
                 GError   **error)
{
  g_autoptr(sqlite3_stmt) statement =
    db_prepare (self, "SELECT campaign_id, order_id, generation FROM outbox ORDER BY queued_at", error);
  g_autoptr(GArray) outbox = g_array_new (FALSE, FALSE, sizeof (PdOutboxEntry));
  int step;

  if (statement == NULL)
    return NULL;
  while ((step = sqlite3_step (statement)) == SQLITE_ROW)
    {
      PdOutboxEntry entry = { sqlite3_column_int64 (statement, 0), sqlite3_column_int64 (statement, 1),
                              sqlite3_column_int64 (statement, 2) };
      g_array_append_val (outbox, entry);
    }
  if (step != SQLITE_DONE)
    {
      db_failed (self, error);
      return NULL;
    }
  return g_steal_pointer (&outbox);
}

/* The orders waiting to be sent, oldest first. */
void
pd_journal_load_outbox_async (PdJournal           *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  run_job (self, load_outbox_job, NULL, NULL, (GDestroyNotify) g_array_unref,
           pd_journal_load_outbox_async, cancellable, callback, user_data);
}

/* Returns: (transfer full) (element-type PdOutboxEntry) */
GArray *
pd_journal_load_outbox_finish (PdJournal     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return finish_job (self, result, pd_journal_load_outbox_async, error);
}

static gpointer
load_gtins_job (PdJournal *self,
                gpointer   data,
                GError   **error)
{
  g_autoptr(sqlite3_stmt) statement =
    db_prepare (self, "SELECT offer_id, gtin FROM offer_gtins ORDER BY seen", error);
  g_autoptr(GHashTable) gtins = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  int step;

  if (statement == NULL)
    return NULL;
  /* The GTIN seen most often for an offer comes last and wins. */
  while ((step = sqlite3_step (statement)) == SQLITE_ROW)
    g_hash_table_replace (gtins, g_strdup (column_text (statement, 0)),
                          g_strdup (column_text (statement, 1)));
  if (step != SQLITE_DONE)
    {
      db_failed (self, error);
      return NULL;
    }
  return g_steal_pointer (&gtins);
}

static gpointer
export_job (PdJournal *self,
            gpointer   data,
            GError   **error)
{
  g_autoptr(sqlite3_stmt) statement =
    db_prepare (self, "SELECT order_id, item_id, offer_id, unit, kind, code, country_code, source,"
                      " captured_at, submit_state, status, substatus, reason, packer FROM units"
                      " ORDER BY order_id, item_id, unit", error);
  g_autoptr(GString) csv = g_string_new (NULL);
  char sep = pd_csv_separator ();
  int step;

  if (statement == NULL)
    return NULL;
  pd_csv_append_header (csv, "order_id,item_id,offer_id,unit,kind,code,country_code,source,"
                             "captured_at,submitted,status,substatus,reason,packer", sep);
  while ((step = sqlite3_step (statement)) == SQLITE_ROW)
    {
      g_autoptr(GDateTime) at = g_date_time_new_from_unix_utc (sqlite3_column_int64 (statement, 8) / G_USEC_PER_SEC);
      g_autofree char *when = g_date_time_format_iso8601 (at);
      g_autofree char *unit = g_strdup_printf ("%d", sqlite3_column_int (statement, 3) + 1);

      for (int column = 0; column < 14; column++)
        pd_csv_append_field (csv, column == 8 ? when : column == 3 ? unit : column_text (statement, column),
                             sep, column == 13);
    }
  if (step != SQLITE_DONE)
    {
      db_failed (self, error);
      return NULL;
    }
  return g_string_free (g_steal_pointer (&csv), FALSE);
}

/* Every code the journal holds, as CSV, for an accountant or a dispute. */
void
pd_journal_export_async (PdJournal           *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  run_job (self, export_job, NULL, NULL, g_free, pd_journal_export_async, cancellable, callback,
           user_data);
}

/* Returns: (transfer full): the CSV text, with a header line */
char *
pd_journal_export_finish (PdJournal     *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  return finish_job (self, result, pd_journal_export_async, error);
}

/* What Packdesk learnt from earlier captures: offer id → GTIN. */
void
pd_journal_load_gtins_async (PdJournal           *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  run_job (self, load_gtins_job, NULL, NULL, (GDestroyNotify) g_hash_table_unref,
           pd_journal_load_gtins_async, cancellable, callback, user_data);
}

/* Returns: (transfer full) (element-type utf8 utf8) */
GHashTable *
pd_journal_load_gtins_finish (PdJournal     *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return finish_job (self, result, pd_journal_load_gtins_async, error);
}
