/* pd-order-page-boxes.c — the order page's boxes: the bar that says which box the next units go
 * to (Ctrl+B a new one, Ctrl+Page Up/Down another), the box on each unit's row, the picked unit
 * moved to the box being filled (Ctrl+M), one large item split over boxes (Ctrl+Shift+B), and
 * the goods without marking with their boxes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pd-order-page-private.h"
#include "pd-unit-row.h"

static PdBoxLayout *
layout_of (PdOrderPage *self)
{
  return pd_packing_order_get_layout (self->packing);
}

static void
on_boxes_changed (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr(PdOrderPage) self = data;
  g_autoptr(GError) error = NULL;

  if (!pd_desk_change_boxes_finish (PD_DESK (source), result, &error))
    pd_order_page_toast (self, error->message);
}

static void
add_box (GtkWidget  *widget,
         const char *action,
         GVariant   *parameter)
{
  PdOrderPage *self = PD_ORDER_PAGE (widget);

  if (self->packing != NULL)
    pd_desk_add_box_async (self->desk, self->packing, NULL, on_boxes_changed, g_object_ref (self));
}

/* Ctrl+Page Up/Down: the box the next units go to. */
static void
step_box (GtkWidget  *widget,
          const char *action,
          GVariant   *parameter)
{
  PdOrderPage *self = PD_ORDER_PAGE (widget);
  PdBoxLayout *layout;
  guint current;

  if (self->packing == NULL)
    return;
  layout = layout_of (self);
  current = pd_box_layout_get_current (layout);
  if (g_str_equal (action, "order.next-box") && current + 1 < pd_box_layout_get_n_boxes (layout))
    pd_box_layout_set_current (layout, current + 1);
  else if (g_str_equal (action, "order.previous-box") && current > 0)
    pd_box_layout_set_current (layout, current - 1);
}

/* Ctrl+M: the picked unit, with its code, into the box being filled. */
static void
move_unit (GtkWidget  *widget,
           const char *action,
           GVariant   *parameter)
{
  PdOrderPage *self = PD_ORDER_PAGE (widget);
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->units);
  PdUnit *unit;

  if (self->packing == NULL || row == NULL)
    return;
  unit = pd_unit_row_get_unit (PD_UNIT_ROW (row));
  pd_desk_move_unit_async (self->desk, self->packing, pd_unit_get_item_id (unit), pd_unit_get_index (unit),
                           pd_box_layout_get_current (layout_of (self)), NULL, on_boxes_changed,
                           g_object_ref (self));
}

/* One unit of an unmarked item that is not in the box being filled goes there. */
static void
on_put_in_box (GtkButton   *button,
               PdOrderPage *self)
{
  PdOrderItem *item = g_object_get_data (G_OBJECT (button), "item");
  PdBoxLayout *layout = layout_of (self);
  guint current = pd_box_layout_get_current (layout);

  for (guint k = 0; k < pd_order_item_get_count (item); k++)
    if (pd_box_layout_get_box (layout, pd_order_item_get_id (item), k) != current)
      {
        pd_desk_move_unit_async (self->desk, self->packing, pd_order_item_get_id (item), k, current,
                                 NULL, on_boxes_changed, g_object_ref (self));
        return;
      }
}

/* "Box 2", "Boxes 3, 4" for a split item, or NULL while the order has one box. */
static char *
where_is (PdBoxLayout *layout,
          PdUnit      *unit)
{
  gint64 item_id = pd_unit_get_item_id (unit);
  guint parts = pd_box_layout_get_parts (layout, item_id);
  g_autoptr(GString) boxes = NULL;

  if (pd_box_layout_get_n_boxes (layout) < 2)
    return NULL;
  if (parts == 0)
    /* Translators: the box a unit is in, on its row */
    return g_strdup_printf (_("Box %u"), pd_box_layout_get_box (layout, item_id, pd_unit_get_index (unit)) + 1);
  boxes = g_string_new (NULL);
  for (guint k = 0; k < parts; k++)
    g_string_append_printf (boxes, k == 0 ? "%u" : ", %u", pd_box_layout_get_part_box (layout, item_id, k) + 1);
  /* Translators: the boxes one large item is split over, on its row: "Boxes 3, 4" */
  return g_strdup_printf (_("Boxes %s"), boxes->str);
}

/* Ctrl+Shift+B: the picked unit's item, one unit too large for a box, over one more box. */
static void
split_item (GtkWidget  *widget,
            const char *action,
            GVariant   *parameter)
{
  PdOrderPage *self = PD_ORDER_PAGE (widget);
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->units);

  if (self->packing == NULL || row == NULL)
    return;
  pd_desk_split_item_async (self->desk, self->packing,
                            pd_unit_get_item_id (pd_unit_row_get_unit (PD_UNIT_ROW (row))), NULL,
                            on_boxes_changed, g_object_ref (self));
}

static void
on_remove_response (AdwAlertDialog *dialog,
                    const char     *response,
                    PdOrderPage    *self)
{
  PdOrderItem *item = g_object_get_data (G_OBJECT (dialog), "item");

  if (g_str_equal (response, "remove") && self->packing != NULL)
    pd_desk_remove_item_async (self->desk, self->packing, pd_order_item_get_id (item), NULL,
                               on_boxes_changed, g_object_ref (self));
}

/* An item out of stock leaves the order only once the packer says so: the Market tells the
 * buyer, and it cannot be undone. */
static void
confirm_removal (PdOrderPage *self,
                 PdOrderItem *item)
{
  AdwDialog *dialog = adw_alert_dialog_new (_("Remove the Item From the Order?"), NULL);

  adw_alert_dialog_format_body (ADW_ALERT_DIALOG (dialog),
                                _("“%s” is not in stock. The Market removes it from the order with "
                                  "the next layout and tells the buyer; this cannot be undone."),
                                pd_order_item_get_offer_name (item));
  adw_alert_dialog_add_responses (ADW_ALERT_DIALOG (dialog),
                                  "cancel", _("_Keep It"),
                                  "remove", _("_Remove"),
                                  NULL);
  adw_alert_dialog_set_response_appearance (ADW_ALERT_DIALOG (dialog), "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_alert_dialog_set_default_response (ADW_ALERT_DIALOG (dialog), "cancel");
  adw_alert_dialog_set_close_response (ADW_ALERT_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "item", g_object_ref (item), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_remove_response), self, 0);
  adw_dialog_present (dialog, GTK_WIDGET (self));
}

/* The picked unit's item, out of stock: taken off the order after a confirmation. */
static void
remove_item (GtkWidget  *widget,
             const char *action,
             GVariant   *parameter)
{
  PdOrderPage *self = PD_ORDER_PAGE (widget);
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->units);

  if (self->packing != NULL && row != NULL)
    confirm_removal (self, pd_unit_get_item (pd_unit_row_get_unit (PD_UNIT_ROW (row))));
}

static void
on_remove_unmarked (GtkButton   *button,
                    PdOrderPage *self)
{
  confirm_removal (self, g_object_get_data (G_OBJECT (button), "item"));
}

/* "Box 1: 2 · Box 2: 1", or nothing while there is one box. */
static char *
describe_boxes (PdBoxLayout *layout,
                PdOrderItem *item)
{
  g_autoptr(GString) words = g_string_new (NULL);

  if (pd_box_layout_get_n_boxes (layout) < 2)
    return NULL;
  for (guint box = 0; box < pd_box_layout_get_n_boxes (layout); box++)
    {
      guint count = pd_box_layout_count (layout, pd_order_item_get_id (item), box);

      if (count == 0)
        continue;
      if (words->len > 0)
        g_string_append (words, " · ");
      /* Translators: how many units of an item are in one box: "Box 2: 3" */
      g_string_append_printf (words, _("Box %u: %u"), box + 1, count);
    }
  return g_string_free (g_steal_pointer (&words), FALSE);
}

static GtkWidget *
unmarked_row (PdOrderPage *self,
              PdOrderItem *item)
{
  PdBoxLayout *layout = layout_of (self);
  guint count = pd_order_item_get_count (item);
  guint current = pd_box_layout_get_current (layout);
  g_autofree char *units = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u unit", "%s · %u units", count),
                                            pd_order_item_get_offer_id (item), count);
  g_autofree char *boxes = describe_boxes (layout, item);
  g_autofree char *scanned = pd_packing_order_get_confirm_unmarked (self->packing)
    /* Translators: units without marking confirmed by their barcode: "2 of 3 scanned" */
    ? g_strdup_printf (_("%u of %u scanned"), pd_packing_order_get_confirmed (self->packing, pd_order_item_get_id (item)), count)
    : NULL;
  g_autofree char *subtitle = g_strjoin (" · ", units, scanned != NULL ? scanned : boxes, scanned != NULL ? boxes : NULL, NULL);
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), pd_order_item_get_offer_name (item));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (boxes != NULL && pd_box_layout_count (layout, pd_order_item_get_id (item), current) < count
      && !pd_packing_order_is_locked (self->packing))
    {
      g_autofree char *label = g_strdup_printf (_("Put One in Box %u"), current + 1);
      GtkWidget *button = gtk_button_new_with_label (label);

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      g_object_set_data_full (G_OBJECT (button), "item", g_object_ref (item), g_object_unref);
      g_signal_connect (button, "clicked", G_CALLBACK (on_put_in_box), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }
  if (!pd_packing_order_is_locked (self->packing) && !pd_order_is_dbs (pd_packing_order_get_order (self->packing)))
    {
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (remove, _("Not in Stock: Remove From the Order…"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Remove from the order"), -1);
      gtk_widget_add_css_class (remove, "flat");
      g_object_set_data_full (G_OBJECT (remove), "item", g_object_ref (item), g_object_unref);
      g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_unmarked), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
    }
  return row;
}

/* The rest of the pick list: what the order holds that needs no code, with its boxes. */
static void
show_unmarked (PdOrderPage *self)
{
  GPtrArray *items = pd_order_get_items (pd_packing_order_get_order (self->packing));
  gboolean any = FALSE;

  gtk_list_box_remove_all (self->unmarked);
  for (guint i = 0; i < items->len; i++)
    {
      PdOrderItem *item = g_ptr_array_index (items, i);

      if (pd_order_item_get_required_types (item) != PD_INSTANCE_TYPE_NONE
          || pd_box_layout_is_removed (layout_of (self), pd_order_item_get_id (item)))
        continue;
      gtk_list_box_append (self->unmarked, unmarked_row (self, item));
      any = TRUE;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->unmarked_group), any);
}

void
pd_order_page_boxes_show (PdOrderPage *self)
{
  PdBoxLayout *layout = layout_of (self);
  guint n = pd_box_layout_get_n_boxes (layout);
  guint current = pd_box_layout_get_current (layout);
  /* A DBS order's codes go without boxes; the seller's own delivery packs it. */
  gboolean boxed = !pd_order_is_dbs (pd_packing_order_get_order (self->packing));
  gboolean open = boxed && !pd_packing_order_is_locked (self->packing);
  GtkListBoxRow *row;
  g_autofree char *words = NULL;

  /* Translators: the box bar of an order: "Box 2 of 3 · the next units go in it" */
  words = g_strdup_printf (_("Box %u of %u · the next units go in it"), current + 1, n);
  gtk_label_set_label (self->box_label, words);
  gtk_widget_set_visible (self->box_bar, boxed);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "order.previous-box", open && current > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "order.next-box", open && current + 1 < n);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "order.add-box", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "order.move-unit", open && n > 1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "order.split-item", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "order.remove-item", open);
  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->units, i)) != NULL; i++)
    {
      PdUnit *unit = pd_unit_row_get_unit (PD_UNIT_ROW (row));

      g_autofree char *where = where_is (layout, unit);

      pd_unit_row_set_box (PD_UNIT_ROW (row), where);
    }
  show_unmarked (self);
}

/* The page shows the boxes of its order, and follows their changes. */
void
pd_order_page_boxes_follow (PdOrderPage *self)
{
  self->layout_handler = g_signal_connect_swapped (layout_of (self), "changed", G_CALLBACK (pd_order_page_boxes_show), self);
  self->confirmed_handler = g_signal_connect_swapped (self->packing, "notify::confirmed",
                                                      G_CALLBACK (show_unmarked), self);
  pd_order_page_boxes_show (self);
}

void
pd_order_page_boxes_forget (PdOrderPage *self)
{
  if (self->packing == NULL)
    return;
  g_clear_signal_handler (&self->layout_handler, layout_of (self));
  g_clear_signal_handler (&self->confirmed_handler, self->packing);
}

void
pd_order_page_boxes_class_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child (widget_class, PdOrderPage, box_bar);
  gtk_widget_class_bind_template_child (widget_class, PdOrderPage, box_label);
  gtk_widget_class_install_action (widget_class, "order.add-box", NULL, add_box);
  gtk_widget_class_install_action (widget_class, "order.next-box", NULL, step_box);
  gtk_widget_class_install_action (widget_class, "order.previous-box", NULL, step_box);
  gtk_widget_class_install_action (widget_class, "order.move-unit", NULL, move_unit);
  gtk_widget_class_install_action (widget_class, "order.split-item", NULL, split_item);
  gtk_widget_class_install_action (widget_class, "order.remove-item", NULL, remove_item);
}
