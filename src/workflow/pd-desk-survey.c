/* pd-desk-survey.c — what the Market says of the codes of orders this desk has not opened, so
 * that the list's counts and filters know of a refused code before anyone opens its order.
 *
 * Only FBS and Express orders still to pack whose codes the Market has are asked about
 * (identifiers/status is theirs alone), one at a time, with the status budget's spare tokens:
 * SURVEY_RESERVE tokens always stay for the orders the packer works on. A verdict is kept per
 * order; each new list (pd_desk_survey) is given the verdicts at once and asks again only for
 * orders that changed at the Market or whose verdicts are old (sooner while codes are being
 * checked or have failed).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pd-desk-private.h"
#include "pd-market-json.h"

/* Tokens of the shared budget the survey never takes. */
#define SURVEY_RESERVE 5
/* How long a verdict holds: settled ones, and those still moving. */
#define SETTLED_US (30 * G_TIME_SPAN_MINUTE)
#define MOVING_US (5 * G_TIME_SPAN_MINUTE)
/* After an answer that was not a verdict (the Market away, or not answering properly). */
#define SURVEY_RETRY_MS (60 * 1000)

typedef struct
{
  char            *listed;       /* the order as the Market listed it when asked about */
  gint64           checked_at;   /* monotonic µs */
  PdOrderVerdicts  verdicts;
} Surveyed;

void
pd_desk_surveyed_free (gpointer data)
{
  Surveyed *surveyed = data;

  g_free (surveyed->listed);
  g_free (surveyed);
}

static gboolean
has_market_codes (PdOrder *order)
{
  GPtrArray *items = pd_order_get_items (order);

  for (guint i = 0; i < items->len; i++)
    if (pd_order_item_get_instances (g_ptr_array_index (items, i))->len > 0)
      return TRUE;
  return FALSE;
}

static gboolean
wants_survey (PdDesk  *self,
              PdOrder *order)
{
  return g_strcmp0 (pd_order_get_status (order), "PROCESSING") == 0
         && g_strcmp0 (pd_order_get_substatus (order), "STARTED") == 0
         && !pd_order_is_dbs (order) && has_market_codes (order)
         && pd_desk_lookup_order (self, pd_order_get_id (order)) == NULL;
}

static gboolean
is_fresh (const Surveyed *surveyed,
          PdOrder        *order)
{
  gint64 age = g_get_monotonic_time () - surveyed->checked_at;
  gboolean moving = surveyed->verdicts.checking > 0 || surveyed->verdicts.problems > 0;
  g_autofree char *listed = NULL;

  if (age >= (moving ? MOVING_US : SETTLED_US))
    return FALSE;
  /* Another code, box or status since: the verdicts may be others too. */
  listed = pd_market_json_order_to_string (order);
  return g_str_equal (surveyed->listed, listed);
}

/* The order of that id in the list the survey was last given, or NULL. */
static PdOrder *
listed_order (PdDesk *self,
              gint64  order_id)
{
  return self->survey_orders != NULL ? pd_order_find_in (self->survey_orders, order_id, NULL) : NULL;
}

/* A status check of the survey on its way; like Polling, it holds the desk weakly. */
typedef struct
{
  GWeakRef desk;
  gint64   order_id;
  char    *listed;
} Surveying;

static void
surveying_free (Surveying *surveying)
{
  g_weak_ref_clear (&surveying->desk);
  g_free (surveying->listed);
  g_free (surveying);
}

static void survey_next (PdDesk *self);

static gboolean
on_survey_timer (gpointer data)
{
  PdDesk *self = data;

  self->survey_source = 0;
  survey_next (self);
  return G_SOURCE_REMOVE;
}

static void
survey_later (PdDesk *self,
              guint   delay_ms)
{
  g_clear_handle_id (&self->survey_source, g_source_remove);
  self->survey_source = g_timeout_add (delay_ms, on_survey_timer, self);
}

static void
keep_verdicts (PdDesk                *self,
               const Surveying       *surveying,
               const PdOrderVerdicts *verdicts)
{
  Surveyed *surveyed = g_new0 (Surveyed, 1);
  PdOrder *order = listed_order (self, surveying->order_id);

  surveyed->listed = g_strdup (surveying->listed);
  surveyed->checked_at = g_get_monotonic_time ();
  surveyed->verdicts = *verdicts;
  g_hash_table_insert (self->surveyed, g_memdup2 (&surveying->order_id, sizeof (gint64)), surveyed);
  if (order != NULL)
    pd_order_set_verdicts (order, verdicts);
  pd_desk_emit_surveyed (self);
}

static void
on_survey_statuses (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  Surveying *surveying = data;
  g_autoptr(PdDesk) self = g_weak_ref_get (&surveying->desk);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) statuses =
    pd_market_client_get_identifier_statuses_finish (PD_MARKET_CLIENT (source), result, &error);
  PdOrderVerdicts verdicts;

  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      surveying_free (surveying);
      return;
    }
  self->surveying = FALSE;
  if (statuses == NULL)
    {
      /* Asked again after the pause; the Market's state is the window's to show. */
      g_queue_push_head (&self->survey_queue, g_memdup2 (&surveying->order_id, sizeof (gint64)));
      survey_later (self, g_error_matches (error, PD_MARKET_ERROR, PD_MARKET_ERROR_RATE_LIMITED)
                          ? pd_desk_wait_until (pd_market_error_get_limited_until (error), SURVEY_RETRY_MS)
                          : SURVEY_RETRY_MS);
    }
  else
    {
      pd_order_verdicts_count (&verdicts, statuses);
      keep_verdicts (self, surveying, &verdicts);
      survey_next (self);
    }
  surveying_free (surveying);
}

/* The next order in the queue still wanting a verdict, or NULL; those that stopped wanting one
 * (opened here, gone from the list) leave the queue. */
static PdOrder *
pop_wanted (PdDesk *self)
{
  g_autofree gint64 *id = NULL;

  while ((id = g_queue_pop_head (&self->survey_queue)) != NULL)
    {
      PdOrder *order = listed_order (self, *id);

      if (order != NULL && wants_survey (self, order))
        return order;
      g_clear_pointer (&id, g_free);
    }
  return NULL;
}

static void
survey_next (PdDesk *self)
{
  Surveying *surveying;
  PdOrder *order;
  guint wait_ms;

  if (self->surveying || self->survey_source != 0 || g_queue_is_empty (&self->survey_queue))
    return;
  wait_ms = pd_desk_take_poll_token (self, SURVEY_RESERVE);
  if (wait_ms > 0)
    {
      survey_later (self, wait_ms);
      return;
    }
  if ((order = pop_wanted (self)) == NULL)
    {
      self->poll_tokens += 1;  /* not spent */
      return;
    }
  surveying = g_new0 (Surveying, 1);
  g_weak_ref_init (&surveying->desk, self);
  surveying->order_id = pd_order_get_id (order);
  surveying->listed = pd_market_json_order_to_string (order);
  self->surveying = TRUE;
  pd_market_client_get_identifier_statuses_async (self->client, pd_order_get_campaign_id (order),
                                                  surveying->order_id, self->cancellable,
                                                  on_survey_statuses, surveying);
}

static int
compare_ship_by (gconstpointer a,
                 gconstpointer b)
{
  return pd_order_compare_ship_by (*(PdOrder **) a, *(PdOrder **) b);
}

/**
 * pd_desk_survey:
 * @orders: (element-type PdOrder): the orders the Market lists now
 *
 * Gives each order the verdicts the desk knows for it, and asks the Market, in the background and
 * within the spare status budget, about those it has none for or whose verdicts are old. Orders
 * listed earlier and not now are no longer asked about.
 */
void
pd_desk_survey (PdDesk     *self,
                GListModel *orders)
{
  g_autoptr(GPtrArray) ask = g_ptr_array_new_with_free_func (g_object_unref);

  g_set_object (&self->survey_orders, orders);
  g_queue_clear_full (&self->survey_queue, g_free);
  for (guint i = 0; i < g_list_model_get_n_items (orders); i++)
    {
      g_autoptr(PdOrder) order = g_list_model_get_item (orders, i);
      gint64 id = pd_order_get_id (order);
      Surveyed *surveyed = g_hash_table_lookup (self->surveyed, &id);

      if (!wants_survey (self, order))
        continue;
      if (surveyed != NULL)
        pd_order_set_verdicts (order, &surveyed->verdicts);
      if (surveyed == NULL || !is_fresh (surveyed, order))
        g_ptr_array_add (ask, g_steal_pointer (&order));
    }
  /* The orders that must go first are asked about first. */
  g_ptr_array_sort (ask, compare_ship_by);
  for (guint i = 0; i < ask->len; i++)
    {
      gint64 id = pd_order_get_id (g_ptr_array_index (ask, i));

      g_queue_push_tail (&self->survey_queue, g_memdup2 (&id, sizeof id));
    }
  survey_next (self);
}
