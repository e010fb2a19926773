/* pd-desk-polling.c — verification statuses, asked for with growing intervals after an FBS or
 * Express submission, all orders sharing one budget well under the Market's 1,000 requests an
 * hour.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pd-desk-private.h"

/* ---- Verification polling. ---- */

void
pd_desk_poll_free (Poll *poll)
{
  g_clear_handle_id (&poll->source, g_source_remove);
  g_free (poll);
}

/* The shared budget: tokens refill at polls_per_hour, POLL_BURST at the most. A token is taken
 * only while RESERVE more stay for others. Returns how long to wait for one, 0 when one was
 * taken. */
guint
pd_desk_take_poll_token (PdDesk *self,
                         guint   reserve)
{
  gint64 now = g_get_monotonic_time ();
  double per_ms = self->timing.polls_per_hour / 3600000.0;

  self->poll_tokens = MIN (POLL_BURST, self->poll_tokens + (now - self->poll_tokens_at) / 1000.0 * per_ms);
  self->poll_tokens_at = now;
  if (self->poll_tokens >= reserve + 1)
    {
      self->poll_tokens -= 1;
      return 0;
    }
  return (guint) ((reserve + 1 - self->poll_tokens) / per_ms) + 1;
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
    pd_desk_poll_later (self, order_id, delay_ms);
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
              ? pd_desk_wait_until (pd_market_error_get_limited_until (error), next_ms) : next_ms;
  else
    {
      /* The verdicts show at once; the journal keeps them too. */
      changed = pd_packing_order_match_statuses (packing, statuses);
      pd_desk_apply_entries (packing, changed);
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
  wait_ms = pd_desk_take_poll_token (self, 0);
  if (wait_ms > 0)
    {
      pd_desk_poll_later (self, poll->order_id, wait_ms);
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
void
pd_desk_poll_later (PdDesk *self,
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
  guint wait_ms = pd_desk_take_poll_token (self, 0);

  if (wait_ms > 0)
    {
      g_set_error (error, PD_MARKET_ERROR, PD_MARKET_ERROR_RATE_LIMITED,
                   _("The Market allows few status checks; the next one is possible in %u s."),
                   (wait_ms + 999) / 1000);
      return FALSE;
    }
  /* The token is given back: poll_now takes it again at once. */
  self->poll_tokens += 1;
  pd_desk_poll_later (self, order_id, 0);
  return TRUE;
}
