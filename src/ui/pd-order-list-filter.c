/* pd-order-list-filter.c — which orders the list shows.
 *
 * One store (campaign) or all, a search (order number, an offer's name or id) and one of the
 * packer's filters. The Market's status and update time say which orders are ready to ship or were
 * shipped today; what the desk knows about an order it has open (its codes, their checks, the
 * Market's refusals) says the rest. An order the desk has not opened needs codes when the Market
 * lists fewer codes than its units need, and is waiting or has problems by the verdicts the desk's
 * survey got for it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pd-order-list-filter.h"

#include <glib/gi18n.h>
#include <string.h>

struct _PdOrderListFilter
{
  GtkFilter          parent_instance;

  PdDesk            *desk;
  gint64             campaign_id;  /* 0: every store */
  char              *needle;       /* casefolded */
  PdOrderListFilterKind  kind;
};

G_DEFINE_FINAL_TYPE (PdOrderListFilter, pd_order_list_filter, GTK_TYPE_FILTER)

static gboolean
matches_search (PdOrderListFilter *self,
                PdOrder       *order)
{
  g_autofree char *number = NULL;
  GPtrArray *items;

  if (self->needle == NULL)
    return TRUE;
  number = g_strdup_printf ("%" G_GINT64_FORMAT, pd_order_get_id (order));
  if (strstr (number, self->needle) != NULL)
    return TRUE;
  items = pd_order_get_items (order);
  for (guint i = 0; i < items->len; i++)
    {
      PdOrderItem *item = g_ptr_array_index (items, i);
      g_autofree char *name = g_utf8_casefold (pd_order_item_get_offer_name (item), -1);
      g_autofree char *offer = g_utf8_casefold (pd_order_item_get_offer_id (item), -1);

      if (strstr (name, self->needle) != NULL || strstr (offer, self->needle) != NULL)
        return TRUE;
    }
  return FALSE;
}

/* Before the desk opens an order, the Market's list of its codes is all there is. */
static gboolean
lacks_codes_on_market (PdOrder *order)
{
  GPtrArray *items = pd_order_get_items (order);

  for (guint i = 0; i < items->len; i++)
    {
      PdOrderItem *item = g_ptr_array_index (items, i);

      if ((pd_order_item_get_required_types (item) & ~PD_INSTANCE_TYPE_CIS_OPTIONAL) != 0
          && pd_order_item_get_instances (item)->len < pd_order_item_get_count (item))
        return TRUE;
    }
  return FALSE;
}

static gboolean
has_problems (PdPackingOrder *packing)
{
  GListModel *units = pd_packing_order_get_units (packing);

  if (pd_packing_order_get_error (packing) != NULL)
    return TRUE;
  for (guint i = 0; i < g_list_model_get_n_items (units); i++)
    {
      g_autoptr(PdUnit) unit = g_list_model_get_item (units, i);
      PdUnitState state = pd_unit_get_state (unit);

      if (state == PD_UNIT_STATE_INVALID || state == PD_UNIT_STATE_FAILED
          || state == PD_UNIT_STATE_REJECTED)
        return TRUE;
    }
  return FALSE;
}

/* Handed to the courier (or on its way) since midnight. Most orders are not, and say so by their
 * status before any date is read. */
static gboolean
shipped_today (PdOrder *order)
{
  const char *status = pd_order_get_status (order);
  const char *updated = pd_order_get_update_date (order);
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDateTime) now = NULL;

  if ((g_strcmp0 (pd_order_get_substatus (order), "SHIPPED") != 0
       && g_strcmp0 (status, "DELIVERY") != 0 && g_strcmp0 (status, "PICKUP") != 0)
      || updated == NULL || (when = g_date_time_new_from_iso8601 (updated, NULL)) == NULL)
    return FALSE;
  local = g_date_time_to_local (when);
  now = g_date_time_new_now_local ();
  return g_date_time_get_year (local) == g_date_time_get_year (now)
         && g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (now);
}

gboolean
pd_order_list_filter_is_kind (PdOrderListFilter     *self,
                         PdOrder           *order,
                         PdOrderListFilterKind  kind)
{
  PdPackingOrder *packing = NULL;
  gboolean ready = g_strcmp0 (pd_order_get_substatus (order), "READY_TO_SHIP") == 0;
  gboolean started = g_strcmp0 (pd_order_get_substatus (order), "STARTED") == 0;
  const PdOrderVerdicts *verdicts = pd_order_get_verdicts (order);

  if (self->desk != NULL)
    packing = pd_desk_lookup_order (self->desk, pd_order_get_id (order));

  switch (kind)
    {
    case PD_ORDER_LIST_FILTER_NEEDS_CODES:
      return started && (packing != NULL ? !pd_packing_order_is_complete (packing)
                                         : lacks_codes_on_market (order));
    case PD_ORDER_LIST_FILTER_WAITING:
      if (packing == NULL)
        return started && verdicts != NULL && verdicts->checking > 0;
      return !ready && pd_packing_order_is_checking (packing);
    case PD_ORDER_LIST_FILTER_PROBLEMS:
      if (packing == NULL)
        return started && verdicts != NULL && verdicts->problems > 0;
      return !ready && has_problems (packing);
    case PD_ORDER_LIST_FILTER_READY:
      return ready;
    case PD_ORDER_LIST_FILTER_SHIPPED_TODAY:
      return shipped_today (order);
    case PD_ORDER_LIST_FILTER_AT_THIS_DESK:
      return packing != NULL && pd_packing_order_is_in_progress (packing);
    case PD_ORDER_LIST_FILTER_ALL:
    case PD_ORDER_LIST_FILTER_N_KINDS:
    default:
      return TRUE;
    }
}

/* Whether ORDER belongs to the chosen store (any order, when all stores are shown). */
gboolean
pd_order_list_filter_in_store (PdOrderListFilter *self,
                               PdOrder           *order)
{
  return self->campaign_id == 0 || pd_order_get_campaign_id (order) == self->campaign_id;
}

static gboolean
pd_order_list_filter_match (GtkFilter *filter,
                       gpointer   item)
{
  PdOrderListFilter *self = PD_ORDER_LIST_FILTER (filter);

  return pd_order_list_filter_in_store (self, item) && matches_search (self, item)
         && pd_order_list_filter_is_kind (self, item, self->kind);
}

static GtkFilterMatch
pd_order_list_filter_get_strictness (GtkFilter *filter)
{
  PdOrderListFilter *self = PD_ORDER_LIST_FILTER (filter);

  return self->needle == NULL && self->kind == PD_ORDER_LIST_FILTER_ALL && self->campaign_id == 0
         ? GTK_FILTER_MATCH_ALL : GTK_FILTER_MATCH_SOME;
}

static void
pd_order_list_filter_finalize (GObject *object)
{
  PdOrderListFilter *self = PD_ORDER_LIST_FILTER (object);

  g_clear_object (&self->desk);
  g_free (self->needle);
  G_OBJECT_CLASS (pd_order_list_filter_parent_class)->finalize (object);
}

static void
pd_order_list_filter_class_init (PdOrderListFilterClass *klass)
{
  GtkFilterClass *filter_class = GTK_FILTER_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = pd_order_list_filter_finalize;
  filter_class->match = pd_order_list_filter_match;
  filter_class->get_strictness = pd_order_list_filter_get_strictness;
}

static void
pd_order_list_filter_init (PdOrderListFilter *self)
{
}

PdOrderListFilter *
pd_order_list_filter_new (void)
{
  return g_object_new (PD_TYPE_ORDER_LIST_FILTER, NULL);
}

void
pd_order_list_filter_set_desk (PdOrderListFilter *self,
                          PdDesk        *desk)
{
  g_return_if_fail (PD_IS_ORDER_LIST_FILTER (self));

  if (g_set_object (&self->desk, desk))
    gtk_filter_changed (GTK_FILTER (self), GTK_FILTER_CHANGE_DIFFERENT);
}

void
pd_order_list_filter_set_search (PdOrderListFilter *self,
                            const char    *text)
{
  g_return_if_fail (PD_IS_ORDER_LIST_FILTER (self));

  g_clear_pointer (&self->needle, g_free);
  if (text != NULL && *text != '\0')
    self->needle = g_utf8_casefold (text, -1);
  gtk_filter_changed (GTK_FILTER (self), GTK_FILTER_CHANGE_DIFFERENT);
}

void
pd_order_list_filter_set_campaign (PdOrderListFilter *self,
                                   gint64             campaign_id)
{
  g_return_if_fail (PD_IS_ORDER_LIST_FILTER (self));

  if (self->campaign_id == campaign_id)
    return;
  self->campaign_id = campaign_id;
  gtk_filter_changed (GTK_FILTER (self), GTK_FILTER_CHANGE_DIFFERENT);
}

void
pd_order_list_filter_set_kind (PdOrderListFilter     *self,
                          PdOrderListFilterKind  kind)
{
  g_return_if_fail (PD_IS_ORDER_LIST_FILTER (self));

  if (self->kind == kind)
    return;
  self->kind = kind;
  gtk_filter_changed (GTK_FILTER (self), GTK_FILTER_CHANGE_DIFFERENT);
}

/* The filter's name in the list's filter menu. */
const char *
pd_order_list_filter_kind_name (PdOrderListFilterKind kind)
{
  switch (kind)
    {
    case PD_ORDER_LIST_FILTER_NEEDS_CODES:
      return _("Needs codes");
    case PD_ORDER_LIST_FILTER_WAITING:
      return _("Waiting for verification");
    case PD_ORDER_LIST_FILTER_PROBLEMS:
      return _("Has problems");
    case PD_ORDER_LIST_FILTER_READY:
      return _("Ready to ship");
    case PD_ORDER_LIST_FILTER_SHIPPED_TODAY:
      return _("Shipped today");
    case PD_ORDER_LIST_FILTER_AT_THIS_DESK:
      return _("In progress at this desk");
    case PD_ORDER_LIST_FILTER_ALL:
    case PD_ORDER_LIST_FILTER_N_KINDS:
    default:
      return _("All orders");
    }
}
