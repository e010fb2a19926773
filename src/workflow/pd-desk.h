/* pd-desk.h — the packing workflow: scans to units through the journal, the outbox that sends
 * each order's complete set, verification polling within the Market's budget, readiness and
 * the review of problem codes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pd-journal.h"
#include "pd-market-client.h"
#include "pd-packing-order.h"

G_BEGIN_DECLS

/* How often the desk goes back to the Market. */
typedef struct
{
  guint first_poll_ms;    /* the first status check after a submission */
  guint max_poll_ms;      /* intervals double up to this */
  guint first_retry_ms;   /* the outbox's first wait after a failed submission */
  guint max_retry_ms;
  guint polls_per_hour;   /* status checks for all orders together */
} PdDeskTiming;

#define PD_TYPE_DESK (pd_desk_get_type ())

G_DECLARE_FINAL_TYPE (PdDesk, pd_desk, PD, DESK, GObject)

PdDesk         *pd_desk_new                    (PdMarketClient      *client,
                                                PdJournal           *journal);
void            pd_desk_set_timing             (PdDesk              *self,
                                                const PdDeskTiming  *timing);
void            pd_desk_set_gs_substitute      (PdDesk              *self,
                                                gunichar             gs_substitute);
void            pd_desk_set_packer             (PdDesk              *self,
                                                const char          *packer);
void            pd_desk_set_confirm_unmarked   (PdDesk              *self,
                                                gboolean             confirm);
GListModel     *pd_desk_get_review             (PdDesk              *self);
const char     *pd_desk_lookup_gtin            (PdDesk              *self,
                                                const char          *offer_id);
gint64          pd_desk_get_next_attempt       (PdDesk              *self);
guint           pd_desk_get_outbox_length      (PdDesk              *self);
PdPackingOrder *pd_desk_lookup_order           (PdDesk              *self,
                                                gint64               order_id);

void            pd_desk_resume_async           (PdDesk              *self,
                                                gint64               business_id,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean        pd_desk_resume_finish          (PdDesk              *self,
                                                GAsyncResult        *result,
                                                GError             **error);

void            pd_desk_survey                 (PdDesk              *self,
                                                GListModel          *orders);

void            pd_desk_open_order_async       (PdDesk              *self,
                                                PdOrder             *order,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
PdPackingOrder *pd_desk_open_order_finish      (PdDesk              *self,
                                                GAsyncResult        *result,
                                                GError             **error);

void            pd_desk_capture_async          (PdDesk              *self,
                                                PdPackingOrder      *packing,
                                                const char          *raw,
                                                PdCaptureSource      source,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
PdUnit         *pd_desk_capture_finish         (PdDesk              *self,
                                                GAsyncResult        *result,
                                                GError             **error);
void            pd_desk_replace_async          (PdDesk              *self,
                                                PdUnit              *unit,
                                                const char          *raw,
                                                PdCaptureSource      source,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
PdUnit         *pd_desk_replace_finish         (PdDesk              *self,
                                                GAsyncResult        *result,
                                                GError             **error);
void            pd_desk_remove_async           (PdDesk              *self,
                                                PdUnit              *unit,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean        pd_desk_remove_finish          (PdDesk              *self,
                                                GAsyncResult        *result,
                                                GError             **error);

void            pd_desk_add_box_async          (PdDesk              *self,
                                                PdPackingOrder      *packing,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
void            pd_desk_move_unit_async        (PdDesk              *self,
                                                PdPackingOrder      *packing,
                                                gint64               item_id,
                                                guint                unit,
                                                guint                box,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
void            pd_desk_split_item_async       (PdDesk              *self,
                                                PdPackingOrder      *packing,
                                                gint64               item_id,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
void            pd_desk_remove_item_async      (PdDesk              *self,
                                                PdPackingOrder      *packing,
                                                gint64               item_id,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean        pd_desk_change_boxes_finish    (PdDesk              *self,
                                                GAsyncResult        *result,
                                                GError             **error);
void            pd_desk_submit_async           (PdDesk              *self,
                                                PdPackingOrder      *packing,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean        pd_desk_submit_finish          (PdDesk              *self,
                                                GAsyncResult        *result,
                                                GError             **error);
gboolean        pd_desk_check_now              (PdDesk              *self,
                                                PdPackingOrder      *packing,
                                                GError             **error);
void            pd_desk_mark_ready_async       (PdDesk              *self,
                                                PdPackingOrder      *packing,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean        pd_desk_mark_ready_finish      (PdDesk              *self,
                                                GAsyncResult        *result,
                                                GError             **error);

void            pd_desk_import_async           (PdDesk              *self,
                                                PdPackingOrder      *packing,
                                                GFile               *file,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
guint           pd_desk_import_finish          (PdDesk              *self,
                                                GAsyncResult        *result,
                                                GStrv               *problems,
                                                GError             **error);
void            pd_desk_export_async           (PdDesk              *self,
                                                PdPackingOrder      *packing,
                                                GFile               *file,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
void            pd_desk_export_all_async       (PdDesk              *self,
                                                GFile               *file,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean        pd_desk_export_finish          (PdDesk              *self,
                                                GAsyncResult        *result,
                                                GError             **error);

G_END_DECLS
