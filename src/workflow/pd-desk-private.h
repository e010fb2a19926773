/* pd-desk-private.h — what the files of PdDesk share: the desk's state and the steps one
 * concern asks of another (pd-desk.c: the object, edits, opening orders, readiness;
 * pd-desk-outbox.c: sending sets; pd-desk-polling.c: verification statuses; pd-desk-files.c:
 * import and export; pd-desk-resume.c: picking up after a restart; pd-desk-boxes.c: the boxes;
 * pd-desk-survey.c: the Market's verdicts on orders not open here).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pd-desk.h"

G_BEGIN_DECLS

/* At most this many status checks may go out back to back. */
#define POLL_BURST 10

typedef struct
{
  PdDesk *desk;
  gint64  order_id;
  guint   interval_ms;
  guint   source;
} Poll;

struct _PdDesk
{
  GObject         parent_instance;

  PdMarketClient *client;
  PdJournal      *journal;
  PdDeskTiming    timing;
  gunichar        gs_substitute;
  char           *packer;      /* who is at the desk, or NULL */
  gboolean        confirm_unmarked;  /* goods without marking are scanned unit by unit */
  GCancellable   *cancellable;

  GHashTable     *orders;      /* order id → PdPackingOrder */
  GHashTable     *gtins;       /* offer id → GTIN */
  GListStore     *review;

  GQueue          edits;       /* GTask, one at a time */
  gboolean        editing;

  GQueue          outbox;      /* PdOutboxEntry, oldest first */
  gboolean        sending;
  guint           outbox_source;
  guint           retry_ms;
  gint64          next_attempt;  /* real time (µs) the outbox tries again; 0 when not waiting */

  GHashTable     *polls;       /* order id → Poll */
  double          poll_tokens;
  gint64          poll_tokens_at;

  GListModel     *survey_orders;  /* PdOrder, as the Market lists them */
  GHashTable     *surveyed;       /* order id → Surveyed */
  GQueue          survey_queue;   /* order ids (gint64 *) to ask about */
  gboolean        surveying;
  guint           survey_source;
};

typedef enum
{
  EDIT_CAPTURE,
  EDIT_REPLACE,
  EDIT_REMOVE,
} EditKind;

typedef struct
{
  EditKind         kind;
  PdPackingOrder  *packing;
  PdUnit          *unit;       /* the target; chosen when the capture runs */
  gint64           item_id;    /* a capture's item, or 0 for the selected one or Packdesk's choice */
  char            *raw;
  PdCaptureSource  source;
  PdJournalEntry  *entry;      /* what the journal is asked to write */
} Edit;

GParamSpec *pd_desk_outbox_length_pspec (void);
void        pd_desk_place_captured      (PdDesk              *self,
                                         PdPackingOrder      *packing,
                                         PdUnit              *unit);
void        pd_desk_set_next_attempt    (PdDesk              *self,
                                         gint64               next_attempt);
GError     *pd_desk_locked_error        (void);
void        pd_desk_apply_entries       (PdPackingOrder      *packing,
                                         GPtrArray           *entries);
void        pd_desk_set_submit_state    (PdPackingOrder      *packing,
                                         PdSubmitState        state,
                                         gboolean             forget_verdict);
void        pd_desk_queue_edit          (PdDesk              *self,
                                         Edit                *edit,
                                         gpointer             source_tag,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);

/* pd-desk-outbox.c */
void        pd_desk_outbox_put          (PdDesk              *self,
                                         const PdOutboxEntry *entry);
void        pd_desk_send_next           (PdDesk              *self);
void        pd_desk_submit_if_complete  (PdDesk              *self,
                                         PdPackingOrder      *packing);
guint       pd_desk_wait_until          (GDateTime           *until,
                                         guint                fallback_ms);

/* pd-desk-polling.c */
guint       pd_desk_take_poll_token     (PdDesk              *self,
                                         guint                reserve);
void        pd_desk_poll_free           (Poll                *poll);
void        pd_desk_poll_later          (PdDesk              *self,
                                         gint64               order_id,
                                         guint                delay_ms);

/* pd-desk-survey.c */
void        pd_desk_surveyed_free       (gpointer             surveyed);
void        pd_desk_emit_surveyed       (PdDesk              *self);

G_END_DECLS
