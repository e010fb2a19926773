/* pd-box-layout.c — how the packer lays an order out in boxes at the desk: how many boxes,
 * which box each unit is in (marked or not), and which box the next scanned units go to.
 * It starts as the Market's layout (or one box), and once the packer changes it, it is what
 * the next PUT …/boxes sends. Its text form is what the journal keeps.
 *
 * A part of one large item split over boxes (partialCount) is laid out from the command line
 * only; an order the Market already has split is kept as it is until the packer changes it.
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
}

static GArray *
boxes_of (PdBoxLayout *self,
          gint64       item_id)
{
  return g_hash_table_lookup (self->units, &item_id);
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

      if (i > 0 && g_array_index (slots, PdBoxSlot, i - 1).box_index != slot->box_index)
        box++;
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

guint
pd_box_layout_get_box (PdBoxLayout *self,
                       gint64       item_id,
                       guint        unit)
{
  GArray *boxes = boxes_of (self, item_id);

  return boxes != NULL && unit < boxes->len ? g_array_index (boxes, guint, unit) : 0;
}

/* Puts one unit in BOX; FALSE when it is there already. */
gboolean
pd_box_layout_move (PdBoxLayout *self,
                    gint64       item_id,
                    guint        unit,
                    guint        box)
{
  GArray *boxes = boxes_of (self, item_id);

  g_return_val_if_fail (box < self->n_boxes, FALSE);

  if (boxes == NULL || unit >= boxes->len || g_array_index (boxes, guint, unit) == box)
    return FALSE;
  g_array_index (boxes, guint, unit) = box;
  self->changed = TRUE;
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

/* How many of ITEM's units are in BOX. */
guint
pd_box_layout_count (PdBoxLayout *self,
                     gint64       item_id,
                     guint        box)
{
  GArray *boxes = boxes_of (self, item_id);
  guint count = 0;

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
  g_array_set_size (slots, 0);
  for (guint box = 0; box < self->n_boxes; box++)
    {
      gboolean used = FALSE;

      for (guint i = 0; i < items->len; i++)
        {
          gint64 id = pd_order_item_get_id (g_ptr_array_index (items, i));
          PdBoxSlot slot = { .box_index = index, .item_id = id,
                             .full_count = pd_box_layout_count (self, id, box) };

          if (slot.full_count == 0)
            continue;
          pd_order_add_box_slot (self->order, &slot);
          used = TRUE;
        }
      index += used;
    }
}

/* The layout as the journal keeps it: {"boxes": N, "current": C, "units": {"ITEM": [B, …]}}. */
char *
pd_box_layout_to_string (PdBoxLayout *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  GHashTableIter iter;
  gpointer key, value;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "boxes");
  json_builder_add_int_value (builder, self->n_boxes);
  json_builder_set_member_name (builder, "current");
  json_builder_add_int_value (builder, self->current);
  json_builder_set_member_name (builder, "units");
  json_builder_begin_object (builder);
  g_hash_table_iter_init (&iter, self->units);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      g_autofree char *name = g_strdup_printf ("%" G_GINT64_FORMAT, *(gint64 *) key);
      GArray *boxes = value;

      json_builder_set_member_name (builder, name);
      json_builder_begin_array (builder);
      for (guint k = 0; k < boxes->len; k++)
        json_builder_add_int_value (builder, g_array_index (boxes, guint, k));
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
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
  self->changed = TRUE;
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}
