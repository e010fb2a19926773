/* pd-unit-row.c — one unit of an order: "Sneakers, unit 2", its code in monospace (the short
 * form; the whole code on hover), a badge whose colour and word say what the Market made of
 * it, and under the name what that means and what to do.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pd-unit-row.h"

struct _PdUnitRow
{
  AdwActionRow  parent_instance;

  GtkLabel     *box_label;
  GtkLabel     *code_label;
  GtkWidget    *badge;
  GtkImage     *badge_icon;
  GtkLabel     *badge_label;
  GtkButton    *retry_button;
  GtkButton    *replace_button;
  GtkButton    *remove_button;
  PdUnit       *unit;
  gboolean      editable;
  /* In the review's narrow sidebar: the code goes under the name, and replacing is the row's
   * own activation. */
  gboolean      compact;
};

G_DEFINE_FINAL_TYPE (PdUnitRow, pd_unit_row, ADW_TYPE_ACTION_ROW)

enum
{
  RETRY,
  REPLACE,
  REMOVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *const severity_classes[] = {
  [PD_SEVERITY_OK] = "badge-ok",
  [PD_SEVERITY_PENDING] = "badge-pending",
  [PD_SEVERITY_WARNING] = "badge-warning",
  [PD_SEVERITY_ERROR] = "badge-error",
};

/* Colour, icon and word together: none of them alone carries the state (colour blindness,
 * glare, a glance from a metre away). */
static const char *const severity_icons[] = {
  [PD_SEVERITY_OK] = "emblem-ok-symbolic",
  [PD_SEVERITY_PENDING] = "content-loading-symbolic",
  [PD_SEVERITY_WARNING] = "dialog-warning-symbolic",
  [PD_SEVERITY_ERROR] = "dialog-error-symbolic",
};

/* Where the code came from, in the row's first line of explanation. */
static const char *
source_words (PdCaptureSource source)
{
  switch (source)
    {
    case PD_CAPTURE_SOURCE_SCANNER: return _("Scanned");
    case PD_CAPTURE_SOURCE_CAMERA: return _("Read by the camera");
    case PD_CAPTURE_SOURCE_TYPED: return _("Typed");
    case PD_CAPTURE_SOURCE_FILE: return _("Imported");
    case PD_CAPTURE_SOURCE_MARKET: return _("Already on the Market");
    default: return NULL;
    }
}

/* Codes up to this long (a UIN has 16) are shown whole whatever the row's width; a phone-wide
 * window still has room for them beside the badge. */
#define SHORT_CODE_CHARS 20

static void
show_state (PdUnitRow *self)
{
  const char *action = pd_unit_get_action (self->unit);
  const char *code = pd_unit_get_short_code (self->unit);
  g_autofree char *tooltip = NULL;

  const PdJournalEntry *entry = pd_unit_get_entry (self->unit);
  const char *source = entry != NULL ? source_words (entry->source) : NULL;
  PdSeverity severity = pd_unit_get_severity (self->unit);
  g_autofree char *subtitle = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (severity_classes); i++)
    gtk_widget_remove_css_class (self->badge, severity_classes[i]);
  gtk_widget_add_css_class (self->badge, severity_classes[severity]);
  gtk_image_set_from_icon_name (self->badge_icon, severity_icons[severity]);
  gtk_label_set_label (self->badge_label, pd_unit_get_badge (self->unit));

  tooltip = g_strjoin ("\n", pd_unit_get_explanation (self->unit), action, NULL);
  gtk_widget_set_tooltip_text (self->badge, tooltip);
  /* Where the code came from, the explanation and what to do, in plain words, under the name. */
  if (self->compact && code != NULL)
    subtitle = g_strdup_printf ("%s · %s", code, tooltip);
  else
    subtitle = source != NULL ? g_strdup_printf ("%s · %s", source, tooltip) : g_strdup (tooltip);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);
  gtk_label_set_label (self->code_label, code != NULL ? code : "");
  /* A UIN fits whole; a longer code keeps its ends when the row is narrow, the rest on hover. */
  gtk_label_set_width_chars (self->code_label,
                             code != NULL && g_utf8_strlen (code, -1) <= SHORT_CODE_CHARS
                             ? g_utf8_strlen (code, -1) : -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->code_label), pd_unit_get_code (self->unit));
  /* A code can be changed until the order is ready to ship. */
  gtk_widget_set_visible (GTK_WIDGET (self->remove_button),
                          self->editable && pd_unit_get_code (self->unit) != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->code_label), !self->compact);
  gtk_widget_set_visible (GTK_WIDGET (self->replace_button),
                          self->editable && !self->compact && pd_unit_get_code (self->unit) != NULL);
  /* FAILED is the Market not getting an answer in time: the same code may pass on a retry. */
  gtk_widget_set_visible (GTK_WIDGET (self->retry_button),
                          self->editable && pd_unit_get_state (self->unit) == PD_UNIT_STATE_FAILED);
}

static void
on_unit_notify (PdUnit     *unit,
                GParamSpec *pspec,
                PdUnitRow  *self)
{
  show_state (self);
}

static void
on_remove_clicked (PdUnitRow *self)
{
  g_signal_emit (self, signals[REMOVE], 0);
}

static void
on_replace_clicked (PdUnitRow *self)
{
  g_signal_emit (self, signals[REPLACE], 0);
}

static void
on_retry_clicked (PdUnitRow *self)
{
  g_signal_emit (self, signals[RETRY], 0);
}

static void
pd_unit_row_dispose (GObject *object)
{
  PdUnitRow *self = PD_UNIT_ROW (object);

  g_clear_object (&self->unit);
  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_UNIT_ROW);

  G_OBJECT_CLASS (pd_unit_row_parent_class)->dispose (object);
}

static void
pd_unit_row_class_init (PdUnitRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = pd_unit_row_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/pd-unit-row.ui");
  gtk_widget_class_bind_template_child (widget_class, PdUnitRow, box_label);
  gtk_widget_class_bind_template_child (widget_class, PdUnitRow, code_label);
  gtk_widget_class_bind_template_child (widget_class, PdUnitRow, badge);
  gtk_widget_class_bind_template_child (widget_class, PdUnitRow, badge_icon);
  gtk_widget_class_bind_template_child (widget_class, PdUnitRow, badge_label);
  gtk_widget_class_bind_template_child (widget_class, PdUnitRow, retry_button);
  gtk_widget_class_bind_template_child (widget_class, PdUnitRow, replace_button);
  gtk_widget_class_bind_template_child (widget_class, PdUnitRow, remove_button);
  gtk_widget_class_bind_template_callback (widget_class, on_remove_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_replace_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_retry_clicked);

  /* The packer asks the Market to check this unit's code again. */
  signals[RETRY] = g_signal_new ("retry", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                 NULL, NULL, G_TYPE_NONE, 0);

  /* The packer wants the next scan to take this unit's place. */
  signals[REPLACE] = g_signal_new ("replace", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                   NULL, NULL, G_TYPE_NONE, 0);

  /* The packer asks to take the code off this unit. */
  signals[REMOVE] = g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                  NULL, G_TYPE_NONE, 0);
}

static void
pd_unit_row_init (PdUnitRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* EDITABLE: whether its code may still be replaced or removed (not once the order is ready). */
GtkWidget *
pd_unit_row_new (PdUnit   *unit,
                 gboolean  editable)
{
  PdUnitRow *self = g_object_new (PD_TYPE_UNIT_ROW, NULL);
  PdOrderItem *item = pd_unit_get_item (unit);
  g_autofree char *title = g_strdup_printf (_("%s, unit %u of %u"), pd_order_item_get_offer_name (item),
                                            pd_unit_get_index (unit) + 1, pd_order_item_get_count (item));

  self->unit = g_object_ref (unit);
  self->editable = editable;
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title);
  g_signal_connect_object (unit, "notify::state", G_CALLBACK (on_unit_notify), self, 0);
  g_signal_connect_object (unit, "notify::code", G_CALLBACK (on_unit_notify), self, 0);
  show_state (self);
  return GTK_WIDGET (self);
}

/* The row as the review's narrow sidebar shows it (see PdUnitRow.compact). */
void
pd_unit_row_set_compact (PdUnitRow *self,
                         gboolean   compact)
{
  self->compact = compact;
  show_state (self);
}

/* Where the unit lies ("Box 2"), or NULL while the order has one box. */
void
pd_unit_row_set_box (PdUnitRow  *self,
                     const char *where)
{
  gtk_widget_set_visible (GTK_WIDGET (self->box_label), where != NULL);
  gtk_label_set_label (self->box_label, where);
}

PdUnit *
pd_unit_row_get_unit (PdUnitRow *self)
{
  return self->unit;
}
