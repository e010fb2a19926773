/* pd-packing-order.c — an order on the desk: its units, where the next scan goes, and whether
 * it may be marked ready to ship.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pd-market-client.h"
#include "pd-packing-order.h"
#include "pd-workflow-enums.h"

#include "pd-csv.h"

struct _PdPackingOrder
{
  GObject     parent_instance;

  PdOrder    *order;
  GListStore *units;
  gint64      selected_item;
  char       *confirming;  /* dedup key of a code refused for its GTIN, taken if scanned again */
  gboolean    complete;
  gboolean    ready;
  gboolean    checking;
  gboolean    locked;
  char       *blocker;
  char       *error;
  PdLabelsState labels;
  PdBoxLayout *layout;
  /* Goods without marking confirmed unit by unit with their barcode, when the desk asks that. */
  gboolean    confirm_unmarked;
  GHashTable *confirmed;  /* item id → how many of its units were scanned */
  guint       n_confirmed;
};

G_DEFINE_FINAL_TYPE (PdPackingOrder, pd_packing_order, G_TYPE_OBJECT)

G_DEFINE_QUARK (pd-desk-error-quark, pd_desk_error)

enum
{
  PROP_0,
  PROP_SELECTED_ITEM,
  PROP_COMPLETE,
  PROP_READY,
  PROP_CHECKING,
  PROP_LOCKED,
  PROP_BLOCKER,
  PROP_ERROR,
  PROP_LABELS,
  PROP_CONFIRMED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
pd_packing_order_finalize (GObject *object)
{
  PdPackingOrder *self = PD_PACKING_ORDER (object);

  g_clear_object (&self->order);
  g_clear_object (&self->units);
  g_clear_object (&self->layout);
  g_hash_table_unref (self->confirmed);
  g_free (self->blocker);
  g_free (self->error);
  g_free (self->confirming);

  G_OBJECT_CLASS (pd_packing_order_parent_class)->finalize (object);
}

static void
pd_packing_order_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  PdPackingOrder *self = PD_PACKING_ORDER (object);

  switch (prop_id)
    {
    case PROP_SELECTED_ITEM:
      g_value_set_int64 (value, self->selected_item);
      break;
    case PROP_COMPLETE:
      g_value_set_boolean (value, self->complete);
      break;
    case PROP_READY:
      g_value_set_boolean (value, self->ready);
      break;
    case PROP_CHECKING:
      g_value_set_boolean (value, self->checking);
      break;
    case PROP_LOCKED:
      g_value_set_boolean (value, self->locked);
      break;
    case PROP_BLOCKER:
      g_value_set_string (value, self->blocker);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    case PROP_LABELS:
      g_value_set_enum (value, self->labels);
      break;
    case PROP_CONFIRMED:
      g_value_set_uint (value, self->n_confirmed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_packing_order_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  PdPackingOrder *self = PD_PACKING_ORDER (object);

  switch (prop_id)
    {
    case PROP_SELECTED_ITEM:
      pd_packing_order_set_selected_item (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_packing_order_class_init (PdPackingOrderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags readable = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = pd_packing_order_finalize;
  object_class->get_property = pd_packing_order_get_property;
  object_class->set_property = pd_packing_order_set_property;

  properties[PROP_SELECTED_ITEM] = g_param_spec_int64 ("selected-item", NULL, NULL, 0, G_MAXINT64, 0,
                                                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS
                                                       | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_COMPLETE] = g_param_spec_boolean ("complete", NULL, NULL, FALSE, readable);
  properties[PROP_READY] = g_param_spec_boolean ("ready", NULL, NULL, FALSE, readable);
  properties[PROP_CHECKING] = g_param_spec_boolean ("checking", NULL, NULL, FALSE, readable);
  properties[PROP_LOCKED] = g_param_spec_boolean ("locked", NULL, NULL, FALSE, readable);
  properties[PROP_BLOCKER] = g_param_spec_string ("blocker", NULL, NULL, NULL, readable);
  properties[PROP_ERROR] = g_param_spec_string ("error", NULL, NULL, NULL, readable);
  properties[PROP_LABELS] = g_param_spec_enum ("labels", NULL, NULL, PD_TYPE_LABELS_STATE,
                                               PD_LABELS_NOT_PRINTED, readable);
  /* How many units without marking were confirmed by their barcode, all items together. */
  properties[PROP_CONFIRMED] = g_param_spec_uint ("confirmed", NULL, NULL, 0, G_MAXUINT, 0, readable);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_packing_order_init (PdPackingOrder *self)
{
  self->units = g_list_store_new (PD_TYPE_UNIT);
}

/* A unit for every piece of every item that needs a code. */
static void drop_removed_units (PdPackingOrder *self);

/* Whether each unit of the order's unmarked goods must be scanned by its barcode before the
 * order may be ready. */
void
pd_packing_order_set_confirm_unmarked (PdPackingOrder *self,
                                       gboolean        confirm)
{
  self->confirm_unmarked = confirm;
  pd_packing_order_update (self);
}

gboolean
pd_packing_order_get_confirm_unmarked (PdPackingOrder *self)
{
  return self->confirm_unmarked;
}

guint
pd_packing_order_get_confirmed (PdPackingOrder *self,
                                gint64          item_id)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->confirmed, &item_id));
}

/* One more unit of ITEM_ID (without marking) scanned; FALSE when all of them were already. */
gboolean
pd_packing_order_confirm_unit (PdPackingOrder *self,
                               gint64          item_id)
{
  PdOrderItem *item = pd_order_find_item (self->order, item_id);
  guint done = pd_packing_order_get_confirmed (self, item_id);

  if (item == NULL || done >= pd_order_item_get_count (item))
    return FALSE;
  g_hash_table_replace (self->confirmed, g_memdup2 (&item_id, sizeof item_id), GUINT_TO_POINTER (done + 1));
  self->n_confirmed++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONFIRMED]);
  pd_packing_order_update (self);
  return TRUE;
}

/* The first unmarked item, not taken off, whose units are not all scanned yet; NULL if none. */
PdOrderItem *
pd_packing_order_get_unconfirmed (PdPackingOrder *self)
{
  GPtrArray *items = pd_order_get_items (self->order);

  for (guint i = 0; i < items->len; i++)
    {
      PdOrderItem *item = g_ptr_array_index (items, i);
      gint64 id = pd_order_item_get_id (item);

      if (pd_order_item_get_required_types (item) == PD_INSTANCE_TYPE_NONE
          && !pd_box_layout_is_removed (self->layout, id)
          && pd_packing_order_get_confirmed (self, id) < pd_order_item_get_count (item))
        return item;
    }
  return NULL;
}

PdPackingOrder *
pd_packing_order_new (PdOrder *order)
{
  PdPackingOrder *self = g_object_new (PD_TYPE_PACKING_ORDER, NULL);
  GPtrArray *items = pd_order_get_items (order);

  self->order = g_object_ref (order);
  self->layout = pd_box_layout_new (order);
  self->confirmed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_signal_connect_object (self->layout, "changed", G_CALLBACK (drop_removed_units), self, G_CONNECT_SWAPPED);
  for (guint i = 0; i < items->len; i++)
    {
      PdOrderItem *item = g_ptr_array_index (items, i);

      if (pd_order_item_get_required_types (item) == PD_INSTANCE_TYPE_NONE)
        continue;
      for (guint k = 0; k < pd_order_item_get_count (item); k++)
        {
          g_autoptr(PdUnit) unit = pd_unit_new (pd_order_get_campaign_id (order), pd_order_get_id (order),
                                                pd_order_is_dbs (order), item, k);
          g_list_store_append (self->units, unit);
        }
    }
  pd_packing_order_update (self);
  return self;
}

/* Returns: (transfer none): which box each unit is in, and where the next units go */
PdBoxLayout *
pd_packing_order_get_layout (PdPackingOrder *self)
{
  return self->layout;
}

PdOrder *
pd_packing_order_get_order (PdPackingOrder *self)
{
  return self->order;
}

/* Returns: (transfer none): the units, a GListModel of PdUnit */
GListModel *
pd_packing_order_get_units (PdPackingOrder *self)
{
  return G_LIST_MODEL (self->units);
}

static PdUnit *
unit_at (PdPackingOrder *self,
         guint           position)
{
  /* The store keeps a reference; the caller borrows it. */
  g_autoptr(PdUnit) unit = g_list_model_get_item (G_LIST_MODEL (self->units), position);

  return unit;
}

static guint
n_units (PdPackingOrder *self)
{
  return g_list_model_get_n_items (G_LIST_MODEL (self->units));
}

/* Returns: (transfer none) (nullable) */
/* An item taken off the order (out of stock) needs no codes any more: its units leave. */
static void
drop_removed_units (PdPackingOrder *self)
{
  gboolean dropped = FALSE;

  for (guint i = n_units (self); i-- > 0; )
    if (pd_box_layout_is_removed (self->layout, pd_unit_get_item_id (unit_at (self, i))))
      {
        g_list_store_remove (self->units, i);
        dropped = TRUE;
      }
  if (dropped)
    pd_packing_order_update (self);
}

PdUnit *
pd_packing_order_find_unit (PdPackingOrder *self,
                            gint64          item_id,
                            guint           index)
{
  for (guint i = 0; i < n_units (self); i++)
    {
      PdUnit *unit = unit_at (self, i);

      if (pd_unit_get_item_id (unit) == item_id && pd_unit_get_index (unit) == index)
        return unit;
    }
  return NULL;
}

gint64
pd_packing_order_get_selected_item (PdPackingOrder *self)
{
  return self->selected_item;
}

/* The item the next scans go to; 0 lets Packdesk choose. */
void
pd_packing_order_set_selected_item (PdPackingOrder *self,
                                    gint64          item_id)
{
  if (self->selected_item == item_id)
    return;
  self->selected_item = item_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ITEM]);
}

/* Once READY_TO_SHIP, the Market refuses any change of codes. */
gboolean
pd_packing_order_is_locked (PdPackingOrder *self)
{
  return g_strcmp0 (pd_order_get_status (self->order), "PROCESSING") != 0
         || g_strcmp0 (pd_order_get_substatus (self->order), "STARTED") != 0;
}

/* A unit is done with its code: kept, not rejected, and a declaration with its country (it goes
 * to the Market with it). */
static gboolean
is_filled (PdUnit *unit)
{
  return pd_unit_get_entry (unit) != NULL && pd_unit_get_state (unit) != PD_UNIT_STATE_REJECTED
         && !pd_unit_lacks_country (unit);
}

/* The first empty unit of ITEM_ID (any item when 0) that takes KIND (any kind when NONE), a
 * mandatory one before an optional one. */
static PdUnit *
first_empty_of (PdPackingOrder *self,
                gint64          item_id,
                PdCodeKind      kind)
{
  PdUnit *optional = NULL;

  for (guint i = 0; i < n_units (self); i++)
    {
      PdUnit *unit = unit_at (self, i);

      if (is_filled (unit) || (item_id != 0 && pd_unit_get_item_id (unit) != item_id)
          || (kind != PD_CODE_KIND_NONE && !pd_unit_accepts (unit, kind)))
        continue;
      if (!pd_unit_is_optional (unit))
        return unit;
      if (optional == NULL)
        optional = unit;
    }
  return optional;
}

/**
 * pd_packing_order_get_next_empty:
 *
 * The unit the window highlights, where a scan goes when nothing says otherwise: the selected
 * item's next empty unit, or once that item is full, the first empty unit of the order.
 *
 * Returns: (transfer none) (nullable): the unit a packer should scan next
 */
PdUnit *
pd_packing_order_get_next_empty (PdPackingOrder *self)
{
  PdUnit *unit = self->selected_item != 0
                 ? first_empty_of (self, self->selected_item, PD_CODE_KIND_NONE) : NULL;

  return unit != NULL ? unit : first_empty_of (self, 0, PD_CODE_KIND_NONE);
}

static gboolean
same_code (PdUnit       *unit,
           const PdCode *code,
           const char   *dedup_key)
{
  const PdJournalEntry *entry = pd_unit_get_entry (unit);

  return entry != NULL && entry->kind == pd_code_get_kind (code)
         && g_strcmp0 (entry->dedup_key, dedup_key) == 0;
}

static gboolean
duplicate_error (PdPackingOrder *self,
                 const PdCode   *code,
                 GError        **error)
{
  g_autofree char *key = pd_code_dup_dedup_key (code);

  /* One customs declaration covers many units; a CIS or UIN is one unit's. */
  if (pd_code_get_kind (code) != PD_CODE_KIND_CIS && pd_code_get_kind (code) != PD_CODE_KIND_UIN)
    return FALSE;
  for (guint i = 0; i < n_units (self); i++)
    {
      PdUnit *unit = unit_at (self, i);

      if (same_code (unit, code, key))
        {
          g_set_error (error, PD_DESK_ERROR, PD_DESK_ERROR_DUPLICATE,
                       _("This code is already on unit %u of “%s”. Scan the next unit’s code."),
                       pd_unit_get_index (unit) + 1,
                       pd_order_item_get_offer_name (pd_unit_get_item (unit)));
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
any_accepts (PdPackingOrder *self,
             gint64          item_id,
             PdCodeKind      kind)
{
  for (guint i = 0; i < n_units (self); i++)
    if ((item_id == 0 || pd_unit_get_item_id (unit_at (self, i)) == item_id)
        && pd_unit_accepts (unit_at (self, i), kind))
      return TRUE;
  return FALSE;
}

/* A scanned country code completes the customs declaration that has none yet. */
static PdUnit *
choose_country_unit (PdPackingOrder *self,
                     GError        **error)
{
  for (guint i = 0; i < n_units (self); i++)
    {
      PdUnit *unit = unit_at (self, i);

      if (pd_unit_lacks_country (unit))
        return unit;
    }
  g_set_error (error, PD_DESK_ERROR, PD_DESK_ERROR_WRONG_KIND,
               _("A country code goes with a customs declaration number. Scan the declaration "
                 "number first."));
  return NULL;
}

/* Among several items that could take CODE, the one whose GTIN Packdesk has seen: on another
 * unit of this order, or learnt from earlier orders. */
static gint64
item_by_gtin (PdPackingOrder *self,
              const PdCode   *code,
              GHashTable     *learned_gtins)
{
  const char *gtin = pd_code_get_gtin (code);
  GPtrArray *items = pd_order_get_items (self->order);
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  gint64 found = 0;

  if (gtin == NULL)
    return 0;
  /* One pass over the units, then one look per item: orders of a thousand units are scanned at
   * scanner speed. */
  for (guint i = 0; i < n_units (self); i++)
    {
      const PdJournalEntry *entry = pd_unit_get_entry (unit_at (self, i));

      if (entry != NULL && g_strcmp0 (entry->gtin, gtin) == 0)
        g_hash_table_add (seen, pd_unit_get_item (unit_at (self, i)));
    }
  for (guint i = 0; i < items->len; i++)
    {
      PdOrderItem *item = g_ptr_array_index (items, i);
      const char *learned = learned_gtins != NULL
                            ? g_hash_table_lookup (learned_gtins, pd_order_item_get_offer_id (item)) : NULL;

      if ((!g_hash_table_contains (seen, item) && g_strcmp0 (learned, gtin) != 0)
          || first_empty_of (self, pd_order_item_get_id (item), PD_CODE_KIND_CIS) == NULL)
        continue;
      if (found != 0)
        return 0;
      found = pd_order_item_get_id (item);
    }
  return found;
}

/* The items with an empty unit that takes KIND: mandatory ones when there are, else optional. */
static GArray *
candidates (PdPackingOrder *self,
            PdCodeKind      kind)
{
  GArray *items = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (int optional = 0; optional <= 1 && items->len == 0; optional++)
    for (guint i = 0; i < n_units (self); i++)
      {
        PdUnit *unit = unit_at (self, i);
        gint64 item_id = pd_unit_get_item_id (unit);
        gboolean listed = FALSE;

        if (!pd_unit_accepts (unit, kind) || is_filled (unit) || pd_unit_is_optional (unit) != optional)
          continue;
        for (guint j = 0; j < items->len && !listed; j++)
          listed = g_array_index (items, gint64, j) == item_id;
        if (!listed)
          g_array_append_val (items, item_id);
      }
  return items;
}

/* "Several items could take this code", naming them. */
static void
set_choose_error (PdPackingOrder *self,
                  GArray         *items,
                  GError        **error)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < items->len; i++)
    {
      PdOrderItem *item = pd_order_find_item (self->order, g_array_index (items, gint64, i));

      /* Translators: an item's name in a list of items, e.g. “Вода”, “Молоко” */
      g_string_append_printf (names, i == 0 ? _("“%s”") : _(", “%s”"), pd_order_item_get_offer_name (item));
    }
  g_set_error (error, PD_DESK_ERROR, PD_DESK_ERROR_CHOOSE_ITEM,
               _("Several items could take this code: %s. Pick one with Up or Down, then scan "
                 "again."), names->str);
}

static void
set_no_unit_error (PdPackingOrder *self,
                   gint64          item_id,
                   PdCodeKind      kind,
                   GError        **error)
{
  PdOrderItem *item = item_id != 0 ? pd_order_find_item (self->order, item_id) : NULL;

  if (!any_accepts (self, item_id, kind))
    {
      if (item != NULL)
        g_set_error (error, PD_DESK_ERROR, PD_DESK_ERROR_WRONG_KIND,
                     _("“%s” does not need this kind of code. Choose another item or scan another code."),
                     pd_order_item_get_offer_name (item));
      else
        g_set_error (error, PD_DESK_ERROR, PD_DESK_ERROR_WRONG_KIND,
                     _("No item of this order needs this kind of code. Check that you scanned the "
                       "right label."));
    }
  else if (item != NULL)
    g_set_error (error, PD_DESK_ERROR, PD_DESK_ERROR_TOO_MANY,
                 _("All %u units of “%s” already have codes. Replace or remove one first."),
                 pd_order_item_get_count (item), pd_order_item_get_offer_name (item));
  else
    g_set_error (error, PD_DESK_ERROR, PD_DESK_ERROR_TOO_MANY,
                 _("Every unit that needs this kind of code already has one. Replace or remove "
                   "one first."));
}

/* The offer a GTIN belongs to, as far as the desk knows: an item of this order with a unit of
 * that GTIN, or an offer it was learnt for. */
static const char *
offer_of_gtin (PdPackingOrder *self,
               const char     *gtin,
               GHashTable     *learned_gtins,
               const char    **name)
{
  GHashTableIter iter;
  gpointer offer, learned;

  *name = NULL;
  for (guint i = 0; i < n_units (self); i++)
    {
      const PdJournalEntry *entry = pd_unit_get_entry (unit_at (self, i));
      PdOrderItem *item = pd_unit_get_item (unit_at (self, i));

      if (entry != NULL && g_strcmp0 (entry->gtin, gtin) == 0)
        {
          *name = pd_order_item_get_offer_name (item);
          return pd_order_item_get_offer_id (item);
        }
    }
  if (learned_gtins == NULL)
    return NULL;
  g_hash_table_iter_init (&iter, learned_gtins);
  while (g_hash_table_iter_next (&iter, &offer, &learned))
    if (g_strcmp0 (learned, gtin) == 0)
      {
        for (guint i = 0; i < pd_order_get_items (self->order)->len; i++)
          {
            PdOrderItem *item = g_ptr_array_index (pd_order_get_items (self->order), i);

            if (g_strcmp0 (pd_order_item_get_offer_id (item), offer) == 0)
              *name = pd_order_item_get_offer_name (item);
          }
        return offer;
      }
  return NULL;
}

/* The GTIN the desk knows for UNIT's item: another unit's, or the one learnt for its offer. */
static const char *
gtin_of_item (PdPackingOrder *self,
              PdUnit         *target,
              GHashTable     *learned_gtins)
{
  for (guint i = 0; i < n_units (self); i++)
    {
      PdUnit *unit = unit_at (self, i);
      const PdJournalEntry *entry = pd_unit_get_entry (unit);

      if (unit != target && pd_unit_get_item_id (unit) == pd_unit_get_item_id (target)
          && entry != NULL && entry->gtin != NULL && entry->kind == PD_CODE_KIND_CIS)
        return entry->gtin;
    }
  return learned_gtins != NULL
         ? g_hash_table_lookup (learned_gtins, pd_order_item_get_offer_id (pd_unit_get_item (target)))
         : NULL;
}

/* A Chestny ZNAK code of another product than UNIT's, as far as the desk knows, is refused once
 * with words that name the product; scanned again at once, it is taken (the desk may have learnt
 * wrong). */
static gboolean
gtin_conflict (PdPackingOrder *self,
               const PdCode   *code,
               PdUnit         *unit,
               GHashTable     *learned_gtins,
               GError        **error)
{
  const char *gtin = pd_code_get_gtin (code);
  PdOrderItem *item = pd_unit_get_item (unit);
  const char *expected = gtin_of_item (self, unit, learned_gtins);
  const char *other_name = NULL;
  const char *other = gtin != NULL ? offer_of_gtin (self, gtin, learned_gtins, &other_name) : NULL;
  g_autofree char *key = pd_code_dup_dedup_key (code);
  g_autofree char *said = NULL;

  if (gtin == NULL || pd_code_get_kind (code) != PD_CODE_KIND_CIS)
    return FALSE;
  if (other != NULL && g_strcmp0 (other, pd_order_item_get_offer_id (item)) != 0)
    /* Translators: the first %s is a product ("Ботинки челси" or its offer id), then a GTIN, then the item */
    said = g_strdup_printf (_("This code is of “%s” (GTIN %s), not of “%s”."),
                            other_name != NULL ? other_name : other, gtin,
                            pd_order_item_get_offer_name (item));
  else if (expected != NULL && g_strcmp0 (expected, gtin) != 0)
    said = g_strdup_printf (_("The codes of “%s” are of GTIN %s; this one is of GTIN %s."),
                            pd_order_item_get_offer_name (item), expected, gtin);
  if (said == NULL || g_strcmp0 (self->confirming, key) == 0)
    {
      g_clear_pointer (&self->confirming, g_free);
      return FALSE;
    }

  g_free (self->confirming);
  self->confirming = g_steal_pointer (&key);
  g_set_error (error, PD_DESK_ERROR, PD_DESK_ERROR_OTHER_PRODUCT,
               _("%s Check the product; to keep the code anyway, scan it again."), said);
  return TRUE;
}

/* Where a scan goes when neither the caller nor the packer named an item that can take it:
 * the item whose GTIN the code carries, the highlighted unit, the only item that takes the
 * kind. */
static PdUnit *
choose_for_packer (PdPackingOrder *self,
                   PdCodeKind      kind,
                   gint64          by_gtin,
                   GError        **error)
{
  PdUnit *next = pd_packing_order_get_next_empty (self);
  g_autoptr(GArray) items = NULL;

  if (by_gtin != 0)
    return first_empty_of (self, by_gtin, kind);
  if (next != NULL && pd_unit_accepts (next, kind))
    return next;

  items = candidates (self, kind);
  if (items->len == 1)
    return first_empty_of (self, g_array_index (items, gint64, 0), kind);
  if (items->len > 1)
    set_choose_error (self, items, error);
  else
    set_no_unit_error (self, 0, kind, error);
  return NULL;
}

/**
 * pd_packing_order_choose_unit:
 * @code: a valid code
 * @item_id: the item it must go to (a file's ITEM,CODE), or 0 for the packer's choice
 * @learned_gtins: (nullable): offer id → GTIN from earlier captures
 *
 * Where the scan goes: the named item's next empty unit; otherwise the selected item's while
 * it has one, the item whose GTIN it carries, the highlighted unit, or the only item that takes
 * this kind. Refuses a code already on a unit, a kind no item needs, more codes than units, a
 * product's code on another product's unit (until it is scanned again), and names the items to
 * choose from when it cannot tell.
 *
 * Returns: (transfer none) (nullable): the unit
 */
PdUnit *
pd_packing_order_choose_unit (PdPackingOrder *self,
                              const PdCode   *code,
                              gint64          item_id,
                              GHashTable     *learned_gtins,
                              GError        **error)
{
  PdCodeKind kind = pd_code_get_kind (code);
  PdUnit *unit = NULL;

  if (kind == PD_CODE_KIND_COUNTRY)
    return choose_country_unit (self, error);
  if (duplicate_error (self, code, error))
    return NULL;

  if (item_id != 0)
    {
      unit = first_empty_of (self, item_id, kind);
      if (unit == NULL)
        set_no_unit_error (self, item_id, kind, error);
    }
  else
    {
      gint64 by_gtin = kind == PD_CODE_KIND_CIS ? item_by_gtin (self, code, learned_gtins) : 0;

      if (self->selected_item != 0 && (by_gtin == 0 || by_gtin == self->selected_item))
        unit = first_empty_of (self, self->selected_item, kind);
      if (unit == NULL)
        unit = choose_for_packer (self, kind, by_gtin, error);
    }

  if (unit != NULL && gtin_conflict (self, code, unit, learned_gtins, error))
    return NULL;
  return unit;
}

/* Whether the desk has begun the order (a code on a unit) and the Market does not have it ready
 * to ship yet: an order a packer may have left half done, or that waits for the Market. */
gboolean
pd_packing_order_is_in_progress (PdPackingOrder *self)
{
  if (self->locked)
    return FALSE;
  for (guint i = 0; i < n_units (self); i++)
    if (pd_unit_get_entry (unit_at (self, i)) != NULL)
      return TRUE;
  return FALSE;
}

/* How many units have their code, of how many. */
void
pd_packing_order_count_codes (PdPackingOrder *self,
                              guint          *have,
                              guint          *needed)
{
  *have = 0;
  *needed = n_units (self);
  for (guint i = 0; i < n_units (self); i++)
    *have += is_filled (unit_at (self, i));
}

gboolean
pd_packing_order_is_complete (PdPackingOrder *self)
{
  return self->complete;
}

gboolean
pd_packing_order_is_ready (PdPackingOrder *self)
{
  return self->ready;
}

/* Returns: (nullable): why the order cannot be marked ready to ship yet */
const char *
pd_packing_order_get_blocker (PdPackingOrder *self)
{
  return self->blocker;
}

/* Whether the Market is still checking some code. */
gboolean
pd_packing_order_is_checking (PdPackingOrder *self)
{
  return self->checking;
}

/* Returns: (nullable): what went wrong with the last submission, when no code was to blame */
const char *
pd_packing_order_get_error (PdPackingOrder *self)
{
  return self->error;
}

void
pd_packing_order_set_error (PdPackingOrder *self,
                            const char     *error)
{
  if (g_strcmp0 (self->error, error) == 0)
    return;
  g_free (self->error);
  self->error = g_strdup (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

/* Whether the labels on the boxes still match the layout the Market has. */
PdLabelsState
pd_packing_order_get_labels (PdPackingOrder *self)
{
  return self->labels;
}

static void
set_labels (PdPackingOrder *self,
            PdLabelsState   labels)
{
  if (self->labels == labels)
    return;
  self->labels = labels;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LABELS]);
}

/* The labels of the layout the Market has now have been printed. */
void
pd_packing_order_labels_printed (PdPackingOrder *self)
{
  set_labels (self, PD_LABELS_PRINTED);
}

/* The Market took a new layout (every PUT …/boxes replaces it): printed labels are stale, as
 * the Market asks for them to be printed again after a layout change. */
void
pd_packing_order_layout_replaced (PdPackingOrder *self)
{
  if (self->labels == PD_LABELS_PRINTED)
    set_labels (self, PD_LABELS_OUTDATED);
}

/* Why UNIT keeps the order from being ready, or NULL. */
static char *
unit_blocker (PdUnit *unit)
{
  const char *name = pd_order_item_get_offer_name (pd_unit_get_item (unit));
  guint number = pd_unit_get_index (unit) + 1;

  if (pd_unit_lacks_country (unit))
    return g_strdup_printf (_("The customs declaration of unit %u of “%s” needs its country: scan or "
                              "type the two-letter country code."), number, name);
  switch (pd_unit_get_state (unit))
    {
    case PD_UNIT_STATE_EMPTY:
      return pd_unit_is_optional (unit) ? NULL : g_strdup_printf (_("Unit %u of “%s” has no code yet."), number, name);
    case PD_UNIT_STATE_CAPTURED:
    case PD_UNIT_STATE_SENDING:
      return g_strdup (_("Some codes have not reached the Market yet."));
    case PD_UNIT_STATE_CHECKING:
      return g_strdup (_("The Market is still checking the codes."));
    case PD_UNIT_STATE_REJECTED:
    case PD_UNIT_STATE_INVALID:
    case PD_UNIT_STATE_FAILED:
      return pd_unit_is_optional (unit) ? NULL
             : g_strdup_printf (_("The code of unit %u of “%s” did not pass: %s"), number, name,
                                pd_unit_get_explanation (unit));
    case PD_UNIT_STATE_SUBMITTED:
      /* Only CIS and UIN are verified; for them "submitted" is a verdict other than OK. */
      if (pd_unit_get_entry (unit)->kind == PD_CODE_KIND_CIS || pd_unit_get_entry (unit)->kind == PD_CODE_KIND_UIN)
        return pd_unit_is_optional (unit) ? NULL : g_strdup (pd_unit_get_explanation (unit));
      return NULL;
    case PD_UNIT_STATE_OK:
    case PD_UNIT_STATE_NOT_VERIFIED:
    default:
      return NULL;
    }
}

static void
set_boolean (PdPackingOrder *self,
             gboolean       *field,
             gboolean        value,
             guint           prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/* Works out complete, ready, checking, locked and the blocker again after units or the order's
 * status changed. */
void
pd_packing_order_update (PdPackingOrder *self)
{
  g_autofree char *blocker = NULL;
  gboolean complete = TRUE;
  gboolean checking = FALSE;

  for (guint i = 0; i < n_units (self); i++)
    {
      PdUnit *unit = unit_at (self, i);

      if (!pd_unit_is_optional (unit) && !is_filled (unit))
        complete = FALSE;
      checking |= pd_unit_get_state (unit) == PD_UNIT_STATE_CHECKING;
    }
  /* What the packer can do something about comes first: a unit still without its code. */
  for (guint pass = 0; pass < 2 && blocker == NULL; pass++)
    for (guint i = 0; i < n_units (self) && blocker == NULL; i++)
      {
        PdUnit *unit = unit_at (self, i);

        if ((pass == 0) == (!is_filled (unit)))
          blocker = unit_blocker (unit);
      }
  if (blocker == NULL && self->confirm_unmarked && !pd_packing_order_is_locked (self)
      && pd_packing_order_get_unconfirmed (self) != NULL)
    blocker = g_strdup_printf (_("Scan the barcode of every unit of “%s” to confirm it is packed."),
                               pd_order_item_get_offer_name (pd_packing_order_get_unconfirmed (self)));
  if (blocker == NULL && pd_packing_order_is_locked (self))
    blocker = g_strdup (_("The order is already ready to ship."));

  set_boolean (self, &self->complete, complete, PROP_COMPLETE);
  set_boolean (self, &self->checking, checking, PROP_CHECKING);
  set_boolean (self, &self->locked, pd_packing_order_is_locked (self), PROP_LOCKED);
  set_boolean (self, &self->ready, blocker == NULL, PROP_READY);
  if (g_strcmp0 (blocker, self->blocker) != 0)
    {
      g_free (self->blocker);
      self->blocker = g_steal_pointer (&blocker);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BLOCKER]);
    }
}

/**
 * pd_packing_order_collect_codes:
 *
 * The complete set of codes to send: every item whose units all have codes (an optional item
 * that is only partly scanned waits, since the Market wants one code per unit).
 *
 * Returns: (transfer full): item id → GPtrArray of PdItemInstance, see pd_market_codes_new()
 */
GHashTable *
pd_packing_order_collect_codes (PdPackingOrder *self)
{
  GHashTable *codes = pd_market_codes_new ();
  g_autoptr(GHashTable) partial = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  for (guint i = 0; i < n_units (self); i++)
    {
      PdUnit *unit = unit_at (self, i);
      gint64 item_id = pd_unit_get_item_id (unit);

      if (!is_filled (unit))
        g_hash_table_add (partial, g_memdup2 (&item_id, sizeof item_id));
    }

  /* Box by box, so each box's share of an item's codes is the codes of its own units. */
  for (guint box = 0; box < pd_box_layout_get_n_boxes (self->layout); box++)
    for (guint i = 0; i < n_units (self); i++)
      {
        PdUnit *unit = unit_at (self, i);
        gint64 item_id = pd_unit_get_item_id (unit);
        const PdJournalEntry *entry = pd_unit_get_entry (unit);
        PdItemInstance *instance;

        if (g_hash_table_contains (partial, &item_id)
            || pd_box_layout_get_box (self->layout, item_id, pd_unit_get_index (unit)) != box)
          continue;
        instance = pd_item_instance_new (entry->kind, entry->code);
        pd_item_instance_set_country_code (instance, entry->country_code);
        pd_market_codes_add (codes, item_id, instance);
      }
  return codes;
}

static PdUnit *
unit_for_status (PdPackingOrder           *self,
                 const PdIdentifierStatus *status)
{
  g_autoptr(PdCode) code = pd_code_check (status->value, status->kind, 0);
  g_autofree char *key = pd_code_dup_dedup_key (code);

  if (key == NULL)
    return NULL;
  for (guint i = 0; i < n_units (self); i++)
    {
      PdUnit *unit = unit_at (self, i);

      if (pd_unit_get_item_id (unit) == status->item_id && same_code (unit, code, key))
        return unit;
    }
  return NULL;
}

/**
 * pd_packing_order_match_statuses:
 * @statuses: (element-type PdIdentifierStatus): the Market's verdicts
 *
 * Returns: (transfer full) (element-type PdJournalEntry): the entries whose verdict changed,
 *   with the new one, for the journal
 */
GPtrArray *
pd_packing_order_match_statuses (PdPackingOrder *self,
                                 GPtrArray      *statuses)
{
  GPtrArray *changed = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_journal_entry_free);

  for (guint i = 0; i < statuses->len; i++)
    {
      const PdIdentifierStatus *status = g_ptr_array_index (statuses, i);
      PdUnit *unit = unit_for_status (self, status);
      const PdJournalEntry *entry = unit != NULL ? pd_unit_get_entry (unit) : NULL;
      PdJournalEntry *update;

      if (entry == NULL || entry->submit_state != PD_SUBMIT_STATE_SUBMITTED
          || (g_strcmp0 (entry->status, status->status) == 0
              && g_strcmp0 (entry->substatus, status->substatus) == 0))
        continue;
      update = pd_journal_entry_copy (entry);
      pd_journal_entry_set_string (&update->status, status->status);
      pd_journal_entry_set_string (&update->substatus, status->substatus);
      g_ptr_array_add (changed, update);
    }
  return changed;
}

/* The item id in "Invalid incoming cis for item with id = N for reason: …" or in a box layout's
 * "Violations: [item N …", or 0. */
static gint64
rejected_item (const char *message)
{
  static const char *const prefixes[] = { "item with id = ", "[item " };

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    {
      const char *at = strstr (message, prefixes[i]);

      if (at != NULL)
        return g_ascii_strtoll (at + strlen (prefixes[i]), NULL, 10);
    }
  return 0;
}

/**
 * pd_packing_order_attribute_rejection:
 * @message: one message of the Market's 400 answer
 *
 * Finds the units the message is about: those of the item it names, or the one whose code it
 * quotes.
 *
 * Returns: (transfer full) (element-type PdJournalEntry): those units' entries, rejected with
 *   MESSAGE as the reason; empty when the message names no unit
 */
GPtrArray *
pd_packing_order_attribute_rejection (PdPackingOrder *self,
                                      const char     *message)
{
  GPtrArray *rejected = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_journal_entry_free);
  gint64 item_id = rejected_item (message);

  for (guint i = 0; i < n_units (self); i++)
    {
      PdUnit *unit = unit_at (self, i);
      const PdJournalEntry *entry = pd_unit_get_entry (unit);
      PdJournalEntry *copy;

      if (entry == NULL
          || !(pd_unit_get_item_id (unit) == item_id
               || strstr (message, entry->code) != NULL
               || (pd_unit_get_short_code (unit) != NULL && strstr (message, pd_unit_get_short_code (unit)) != NULL)))
        continue;
      copy = pd_journal_entry_copy (entry);
      copy->submit_state = PD_SUBMIT_STATE_REJECTED;
      pd_journal_entry_set_string (&copy->reason, message);
      g_ptr_array_add (rejected, copy);
    }
  return rejected;
}

/**
 * pd_packing_order_to_csv:
 *
 * Every unit of the order with its code and the Market's verdict, for disputes and accounting.
 *
 * Returns: (transfer full): the CSV text, with a header line
 */
char *
pd_packing_order_to_csv (PdPackingOrder *self)
{
  GString *csv = g_string_new (NULL);
  char sep = pd_csv_separator ();

  pd_csv_append_header (csv, "order_id,item_id,offer_id,offer_name,unit,kind,code,country_code,"
                             "source,captured_at,state,status,substatus,reason,packer", sep);

  for (guint i = 0; i < n_units (self); i++)
    {
      PdUnit *unit = unit_at (self, i);
      PdOrderItem *item = pd_unit_get_item (unit);
      const PdJournalEntry *entry = pd_unit_get_entry (unit);
      g_autofree char *order_id = g_strdup_printf ("%" G_GINT64_FORMAT, pd_order_get_id (self->order));
      g_autofree char *item_id = g_strdup_printf ("%" G_GINT64_FORMAT, pd_order_item_get_id (item));
      g_autofree char *number = g_strdup_printf ("%u", pd_unit_get_index (unit) + 1);
      g_autoptr(GDateTime) captured = entry != NULL ? g_date_time_new_from_unix_utc (entry->captured_at / G_USEC_PER_SEC) : NULL;
      g_autofree char *captured_at = captured != NULL ? g_date_time_format_iso8601 (captured) : NULL;

      pd_csv_append_field (csv, order_id, sep, FALSE);
      pd_csv_append_field (csv, item_id, sep, FALSE);
      pd_csv_append_field (csv, pd_order_item_get_offer_id (item), sep, FALSE);
      pd_csv_append_field (csv, pd_order_item_get_offer_name (item), sep, FALSE);
      pd_csv_append_field (csv, number, sep, FALSE);
      pd_csv_append_field (csv, entry != NULL ? pd_code_kind_to_string (entry->kind) : NULL, sep, FALSE);
      pd_csv_append_field (csv, entry != NULL ? entry->code : NULL, sep, FALSE);
      pd_csv_append_field (csv, entry != NULL ? entry->country_code : NULL, sep, FALSE);
      pd_csv_append_field (csv, entry != NULL ? pd_capture_source_to_string (entry->source) : NULL, sep, FALSE);
      pd_csv_append_field (csv, captured_at, sep, FALSE);
      pd_csv_append_field (csv, pd_unit_state_to_string (pd_unit_get_state (unit)), sep, FALSE);
      pd_csv_append_field (csv, entry != NULL ? entry->status : NULL, sep, FALSE);
      pd_csv_append_field (csv, entry != NULL ? entry->substatus : NULL, sep, FALSE);
      pd_csv_append_field (csv, entry != NULL ? entry->reason : NULL, sep, FALSE);
      pd_csv_append_field (csv, entry != NULL ? entry->packer : NULL, sep, TRUE);
    }
  return g_string_free (csv, FALSE);
}
