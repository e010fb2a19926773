/* pd-desk.c — the packing workflow.
 *
 * A scan becomes a unit's code only once the journal has it on the disk. Edits (capture,
 * replace, remove) run one after another, so two quick scans never race for the same unit.
 * When an order has every required code, its complete set goes to the outbox — in the journal
 * first, so it survives a restart — and the outbox sends one order at a time, oldest first,
 * waiting longer after each failure and as long as a 420 says. After an FBS or Express
 * submission the desk polls the verification statuses with growing intervals, all orders
 * sharing one budget well under the Market's 1,000 requests an hour.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pd-csv.h"
#include "pd-desk.h"

static const PdDeskTiming default_timing = {
  .first_poll_ms = 5000,
  .max_poll_ms = 120000,
  .first_retry_ms = 5000,
  .max_retry_ms = 300000,
  .polls_per_hour = 500,
};

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

  GHashTable     *polls;       /* order id → Poll */
  double          poll_tokens;
  gint64          poll_tokens_at;
};

G_DEFINE_FINAL_TYPE (PdDesk, pd_desk, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_OUTBOX_LENGTH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void send_next (PdDesk *self);
static void poll_later (PdDesk *self, gint64 order_id, guint delay_ms);

static void
poll_free (Poll *poll)
{
  g_clear_handle_id (&poll->source, g_source_remove);
  g_free (poll);
}

static void
pd_desk_dispose (GObject *object)
{
  PdDesk *self = PD_DESK (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->outbox_source, g_source_remove);
  g_hash_table_remove_all (self->polls);

  G_OBJECT_CLASS (pd_desk_parent_class)->dispose (object);
}

static void
pd_desk_finalize (GObject *object)
{
  PdDesk *self = PD_DESK (object);

  g_queue_clear_full (&self->outbox, g_free);
  g_clear_object (&self->client);
  g_clear_object (&self->journal);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->orders, g_hash_table_unref);
  g_clear_pointer (&self->gtins, g_hash_table_unref);
  g_clear_pointer (&self->polls, g_hash_table_unref);
  g_clear_object (&self->review);

  G_OBJECT_CLASS (pd_desk_parent_class)->finalize (object);
}

static void
pd_desk_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  PdDesk *self = PD_DESK (object);

  switch (prop_id)
    {
    case PROP_OUTBOX_LENGTH:
      g_value_set_uint (value, pd_desk_get_outbox_length (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_desk_class_init (PdDeskClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pd_desk_dispose;
  object_class->finalize = pd_desk_finalize;
  object_class->get_property = pd_desk_get_property;

  properties[PROP_OUTBOX_LENGTH] = g_param_spec_uint ("outbox-length", NULL, NULL, 0, G_MAXUINT, 0,
                                                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_desk_init (PdDesk *self)
{
  self->timing = default_timing;
  self->cancellable = g_cancellable_new ();
  self->orders = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->gtins = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->review = g_list_store_new (PD_TYPE_UNIT);
  self->polls = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) poll_free);
  self->poll_tokens = POLL_BURST;
  self->poll_tokens_at = g_get_monotonic_time ();
  self->retry_ms = self->timing.first_retry_ms;
}

PdDesk *
pd_desk_new (PdMarketClient *client,
             PdJournal      *journal)
{
  PdDesk *self = g_object_new (PD_TYPE_DESK, NULL);

  self->client = g_object_ref (client);
  self->journal = g_object_ref (journal);
  return self;
}

void
pd_desk_set_timing (PdDesk             *self,
                    const PdDeskTiming *timing)
{
  self->timing = *timing;
  self->retry_ms = timing->first_retry_ms;
}

/* The character the scanner sends instead of GS, or 0 (see the preferences). */
void
pd_desk_set_gs_substitute (PdDesk   *self,
                           gunichar  gs_substitute)
{
  self->gs_substitute = gs_substitute;
}

/* Returns: (transfer none): every rejected, INVALID or FAILED code of the open orders, a
 *   GListModel of PdUnit */
GListModel *
pd_desk_get_review (PdDesk *self)
{
  return G_LIST_MODEL (self->review);
}

guint
pd_desk_get_outbox_length (PdDesk *self)
{
  return self->outbox.length;
}

/* Returns: (transfer none) (nullable) */
PdPackingOrder *
pd_desk_lookup_order (PdDesk *self,
                      gint64  order_id)
{
  return g_hash_table_lookup (self->orders, &order_id);
}

static GError *
locked_error (void)
{
  return g_error_new_literal (PD_DESK_ERROR, PD_DESK_ERROR_LOCKED,
                              _("This order is already ready to ship; its codes can no longer change."));
}

/* ---- The review. ---- */

static void
on_unit_state (PdUnit     *unit,
               GParamSpec *pspec,
               PdDesk     *self)
{
  guint position;
  gboolean listed = g_list_store_find (self->review, unit, &position);

  if (pd_unit_is_problem (unit) && !listed)
    g_list_store_append (self->review, unit);
  else if (!pd_unit_is_problem (unit) && listed)
    g_list_store_remove (self->review, position);
}

/* ---- Units and the journal. ---- */

/* Copies of ENTRIES' new state go to their units; the order works out readiness again. */
static void
apply_entries (PdPackingOrder *packing,
               GPtrArray      *entries)
{
  for (guint i = 0; i < entries->len; i++)
    {
      const PdJournalEntry *entry = g_ptr_array_index (entries, i);
      PdUnit *unit = pd_packing_order_find_unit (packing, entry->item_id, entry->unit);

      if (unit != NULL)
        pd_unit_set_entry (unit, entry);
    }
  pd_packing_order_update (packing);
}

/* The in-memory side of set_order_state() in the journal: QUEUED takes every filled unit but the
 * rejected ones, any other state only the queued ones; with FORGET_VERDICT only OK verdicts
 * stand. */
static void
set_order_submit_state (PdPackingOrder *packing,
                        PdSubmitState   state,
                        gboolean        forget_verdict)
{
  GListModel *units = pd_packing_order_get_units (packing);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_journal_entry_free);

  for (guint i = 0; i < g_list_model_get_n_items (units); i++)
    {
      g_autoptr(PdUnit) unit = g_list_model_get_item (units, i);
      const PdJournalEntry *entry = pd_unit_get_entry (unit);
      PdJournalEntry *copy;

      if (entry == NULL || entry->submit_state == PD_SUBMIT_STATE_REJECTED
          || (state != PD_SUBMIT_STATE_QUEUED && entry->submit_state != PD_SUBMIT_STATE_QUEUED))
        continue;
      copy = pd_journal_entry_copy (entry);
      copy->submit_state = state;
      if (forget_verdict && g_strcmp0 (copy->status, "OK") != 0)
        {
          g_clear_pointer (&copy->status, g_free);
          g_clear_pointer (&copy->substatus, g_free);
        }
      g_ptr_array_add (entries, copy);
    }
  apply_entries (packing, entries);
}

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
static void
outbox_put (PdDesk              *self,
            const PdOutboxEntry *entry)
{
  PdOutboxEntry *queued = outbox_find (self, entry->order_id);

  if (queued != NULL)
    queued->generation = MAX (queued->generation, entry->generation);
  else
    g_queue_push_tail (&self->outbox, g_memdup2 (entry, sizeof *entry));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUTBOX_LENGTH]);
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
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OUTBOX_LENGTH]);
  return TRUE;
}

static gboolean
on_outbox_timer (gpointer data)
{
  PdDesk *self = data;

  self->outbox_source = 0;
  send_next (self);
  return G_SOURCE_REMOVE;
}

static void
send_later (PdDesk *self,
            guint   delay_ms)
{
  g_clear_handle_id (&self->outbox_source, g_source_remove);
  self->outbox_source = g_timeout_add (delay_ms, on_outbox_timer, self);
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
  send_next (self);
}

static void
on_submitted_recorded (GObject      *source,
                       GAsyncResult *result,
                       gpointer      data)
{
  Sending *sending = data;
  g_autoptr(PdDesk) self = g_weak_ref_get (&sending->desk);
  g_autoptr(GError) error = NULL;
  gboolean recorded = pd_journal_submitted_finish (PD_JOURNAL (source), result, &error);

  if (self == NULL)
    {
      sending_free (sending);
      return;
    }
  if (!recorded)
    {
      /* The outbox row stays; sending the same set again is harmless. */
      pd_packing_order_set_error (sending->packing, error->message);
      sending_done (self, sending);
      return;
    }

  if (outbox_drop (self, &sending->sent))
    {
      set_order_submit_state (sending->packing, PD_SUBMIT_STATE_SUBMITTED, TRUE);
      if (pd_packing_order_is_checking (sending->packing))
        poll_later (self, sending->sent.order_id, self->timing.first_poll_ms);
    }
  sending_done (self, sending);
}

static void
on_rejections_recorded (GObject      *source,
                        GAsyncResult *result,
                        gpointer      data)
{
  Sending *sending = data;
  g_autoptr(PdDesk) self = g_weak_ref_get (&sending->desk);
  g_autoptr(GError) error = NULL;
  gboolean recorded = pd_journal_record_finish (PD_JOURNAL (source), result, &error);

  if (self == NULL)
    {
      sending_free (sending);
      return;
    }
  if (!recorded)
    {
      pd_packing_order_set_error (sending->packing, error->message);
      sending_done (self, sending);
      return;
    }
  /* The set as a whole was refused: back to captured, out of the outbox until it changes. */
  set_order_submit_state (sending->packing, PD_SUBMIT_STATE_CAPTURED, FALSE);
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
  apply_entries (sending->packing, rejected);
  pd_journal_record_async (self->journal, PD_JOURNAL_EVENT_REJECTED, rejected, NULL,
                           on_rejections_recorded, sending);
}

static guint
wait_until (GDateTime *until,
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
                      ? wait_until (pd_market_error_get_limited_until (error), self->retry_ms)
                      : self->retry_ms);
  self->retry_ms = MIN (self->retry_ms * 2, self->timing.max_retry_ms);
  sending_free (sending);
}

static void
send_next (PdDesk *self)
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
    pd_market_client_set_box_layout_async (self->client, pd_packing_order_get_order (packing), codes,
                                           self->cancellable, on_sent, sending);
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
  set_order_submit_state (packing, PD_SUBMIT_STATE_QUEUED, FALSE);
  outbox_put (self, &entry);
  /* A new set is worth a try now, whatever the outbox was waiting for. */
  g_clear_handle_id (&self->outbox_source, g_source_remove);
  send_next (self);
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
      g_task_return_error (task, locked_error ());
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
static void
submit_if_complete (PdDesk         *self,
                    PdPackingOrder *packing)
{
  if (pd_packing_order_is_complete (packing) && !pd_packing_order_is_locked (packing))
    pd_desk_submit_async (self, packing, NULL, on_auto_submitted, g_object_ref (packing));
}

/* ---- Verification polling. ---- */

/* The shared budget: tokens refill at polls_per_hour, POLL_BURST at the most. Returns how long
 * to wait for the next token, 0 when one was taken. */
static guint
take_poll_token (PdDesk *self)
{
  gint64 now = g_get_monotonic_time ();
  double per_ms = self->timing.polls_per_hour / 3600000.0;

  self->poll_tokens = MIN (POLL_BURST, self->poll_tokens + (now - self->poll_tokens_at) / 1000.0 * per_ms);
  self->poll_tokens_at = now;
  if (self->poll_tokens >= 1)
    {
      self->poll_tokens -= 1;
      return 0;
    }
  return (guint) ((1 - self->poll_tokens) / per_ms) + 1;
}

/* A status check on its way; like Sending, it holds the desk weakly. */
typedef struct
{
  GWeakRef desk;
  gint64   order_id;
} Polling;

static void
polling_free (Polling *polling)
{
  g_weak_ref_clear (&polling->desk);
  g_free (polling);
}

static void
on_verdicts_recorded (GObject      *source,
                      GAsyncResult *result,
                      gpointer      data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PdPackingOrder) packing = data;

  if (!pd_journal_record_finish (PD_JOURNAL (source), result, &error))
    pd_packing_order_set_error (packing, error->message);
}

static void
poll_again_or_stop (PdDesk *self,
                    gint64  order_id,
                    guint   delay_ms)
{
  PdPackingOrder *packing = pd_desk_lookup_order (self, order_id);

  if (packing != NULL && pd_packing_order_is_checking (packing))
    poll_later (self, order_id, delay_ms);
  else
    g_hash_table_remove (self->polls, &order_id);
}

static void
on_statuses (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  Polling *polling = data;
  g_autoptr(PdDesk) self = g_weak_ref_get (&polling->desk);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) statuses =
    pd_market_client_get_identifier_statuses_finish (PD_MARKET_CLIENT (source), result, &error);
  g_autoptr(GPtrArray) changed = NULL;
  PdPackingOrder *packing;
  Poll *poll;
  guint next_ms;

  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      || (packing = pd_desk_lookup_order (self, polling->order_id)) == NULL)
    {
      polling_free (polling);
      return;
    }
  poll = g_hash_table_lookup (self->polls, &polling->order_id);
  next_ms = poll != NULL ? MIN (poll->interval_ms * 2, self->timing.max_poll_ms) : self->timing.max_poll_ms;
  if (statuses == NULL)
    next_ms = g_error_matches (error, PD_MARKET_ERROR, PD_MARKET_ERROR_RATE_LIMITED)
              ? wait_until (pd_market_error_get_limited_until (error), next_ms) : next_ms;
  else
    {
      /* The verdicts show at once; the journal keeps them too. */
      changed = pd_packing_order_match_statuses (packing, statuses);
      apply_entries (packing, changed);
      if (changed->len > 0)
        pd_journal_record_async (self->journal, PD_JOURNAL_EVENT_VERIFIED, changed, NULL,
                                 on_verdicts_recorded, g_object_ref (packing));
    }

  if (poll != NULL)
    poll->interval_ms = next_ms;
  poll_again_or_stop (self, polling->order_id, next_ms);
  polling_free (polling);
}

static void
poll_now (PdDesk *self,
          Poll   *poll)
{
  PdPackingOrder *packing = pd_desk_lookup_order (self, poll->order_id);
  Polling *polling;
  guint wait_ms;

  if (packing == NULL)
    return;
  wait_ms = take_poll_token (self);
  if (wait_ms > 0)
    {
      poll_later (self, poll->order_id, wait_ms);
      return;
    }

  polling = g_new0 (Polling, 1);
  g_weak_ref_init (&polling->desk, self);
  polling->order_id = poll->order_id;
  pd_market_client_get_identifier_statuses_async (self->client,
                                                  pd_order_get_campaign_id (pd_packing_order_get_order (packing)),
                                                  poll->order_id, self->cancellable, on_statuses, polling);
}

static gboolean
on_poll_timer (gpointer data)
{
  Poll *poll = data;

  poll->source = 0;
  poll_now (poll->desk, poll);
  return G_SOURCE_REMOVE;
}

/* Checks ORDER_ID's statuses after DELAY_MS; an earlier plan for it is replaced. */
static void
poll_later (PdDesk *self,
            gint64  order_id,
            guint   delay_ms)
{
  Poll *poll = g_hash_table_lookup (self->polls, &order_id);

  if (poll == NULL)
    {
      poll = g_new0 (Poll, 1);
      poll->desk = self;
      poll->order_id = order_id;
      poll->interval_ms = delay_ms;
      g_hash_table_insert (self->polls, g_memdup2 (&order_id, sizeof order_id), poll);
    }
  g_clear_handle_id (&poll->source, g_source_remove);
  poll->source = g_timeout_add (delay_ms, on_poll_timer, poll);
}

/**
 * pd_desk_check_now:
 *
 * Asks for the order's verification statuses now, within the shared budget.
 *
 * Returns: FALSE with ERROR when the budget is spent for the moment
 */
gboolean
pd_desk_check_now (PdDesk          *self,
                   PdPackingOrder  *packing,
                   GError         **error)
{
  gint64 order_id = pd_order_get_id (pd_packing_order_get_order (packing));
  guint wait_ms = take_poll_token (self);

  if (wait_ms > 0)
    {
      g_set_error (error, PD_MARKET_ERROR, PD_MARKET_ERROR_RATE_LIMITED,
                   _("The Market allows few status checks; the next one is possible in %u s."),
                   (wait_ms + 999) / 1000);
      return FALSE;
    }
  /* The token is given back: poll_now takes it again at once. */
  self->poll_tokens += 1;
  poll_later (self, order_id, 0);
  return TRUE;
}

/* ---- Opening an order. ---- */

/* Codes the Market already has for the order that this desk did not capture: from another desk
 * or an earlier install. They fill the first free units that take them. */
static GPtrArray *
merge_market_codes (PdPackingOrder *packing)
{
  PdOrder *order = pd_packing_order_get_order (packing);
  GPtrArray *items = pd_order_get_items (order);
  GPtrArray *merged = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_journal_entry_free);

  for (guint i = 0; i < items->len; i++)
    {
      PdOrderItem *item = g_ptr_array_index (items, i);
      GPtrArray *instances = pd_order_item_get_instances (item);

      for (guint k = 0; k < instances->len; k++)
        {
          const PdItemInstance *instance = g_ptr_array_index (instances, k);
          const char *value = pd_item_instance_get_cis_full (instance) != NULL
                              ? pd_item_instance_get_cis_full (instance) : pd_item_instance_get_value (instance);
          g_autoptr(PdCode) code = pd_code_check (value, pd_item_instance_get_kind (instance), 0);
          PdUnit *unit;
          PdJournalEntry *entry;

          if (!pd_code_is_valid (code))
            continue;
          unit = pd_packing_order_choose_unit (packing, code, pd_order_item_get_id (item), NULL, NULL);
          if (unit == NULL)  /* already here, or more codes than units */
            continue;
          entry = pd_unit_new_entry (unit, code, PD_CAPTURE_SOURCE_MARKET);
          entry->submit_state = PD_SUBMIT_STATE_SUBMITTED;
          pd_journal_entry_set_string (&entry->country_code, pd_item_instance_get_country_code (instance));
          pd_unit_set_entry (unit, entry);
          g_ptr_array_add (merged, entry);
        }
    }
  pd_packing_order_update (packing);
  return merged;
}

static gboolean
has_unsent_codes (PdPackingOrder *packing)
{
  GListModel *units = pd_packing_order_get_units (packing);

  for (guint i = 0; i < g_list_model_get_n_items (units); i++)
    {
      g_autoptr(PdUnit) unit = g_list_model_get_item (units, i);

      if (pd_unit_get_state (unit) == PD_UNIT_STATE_CAPTURED)
        return TRUE;
    }
  return FALSE;
}

static void
watch_units (PdDesk         *self,
             PdPackingOrder *packing)
{
  GListModel *units = pd_packing_order_get_units (packing);

  for (guint i = 0; i < g_list_model_get_n_items (units); i++)
    {
      g_autoptr(PdUnit) unit = g_list_model_get_item (units, i);

      g_signal_connect_object (unit, "notify::state", G_CALLBACK (on_unit_state), self, 0);
      on_unit_state (unit, NULL, self);
    }
}

static void
on_merged_recorded (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  g_autoptr(GTask) task = data;
  PdPackingOrder *packing = g_task_get_task_data (task);
  GError *error = NULL;

  if (!pd_journal_record_finish (PD_JOURNAL (source), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_object_ref (packing), g_object_unref);
}

static void
on_order_loaded (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(GTask) task = data;
  PdDesk *self = g_task_get_source_object (task);
  PdPackingOrder *packing = g_task_get_task_data (task);
  gint64 order_id = pd_order_get_id (pd_packing_order_get_order (packing));
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) merged = NULL;
  GError *error = NULL;

  entries = pd_journal_load_order_finish (PD_JOURNAL (source), result, &error);
  if (entries == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* Another open of the same order may have finished first; that one wins. */
  if (pd_desk_lookup_order (self, order_id) != NULL)
    {
      g_task_return_pointer (task, g_object_ref (pd_desk_lookup_order (self, order_id)), g_object_unref);
      return;
    }

  apply_entries (packing, entries);
  merged = merge_market_codes (packing);
  g_hash_table_insert (self->orders, g_memdup2 (&order_id, sizeof order_id), g_object_ref (packing));
  watch_units (self, packing);
  if (pd_packing_order_is_checking (packing))
    poll_later (self, order_id, self->timing.first_poll_ms);
  /* A code captured just before the desk stopped may never have been queued. */
  if (has_unsent_codes (packing))
    submit_if_complete (self, packing);

  if (merged->len == 0)
    g_task_return_pointer (task, g_object_ref (packing), g_object_unref);
  else
    pd_journal_record_async (self->journal, PD_JOURNAL_EVENT_CAPTURED, merged, NULL,
                             on_merged_recorded, g_steal_pointer (&task));
}

/**
 * pd_desk_open_order_async:
 *
 * Puts ORDER on the desk: its units with the codes the journal has for it and those the Market
 * already has. Opening an open order gives the same PdPackingOrder.
 */
void
pd_desk_open_order_async (PdDesk              *self,
                          PdOrder             *order,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  PdPackingOrder *open = pd_desk_lookup_order (self, pd_order_get_id (order));

  g_task_set_source_tag (task, pd_desk_open_order_async);
  if (open != NULL)
    {
      g_task_return_pointer (task, g_object_ref (open), g_object_unref);
      g_object_unref (task);
      return;
    }
  g_task_set_task_data (task, pd_packing_order_new (order), g_object_unref);
  pd_journal_load_order_async (self->journal, pd_order_get_id (order), NULL, on_order_loaded, task);
}

/* Returns: (transfer full) (nullable) */
PdPackingOrder *
pd_desk_open_order_finish (PdDesk        *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- Edits: capture, replace, remove. ---- */

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

static void
edit_free (Edit *edit)
{
  g_clear_object (&edit->packing);
  g_clear_object (&edit->unit);
  g_free (edit->raw);
  g_clear_pointer (&edit->entry, pd_journal_entry_free);
  g_free (edit);
}

static void run_next_edit (PdDesk *self);

static void
edit_done (PdDesk *self)
{
  self->editing = FALSE;
  run_next_edit (self);
}

static void
on_edit_recorded (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr(GTask) task = data;
  PdDesk *self = g_task_get_source_object (task);
  Edit *edit = g_task_get_task_data (task);
  GError *error = NULL;

  if (!pd_journal_record_finish (PD_JOURNAL (source), result, &error))
    {
      g_task_return_error (task, error);
      edit_done (self);
      return;
    }

  /* Only now, with the code on the disk, does the unit show it. */
  pd_unit_set_entry (edit->unit, edit->kind == EDIT_REMOVE ? NULL : edit->entry);
  if (edit->entry->gtin != NULL && edit->entry->offer_id != NULL)
    g_hash_table_replace (self->gtins, g_strdup (edit->entry->offer_id), g_strdup (edit->entry->gtin));
  pd_packing_order_update (edit->packing);
  if (edit->kind != EDIT_REMOVE)
    submit_if_complete (self, edit->packing);
  g_task_return_pointer (task, g_object_ref (edit->unit), g_object_unref);
  edit_done (self);
}

/* The code of a scan, or an error that says what is wrong with it. */
static PdCode *
check_scan (PdDesk     *self,
            const char *raw,
            GError    **error)
{
  g_autoptr(PdCode) code = pd_code_check (raw, PD_CODE_KIND_NONE, self->gs_substitute);

  if (!pd_code_is_valid (code))
    {
      g_set_error_literal (error, PD_DESK_ERROR, PD_DESK_ERROR_INVALID_CODE, pd_code_get_message (code));
      return NULL;
    }
  return g_steal_pointer (&code);
}

/* Works out the edit's unit and entry; FALSE with ERROR when the edit is refused. */
static gboolean
prepare_edit (PdDesk  *self,
              Edit    *edit,
              GError **error)
{
  g_autoptr(PdCode) code = NULL;
  const PdJournalEntry *current;
  PdJournalEntry *entry;

  if (pd_packing_order_is_locked (edit->packing))
    {
      g_propagate_error (error, locked_error ());
      return FALSE;
    }
  if (edit->kind == EDIT_REMOVE)
    {
      if (pd_unit_get_entry (edit->unit) == NULL)
        {
          g_set_error (error, PD_DESK_ERROR, PD_DESK_ERROR_TOO_MANY, _("This unit has no code to remove."));
          return FALSE;
        }
      edit->entry = pd_journal_entry_copy (pd_unit_get_entry (edit->unit));
      return TRUE;
    }

  if ((code = check_scan (self, edit->raw, error)) == NULL)
    return FALSE;
  if (edit->kind == EDIT_CAPTURE)
    {
      PdUnit *unit = pd_packing_order_choose_unit (edit->packing, code, edit->item_id, self->gtins, error);

      if (unit == NULL)
        return FALSE;
      edit->unit = g_object_ref (unit);
    }
  else if (!pd_unit_accepts (edit->unit, pd_code_get_kind (code)) || pd_code_get_kind (code) == PD_CODE_KIND_COUNTRY)
    {
      g_set_error (error, PD_DESK_ERROR, PD_DESK_ERROR_WRONG_KIND,
                   _("“%s” does not need this kind of code. Scan the code from this unit’s label."),
                   pd_order_item_get_offer_name (pd_unit_get_item (edit->unit)));
      return FALSE;
    }

  current = pd_unit_get_entry (edit->unit);
  if (pd_code_get_kind (code) == PD_CODE_KIND_COUNTRY)
    {
      /* The country completes the declaration already on the unit. */
      entry = pd_journal_entry_copy (current);
      pd_journal_entry_set_string (&entry->country_code, pd_code_get_normalized (code));
      entry->submit_state = PD_SUBMIT_STATE_CAPTURED;
      edit->kind = EDIT_REPLACE;
    }
  else
    entry = pd_unit_new_entry (edit->unit, code, edit->source);
  if (edit->kind == EDIT_REPLACE && current == NULL)
    edit->kind = EDIT_CAPTURE;
  edit->entry = entry;
  return TRUE;
}

static void
run_next_edit (PdDesk *self)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  static const PdJournalEvent events[] = {
    [EDIT_CAPTURE] = PD_JOURNAL_EVENT_CAPTURED,
    [EDIT_REPLACE] = PD_JOURNAL_EVENT_REPLACED,
    [EDIT_REMOVE] = PD_JOURNAL_EVENT_REMOVED,
  };
  Edit *edit;
  GError *error = NULL;

  if (self->editing || (task = g_queue_pop_head (&self->edits)) == NULL)
    return;
  edit = g_task_get_task_data (task);
  if (!prepare_edit (self, edit, &error))
    {
      g_task_return_error (task, error);
      run_next_edit (self);
      return;
    }

  self->editing = TRUE;
  entries = g_ptr_array_new ();
  g_ptr_array_add (entries, edit->entry);
  pd_journal_record_async (self->journal, events[edit->kind], entries, NULL, on_edit_recorded,
                           g_steal_pointer (&task));
}

static void
queue_edit (PdDesk              *self,
            Edit                *edit,
            gpointer             source_tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, edit, (GDestroyNotify) edit_free);
  g_queue_push_tail (&self->edits, task);
  run_next_edit (self);
}

/**
 * pd_desk_capture_async:
 * @raw: the scan as it arrived
 *
 * Checks the scan, chooses its unit (see pd_packing_order_choose_unit()) and writes it to the
 * journal; finishes with the unit once the code is on the disk. A complete order is then
 * submitted by itself.
 */
void
pd_desk_capture_async (PdDesk              *self,
                       PdPackingOrder      *packing,
                       const char          *raw,
                       PdCaptureSource      source,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  Edit *edit = g_new0 (Edit, 1);

  edit->kind = EDIT_CAPTURE;
  edit->packing = g_object_ref (packing);
  edit->raw = g_strdup (raw);
  edit->source = source;
  queue_edit (self, edit, pd_desk_capture_async, cancellable, callback, user_data);
}

/* Returns: (transfer full) (nullable): the unit that took the code */
PdUnit *
pd_desk_capture_finish (PdDesk        *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static PdPackingOrder *
packing_of (PdDesk *self,
            PdUnit *unit)
{
  return pd_desk_lookup_order (self, pd_unit_get_order_id (unit));
}

/* Puts the code of RAW on UNIT instead of the one it has (a rescan from the review). */
void
pd_desk_replace_async (PdDesk              *self,
                       PdUnit              *unit,
                       const char          *raw,
                       PdCaptureSource      source,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  Edit *edit = g_new0 (Edit, 1);

  g_return_if_fail (packing_of (self, unit) != NULL);

  edit->kind = EDIT_REPLACE;
  edit->packing = g_object_ref (packing_of (self, unit));
  edit->unit = g_object_ref (unit);
  edit->raw = g_strdup (raw);
  edit->source = source;
  queue_edit (self, edit, pd_desk_replace_async, cancellable, callback, user_data);
}

PdUnit *
pd_desk_replace_finish (PdDesk        *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  return pd_desk_capture_finish (self, result, error);
}

/* Takes the code off UNIT. */
void
pd_desk_remove_async (PdDesk              *self,
                      PdUnit              *unit,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  Edit *edit = g_new0 (Edit, 1);

  g_return_if_fail (packing_of (self, unit) != NULL);

  edit->kind = EDIT_REMOVE;
  edit->packing = g_object_ref (packing_of (self, unit));
  edit->unit = g_object_ref (unit);
  queue_edit (self, edit, pd_desk_remove_async, cancellable, callback, user_data);
}

gboolean
pd_desk_remove_finish (PdDesk        *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_autoptr(PdUnit) unit = pd_desk_capture_finish (self, result, error);

  return unit != NULL;
}

/* ---- Ready to ship. ---- */

static void
on_ready_recorded (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  g_autoptr(GTask) task = data;
  GError *error = NULL;

  if (!pd_journal_record_finish (PD_JOURNAL (source), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_ready_set (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(GTask) task = data;
  PdDesk *self = g_task_get_source_object (task);
  PdPackingOrder *packing = g_task_get_task_data (task);
  PdOrder *order = pd_packing_order_get_order (packing);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_journal_entry_free);
  GError *error = NULL;

  if (!pd_market_client_set_ready_to_ship_finish (PD_MARKET_CLIENT (source), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  pd_order_set_substatus (order, "READY_TO_SHIP");
  pd_packing_order_update (packing);
  g_ptr_array_add (entries, pd_journal_entry_new (pd_order_get_campaign_id (order), pd_order_get_id (order), 0, 0));
  pd_journal_record_async (self->journal, PD_JOURNAL_EVENT_READY, entries, NULL, on_ready_recorded,
                           g_steal_pointer (&task));
}

/* Sets the order to PROCESSING/READY_TO_SHIP; refused with the reason while it is not ready. */
void
pd_desk_mark_ready_async (PdDesk              *self,
                          PdPackingOrder      *packing,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  PdOrder *order = pd_packing_order_get_order (packing);

  g_task_set_source_tag (task, pd_desk_mark_ready_async);
  g_task_set_task_data (task, g_object_ref (packing), g_object_unref);
  if (!pd_packing_order_is_ready (packing))
    {
      g_task_return_new_error (task, PD_DESK_ERROR, PD_DESK_ERROR_NOT_READY, "%s",
                               pd_packing_order_get_blocker (packing));
      g_object_unref (task);
      return;
    }
  pd_market_client_set_ready_to_ship_async (self->client, pd_order_get_campaign_id (order),
                                            pd_order_get_id (order), cancellable, on_ready_set, task);
}

gboolean
pd_desk_mark_ready_finish (PdDesk        *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- Import and export. ---- */

/* An order has at most 10,000 units; a file of its codes is far below this. */
#define MAX_IMPORT_BYTES (4 * 1024 * 1024)
/* Refused lines named one by one; the rest are counted. */
#define MAX_IMPORT_PROBLEMS 100

/* A file read line by line, each line captured once the one before is done: however many lines
 * the file has, only one is in the desk's hands at a time. */
typedef struct
{
  PdPackingOrder *packing;
  char           *contents;
  gsize           length;
  gsize           offset;
  guint           line;
  guint           accepted;
  guint           refused;
  GPtrArray      *problems;  /* "Line N: …" */
  /* The file's format, from its first line: the separator, and with a header the columns. */
  gboolean        started;
  char            separator;
  int             code_column;  /* -1 without a header */
  int             item_column;
  int             offer_column;
  int             country_column;
  char           *country;      /* to capture after the line's code */
} Import;

static void
import_free (Import *import)
{
  g_clear_object (&import->packing);
  g_free (import->contents);
  g_free (import->country);
  g_ptr_array_unref (import->problems);
  g_free (import);
}

static void import_next (GTask *task);

static void
on_import_captured (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  g_autoptr(GTask) task = data;
  Import *import = g_task_get_task_data (task);
  g_autoptr(PdUnit) unit = NULL;
  g_autoptr(GError) error = NULL;

  unit = pd_desk_capture_finish (PD_DESK (source), result, &error);
  if (unit != NULL)
    import->accepted++;
  else if (import->refused++ < MAX_IMPORT_PROBLEMS)
    g_ptr_array_add (import->problems, g_strdup_printf (_("Line %u: %s"), import->line, error->message));
  import_next (g_steal_pointer (&task));
}

/* The item a file's first column names: its id, or its offer id (what a seller's own files
 * have); 0 when it names none of the order's items. */
static gint64
import_item (PdPackingOrder *packing,
             const char     *name)
{
  GPtrArray *items = pd_order_get_items (pd_packing_order_get_order (packing));
  g_autofree char *stripped = g_strstrip (g_strdup (name));
  guint64 item_id = 0;

  if (g_ascii_string_to_unsigned (stripped, 10, 1, G_MAXINT64, &item_id, NULL)
      && pd_order_find_item (pd_packing_order_get_order (packing), item_id) != NULL)
    return item_id;
  for (guint i = 0; i < items->len; i++)
    if (*stripped != '\0' && g_strcmp0 (pd_order_item_get_offer_id (g_ptr_array_index (items, i)), stripped) == 0)
      return pd_order_item_get_id (g_ptr_array_index (items, i));
  return 0;
}

static int
column_of (GStrv       names,
           const char *name)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (g_ascii_strcasecmp (g_strstrip (names[i]), name) == 0)
      return i;
  return -1;
}

/* The first line says the separator; with a "code" column it is a header (the desk's own export,
 * or a seller's sheet) and names the columns. Returns: whether LINE was the header */
static gboolean
import_read_format (Import     *import,
                    const char *line)
{
  g_auto(GStrv) names = NULL;

  import->started = TRUE;
  import->separator = pd_csv_guess_separator (line);
  names = pd_csv_split (line, import->separator);
  import->code_column = column_of (names, "code");
  if (import->code_column < 0)
    return FALSE;
  import->item_column = column_of (names, "item_id");
  import->offer_column = column_of (names, "offer_id");
  import->country_column = column_of (names, "country_code");
  return TRUE;
}

static const char *
field (GStrv fields,
       int   column)
{
  return column >= 0 && column < (int) g_strv_length (fields) ? fields[column] : NULL;
}

/* The code of LINE, the item it names (0 for the desk's choice) and a country code to go with
 * it. Returns: FALSE when the line has no code (a header, a unit without one) */
static gboolean
import_parse_line (Import      *import,
                   const char  *line,
                   gint64      *item_id,
                   char       **code,
                   char       **country)
{
  const char *separator;
  g_autofree char *prefix = NULL;

  *item_id = 0;
  *country = NULL;
  if (!import->started && import_read_format (import, line))
    return FALSE;

  if (import->code_column >= 0)
    {
      g_auto(GStrv) fields = pd_csv_split (line, import->separator);
      const char *value = field (fields, import->code_column);
      const char *item = field (fields, import->item_column);
      const char *offer = field (fields, import->offer_column);

      if (value == NULL || *value == '\0')
        return FALSE;
      *item_id = item != NULL ? import_item (import->packing, item) : 0;
      if (*item_id == 0 && offer != NULL)
        *item_id = import_item (import->packing, offer);
      *code = g_strdup (value);
      *country = field (fields, import->country_column) != NULL && *field (fields, import->country_column) != '\0'
                 ? g_strdup (field (fields, import->country_column)) : NULL;
      return TRUE;
    }

  /* "ITEM;CODE" when the part before the first separator names an item of the order (by id or
   * offer id); otherwise the whole line is the code, as a CIS may hold commas and semicolons. */
  separator = strchr (line, import->separator);
  prefix = separator != NULL ? g_strndup (line, separator - line) : NULL;
  *item_id = prefix != NULL ? import_item (import->packing, prefix) : 0;
  *code = g_strdup (*item_id != 0 ? separator + 1 : line);
  return TRUE;
}

/* The next line that is not blank, or NULL at the end of the file. */
static char *
import_take_line (Import *import)
{
  while (import->offset < import->length)
    {
      const char *start = import->contents + import->offset;
      const char *end = memchr (start, '\n', import->length - import->offset);
      gsize length = end != NULL ? (gsize) (end - start) : import->length - import->offset;
      g_autofree char *line = g_strndup (start, length);

      import->offset += length + 1;
      import->line++;
      /* A spreadsheet's BOM before the first line, and CRLF line ends. */
      if (import->line == 1 && g_str_has_prefix (line, PD_CSV_BOM))
        memmove (line, line + strlen (PD_CSV_BOM), strlen (line) - strlen (PD_CSV_BOM) + 1);
      if (*g_strstrip (line) != '\0')
        return g_steal_pointer (&line);
    }
  return NULL;
}

static void
import_next (GTask *task)
{
  PdDesk *self = g_task_get_source_object (task);
  Import *import = g_task_get_task_data (task);
  g_autofree char *line = NULL;
  char *code = NULL;
  gint64 item_id = 0;
  Edit *edit;

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }
  /* A declaration's country goes in right after it, as a scanner would send it. */
  if (import->country != NULL)
    code = g_steal_pointer (&import->country);
  else
    while (code == NULL && (line = import_take_line (import)) != NULL)
      if (!import_parse_line (import, line, &item_id, &code, &import->country))
        g_clear_pointer (&line, g_free);
  if (code == NULL)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }

  edit = g_new0 (Edit, 1);
  edit->kind = EDIT_CAPTURE;
  edit->packing = g_object_ref (import->packing);
  edit->item_id = item_id;
  edit->raw = code;
  edit->source = PD_CAPTURE_SOURCE_FILE;
  queue_edit (self, edit, pd_desk_capture_async, g_task_get_cancellable (task), on_import_captured,
              task);
}

static gboolean
import_read_more (const char *contents,
                  goffset     length,
                  gpointer    data)
{
  /* One byte past the limit tells that the file is larger. */
  return length <= MAX_IMPORT_BYTES;
}

static void
on_import_loaded (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  GTask *task = data;
  Import *import = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_file_load_partial_contents_finish (G_FILE (source), result, &import->contents,
                                            &import->length, NULL, &error))
    g_task_return_error (task, error);
  else if (import->length > MAX_IMPORT_BYTES)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                             _("The file is larger than %u MiB, far more than the codes of an "
                               "order take. Check that it is the right file."),
                             MAX_IMPORT_BYTES / (1024 * 1024));
  else if (!g_utf8_validate_len (import->contents, import->length, NULL))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                             _("The file is not text in UTF-8; save it as UTF-8 text or CSV."));
  else
    {
      import_next (task);
      return;
    }
  g_object_unref (task);
}

/**
 * pd_desk_import_async:
 * @file: text or CSV: one code a line, or ITEM,CODE
 *
 * Captures every code of the file like a scan (source "file"), one line after another. Finish
 * with how many were taken and the problems, line by line.
 */
void
pd_desk_import_async (PdDesk              *self,
                      PdPackingOrder      *packing,
                      GFile               *file,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Import *import = g_new0 (Import, 1);

  import->packing = g_object_ref (packing);
  import->problems = g_ptr_array_new_with_free_func (g_free);
  g_task_set_source_tag (task, pd_desk_import_async);
  g_task_set_task_data (task, import, (GDestroyNotify) import_free);
  g_file_load_partial_contents_async (file, cancellable, import_read_more, on_import_loaded, task);
}

/* Returns: how many codes were taken; PROBLEMS gets the refused lines with their reasons */
guint
pd_desk_import_finish (PdDesk        *self,
                       GAsyncResult  *result,
                       GStrv         *problems,
                       GError       **error)
{
  Import *import = g_task_get_task_data (G_TASK (result));

  g_return_val_if_fail (g_task_is_valid (result, self), 0);
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return 0;
  if (problems != NULL)
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

      for (guint i = 0; i < import->problems->len; i++)
        g_strv_builder_add (builder, g_ptr_array_index (import->problems, i));
      if (import->refused > MAX_IMPORT_PROBLEMS)
        g_strv_builder_take (builder,
                             g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "…and %u more line was refused.",
                                                           "…and %u more lines were refused.",
                                                           import->refused - MAX_IMPORT_PROBLEMS),
                                              import->refused - MAX_IMPORT_PROBLEMS));
      *problems = g_strv_builder_end (builder);
    }
  return import->accepted;
}

static void
on_exported (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(GTask) task = data;
  GError *error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
write_csv (GTask *task,
           GFile *file,
           char  *csv)
{
  g_autofree char *owned = csv;
  g_autoptr(GBytes) bytes = g_bytes_new_take (g_strconcat (PD_CSV_BOM, csv, NULL),
                                              strlen (PD_CSV_BOM) + strlen (csv));

  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                       g_task_get_cancellable (task), on_exported, task);
}

/* Writes the order's codes and verdicts as CSV (see pd_packing_order_to_csv()). */
void
pd_desk_export_async (PdDesk              *self,
                      PdPackingOrder      *packing,
                      GFile               *file,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, pd_desk_export_async);
  write_csv (task, file, pd_packing_order_to_csv (packing));
}

static void
on_journal_exported (GObject      *source,
                     GAsyncResult *result,
                     gpointer      data)
{
  GTask *task = data;
  GError *error = NULL;
  char *csv = pd_journal_export_finish (PD_JOURNAL (source), result, &error);

  if (csv == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  write_csv (task, g_task_get_task_data (task), csv);
}

/* Writes every code the journal holds, of every order, as CSV. Finish with pd_desk_export_finish(). */
void
pd_desk_export_all_async (PdDesk              *self,
                          GFile               *file,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, pd_desk_export_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  pd_journal_export_async (self->journal, cancellable, on_journal_exported, task);
}

gboolean
pd_desk_export_finish (PdDesk        *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- Resuming after a restart. ---- */

typedef struct
{
  gint64  business_id;
  GArray *outbox;     /* PdOutboxEntry */
  GArray *order_ids;  /* gint64, to fetch and open */
  guint   next;       /* the next order id to fetch */
  guint   opening;    /* orders of the last page still being opened */
  GError *error;      /* the first that failed to open */
} Resume;

static void
resume_free (Resume *resume)
{
  g_clear_pointer (&resume->outbox, g_array_unref);
  g_clear_pointer (&resume->order_ids, g_array_unref);
  g_clear_error (&resume->error);
  g_free (resume);
}

static void fetch_next_orders (GTask *task);

/* The outbox as the journal left it goes on; sets of orders no longer open for changes leave. */
static void
resume_outbox (PdDesk *self,
               Resume *resume)
{
  for (guint i = 0; i < resume->outbox->len; i++)
    {
      const PdOutboxEntry *entry = &g_array_index (resume->outbox, PdOutboxEntry, i);
      PdPackingOrder *packing = pd_desk_lookup_order (self, entry->order_id);

      if (packing != NULL && pd_packing_order_is_locked (packing))
        pd_journal_submitted_async (self->journal, entry, FALSE, NULL, NULL, NULL);
      else
        outbox_put (self, entry);
    }
  send_next (self);
}

static void
on_resume_opened (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr(GTask) task = data;
  g_autoptr(PdPackingOrder) packing = NULL;
  Resume *resume;
  GError *error = NULL;

  resume = g_task_get_task_data (task);
  packing = pd_desk_open_order_finish (PD_DESK (source), result, &error);
  /* The first failure is the answer, once the other orders of the page are open. */
  if (packing == NULL && resume->error == NULL)
    resume->error = error;
  else
    g_clear_error (&error);
  if (--resume->opening > 0)
    return;
  if (resume->error != NULL)
    g_task_return_error (task, g_steal_pointer (&resume->error));
  else
    fetch_next_orders (g_steal_pointer (&task));
}

static void
on_resume_orders (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr(GTask) task = data;
  PdDesk *self = g_task_get_source_object (task);
  g_autoptr(GPtrArray) orders = NULL;
  GError *error = NULL;

  orders = pd_market_client_list_orders_finish (PD_MARKET_CLIENT (source), result, &error);
  if (orders == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (orders->len == 0)
    {
      fetch_next_orders (g_steal_pointer (&task));
      return;
    }
  ((Resume *) g_task_get_task_data (task))->opening = orders->len;
  for (guint i = 0; i < orders->len; i++)
    pd_desk_open_order_async (self, g_ptr_array_index (orders, i), NULL, on_resume_opened, g_object_ref (task));
}

/* The Market takes 50 order ids a request. */
static void
fetch_next_orders (GTask *task)
{
  PdDesk *self = g_task_get_source_object (task);
  Resume *resume = g_task_get_task_data (task);
  guint count = MIN (50, resume->order_ids->len - resume->next);
  PdOrderFilter filter = { 0 };

  if (count == 0)
    {
      resume_outbox (self, resume);
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  filter.order_ids = &g_array_index (resume->order_ids, gint64, resume->next);
  filter.n_order_ids = count;
  resume->next += count;
  pd_market_client_list_orders_async (self->client, resume->business_id, &filter,
                                      g_task_get_cancellable (task), on_resume_orders, task);
}

static void
add_order_id (GArray *ids,
              gint64  order_id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == order_id)
      return;
  g_array_append_val (ids, order_id);
}

static void
on_resume_unfinished (GObject      *source,
                      GAsyncResult *result,
                      gpointer      data)
{
  GTask *task = data;
  Resume *resume = g_task_get_task_data (task);
  g_autoptr(GPtrArray) unfinished = NULL;
  GError *error = NULL;

  unfinished = pd_journal_load_unfinished_finish (PD_JOURNAL (source), result, &error);
  if (unfinished == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  for (guint i = 0; i < resume->outbox->len; i++)
    add_order_id (resume->order_ids, g_array_index (resume->outbox, PdOutboxEntry, i).order_id);
  for (guint i = 0; i < unfinished->len; i++)
    add_order_id (resume->order_ids, ((PdJournalEntry *) g_ptr_array_index (unfinished, i))->order_id);
  fetch_next_orders (task);
}

static void
on_resume_outbox (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  GTask *task = data;
  Resume *resume = g_task_get_task_data (task);
  GError *error = NULL;

  resume->outbox = pd_journal_load_outbox_finish (PD_JOURNAL (source), result, &error);
  if (resume->outbox == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  pd_journal_load_unfinished_async (PD_JOURNAL (source), NULL, on_resume_unfinished, task);
}

static void
on_resume_gtins (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  GTask *task = data;
  PdDesk *self = g_task_get_source_object (task);
  g_autoptr(GHashTable) gtins = NULL;
  GError *error = NULL;

  gtins = pd_journal_load_gtins_finish (PD_JOURNAL (source), result, &error);
  if (gtins == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  g_hash_table_unref (self->gtins);
  self->gtins = g_steal_pointer (&gtins);
  pd_journal_load_outbox_async (PD_JOURNAL (source), NULL, on_resume_outbox, task);
}

/**
 * pd_desk_resume_async:
 * @business_id: the business whose orders the desk works on
 *
 * Picks up where the desk stopped: what it learnt of offers' GTINs, the orders still in the
 * outbox (sent again), and every order with codes that were never sent (a complete one is
 * queued as it opens), are rejected, failed or still checked (opened, so the review lists them
 * and polling goes on).
 */
void
pd_desk_resume_async (PdDesk              *self,
                      gint64               business_id,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Resume *resume = g_new0 (Resume, 1);

  resume->business_id = business_id;
  resume->order_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_task_set_source_tag (task, pd_desk_resume_async);
  g_task_set_task_data (task, resume, (GDestroyNotify) resume_free);
  pd_journal_load_gtins_async (self->journal, NULL, on_resume_gtins, task);
}

gboolean
pd_desk_resume_finish (PdDesk        *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
