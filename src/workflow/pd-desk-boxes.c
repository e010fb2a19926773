/* pd-desk-boxes.c — PdDesk's boxes: a new box, a unit moved to another, a captured unit put in
 * the box the packer fills. Each change is written to the journal before it is shown, like a
 * code, and a complete order goes to the outbox again, since the layout travels with its codes
 * in one PUT …/boxes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "pd-desk-private.h"

typedef struct
{
  PdPackingOrder *packing;
  char           *layout;  /* the text written, shown once it is on the disk */
} Change;

static void
change_free (Change *change)
{
  g_clear_object (&change->packing);
  g_free (change->layout);
  g_free (change);
}

static void
on_layout_saved (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(GTask) task = data;
  PdDesk *self = g_task_get_source_object (task);
  Change *change = g_task_get_task_data (task);
  GError *error = NULL;

  if (!pd_journal_save_layout_finish (PD_JOURNAL (source), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  pd_box_layout_load (pd_packing_order_get_layout (change->packing), change->layout);
  pd_desk_submit_if_complete (self, change->packing);
  g_task_return_boolean (task, TRUE);
}

/* Writes the layout SCRATCH became to the journal; PACKING shows it once it is there. */
static void
save_layout (PdDesk              *self,
             PdPackingOrder      *packing,
             PdBoxLayout         *scratch,
             gpointer             source_tag,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  PdOrder *order = pd_packing_order_get_order (packing);
  Change *change = g_new0 (Change, 1);

  g_task_set_source_tag (task, source_tag);
  change->packing = g_object_ref (packing);
  change->layout = pd_box_layout_to_string (scratch);
  g_task_set_task_data (task, change, (GDestroyNotify) change_free);
  if (pd_packing_order_is_locked (packing))
    {
      g_task_return_error (task, pd_desk_locked_error ());
      g_object_unref (task);
      return;
    }
  /* DBS codes go through PUT …/identifiers, which carries no boxes. */
  if (pd_order_is_dbs (order))
    {
      g_task_return_new_error (task, PD_DESK_ERROR, PD_DESK_ERROR_WRONG_KIND,
                               _("A DBS order is packed by the seller’s own delivery: Packdesk "
                                 "sends its codes without boxes."));
      g_object_unref (task);
      return;
    }
  pd_journal_save_layout_async (self->journal, pd_order_get_campaign_id (order), pd_order_get_id (order),
                                change->layout, NULL, on_layout_saved, task);
}

/* The change SCRATCH was asked for: saved when CHANGED, else refused with REFUSAL. */
static void
save_or_refuse (PdDesk              *self,
                PdPackingOrder      *packing,
                PdBoxLayout         *scratch,
                gboolean             changed,
                const char          *refusal,
                gpointer             source_tag,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  if (!changed)
    {
      g_task_report_new_error (self, callback, user_data, source_tag, PD_DESK_ERROR,
                               PD_DESK_ERROR_TOO_MANY, "%s", refusal);
      return;
    }
  save_layout (self, packing, scratch, source_tag, cancellable, callback, user_data);
}

/* A copy of PACKING's layout to change before the journal has it. */
static PdBoxLayout *
scratch_of (PdPackingOrder *packing)
{
  PdBoxLayout *scratch = pd_box_layout_new (pd_packing_order_get_order (packing));
  g_autofree char *text = pd_box_layout_to_string (pd_packing_order_get_layout (packing));

  pd_box_layout_load (scratch, text);
  return scratch;
}

/**
 * pd_desk_add_box_async:
 *
 * Opens a new box for PACKING; the next units scanned go into it.
 */
void
pd_desk_add_box_async (PdDesk              *self,
                       PdPackingOrder      *packing,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(PdBoxLayout) scratch = scratch_of (packing);

  save_or_refuse (self, packing, scratch, pd_box_layout_add_box (scratch),
                  _("An order cannot have more boxes than this."), pd_desk_add_box_async,
                  cancellable, callback, user_data);
}

/**
 * pd_desk_move_unit_async:
 * @item_id: the item of the unit, marked or not
 * @unit: the unit's place in its item (0-based)
 *
 * Puts one unit in BOX; its code, when it has one, goes with it.
 */
void
pd_desk_move_unit_async (PdDesk              *self,
                         PdPackingOrder      *packing,
                         gint64               item_id,
                         guint                unit,
                         guint                box,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(PdBoxLayout) scratch = scratch_of (packing);

  g_return_if_fail (box < pd_box_layout_get_n_boxes (scratch));
  pd_box_layout_move (scratch, item_id, unit, box);
  save_layout (self, packing, scratch, pd_desk_move_unit_async, cancellable, callback, user_data);
}

/**
 * pd_desk_split_item_async:
 *
 * Splits ITEM_ID, an item of one unit too large for one box, over one more box: the first time
 * into two parts, each in a box of its own.
 */
void
pd_desk_split_item_async (PdDesk              *self,
                          PdPackingOrder      *packing,
                          gint64               item_id,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(PdBoxLayout) scratch = scratch_of (packing);

  save_or_refuse (self, packing, scratch, pd_box_layout_split (scratch, item_id),
                  _("Only an item of one unit can be split over boxes; put whole units in boxes "
                    "of their own instead."),
                  pd_desk_split_item_async, cancellable, callback, user_data);
}

/**
 * pd_desk_remove_item_async:
 *
 * Takes ITEM_ID, out of stock, off the order: its units leave the desk, and the next
 * PUT …/boxes lets the Market remove it (the buyer is told; it cannot be undone there).
 */
void
pd_desk_remove_item_async (PdDesk              *self,
                           PdPackingOrder      *packing,
                           gint64               item_id,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(PdBoxLayout) scratch = scratch_of (packing);

  save_or_refuse (self, packing, scratch, pd_box_layout_remove_item (scratch, item_id),
                  _("The order’s last item cannot be removed: cancel the order in the seller’s "
                    "cabinet instead."),
                  pd_desk_remove_item_async, cancellable, callback, user_data);
}

gboolean
pd_desk_change_boxes_finish (PdDesk        *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* A unit that just got its code is in the box the packer is filling. Written after the code:
 * a crash in between loses where the unit lies, never its code. */
void
pd_desk_place_captured (PdDesk         *self,
                        PdPackingOrder *packing,
                        PdUnit         *unit)
{
  PdBoxLayout *layout = pd_packing_order_get_layout (packing);
  guint current = pd_box_layout_get_current (layout);

  if (pd_box_layout_get_box (layout, pd_unit_get_item_id (unit), pd_unit_get_index (unit)) == current
      || pd_box_layout_get_parts (layout, pd_unit_get_item_id (unit)) > 0)
    return;
  pd_desk_move_unit_async (self, packing, pd_unit_get_item_id (unit), pd_unit_get_index (unit), current,
                           NULL, NULL, NULL);
}
