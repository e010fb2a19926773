/* pd-desk-outbox.c — the outbox: a complete order's set goes in (the journal first, so a
 * restart loses nothing) and out one order at a time, oldest first, waiting longer after each
 * failure and as long as a rate limit says; a 400 rejects the codes it names.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pd-desk-private.h"

/* ---- The outbox. ---- */

static PdOutboxEntry *
outbox_find (PdDesk *self,
             gint64  order_id)
{
  for (GList *link = self->outbox.head; link != NULL; link = link->next)
    if (((PdOutboxEntry *) link->data)->order_id == order_id)
      return link->data;
  return NULL;
}

/* A newer generation of an order replaces the older one in its place in the queue. */
void
pd_desk_outbox_put (PdDesk              *self,
                    const PdOutboxEntry *entry)
{
  PdOutboxEntry *queued = outbox_find (self, entry->order_id);

  if (queued != NULL)
    queued->generation = MAX (queued->generation, entry->generation);
  else
    g_queue_push_tail (&self->outbox, g_memdup2 (entry, sizeof *entry));
  g_object_notify_by_pspec (G_OBJECT (self), pd_desk_outbox_length_pspec ());
}

/* Takes SENT out of the outbox unless a newer set of its order was queued meanwhile.
 * Returns: whether SENT was the newest set */
static gboolean
outbox_drop (PdDesk              *self,
             const PdOutboxEntry *sent)
{
  PdOutboxEntry *queued = outbox_find (self, sent->order_id);

  if (queued == NULL || queued->generation != sent->generation)
    return FALSE;
  g_queue_remove (&self->outbox, queued);
  g_free (queued);
  g_object_notify_by_pspec (G_OBJECT (self), pd_desk_outbox_length_pspec ());
  return TRUE;
}

static gboolean
on_outbox_timer (gpointer data)
{
  PdDesk *self = data;

  self->outbox_source = 0;
  pd_desk_set_next_attempt (self, 0);
  pd_desk_send_next (self);
  return G_SOURCE_REMOVE;
}

static void
send_later (PdDesk *self,
            guint   delay_ms)
{
  g_clear_handle_id (&self->outbox_source, g_source_remove);
  self->outbox_source = g_timeout_add (delay_ms, on_outbox_timer, self);
  pd_desk_set_next_attempt (self, g_get_real_time () + (gint64) delay_ms * 1000);
}

/* A set on its way. The outbox works for the desk's owner only: it holds the desk weakly, so
 * a desk let go of while a set is in flight is gone when the answer comes, and the chain stops
 * there (the journal still has the set; the next desk on it sends it again, which is harmless).
 * Each step takes a reference of its own for as long as it runs. */
typedef struct
{
  GWeakRef        desk;
  PdPackingOrder *packing;
  PdOutboxEntry   sent;
} Sending;

static void
sending_free (Sending *sending)
{
  g_weak_ref_clear (&sending->desk);
  g_object_unref (sending->packing);
  g_free (sending);
}

static void
sending_done (PdDesk  *self,
              Sending *sending)
{
  self->sending = FALSE;
  sending_free (sending);
  pd_desk_send_next (self);
}

/* After a journal write for SENDING: the desk to go on with, or NULL when it is gone or the write
 * failed (the failure shown on the order, the sending over). */
static PdDesk *
sending_recorded (Sending      *sending,
                  gboolean      recorded,
                  const GError *error)
{
  PdDesk *self = g_weak_ref_get (&sending->desk);

  if (self == NULL)
    {
      sending_free (sending);
      return NULL;
    }
  if (!recorded)
    {
      /* The outbox row stays; sending the same set again is harmless. */
      pd_packing_order_set_error (sending->packing, error->message);
      sending_done (self, sending);
      g_object_unref (self);
      return NULL;
    }
  return self;
}

static void
on_submitted_recorded (GObject      *source,
                       GAsyncResult *result,
                       gpointer      data)
{
  Sending *sending = data;
  g_autoptr(GError) error = NULL;
  gboolean recorded = pd_journal_submitted_finish (PD_JOURNAL (source), result, &error);
  g_autoptr(PdDesk) self = sending_recorded (sending, recorded, error);

  if (self == NULL)
    return;
  if (outbox_drop (self, &sending->sent))
    {
      pd_desk_set_submit_state (sending->packing, PD_SUBMIT_STATE_SUBMITTED, TRUE);
      if (pd_packing_order_is_checking (sending->packing))
        pd_desk_poll_later (self, sending->sent.order_id, self->timing.first_poll_ms);
    }
  sending_done (self, sending);
}

static void
on_rejections_recorded (GObject      *source,
                        GAsyncResult *result,
                        gpointer      data)
{
  Sending *sending = data;
  g_autoptr(GError) error = NULL;
  gboolean recorded = pd_journal_record_finish (PD_JOURNAL (source), result, &error);
  g_autoptr(PdDesk) self = sending_recorded (sending, recorded, error);

  if (self == NULL)
    return;
  /* The set as a whole was refused: back to captured, out of the outbox until it changes. */
  pd_desk_set_submit_state (sending->packing, PD_SUBMIT_STATE_CAPTURED, FALSE);
  pd_journal_submitted_async (self->journal, &sending->sent, FALSE, NULL,
                              on_submitted_recorded, sending);
}

/* A 400: the codes the Market names are rejected with its reason; a reason that names no code
 * is the order's. */
static void
reject (PdDesk       *self,
        Sending      *sending,
        const GError *error)
{
  const char * const *messages = (const char * const *) pd_market_error_get_messages (error);
  g_autoptr(GPtrArray) rejected = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_journal_entry_free);

  for (guint i = 0; messages != NULL && messages[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) named = pd_packing_order_attribute_rejection (sending->packing, messages[i]);

      g_ptr_array_extend_and_steal (rejected, g_steal_pointer (&named));
    }
  pd_packing_order_set_error (sending->packing, rejected->len == 0 ? error->message : NULL);
  pd_desk_apply_entries (sending->packing, rejected);
  pd_journal_record_async (self->journal, PD_JOURNAL_EVENT_REJECTED, rejected, NULL,
                           on_rejections_recorded, sending);
}

guint
pd_desk_wait_until (GDateTime *until,
                    guint      fallback_ms)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GTimeSpan wait = until != NULL ? g_date_time_difference (until, now) : 0;

  return wait > 0 ? (guint) MIN (wait / 1000 + 1, G_MAXUINT) : fallback_ms;
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Sending *sending = data;
  g_autoptr(PdDesk) self = g_weak_ref_get (&sending->desk);
  PdMarketClient *client = PD_MARKET_CLIENT (source);
  g_autoptr(GError) error = NULL;
  gboolean ok = pd_order_is_dbs (pd_packing_order_get_order (sending->packing))
                ? pd_market_client_provide_identifiers_finish (client, result, &error)
                : pd_market_client_set_box_layout_finish (client, result, &error);

  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      sending_free (sending);
      return;
    }
  if (ok)
    {
      self->retry_ms = self->timing.first_retry_ms;
      pd_packing_order_set_error (sending->packing, NULL);
      if (!pd_order_is_dbs (pd_packing_order_get_order (sending->packing)))
        pd_packing_order_layout_replaced (sending->packing);
      pd_journal_submitted_async (self->journal, &sending->sent, TRUE, NULL, on_submitted_recorded,
                                  sending);
      return;
    }
  if (g_error_matches (error, PD_MARKET_ERROR, PD_MARKET_ERROR_BAD_REQUEST))
    {
      reject (self, sending, error);
      return;
    }

  /* The network, the Market or the rate limit: the set waits in the outbox and goes again. */
  pd_packing_order_set_error (sending->packing, error->message);
  self->sending = FALSE;
  if (g_error_matches (error, PD_MARKET_ERROR, PD_MARKET_ERROR_RATE_LIMITED)
      && self->outbox.length > 1)
    {
      /* A limit holds back one method (FBS sets or DBS ones), not the whole outbox: the
       * others go first, and this set comes round again after them. */
      g_queue_push_tail (&self->outbox, g_queue_pop_head (&self->outbox));
      send_later (self, self->timing.first_retry_ms);
    }
  else
    send_later (self, g_error_matches (error, PD_MARKET_ERROR, PD_MARKET_ERROR_RATE_LIMITED)
                      ? pd_desk_wait_until (pd_market_error_get_limited_until (error), self->retry_ms)
                      : self->retry_ms);
  self->retry_ms = MIN (self->retry_ms * 2, self->timing.max_retry_ms);
  sending_free (sending);
}

void
pd_desk_send_next (PdDesk *self)
{
  PdOutboxEntry *head = g_queue_peek_head (&self->outbox);
  PdPackingOrder *packing;
  g_autoptr(GHashTable) codes = NULL;
  Sending *sending;

  if (self->sending || self->outbox_source != 0 || head == NULL
      || g_cancellable_is_cancelled (self->cancellable))
    return;
  packing = pd_desk_lookup_order (self, head->order_id);
  if (packing == NULL)
    {
      /* Not opened (resume opens every order in the outbox): try again after the others. */
      g_queue_push_tail (&self->outbox, g_queue_pop_head (&self->outbox));
      send_later (self, self->retry_ms);
      return;
    }

  sending = g_new0 (Sending, 1);
  g_weak_ref_init (&sending->desk, self);
  sending->packing = g_object_ref (packing);
  sending->sent = *head;
  self->sending = TRUE;
  codes = pd_packing_order_collect_codes (packing);
  if (pd_order_is_dbs (pd_packing_order_get_order (packing)))
    pd_market_client_provide_identifiers_async (self->client, pd_packing_order_get_order (packing), codes,
                                                self->cancellable, on_sent, sending);
  else
    {
      /* The boxes as the packer laid them out go with the codes, in the same request. */
      pd_box_layout_apply (pd_packing_order_get_layout (packing));
      pd_market_client_set_box_layout_async (self->client, pd_packing_order_get_order (packing), codes,
                                             self->cancellable, on_sent, sending);
    }
}

static void
on_queued (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(GTask) task = data;
  PdDesk *self = g_task_get_source_object (task);
  PdPackingOrder *packing = g_task_get_task_data (task);
  PdOrder *order = pd_packing_order_get_order (packing);
  GError *error = NULL;
  PdOutboxEntry entry = { pd_order_get_campaign_id (order), pd_order_get_id (order), 0 };

  entry.generation = pd_journal_queue_submission_finish (PD_JOURNAL (source), result, &error);
  if (entry.generation == 0)
    {
      g_task_return_error (task, error);
      return;
    }
  pd_desk_set_submit_state (packing, PD_SUBMIT_STATE_QUEUED, FALSE);
  pd_desk_outbox_put (self, &entry);
  /* A new set is worth a try now, whatever the outbox was waiting for. */
  g_clear_handle_id (&self->outbox_source, g_source_remove);
  pd_desk_set_next_attempt (self, 0);
  pd_desk_send_next (self);
  g_task_return_boolean (task, TRUE);
}

/**
 * pd_desk_submit_async:
 *
 * Puts the order's complete set of codes in the outbox (durably) and sends it as soon as the
 * outbox gets to it. Also the way to ask the Market to check FAILED codes again. Finishes once
 * the set is queued; the units' states tell how the sending goes.
 */
void
pd_desk_submit_async (PdDesk              *self,
                      PdPackingOrder      *packing,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  PdOrder *order = pd_packing_order_get_order (packing);

  g_task_set_source_tag (task, pd_desk_submit_async);
  g_task_set_task_data (task, g_object_ref (packing), g_object_unref);
  if (pd_packing_order_is_locked (packing))
    {
      g_task_return_error (task, pd_desk_locked_error ());
      g_object_unref (task);
      return;
    }
  pd_journal_queue_submission_async (self->journal, pd_order_get_campaign_id (order),
                                     pd_order_get_id (order), NULL, on_queued, task);
}

gboolean
pd_desk_submit_finish (PdDesk        *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_auto_submitted (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdPackingOrder) packing = data;

  if (!pd_desk_submit_finish (PD_DESK (source), result, &error))
    pd_packing_order_set_error (packing, error->message);
}

/* After every change to a complete order, its new set goes out. */
void
pd_desk_submit_if_complete (PdDesk         *self,
                            PdPackingOrder *packing)
{
  if (pd_packing_order_is_complete (packing) && !pd_packing_order_is_locked (packing))
    pd_desk_submit_async (self, packing, NULL, on_auto_submitted, g_object_ref (packing));
}
