/* pd-order-row.c — one order in the orders list: its number, what is in it, how far its codes
 * are, whether this desk is working on it, and for an order not open here what the Market's
 * checks said of its codes.
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

  GtkLabel       *title;
  GtkLabel       *items;
  GtkLabel       *details;
  GtkWidget      *at_desk;
  GtkLabel       *due;
  GtkLabel       *verdicts;

  PdOrder        *order;
  PdPackingOrder *packing;
};

G_DEFINE_FINAL_TYPE (PdOrderRow, pd_order_row, GTK_TYPE_BOX)

static void show_details (PdOrderRow *self);

static void
stop_following (PdOrderRow *self)
{
  if (self->packing != NULL)
    g_signal_handlers_disconnect_by_func (self->packing, show_details, self);
  if (self->order != NULL)
    g_signal_handlers_disconnect_by_func (self->order, show_details, self);
}

static void
pd_order_row_dispose (GObject *object)
{
  PdOrderRow *self = PD_ORDER_ROW (object);

  stop_following (self);
  g_clear_object (&self->packing);
  g_clear_object (&self->order);
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
  gtk_widget_class_bind_template_child (widget_class, PdOrderRow, at_desk);
  gtk_widget_class_bind_template_child (widget_class, PdOrderRow, due);
  gtk_widget_class_bind_template_child (widget_class, PdOrderRow, verdicts);
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

/* The codes as far as they go: this desk's units when it works on the order, else what the
 * Market has. */
static char *
progress_words (PdOrder        *order,
                PdPackingOrder *packing)
{
  GPtrArray *items = pd_order_get_items (order);
  guint codes = 0, have = 0;

  if (packing != NULL)
    pd_packing_order_count_codes (packing, &have, &codes);
  else
    for (guint i = 0; i < items->len; i++)
      {
        PdOrderItem *item = g_ptr_array_index (items, i);

        if (pd_order_item_get_required_types (item) == PD_INSTANCE_TYPE_NONE)
          continue;
        codes += pd_order_item_get_count (item);
        have += MIN (pd_order_item_get_instances (item)->len, pd_order_item_get_count (item));
      }
  if (codes == 0)
    return g_strdup (_("no codes needed"));
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u code", "%u of %u codes", codes),
                          have, codes);
}

/* When the order must go, in the desk's time: overdue stands out in red, what must go within
 * hours (Express, or today's last hours) in amber. */
static void
show_due (PdOrderRow *self)
{
  g_autoptr(GTimeZone) moscow = g_time_zone_new_identifier ("Europe/Moscow");
  g_autoptr(GTimeZone) here = g_time_zone_new_local ();
  g_autoptr(GDateTime) now = g_date_time_new_now (here);
  g_autoptr(GDateTime) due = NULL;
  g_autofree char *words = NULL;
  gboolean has_time = FALSE, open, overdue, soon;

  due = pd_order_dup_ship_by (self->order, moscow != NULL ? moscow : here, &has_time);
  open = g_strcmp0 (pd_order_get_substatus (self->order), "STARTED") == 0;
  /* Only what is still to pack has a time it must go by. */
  gtk_widget_set_visible (GTK_WIDGET (self->due), open && due != NULL);
  if (!open || due == NULL)
    return;
  words = pd_order_words_ship_by (due, now, has_time);
  overdue = g_date_time_compare (due, now) < 0;
  soon = !overdue && (g_strcmp0 (pd_order_get_program_type (self->order), "EXPRESS") == 0
                              || g_date_time_difference (due, now) < 3 * G_TIME_SPAN_HOUR);
  gtk_label_set_label (self->due, words);
  if (overdue)
    gtk_widget_add_css_class (GTK_WIDGET (self->due), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->due), "error");
  if (soon)
    gtk_widget_add_css_class (GTK_WIDGET (self->due), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->due), "warning");
}

/* The Market's checks of an order this desk has not opened: a problem in red, codes still being
 * checked, or all verified. */
static void
show_verdicts (PdOrderRow *self)
{
  const PdOrderVerdicts *verdicts = pd_order_get_verdicts (self->order);
  g_autofree char *words = NULL;
  const char *style = NULL;

  /* An order open here shows its verdicts unit by unit on its page. */
  if (self->packing != NULL)
    verdicts = NULL;
  if (verdicts != NULL && verdicts->problems > 0)
    {
      words = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Market: %u code needs attention",
                                            "Market: %u codes need attention", verdicts->problems),
                               verdicts->problems);
      style = "error";
    }
  else if (verdicts != NULL && verdicts->checking > 0)
    words = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Market: %u code being checked",
                                          "Market: %u codes being checked", verdicts->checking),
                             verdicts->checking);
  else if (verdicts != NULL && verdicts->ok > 0)
    {
      words = g_strdup (_("Market: codes verified"));
      style = "success";
    }
  gtk_widget_set_visible (GTK_WIDGET (self->verdicts), words != NULL);
  gtk_label_set_label (self->verdicts, words);
  gtk_widget_remove_css_class (GTK_WIDGET (self->verdicts), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->verdicts), "success");
  if (style != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->verdicts), style);
}

static void
show_details (PdOrderRow *self)
{
  g_autofree char *progress = progress_words (self->order, self->packing);
  g_autofree char *details = NULL;

  /* Translators: the program (FBS, Express, DBS) · the status in words · the codes, e.g. "1 of 3 codes" */
  details = g_strdup_printf (_("%s · %s · %s"), pd_order_words_program (pd_order_get_program_type (self->order)),
                             pd_order_words_status (pd_order_get_status (self->order),
                                                    pd_order_get_substatus (self->order)),
                             progress);
  gtk_label_set_label (self->details, details);
  gtk_widget_set_visible (GTK_WIDGET (self->at_desk),
                          self->packing != NULL && pd_packing_order_is_in_progress (self->packing));
  show_due (self);
  show_verdicts (self);
}

/**
 * pd_order_row_set_order:
 * @packing: (nullable): the order as this desk works on it, when it does
 */
void
pd_order_row_set_order (PdOrderRow     *self,
                        PdOrder        *order,
                        PdPackingOrder *packing)
{
  GPtrArray *items = pd_order_get_items (order);
  g_autoptr(GString) names = g_string_new (NULL);
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, pd_order_get_id (order));
  g_autofree char *title = g_strdup_printf (_("Order %s"), number);

  stop_following (self);
  g_set_object (&self->order, order);
  g_set_object (&self->packing, packing);
  /* Every change of a code changes what blocks the order: the row follows, as it follows the
   * Market's verdicts on an order not open here. */
  if (packing != NULL)
    g_signal_connect_swapped (packing, "notify::blocker", G_CALLBACK (show_details), self);
  g_signal_connect_swapped (order, "notify::verdicts", G_CALLBACK (show_details), self);

  for (guint i = 0; i < items->len; i++)
    {
      if (names->len > 0)
        g_string_append (names, ", ");
      g_string_append (names, pd_order_item_get_offer_name (g_ptr_array_index (items, i)));
    }
  gtk_label_set_label (self->title, title);
  gtk_label_set_label (self->items, names->str);
  show_details (self);
}
