/* pd-journal-file.c — what can be wrong with the journal's file, told apart and in words.
 *
 * A journal is opened only after it is known to be fit: locked for this Packdesk alone (two
 * desks writing one journal would each show the other's codes as empty units), readable as a
 * database, of a schema this Packdesk knows, whole (quick_check, every table there). Nothing is
 * written before that — not even the switch to WAL, which changes the file's header — so a
 * journal that is refused stays exactly as it was. A damaged one is never deleted: it is set
 * aside under a new name, and only when the packer has agreed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "pd-journal.h"
#include "pd-journal-file.h"

static const char *const tables[] = { "units", "history", "offer_gtins", "outbox", "generations" };

/**
 * pd_journal_file_lock:
 * @lock_fd: (out): the lock, held until it is closed (or the process ends)
 *
 * Takes PATH for this process alone, through PATH.lock beside it.
 */
gboolean
pd_journal_file_lock (const char  *path,
                      int         *lock_fd,
                      GError     **error)
{
  g_autofree char *lock_path = g_strconcat (path, ".lock", NULL);
  int fd = g_open (lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, PD_JOURNAL_ERROR, saved == EROFS || saved == EACCES
                                            ? PD_JOURNAL_ERROR_READ_ONLY : PD_JOURNAL_ERROR_FAILED,
                   _("Cannot open the journal %s: %s"), path, g_strerror (saved));
      return FALSE;
    }
  if (flock (fd, LOCK_EX | LOCK_NB) != 0)
    {
      close (fd);
      g_set_error (error, PD_JOURNAL_ERROR, PD_JOURNAL_ERROR_IN_USE,
                   _("Another Packdesk is already working with the journal %s. Use that "
                     "window, or close it first."), path);
      return FALSE;
    }
  *lock_fd = fd;
  return TRUE;
}

/* The error for what SQLite just failed at, told apart by its code. */
GError *
pd_journal_file_error (sqlite3    *db,
                       const char *path)
{
  const char *reason = sqlite3_errmsg (db);

  switch (sqlite3_errcode (db))
    {
    case SQLITE_FULL:
      return g_error_new_literal (PD_JOURNAL_ERROR, PD_JOURNAL_ERROR_DISK_FULL,
                                  _("The disk is full, so this was not written to the journal and "
                                    "is not kept. Free some disk space, then try again; what was "
                                    "kept before is safe."));
    case SQLITE_READONLY:
    case SQLITE_PERM:
      return g_error_new (PD_JOURNAL_ERROR, PD_JOURNAL_ERROR_READ_ONLY,
                          _("The journal %s cannot be written (%s), so this is not kept. Check "
                            "that the file and its folder may be written to."), path, reason);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return g_error_new (PD_JOURNAL_ERROR, PD_JOURNAL_ERROR_DAMAGED,
                          _("The journal %s is damaged (%s)."), path, reason);
    default:
      return g_error_new (PD_JOURNAL_ERROR, PD_JOURNAL_ERROR_FAILED,
                          _("The journal %s cannot be written (%s), so this is not kept; what "
                            "was kept before is safe."), path, reason);
    }
}

static gboolean
fail (sqlite3     *db,
      const char  *path,
      GError     **error)
{
  g_propagate_error (error, pd_journal_file_error (db, path));
  return FALSE;
}

static gboolean
damaged (const char  *path,
         const char  *what,
         GError     **error)
{
  g_set_error (error, PD_JOURNAL_ERROR, PD_JOURNAL_ERROR_DAMAGED,
               _("The journal %s is damaged (%s)."), path, what);
  return FALSE;
}

static gboolean
read_int (sqlite3     *db,
          const char  *path,
          const char  *sql,
          int         *value,
          GError     **error)
{
  sqlite3_stmt *statement = NULL;
  gboolean read;

  if (sqlite3_prepare_v2 (db, sql, -1, &statement, NULL) != SQLITE_OK)
    return fail (db, path, error);
  read = sqlite3_step (statement) == SQLITE_ROW;
  if (read)
    *value = sqlite3_column_int (statement, 0);
  sqlite3_finalize (statement);
  return read || fail (db, path, error);
}

static gboolean
check_whole (sqlite3     *db,
             const char  *path,
             GError     **error)
{
  sqlite3_stmt *statement = NULL;
  g_autofree char *verdict = NULL;

  if (sqlite3_prepare_v2 (db, "PRAGMA quick_check(1)", -1, &statement, NULL) != SQLITE_OK)
    return fail (db, path, error);
  if (sqlite3_step (statement) == SQLITE_ROW)
    verdict = g_strdup ((const char *) sqlite3_column_text (statement, 0));
  sqlite3_finalize (statement);
  if (verdict == NULL)
    return fail (db, path, error);
  return g_str_equal (verdict, "ok") || damaged (path, verdict, error);
}

static gboolean
check_tables (sqlite3     *db,
              const char  *path,
              GError     **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM sqlite_master "
                                              "WHERE type = 'table' AND name = '%s'", tables[i]);
      g_autofree char *missing = NULL;
      int count = 0;

      if (!read_int (db, path, sql, &count, error))
        return FALSE;
      if (count == 0)
        /* Translators: %s is the name of a table, e.g. "units" */
        return damaged (path, missing = g_strdup_printf (_("the table “%s” is missing"), tables[i]),
                        error);
    }
  return TRUE;
}

/**
 * pd_journal_file_check:
 *
 * Reads, and only reads, whether DB can be the journal: a database, of SCHEMA_VERSION or older,
 * whole, and with every table once it has a schema at all.
 */
gboolean
pd_journal_file_check (sqlite3     *db,
                       const char  *path,
                       int          schema_version,
                       GError     **error)
{
  int version = 0;

  if (!read_int (db, path, "PRAGMA user_version", &version, error))
    return FALSE;
  if (version > schema_version)
    {
      g_set_error (error, PD_JOURNAL_ERROR, PD_JOURNAL_ERROR_TOO_NEW,
                   _("The journal %s was written by a newer Packdesk. Update Packdesk to open it."),
                   path);
      return FALSE;
    }
  return check_whole (db, path, error) && (version == 0 || check_tables (db, path, error));
}

/**
 * pd_journal_file_set_aside:
 *
 * Renames PATH (with its -wal and -shm files, when there are any) to PATH.damaged-TIME, so a
 * new journal can start at PATH and the old one stays for whoever can recover it.
 *
 * Returns: (transfer full): the new name of the journal
 */
char *
pd_journal_file_set_aside (const char  *path,
                           GError     **error)
{
  static const char *const suffixes[] = { "", "-wal", "-shm" };
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *aside = g_strdup_printf ("%s.damaged-%s", path, stamp);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *from = g_strconcat (path, suffixes[i], NULL);
      g_autofree char *to = g_strconcat (aside, suffixes[i], NULL);

      if (g_rename (from, to) != 0 && errno != ENOENT)
        {
          int saved = errno;

          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                       _("Cannot set the journal %s aside: %s"), from, g_strerror (saved));
          return NULL;
        }
    }
  return g_steal_pointer (&aside);
}
