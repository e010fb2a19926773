/* pd-journal.h — the SQLite journal of every captured code and of everything that happened
 * to it, written on a thread of its own so the main loop never waits for the disk.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pd-journal-entry.h"

G_BEGIN_DECLS

#define PD_JOURNAL_ERROR (pd_journal_error_quark ())

typedef enum
{
  PD_JOURNAL_ERROR_FAILED,     /* SQLite or the disk failed */
  PD_JOURNAL_ERROR_DUPLICATE,  /* the code is already on another unit */
  PD_JOURNAL_ERROR_NOT_FOUND,  /* no code on that unit */
  PD_JOURNAL_ERROR_TOO_NEW,    /* written by a newer Packdesk */
  PD_JOURNAL_ERROR_DAMAGED,    /* not a database, cut short, or missing its tables */
  PD_JOURNAL_ERROR_READ_ONLY,  /* the file or its folder may not be written */
  PD_JOURNAL_ERROR_IN_USE,     /* another Packdesk has it open */
  PD_JOURNAL_ERROR_DISK_FULL,  /* the change was not written */
} PdJournalError;

/* What a change was; the nicks are the journal's history.event column. */
typedef enum
{
  PD_JOURNAL_EVENT_CAPTURED,   /*< nick=captured >*/
  PD_JOURNAL_EVENT_REPLACED,   /*< nick=replaced >*/
  PD_JOURNAL_EVENT_REMOVED,    /*< nick=removed >*/
  PD_JOURNAL_EVENT_QUEUED,     /*< nick=queued >*/
  PD_JOURNAL_EVENT_SUBMITTED,  /*< nick=submitted >*/
  PD_JOURNAL_EVENT_REJECTED,   /*< nick=rejected >*/
  PD_JOURNAL_EVENT_VERIFIED,   /*< nick=verified >*/
  PD_JOURNAL_EVENT_READY,      /*< nick=ready >*/
  PD_JOURNAL_EVENT_LAYOUT,     /*< nick=layout >*/
} PdJournalEvent;

/* An order waiting in the outbox. */
typedef struct
{
  gint64 campaign_id;
  gint64 order_id;
  gint64 generation;
} PdOutboxEntry;

#define PD_JOURNAL_SCHEMA_VERSION 2

#define PD_TYPE_JOURNAL (pd_journal_get_type ())

G_DECLARE_FINAL_TYPE (PdJournal, pd_journal, PD, JOURNAL, GObject)

GQuark      pd_journal_error_quark          (void);
char       *pd_journal_default_path         (void);

void        pd_journal_open_async           (const char          *path,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
PdJournal  *pd_journal_open_finish          (GAsyncResult        *result,
                                             GError             **error);
const char *pd_journal_get_path             (PdJournal           *self);
void        pd_journal_set_aside_async      (const char          *path,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
char       *pd_journal_set_aside_finish     (GAsyncResult        *result,
                                             GError             **error);
void        pd_journal_set_size_limit       (PdJournal           *self,
                                             gint64               max_bytes);
void        pd_journal_set_packer           (PdJournal           *self,
                                             const char          *packer);

void        pd_journal_record_async         (PdJournal           *self,
                                             PdJournalEvent       event,
                                             GPtrArray           *entries,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean    pd_journal_record_finish        (PdJournal           *self,
                                             GAsyncResult        *result,
                                             GError             **error);

void        pd_journal_queue_submission_async (PdJournal         *self,
                                             gint64               campaign_id,
                                             gint64               order_id,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gint64      pd_journal_queue_submission_finish (PdJournal        *self,
                                             GAsyncResult        *result,
                                             GError             **error);
void        pd_journal_save_layout_async    (PdJournal           *self,
                                             gint64               campaign_id,
                                             gint64               order_id,
                                             const char          *layout,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean    pd_journal_save_layout_finish   (PdJournal           *self,
                                             GAsyncResult        *result,
                                             GError             **error);
void        pd_journal_load_layout_async    (PdJournal           *self,
                                             gint64               order_id,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
char       *pd_journal_load_layout_finish   (PdJournal           *self,
                                             GAsyncResult        *result,
                                             GError             **error);
void        pd_journal_submitted_async      (PdJournal           *self,
                                             const PdOutboxEntry *submission,
                                             gboolean             accepted,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean    pd_journal_submitted_finish     (PdJournal           *self,
                                             GAsyncResult        *result,
                                             GError             **error);

void        pd_journal_load_order_async     (PdJournal           *self,
                                             gint64               order_id,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
GPtrArray  *pd_journal_load_order_finish    (PdJournal           *self,
                                             GAsyncResult        *result,
                                             GError             **error);
void        pd_journal_load_outbox_async    (PdJournal           *self,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
GArray     *pd_journal_load_outbox_finish   (PdJournal           *self,
                                             GAsyncResult        *result,
                                             GError             **error);
void        pd_journal_load_unfinished_async  (PdJournal           *self,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
GPtrArray  *pd_journal_load_unfinished_finish (PdJournal           *self,
                                             GAsyncResult        *result,
                                             GError             **error);
void        pd_journal_export_async         (PdJournal           *self,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
char       *pd_journal_export_finish        (PdJournal           *self,
                                             GAsyncResult        *result,
                                             GError             **error);
void        pd_journal_load_gtins_async     (PdJournal           *self,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
GHashTable *pd_journal_load_gtins_finish    (PdJournal           *self,
                                             GAsyncResult        *result,
                                             GError             **error);

G_END_DECLS
