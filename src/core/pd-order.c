/* pd-order.c — an order as getBusinessOrders describes it. Status, substatus and program type
 * are kept as the Market sent them; the box layout is kept so a new submission can put the
 * codes into the boxes the order already has.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pd-order.h"
#include "pd-identifier-status.h"

#include <stdio.h>
#include <string.h>

struct _PdOrder
{
  GObject    parent_instance;

  gint64     id;
  gint64     campaign_id;
  char      *status;
  char      *substatus;
  char      *program_type;
  char      *buyer_type;
  char      *creation_date;
  char      *update_date;
  gint64     shipment_id;
  char      *shipment_date;
  char      *shipment_time;
  GPtrArray *items;
  GArray    *box_slots;
  gboolean   allow_remove;
  gboolean   has_verdicts;
  PdOrderVerdicts verdicts;
};

G_DEFINE_FINAL_TYPE (PdOrder, pd_order, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_VERDICTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
pd_order_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  PdOrder *self = PD_ORDER (object);

  switch (prop_id)
    {
    case PROP_VERDICTS:
      g_value_set_pointer (value, (gpointer) pd_order_get_verdicts (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_order_finalize (GObject *object)
{
  PdOrder *self = PD_ORDER (object);

  g_free (self->status);
  g_free (self->substatus);
  g_free (self->program_type);
  g_free (self->buyer_type);
  g_free (self->creation_date);
  g_free (self->update_date);
  g_free (self->shipment_date);
  g_free (self->shipment_time);
  g_ptr_array_unref (self->items);
  g_array_unref (self->box_slots);

  G_OBJECT_CLASS (pd_order_parent_class)->finalize (object);
}

static void
pd_order_class_init (PdOrderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pd_order_finalize;
  object_class->get_property = pd_order_get_property;

  /* Told by the Market's status check of an order no desk here has open; NULL until then. */
  properties[PROP_VERDICTS] =
    g_param_spec_pointer ("verdicts", NULL, NULL,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_order_init (PdOrder *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->box_slots = g_array_new (FALSE, TRUE, sizeof (PdBoxSlot));
}

PdOrder *
pd_order_new (gint64      id,
              gint64      campaign_id,
              const char *status,
              const char *substatus,
              const char *program_type)
{
  PdOrder *self = g_object_new (PD_TYPE_ORDER, NULL);

  self->id = id;
  self->campaign_id = campaign_id;
  self->status = g_strdup (status);
  self->substatus = g_strdup (substatus);
  self->program_type = g_strdup (program_type);
  return self;
}

gint64
pd_order_get_id (PdOrder *self)
{
  return self->id;
}

gint64
pd_order_get_campaign_id (PdOrder *self)
{
  return self->campaign_id;
}

const char *
pd_order_get_status (PdOrder *self)
{
  return self->status;
}

const char *
pd_order_get_substatus (PdOrder *self)
{
  return self->substatus;
}

void
pd_order_set_substatus (PdOrder    *self,
                        const char *substatus)
{
  g_free (self->substatus);
  self->substatus = g_strdup (substatus);
}

/* "FBS", "EXPRESS", "DBS", "FBY", "LAAS", or a value the Market adds later. */
const char *
pd_order_get_program_type (PdOrder *self)
{
  return self->program_type;
}

/* DBS orders send codes through PUT …/identifiers and are never verified (market-api.md §0). */
gboolean
pd_order_is_dbs (PdOrder *self)
{
  return g_strcmp0 (self->program_type, "DBS") == 0;
}

const char *
pd_order_get_buyer_type (PdOrder *self)
{
  return self->buyer_type;
}

void
pd_order_set_buyer_type (PdOrder    *self,
                         const char *buyer_type)
{
  g_free (self->buyer_type);
  self->buyer_type = g_strdup (buyer_type);
}

const char *
pd_order_get_creation_date (PdOrder *self)
{
  return self->creation_date;
}

void
pd_order_set_creation_date (PdOrder    *self,
                            const char *creation_date)
{
  g_free (self->creation_date);
  self->creation_date = g_strdup (creation_date);
}

/* When the Market last changed the order (ISO 8601), or NULL. */
const char *
pd_order_get_update_date (PdOrder *self)
{
  return self->update_date;
}

void
pd_order_set_update_date (PdOrder    *self,
                          const char *update_date)
{
  g_free (self->update_date);
  self->update_date = g_strdup (update_date);
}

/* delivery.shipment: the day (YYYY-MM-DD) the order must be handed to the delivery service,
 * and for Express the time (HH:MM or HH:MM:SS) it must be ready to ship by; NULL when the
 * Market has not said (an organisation's order before the date is agreed). */
void
pd_order_set_shipment (PdOrder    *self,
                       gint64      shipment_id,
                       const char *date,
                       const char *time)
{
  self->shipment_id = shipment_id;
  g_free (self->shipment_date);
  self->shipment_date = g_strdup (date);
  g_free (self->shipment_time);
  self->shipment_time = g_strdup (time);
}

/* The shipment the order's boxes belong to (their labels are under it), or 0. */
gint64
pd_order_get_shipment_id (PdOrder *self)
{
  return self->shipment_id;
}

const char *
pd_order_get_shipment_date (PdOrder *self)
{
  return self->shipment_date;
}

const char *
pd_order_get_shipment_time (PdOrder *self)
{
  return self->shipment_time;
}

/**
 * pd_order_dup_ship_by:
 * @has_time: (out) (optional): whether the Market gave a time of day (Express)
 *
 * When the order must be ready: the shipment time on the shipment day, or the end of that day
 * when there is no time, in the time zone TZ (the Market's dates are Moscow's).
 *
 * Returns: (transfer full) (nullable): NULL when the order has no valid shipment date
 */
GDateTime *
pd_order_dup_ship_by (PdOrder   *self,
                      GTimeZone *tz,
                      gboolean  *has_time)
{
  int year = 0, month = 0, day = 0, hour = 23, minute = 59;
  gboolean timed = self->shipment_time != NULL
                   && sscanf (self->shipment_time, "%2d:%2d", &hour, &minute) == 2
                   && hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59;

  if (has_time != NULL)
    *has_time = timed;
  if (self->shipment_date == NULL
      || sscanf (self->shipment_date, "%4d-%2d-%2d", &year, &month, &day) != 3
      || !g_date_valid_dmy (day, month, year))
    return NULL;
  if (!timed)
    {
      hour = 23;
      minute = 59;
    }
  return g_date_time_new (tz, year, month, day, hour, minute, 0);
}

/**
 * pd_order_parse_reference:
 *
 * What a packer scans to find an order: its number, or the barcode on one of its Market box
 * labels (fulfilmentId, "ORDER-BOX", such as 52000468-2).
 *
 * Returns: whether TEXT is one; the order's number is then in ORDER_ID
 */
gboolean
pd_order_parse_reference (const char *text,
                          gint64     *order_id)
{
  g_auto(GStrv) parts = g_strsplit (text, "-", 3);
  guint64 box = 0;

  if (parts[0] == NULL || (parts[1] != NULL && parts[2] != NULL))
    return FALSE;
  /* Market order numbers run to ten digits; a product's EAN-13 is not one. */
  if (strlen (parts[0]) < 5 || strlen (parts[0]) > 12
      || !g_ascii_string_to_signed (parts[0], 10, 1, G_MAXINT64, order_id, NULL))
    return FALSE;
  return parts[1] == NULL || (strlen (parts[1]) <= 4
                              && g_ascii_string_to_unsigned (parts[1], 10, 1, 9999, &box, NULL));
}

/**
 * pd_order_find_in:
 * @orders: (element-type PdOrder): a list of orders
 * @position: (out) (optional): where in @orders the order is
 *
 * Returns: (transfer none) (nullable): the order of that id in @orders (which holds it), or NULL
 */
PdOrder *
pd_order_find_in (GListModel *orders,
                  gint64      order_id,
                  guint      *position)
{
  for (guint i = 0; i < g_list_model_get_n_items (orders); i++)
    {
      g_autoptr(PdOrder) order = g_list_model_get_item (orders, i);

      if (order->id != order_id)
        continue;
      if (position != NULL)
        *position = i;
      return order;  /* ORDERS keeps it alive */
    }
  return NULL;
}

/**
 * pd_order_compare_ship_by:
 *
 * Orders by when they must go, the most urgent first; those the Market gave no shipment date
 * come last.
 */
int
pd_order_compare_ship_by (PdOrder *a,
                          PdOrder *b)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) due_a = pd_order_dup_ship_by (a, utc, NULL);
  g_autoptr(GDateTime) due_b = pd_order_dup_ship_by (b, utc, NULL);

  if (due_a == NULL || due_b == NULL)
    return (due_a == NULL) - (due_b == NULL);
  return g_date_time_compare (due_a, due_b);
}

/**
 * pd_order_get_verdicts:
 *
 * Returns: (nullable): the Market's verdicts on the codes it has, when a status check told them
 */
const PdOrderVerdicts *
pd_order_get_verdicts (PdOrder *self)
{
  return self->has_verdicts ? &self->verdicts : NULL;
}

void
pd_order_set_verdicts (PdOrder               *self,
                       const PdOrderVerdicts *verdicts)
{
  if (self->has_verdicts && memcmp (&self->verdicts, verdicts, sizeof *verdicts) == 0)
    return;
  self->verdicts = *verdicts;
  self->has_verdicts = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERDICTS]);
}

/* Counts STATUSES (PdIdentifierStatus) into VERDICTS; a code the Market has not sent for checking
 * (NOT_ON_VALIDATION) or a status it adds later is in none of the counts. */
void
pd_order_verdicts_count (PdOrderVerdicts *verdicts,
                         GPtrArray       *statuses)
{
  *verdicts = (PdOrderVerdicts) { 0 };
  for (guint i = 0; i < statuses->len; i++)
    {
      const PdIdentifierStatus *status = g_ptr_array_index (statuses, i);

      if (g_strcmp0 (status->status, "OK") == 0)
        verdicts->ok++;
      else if (g_strcmp0 (status->status, "IN_PROGRESS") == 0)
        verdicts->checking++;
      else if (g_strcmp0 (status->status, "FAILED") == 0 || g_strcmp0 (status->status, "INVALID") == 0)
        verdicts->problems++;
    }
}

/* Returns: (transfer none) (element-type PdOrderItem) */
GPtrArray *
pd_order_get_items (PdOrder *self)
{
  return self->items;
}

/* Returns: (transfer none) (nullable) */
PdOrderItem *
pd_order_find_item (PdOrder *self,
                    gint64   item_id)
{
  for (guint i = 0; i < self->items->len; i++)
    if (pd_order_item_get_id (g_ptr_array_index (self->items, i)) == item_id)
      return g_ptr_array_index (self->items, i);

  return NULL;
}

/* Takes ownership of ITEM. */
void
pd_order_add_item (PdOrder     *self,
                   PdOrderItem *item)
{
  g_ptr_array_add (self->items, item);
}

/* The item leaves the order, as the Market removes an item that is out of stock. */
void
pd_order_remove_item (PdOrder *self,
                      gint64   item_id)
{
  PdOrderItem *item = pd_order_find_item (self, item_id);

  if (item != NULL)
    g_ptr_array_remove (self->items, item);
}

/* Whether the packer took items off the order: a layout that leaves them out may remove them
 * (allowRemove). Never guessed from a layout that merely lacks an item. */
void
pd_order_set_allow_remove (PdOrder  *self,
                           gboolean  allow_remove)
{
  self->allow_remove = allow_remove;
}

gboolean
pd_order_get_allow_remove (PdOrder *self)
{
  return self->allow_remove;
}

/* Returns: (transfer none) (element-type PdBoxSlot): empty when the order has no layout yet */
GArray *
pd_order_get_box_slots (PdOrder *self)
{
  return self->box_slots;
}

/* Whether slot I of SLOTS (an order's layout, box by box) is the first of its box. */
gboolean
pd_box_slot_starts_box (GArray *slots,
                        guint   i)
{
  return i == 0 || g_array_index (slots, PdBoxSlot, i - 1).box_index
                   != g_array_index (slots, PdBoxSlot, i).box_index;
}

void
pd_order_add_box_slot (PdOrder         *self,
                       const PdBoxSlot *slot)
{
  g_array_append_vals (self->box_slots, slot, 1);
}
