/* pd-box-layout.c — how the packer lays an order out in boxes at the desk: how many boxes,
 * which box each unit is in (marked or not), and which box the next scanned units go to.
 * It starts as the Market's layout (or one box), and once the packer changes it, it is what
 * the next PUT …/boxes sends. Its text form is what the journal keeps.
 *
 * One large item (an item of one unit) can be split over boxes of their own, a part in each
 * (partialCount); its code goes in every part, as the Market asks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>

#include "pd-box-layout.h"

#define MAX_BOXES 100

struct _PdBoxLayout
{
  GObject     parent_instance;

  PdOrder    *order;
  guint       n_boxes;
  guint       current;
  GHashTable *units;    /* item id → GArray of guint: each unit's box */
  GHashTable *parts;    /* item id → GArray of guint: the boxes of a split item's parts */
  GHashTable *removed;  /* item ids taken off the order: out of stock */
  gboolean    changed;  /* differs from what the Market has */
};

G_DEFINE_FINAL_TYPE (PdBoxLayout, pd_box_layout, G_TYPE_OBJECT)

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
pd_box_layout_finalize (GObject *object)
{
  PdBoxLayout *self = PD_BOX_LAYOUT (object);

  g_clear_object (&self->order);
  g_hash_table_unref (self->units);
  g_hash_table_unref (self->parts);
  g_hash_table_unref (self->removed);

  G_OBJECT_CLASS (pd_box_layout_parent_class)->finalize (object);
}

static void
pd_box_layout_class_init (PdBoxLayoutClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_box_layout_finalize;

  /**
   * PdBoxLayout::changed:
   *
   * A box was added, a unit moved, or the current box changed.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
pd_box_layout_init (PdBoxLayout *self)
{
  self->n_boxes = 1;
  self->units = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                       (GDestroyNotify) g_array_unref);
  self->parts = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                       (GDestroyNotify) g_array_unref);
  self->removed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

static GArray *
boxes_of (PdBoxLayout *self,
          gint64       item_id)
{
  return g_hash_table_lookup (self->units, &item_id);
}

/* Returns: (nullable): the boxes of ITEM_ID's parts, when it is split */
static GArray *
parts_of (PdBoxLayout *self,
          gint64       item_id)
{
  return g_hash_table_lookup (self->parts, &item_id);
}

static void
add_part (PdBoxLayout *self,
          gint64       item_id,
          guint        box)
{
  GArray *parts = parts_of (self, item_id);

  if (parts == NULL)
    {
      parts = g_array_new (FALSE, FALSE, sizeof (guint));
      g_hash_table_replace (self->parts, g_memdup2 (&item_id, sizeof item_id), parts);
    }
  g_array_append_val (parts, box);
}

/* Whether BOX holds a part of a split item (and so nothing else). */
static gboolean
is_part_box (PdBoxLayout *self,
             guint        box)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->parts);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    for (guint k = 0; k < ((GArray *) value)->len; k++)
      if (g_array_index ((GArray *) value, guint, k) == box)
        return TRUE;
  return FALSE;
}

/* Every unit of ORDER where the Market's layout has it: whole items fill their boxes in turn;
 * a split item is counted in the box of its first part. */
static void
take_market_layout (PdBoxLayout *self)
{
  GArray *slots = pd_order_get_box_slots (self->order);
  g_autoptr(GHashTable) placed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  guint box = 0;

  for (guint i = 0; i < slots->len; i++)
    {
      const PdBoxSlot *slot = &g_array_index (slots, PdBoxSlot, i);
      GArray *boxes = boxes_of (self, slot->item_id);
      guint from = GPOINTER_TO_UINT (g_hash_table_lookup (placed, &slot->item_id));
      guint count = slot->full_count > 0 ? slot->full_count : slot->partial_current == 1;

      if (i > 0 && pd_box_slot_starts_box (slots, i))
        box++;
      if (slot->full_count == 0 && boxes != NULL && boxes->len == 1)
        add_part (self, slot->item_id, box);
      for (guint k = from; boxes != NULL && k < MIN (from + count, boxes->len); k++)
        g_array_index (boxes, guint, k) = box;
      g_hash_table_replace (placed, g_memdup2 (&slot->item_id, sizeof slot->item_id),
                            GUINT_TO_POINTER (from + count));
    }
  self->n_boxes = MAX (box + 1, 1);
}

/* Returns: (transfer full): ORDER's layout as the Market has it, or one box */
PdBoxLayout *
pd_box_layout_new (PdOrder *order)
{
  PdBoxLayout *self = g_object_new (PD_TYPE_BOX_LAYOUT, NULL);
  GPtrArray *items = pd_order_get_items (order);

  self->order = g_object_ref (order);
  for (guint i = 0; i < items->len; i++)
    {
      PdOrderItem *item = g_ptr_array_index (items, i);
      gint64 id = pd_order_item_get_id (item);
      GArray *boxes = g_array_sized_new (FALSE, TRUE, sizeof (guint), pd_order_item_get_count (item));

      g_array_set_size (boxes, pd_order_item_get_count (item));
      g_hash_table_replace (self->units, g_memdup2 (&id, sizeof id), boxes);
    }
  take_market_layout (self);
  return self;
}

guint
pd_box_layout_get_n_boxes (PdBoxLayout *self)
{
  return self->n_boxes;
}

/* The box the next scanned units go to (0-based). */
guint
pd_box_layout_get_current (PdBoxLayout *self)
{
  return self->current;
}

void
pd_box_layout_set_current (PdBoxLayout *self,
                           guint        box)
{
  g_return_if_fail (box < self->n_boxes);

  if (self->current == box)
    return;
  self->current = box;
  g_signal_emit (self, signals[CHANGED], 0);
}

/* A new, empty box, which becomes the current one. Returns FALSE when there are as many as an
 * order can sensibly have. */
gboolean
pd_box_layout_add_box (PdBoxLayout *self)
{
  if (self->n_boxes >= MAX_BOXES)
    return FALSE;
  self->current = self->n_boxes++;
  self->changed = TRUE;
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

/* Entry K of BOXES (a unit's or a part's box), or the first box when there is none. */
static guint
box_at (GArray *boxes,
        guint   k)
{
  return boxes != NULL && k < boxes->len ? g_array_index (boxes, guint, k) : 0;
}

guint
pd_box_layout_get_box (PdBoxLayout *self,
                       gint64       item_id,
                       guint        unit)
{
  return box_at (boxes_of (self, item_id), unit);
}

/* Puts one unit in BOX; FALSE when it is there already, or cannot be: a split item stays in its
 * parts' boxes, and a box with a part holds nothing else. */
gboolean
pd_box_layout_move (PdBoxLayout *self,
                    gint64       item_id,
                    guint        unit,
                    guint        box)
{
  GArray *boxes = boxes_of (self, item_id);

  g_return_val_if_fail (box < self->n_boxes, FALSE);

  if (boxes == NULL || unit >= boxes->len || g_array_index (boxes, guint, unit) == box
      || parts_of (self, item_id) != NULL || is_part_box (self, box))
    return FALSE;
  g_array_index (boxes, guint, unit) = box;
  self->changed = TRUE;
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

/**
 * pd_box_layout_split:
 *
 * Puts one more part of ITEM_ID — an item of one unit, too large for one box — in a new box of
 * its own: the first call splits it in two. FALSE when the item has more than one unit.
 */
gboolean
pd_box_layout_split (PdBoxLayout *self,
                     gint64       item_id)
{
  GArray *boxes = boxes_of (self, item_id);
  GArray *parts = parts_of (self, item_id);

  if (boxes == NULL || boxes->len != 1 || self->n_boxes + (parts == NULL ? 2 : 1) > MAX_BOXES)
    return FALSE;
  /* The first part leaves the box it shared with other items for a box of its own. */
  if (parts == NULL)
    {
      add_part (self, item_id, self->n_boxes++);
      g_array_index (boxes, guint, 0) = self->n_boxes - 1;
    }
  add_part (self, item_id, self->n_boxes++);
  self->changed = TRUE;
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

/**
 * pd_box_layout_remove_item:
 *
 * Takes ITEM_ID off the order, as an item out of stock: the next PUT …/boxes leaves it out and
 * allows the Market to remove it. FALSE for the order's last item (the order is cancelled then,
 * not emptied).
 */
gboolean
pd_box_layout_remove_item (PdBoxLayout *self,
                           gint64       item_id)
{
  guint left = g_hash_table_size (self->units) - g_hash_table_size (self->removed);

  if (boxes_of (self, item_id) == NULL || pd_box_layout_is_removed (self, item_id) || left <= 1)
    return FALSE;
  g_hash_table_add (self->removed, g_memdup2 (&item_id, sizeof item_id));
  g_hash_table_remove (self->parts, &item_id);
  self->changed = TRUE;
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

gboolean
pd_box_layout_is_removed (PdBoxLayout *self,
                          gint64       item_id)
{
  return g_hash_table_contains (self->removed, &item_id);
}

/* Whether the layout takes an item off the order (allowRemove). */
gboolean
pd_box_layout_removes_items (PdBoxLayout *self)
{
  return g_hash_table_size (self->removed) > 0;
}

/* Returns: how many parts ITEM_ID is split into, or 0 when it is whole */
guint
pd_box_layout_get_parts (PdBoxLayout *self,
                         gint64       item_id)
{
  GArray *parts = parts_of (self, item_id);

  return parts != NULL ? parts->len : 0;
}

/* Returns: the box of part PART (0-based) of a split item */
guint
pd_box_layout_get_part_box (PdBoxLayout *self,
                            gint64       item_id,
                            guint        part)
{
  return box_at (parts_of (self, item_id), part);
}

/* How many of ITEM's whole units are in BOX. */
guint
pd_box_layout_count (PdBoxLayout *self,
                     gint64       item_id,
                     guint        box)
{
  GArray *boxes = boxes_of (self, item_id);
  guint count = 0;

  if (parts_of (self, item_id) != NULL)
    return 0;
  for (guint k = 0; boxes != NULL && k < boxes->len; k++)
    count += g_array_index (boxes, guint, k) == box;
  return count;
}

/* Whether the packer laid the order out differently from what the Market has. */
gboolean
pd_box_layout_is_changed (PdBoxLayout *self)
{
  return self->changed;
}

/**
 * pd_box_layout_apply:
 *
 * Makes the order's layout (what PUT …/boxes sends) this one: the boxes in order, each with its
 * items whole, empty boxes left out. A layout the packer never changed leaves the Market's.
 */
void
pd_box_layout_apply (PdBoxLayout *self)
{
  GArray *slots = pd_order_get_box_slots (self->order);
  GPtrArray *items = pd_order_get_items (self->order);
  guint index = 0;

  if (!self->changed)
    return;
  pd_order_set_allow_remove (self->order, pd_box_layout_removes_items (self));
  g_array_set_size (slots, 0);
  for (guint box = 0; box < self->n_boxes; box++)
    {
      gboolean used = FALSE;

      for (guint i = 0; i < items->len; i++)
        {
          gint64 id = pd_order_item_get_id (g_ptr_array_index (items, i));
          GArray *parts = parts_of (self, id);
          PdBoxSlot slot = { .box_index = index, .item_id = id,
                             .full_count = pd_box_layout_count (self, id, box) };

          if (pd_box_layout_is_removed (self, id))
            continue;
          for (guint k = 0; parts != NULL && k < parts->len; k++)
            if (g_array_index (parts, guint, k) == box)
              {
                slot.partial_current = k + 1;
                slot.partial_total = parts->len;
              }
          if (slot.full_count == 0 && slot.partial_current == 0)
            continue;
          pd_order_add_box_slot (self->order, &slot);
          used = TRUE;
        }
      index += used;
    }
}

/* {"ITEM": [BOX, …], …} of TABLE, under NAME. */
static void
add_boxes (JsonBuilder *builder,
           const char  *name,
           GHashTable  *table)
{
  GHashTableIter iter;
  gpointer key, value;

  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree char *item = g_strdup_printf ("%" G_GINT64_FORMAT, *(gint64 *) key);
      GArray *boxes = value;

      json_builder_set_member_name (builder, item);
      json_builder_begin_array (builder);
      for (guint k = 0; k < boxes->len; k++)
        json_builder_add_int_value (builder, g_array_index (boxes, guint, k));
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
}

/* The layout as the journal keeps it: {"boxes": N, "current": C, "units": {"ITEM": [BOX, …]},
 * "parts": {"ITEM": [BOX, …]}}. */
char *
pd_box_layout_to_string (PdBoxLayout *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  GHashTableIter iter;
  gpointer key;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "boxes");
  json_builder_add_int_value (builder, self->n_boxes);
  json_builder_set_member_name (builder, "current");
  json_builder_add_int_value (builder, self->current);
  add_boxes (builder, "units", self->units);
  add_boxes (builder, "parts", self->parts);
  json_builder_set_member_name (builder, "removed");
  json_builder_begin_array (builder);
  g_hash_table_iter_init (&iter, self->removed);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    json_builder_add_int_value (builder, *(gint64 *) key);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/* A whole number in NODE, or FALLBACK: the text may be from a damaged line. */
static gint64
int_of (JsonNode *node,
        gint64    fallback)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64
         ? json_node_get_int (node) : fallback;
}

/* The parts of split items in OBJECT: only of items of one unit, two parts at least, each in a
 * box of the layout. */
static void
load_parts (PdBoxLayout *self,
            JsonObject  *object,
            gint64       n_boxes)
{
  JsonNode *node = json_object_get_member (object, "parts");
  JsonObject *parts = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_remove_all (self->parts);
  g_hash_table_iter_init (&iter, self->units);
  while (parts != NULL && g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree char *name = g_strdup_printf ("%" G_GINT64_FORMAT, *(gint64 *) key);
      JsonNode *saved = json_object_get_member (parts, name);
      JsonArray *boxes = saved != NULL && JSON_NODE_HOLDS_ARRAY (saved) ? json_node_get_array (saved) : NULL;
      gboolean fits = boxes != NULL && json_array_get_length (boxes) >= 2 && ((GArray *) value)->len == 1;

      for (guint k = 0; fits && k < json_array_get_length (boxes); k++)
        {
          gint64 box = int_of (json_array_get_element (boxes, k), -1);

          fits = box >= 0 && box < n_boxes;
        }
      for (guint k = 0; fits && k < json_array_get_length (boxes); k++)
        add_part (self, *(gint64 *) key, int_of (json_array_get_element (boxes, k), 0));
    }
}

/* The items taken off the order, of those it has, never all of them. */
static void
load_removed (PdBoxLayout *self,
              JsonObject  *object)
{
  JsonNode *node = json_object_get_member (object, "removed");
  JsonArray *removed = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;

  g_hash_table_remove_all (self->removed);
  for (guint k = 0; removed != NULL && k < json_array_get_length (removed); k++)
    {
      gint64 id = int_of (json_array_get_element (removed, k), 0);

      if (boxes_of (self, id) != NULL && g_hash_table_size (self->removed) + 1 < g_hash_table_size (self->units))
        g_hash_table_add (self->removed, g_memdup2 (&id, sizeof id));
    }
}

/* Takes a layout the journal kept; what does not fit the order (another Packdesk's, a damaged
 * line) is left as it is. Returns FALSE when nothing of TEXT could be used. */
gboolean
pd_box_layout_load (PdBoxLayout *self,
                    const char  *text)
{
  g_autoptr(JsonNode) root = json_from_string (text, NULL);
  JsonObject *object = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  JsonObject *units = object != NULL && json_object_has_member (object, "units")
                      && JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "units"))
                      ? json_object_get_object_member (object, "units") : NULL;
  gint64 n_boxes = object != NULL ? int_of (json_object_get_member (object, "boxes"), 0) : 0;
  GHashTableIter iter;
  gpointer key, value;

  if (units == NULL || n_boxes < 1 || n_boxes > MAX_BOXES)
    return FALSE;
  self->n_boxes = n_boxes;
  self->current = CLAMP (int_of (json_object_get_member (object, "current"), 0), 0, n_boxes - 1);
  g_hash_table_iter_init (&iter, self->units);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree char *name = g_strdup_printf ("%" G_GINT64_FORMAT, *(gint64 *) key);
      JsonNode *node = json_object_get_member (units, name);
      JsonArray *saved = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
      GArray *boxes = value;

      for (guint k = 0; saved != NULL && k < MIN (boxes->len, json_array_get_length (saved)); k++)
        {
          gint64 box = int_of (json_array_get_element (saved, k), 0);

          g_array_index (boxes, guint, k) = box >= 0 && box < n_boxes ? box : 0;
        }
    }
  load_parts (self, object, n_boxes);
  load_removed (self, object);
  self->changed = TRUE;
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}
