/* pd-order-row.c — one order in the orders list: its number, what is in it, and how many codes
 * it needs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pd-order-row.h"
#include "pd-order-words.h"

struct _PdOrderRow
{
  GtkBox    parent_instance;

  GtkLabel *title;
  GtkLabel *items;
  GtkLabel *details;
};

G_DEFINE_FINAL_TYPE (PdOrderRow, pd_order_row, GTK_TYPE_BOX)

static void
pd_order_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), PD_TYPE_ORDER_ROW);

  G_OBJECT_CLASS (pd_order_row_parent_class)->dispose (object);
}

static void
pd_order_row_class_init (PdOrderRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = pd_order_row_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/pd-order-row.ui");
  gtk_widget_class_bind_template_child (widget_class, PdOrderRow, title);
  gtk_widget_class_bind_template_child (widget_class, PdOrderRow, items);
  gtk_widget_class_bind_template_child (widget_class, PdOrderRow, details);
}

static void
pd_order_row_init (PdOrderRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
pd_order_row_new (void)
{
  return g_object_new (PD_TYPE_ORDER_ROW, NULL);
}

void
pd_order_row_set_order (PdOrderRow *self,
                        PdOrder    *order)
{
  GPtrArray *items = pd_order_get_items (order);
  g_autoptr(GString) names = g_string_new (NULL);
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, pd_order_get_id (order));
  g_autofree char *title = g_strdup_printf (_("Order %s"), number);
  g_autofree char *details = NULL;
  g_autofree char *progress = NULL;
  guint codes = 0, have = 0;

  for (guint i = 0; i < items->len; i++)
    {
      PdOrderItem *item = g_ptr_array_index (items, i);

      if (names->len > 0)
        g_string_append (names, ", ");
      g_string_append (names, pd_order_item_get_offer_name (item));
      if (pd_order_item_get_required_types (item) != PD_INSTANCE_TYPE_NONE)
        {
          codes += pd_order_item_get_count (item);
          have += MIN (pd_order_item_get_instances (item)->len, pd_order_item_get_count (item));
        }
    }
  /* How far the codes are, as the Market has them. */
  progress = codes == 0 ? g_strdup (_("no codes needed"))
                        : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u code", "%u of %u codes", codes),
                                           have, codes);
  /* Translators: the program (FBS, Express, DBS) · the status in words · the codes, e.g. "1 of 3 codes" */
  details = g_strdup_printf (_("%s · %s · %s"), pd_order_words_program (pd_order_get_program_type (order)),
                             pd_order_words_status (pd_order_get_status (order), pd_order_get_substatus (order)),
                             progress);
  gtk_label_set_label (self->title, title);
  gtk_label_set_label (self->items, names->str);
  gtk_label_set_label (self->details, details);
}
