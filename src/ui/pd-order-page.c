/* pd-order-page.c — the order on the desk.
 *
 * The scan field takes what a scanner or a person types; each code goes through the desk (and
 * the journal) before its unit shows it. The unit the next scan goes to is highlighted. "Mark
 * ready" is enabled only when the order is ready; beside it, the reason when it is not.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pd-application.h"
#include "pd-camera-panel.h"
#include "pd-feedback.h"
#include "pd-label-printer.h"
#include "pd-order-page-private.h"
#include "pd-order-words.h"
#include "pd-shortcut-table.h"
#include "pd-unit-row.h"

G_DEFINE_FINAL_TYPE (PdOrderPage, pd_order_page, ADW_TYPE_BIN)

enum
{
  ORDER_CHANGED,
  FEEDBACK,
  ORDER_SCANNED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum
{
  PROP_0,
  PROP_CAMERA_ACTIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
pd_order_page_toast (PdOrderPage *self,
                     const char  *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
}

/* The unit the next scan goes to stands out. */
static void
highlight_next (PdOrderPage *self)
{
  PdUnit *next = pd_packing_order_get_next_empty (self->packing);
  GtkListBoxRow *row;

  self->highlighting = TRUE;
  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->units, i)) != NULL; i++)
    if (pd_unit_row_get_unit (PD_UNIT_ROW (row)) == next)
      break;
  if (row != NULL)
    gtk_list_box_select_row (self->units, row);
  else
    gtk_list_box_unselect_all (self->units);
  self->highlighting = FALSE;
}

/* The packer picks a unit (click, Enter, or the arrows in the scan field): the next scans go to
 * its item, which settles "several items could take this code". */
static void
on_unit_selected (PdOrderPage   *self,
                  GtkListBoxRow *row)
{
  PdUnit *unit;

  if (self->highlighting || row == NULL || self->packing == NULL)
    return;
  unit = pd_unit_row_get_unit (PD_UNIT_ROW (row));
  pd_packing_order_set_selected_item (self->packing, pd_order_item_get_id (pd_unit_get_item (unit)));
}

/* Up and Down in the scan field move through the units without leaving it. */
static gboolean
on_scan_key (GtkEventControllerKey *controller,
             guint                  keyval,
             guint                  keycode,
             GdkModifierType        state,
             PdOrderPage           *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->units);
  int index = row != NULL ? gtk_list_box_row_get_index (row) : -1;
  GtkListBoxRow *next;

  if (keyval != GDK_KEY_Up && keyval != GDK_KEY_Down)
    return GDK_EVENT_PROPAGATE;
  next = gtk_list_box_get_row_at_index (self->units, keyval == GDK_KEY_Up ? MAX (index - 1, 0) : index + 1);
  if (next != NULL)
    gtk_list_box_select_row (self->units, next);
  return GDK_EVENT_STOP;
}

/* While a unit waits for its new code, the scan field says which one. */
static void
set_replacing (PdOrderPage *self,
               PdUnit      *unit)
{
  g_autofree char *prompt = NULL;

  g_set_object (&self->replacing, unit);
  if (unit != NULL)
    prompt = g_strdup_printf (_("Scan the new code for unit %u of “%s”"), pd_unit_get_index (unit) + 1,
                              pd_order_item_get_offer_name (pd_unit_get_item (unit)));
  gtk_entry_set_placeholder_text (self->scan_entry,
                                  prompt != NULL ? prompt : _("Scan a code, or type it and press Enter"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "order.cancel-replace", unit != NULL);
  if (unit != NULL)
    pd_order_page_focus_scan (self);
}

static void on_restored (GObject      *source,
                         GAsyncResult *result,
                         gpointer      data);

/* The empty units of UNIT's item. */
static GPtrArray *
empty_units_of_item (PdOrderPage *self,
                     PdUnit      *unit)
{
  GListModel *units = pd_packing_order_get_units (self->packing);
  GPtrArray *empty = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (units); i++)
    {
      g_autoptr(PdUnit) other = g_list_model_get_item (units, i);

      if (pd_unit_get_item (other) == pd_unit_get_item (unit) && pd_unit_get_entry (other) == NULL)
        g_ptr_array_add (empty, g_steal_pointer (&other));
    }
  return empty;
}

/* One customs declaration usually covers every unit of an item: once one unit has its number
 * and country, the others can take them in one go instead of typing them again. */
static void
offer_same_declaration (PdOrderPage *self,
                        PdUnit      *unit)
{
  const PdJournalEntry *entry = pd_unit_get_entry (unit);
  g_autoptr(GPtrArray) empty = NULL;
  g_autofree char *words = NULL;
  GtkWidget *overlay;
  AdwToast *offer;

  if (entry == NULL || entry->kind != PD_CODE_KIND_GTD || entry->country_code == NULL
      || (empty = empty_units_of_item (self, unit))->len == 0
      || (overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY)) == NULL)
    return;
  g_set_object (&self->declaration, unit);
  words = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The same declaration for the other unit?",
                                        "The same declaration for the other %u units?", empty->len),
                           empty->len);
  offer = adw_toast_new (words);
  adw_toast_set_button_label (offer, _("_Use for All"));
  adw_toast_set_action_name (offer, "order.same-declaration");
  adw_toast_set_timeout (offer, 10);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), offer);
}

/* The declaration (with its country) on every empty unit of its item. */
static void
same_declaration (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  PdOrderPage *self = PD_ORDER_PAGE (widget);
  g_autoptr(PdUnit) source = g_steal_pointer (&self->declaration);
  const PdJournalEntry *entry = source != NULL ? pd_unit_get_entry (source) : NULL;
  g_autoptr(GPtrArray) empty = NULL;

  if (entry == NULL || entry->country_code == NULL || pd_packing_order_is_locked (self->packing))
    return;
  empty = empty_units_of_item (self, source);
  for (guint i = 0; i < empty->len; i++)
    {
      pd_desk_replace_async (self->desk, empty->pdata[i], entry->code, PD_CAPTURE_SOURCE_TYPED, NULL,
                             on_restored, g_object_ref (self));
      pd_desk_replace_async (self->desk, empty->pdata[i], entry->country_code, PD_CAPTURE_SOURCE_TYPED,
                             NULL, on_restored, g_object_ref (self));
    }
}

/* What became of a scan: a sound and a flash (through the window), a toast on refusal, and the
 * next unit to fill. */
static void
show_outcome (PdOrderPage *self,
              PdUnit      *unit,
              GError      *error)
{
  if (g_error_matches (error, PD_DESK_ERROR, PD_DESK_ERROR_ITEM_PICKED))
    {
      /* Not a refusal: the product's barcode chose the item the next codes go to. */
      pd_order_page_toast (self, error->message);
      highlight_next (self);
      return;
    }
  if (g_error_matches (error, PD_DESK_ERROR, PD_DESK_ERROR_CONFIRMED))
    {
      /* Nor this: a unit without marking is counted as packed. */
      g_signal_emit (self, signals[FEEDBACK], 0, pd_packing_order_is_ready (self->packing)
                                                 ? PD_FEEDBACK_COMPLETE : PD_FEEDBACK_ACCEPTED);
      pd_order_page_toast (self, error->message);
      return;
    }
  if (unit == NULL)
    {
      g_signal_emit (self, signals[FEEDBACK], 0, PD_FEEDBACK_REJECTED);
      pd_order_page_toast (self, error->message);
      return;
    }
  if (self->packing == NULL)
    return;
  g_signal_emit (self, signals[FEEDBACK], 0,
                 pd_packing_order_is_complete (self->packing) ? PD_FEEDBACK_COMPLETE
                                                              : PD_FEEDBACK_ACCEPTED);
  offer_same_declaration (self, unit);
  highlight_next (self);
}

static void
on_captured (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(PdOrderPage) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdUnit) unit = pd_desk_capture_finish (PD_DESK (source), result, &error);

  show_outcome (self, unit, error);
}

static void
on_replaced (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(PdOrderPage) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdUnit) unit = pd_desk_replace_finish (PD_DESK (source), result, &error);

  show_outcome (self, unit, error);
}

/**
 * pd_order_page_capture:
 * @text: a scan or a typed code
 *
 * Sends TEXT to the shown order through the desk; a refusal appears as a toast.
 *
 * Returns: FALSE when no order is shown
 */
gboolean
pd_order_page_capture (PdOrderPage     *self,
                       const char      *text,
                       PdCaptureSource  source)
{
  gboolean handled = FALSE;

  if (self->packing == NULL || *text == '\0')
    return FALSE;
  /* An order number or a box label is never a marking code: the window may open that order. */
  g_signal_emit (self, signals[ORDER_SCANNED], 0, text, &handled);
  if (handled)
    return TRUE;
  if (self->replacing != NULL)
    {
      pd_desk_replace_async (self->desk, self->replacing, text, source, NULL, on_replaced,
                             g_object_ref (self));
      set_replacing (self, NULL);
      return TRUE;
    }
  pd_desk_capture_async (self->desk, self->packing, text, source, NULL, on_captured, g_object_ref (self));
  return TRUE;
}

static void
on_scan_activate (PdOrderPage *self)
{
  if (pd_order_page_capture (self, gtk_editable_get_text (GTK_EDITABLE (self->scan_entry)),
                             PD_CAPTURE_SOURCE_TYPED))
    /* The field is ready for the next scan at once; the code is safe in the desk's queue. */
    gtk_editable_set_text (GTK_EDITABLE (self->scan_entry), "");
}

/* The camera is on while its panel shows; a code it reads is captured like a scan. */
static void
set_camera_active (PdOrderPage *self,
                   gboolean     active)
{
  if (gtk_revealer_get_reveal_child (self->camera_revealer) == active)
    return;
  gtk_revealer_set_reveal_child (self->camera_revealer, active);
  pd_camera_panel_set_active (self->camera_panel, active);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAMERA_ACTIVE]);
}

static void
on_camera_code (PdCamera    *camera,
                PdSymbol    *symbol,
                PdOrderPage *self)
{
  pd_order_page_capture (self, pd_symbol_get_text (symbol, NULL), PD_CAPTURE_SOURCE_CAMERA);
}

static void
on_submitted (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(PdOrderPage) self = data;
  g_autoptr(GError) error = NULL;

  if (!pd_desk_submit_finish (PD_DESK (source), result, &error))
    pd_order_page_toast (self, error->message);
}

static void
on_submit_clicked (PdOrderPage *self)
{
  pd_desk_submit_async (self->desk, self->packing, NULL, on_submitted, g_object_ref (self));
}

static void
on_labels_printed (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  g_autoptr(PdOrderPage) self = data;
  g_autoptr(GError) error = NULL;

  /* Unless another order was shown meanwhile, its labels may be printed again. */
  if (self->printing == g_task_get_cancellable (G_TASK (result)))
    {
      g_clear_object (&self->printing);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "order.print-labels", TRUE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "order.print-box-label", TRUE);
    }
  if (!pd_label_printer_print_finish (result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        pd_order_page_toast (self, error->message);
      return;
    }
  pd_order_page_toast (self, _("The labels went to the printer."));
}

/* Ctrl+P: the order's labels, fetched in the format of Preferences and printed; with a box id
 * (the order menu's "Label of Box 2"), that box's only. */
static void
print_labels (GtkWidget  *widget,
              const char *action,
              GVariant   *parameter)
{
  PdOrderPage *self = PD_ORDER_PAGE (widget);
  PdApplication *app = PD_APPLICATION (g_application_get_default ());
  GtkRoot *root = gtk_widget_get_root (widget);
  gint64 box_id = parameter != NULL ? g_variant_get_int64 (parameter) : 0;

  if (self->packing == NULL || self->printing != NULL)
    return;
  self->printing = g_cancellable_new ();
  gtk_widget_action_set_enabled (widget, "order.print-labels", FALSE);
  gtk_widget_action_set_enabled (widget, "order.print-box-label", FALSE);
  pd_order_page_toast (self, _("Printing the labels…"));
  pd_label_printer_print_async (pd_session_get_client (pd_application_get_session (app)),
                                pd_application_get_settings (app),
                                GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->packing,
                                box_id, self->printing, on_labels_printed, g_object_ref (self));
}

/* The order menu offers each box's own label when the Market's layout has several boxes. */
static void
show_box_labels (PdOrderPage *self)
{
  GArray *slots = pd_order_get_box_slots (pd_packing_order_get_order (self->packing));
  guint boxes = 0;

  while (g_menu_model_get_n_items (G_MENU_MODEL (self->labels_section)) > 1)
    g_menu_remove (self->labels_section, 1);
  for (guint i = 0; i < slots->len; i++)
    boxes += pd_box_slot_starts_box (slots, i);
  if (boxes < 2)
    return;
  for (guint i = 0, number = 0; i < slots->len; i++)
    {
      const PdBoxSlot *slot = &g_array_index (slots, PdBoxSlot, i);
      g_autofree char *label = NULL;
      g_autoptr(GMenuItem) item = NULL;

      if (!pd_box_slot_starts_box (slots, i))
        continue;
      number++;
      if (slot->box_id == 0)
        continue;
      /* Translators: an item of the order menu; %u is the box's place in the order, 2 of 3 */
      label = g_strdup_printf (_("Label of Box %u of %u"), number, boxes);
      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target_value (item, "order.print-box-label", g_variant_new_int64 (slot->box_id));
      g_menu_append_item (self->labels_section, item);
    }
}

/* The Market took a layout after the labels were printed: they must be printed again. */
static void
on_labels_state (PdPackingOrder *packing,
                 GParamSpec     *pspec,
                 PdOrderPage    *self)
{
  adw_banner_set_revealed (self->labels_banner,
                           pd_packing_order_get_labels (packing) == PD_LABELS_OUTDATED);
}

static void
on_marked_ready (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(PdOrderPage) self = data;
  g_autoptr(GError) error = NULL;
  GSettings *settings = pd_application_get_settings (PD_APPLICATION (g_application_get_default ()));

  if (!pd_desk_mark_ready_finish (PD_DESK (source), result, &error))
    {
      pd_order_page_toast (self, error->message);
      return;
    }
  pd_order_page_toast (self, _("The order is ready to ship."));
  /* The boxes are final now; DBS orders go with the seller's own delivery, often unlabelled. */
  if (g_settings_get_boolean (settings, "print-labels-when-ready")
      && self->packing != NULL && !pd_order_is_dbs (pd_packing_order_get_order (self->packing)))
    gtk_widget_activate_action (GTK_WIDGET (self), "order.print-labels", NULL);
}

static void
on_ready_clicked (PdOrderPage *self)
{
  pd_desk_mark_ready_async (self->desk, self->packing, NULL, on_marked_ready, g_object_ref (self));
}

static void
cancel_replace (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  set_replacing (PD_ORDER_PAGE (widget), NULL);
}

static void
submit_now (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  on_submit_clicked (PD_ORDER_PAGE (widget));
}

static void
mark_ready (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  PdOrderPage *self = PD_ORDER_PAGE (widget);

  /* The shortcut says why not, where the disabled button shows it. */
  if (self->packing != NULL && !pd_packing_order_is_ready (self->packing))
    pd_order_page_toast (self, pd_packing_order_get_blocker (self->packing));
  else if (self->packing != NULL)
    on_ready_clicked (self);
}

static void
check_now (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  PdOrderPage *self = PD_ORDER_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (self->packing == NULL)
    return;
  if (!pd_desk_check_now (self->desk, self->packing, &error))
    pd_order_page_toast (self, error->message);
  else
    pd_order_page_toast (self, _("Asking the Market about the codes…"));
}

/* Every line of the file that was refused, each with its number and why. */
static void
show_import_problems (PdOrderPage        *self,
                      const char         *imported,
                      const char * const *problems)
{
  AdwDialog *dialog = adw_alert_dialog_new (_("Some Lines Were Not Imported"), NULL);
  g_autofree char *lines = g_strjoinv ("\n", (char **) problems);

  adw_alert_dialog_format_body (ADW_ALERT_DIALOG (dialog), "%s\n\n%s", imported, lines);
  adw_alert_dialog_add_response (ADW_ALERT_DIALOG (dialog), "close", _("_Close"));
  adw_dialog_present (dialog, GTK_WIDGET (self));
}

static void
on_imported (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(PdOrderPage) self = data;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) problems = NULL;
  g_autofree char *message = NULL;
  guint n = pd_desk_import_finish (PD_DESK (source), result, &problems, &error);

  if (error != NULL)
    {
      pd_order_page_toast (self, error->message);
      return;
    }
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u code imported", "%u codes imported", n), n);
  if (problems != NULL && problems[0] != NULL)
    show_import_problems (self, message, (const char * const *) problems);
  else
    pd_order_page_toast (self, message);
  highlight_next (self);
}

static void
on_import_chosen (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr(PdOrderPage) self = data;
  g_autoptr(GFile) file = gtk_file_dialog_open_finish (GTK_FILE_DIALOG (source), result, NULL);

  /* No file is the packer's "Cancel". */
  if (file != NULL)
    pd_order_page_import (self, file);
}

/* Captures the codes of FILE into the open order, then says how many and which lines were not. */
void
pd_order_page_import (PdOrderPage *self,
                      GFile       *file)
{
  g_return_if_fail (PD_IS_ORDER_PAGE (self));

  if (self->packing != NULL)
    pd_desk_import_async (self->desk, self->packing, file, NULL, on_imported, g_object_ref (self));
}

static void
import_codes (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GListStore) filters = g_list_store_new (GTK_TYPE_FILE_FILTER);

  gtk_file_dialog_set_title (dialog, _("Import Codes"));
  gtk_file_dialog_set_accept_label (dialog, _("_Import"));
  gtk_file_filter_set_name (filter, _("Text and CSV files"));
  gtk_file_filter_add_mime_type (filter, "text/plain");
  gtk_file_filter_add_mime_type (filter, "text/csv");
  g_list_store_append (filters, filter);
  gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (filters));
  gtk_file_dialog_open (dialog, GTK_WINDOW (gtk_widget_get_root (widget)), NULL, on_import_chosen,
                        g_object_ref (widget));
}

static void
on_exported (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(PdOrderPage) self = data;
  g_autoptr(GError) error = NULL;

  if (!pd_desk_export_finish (PD_DESK (source), result, &error))
    pd_order_page_toast (self, error->message);
  else
    pd_order_page_toast (self, _("The order’s codes are saved"));
}

static void
on_export_chosen (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr(PdOrderPage) self = data;
  g_autoptr(GFile) file = gtk_file_dialog_save_finish (GTK_FILE_DIALOG (source), result, NULL);

  if (file != NULL && self->packing != NULL)
    pd_desk_export_async (self->desk, self->packing, file, NULL, on_exported, g_object_ref (self));
}

static void
export_codes (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  PdOrderPage *self = PD_ORDER_PAGE (widget);
  g_autoptr(GtkFileDialog) dialog = NULL;
  g_autofree char *name = NULL;

  if (self->packing == NULL)
    return;
  dialog = gtk_file_dialog_new ();
  gtk_file_dialog_set_title (dialog, _("Export Codes"));
  gtk_file_dialog_set_accept_label (dialog, _("_Export"));
  name = g_strdup_printf ("order-%" G_GINT64_FORMAT ".csv",
                          pd_order_get_id (pd_packing_order_get_order (self->packing)));
  gtk_file_dialog_set_initial_name (dialog, name);
  gtk_file_dialog_save (dialog, GTK_WINDOW (gtk_widget_get_root (widget)), NULL, on_export_chosen,
                        g_object_ref (widget));
}

/* A code taken off a unit, kept for Undo until the next removal or another order. */
struct _Removal
{
  PdUnit         *unit;
  PdJournalEntry *entry;
};

static void
removal_free (Removal *removal)
{
  g_object_unref (removal->unit);
  pd_journal_entry_free (removal->entry);
  g_free (removal);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Removal, removal_free)

static void
on_restored (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(PdOrderPage) self = data;
  g_autoptr(PdUnit) unit = NULL;
  g_autoptr(GError) error = NULL;

  unit = pd_desk_replace_finish (PD_DESK (source), result, &error);
  if (unit == NULL)
    pd_order_page_toast (self, error->message);
  else if (self->packing != NULL)
    highlight_next (self);
}

/* Ctrl+Z, or Undo in the toast: the last code taken off goes back on its unit (a declaration's
 * country after it), as from where it first came. */
static void
undo_remove (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PdOrderPage *self = PD_ORDER_PAGE (widget);
  g_autoptr(Removal) removal = g_steal_pointer (&self->removal);

  if (removal == NULL || pd_packing_order_is_locked (self->packing))
    return;
  pd_desk_replace_async (self->desk, removal->unit, removal->entry->code, removal->entry->source, NULL,
                         on_restored, g_object_ref (self));
  if (removal->entry->country_code != NULL)
    pd_desk_replace_async (self->desk, removal->unit, removal->entry->country_code, removal->entry->source,
                           NULL, on_restored, g_object_ref (self));
}

static void
on_removed (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(PdOrderPage) self = data;
  g_autoptr(GError) error = NULL;
  GtkWidget *overlay;
  AdwToast *undo;

  if (!pd_desk_remove_finish (PD_DESK (source), result, &error))
    {
      g_clear_pointer (&self->removal, removal_free);
      pd_order_page_toast (self, error->message);
      return;
    }
  if (self->packing != NULL)
    highlight_next (self);
  overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  if (overlay == NULL)
    return;
  undo = adw_toast_new (_("Code removed"));
  adw_toast_set_button_label (undo, _("_Undo"));
  adw_toast_set_action_name (undo, "order.undo-remove");
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), undo);
}

/* Takes UNIT's code off, with an Undo in a toast. */
static void
remove_code (PdOrderPage *self,
             PdUnit      *unit)
{
  Removal *removal = g_new0 (Removal, 1);

  removal->unit = g_object_ref (unit);
  removal->entry = pd_journal_entry_copy (pd_unit_get_entry (unit));
  g_clear_pointer (&self->removal, removal_free);
  self->removal = removal;
  pd_desk_remove_async (self->desk, unit, NULL, on_removed, g_object_ref (self));
}

/* The unit picked in the list (the highlight, or what Up/Down chose). */
static PdUnit *
selected_unit (PdOrderPage *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->units);

  return row != NULL ? pd_unit_row_get_unit (PD_UNIT_ROW (row)) : NULL;
}

/* F2: the next scan replaces the picked unit's code. */
static void
replace_unit (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  PdOrderPage *self = PD_ORDER_PAGE (widget);
  PdUnit *unit = selected_unit (self);

  if (unit != NULL && pd_unit_get_code (unit) != NULL && !pd_packing_order_is_locked (self->packing))
    set_replacing (self, unit);
}

/* Alt+Delete: the picked unit's code comes off. */
static void
remove_unit (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  PdOrderPage *self = PD_ORDER_PAGE (widget);
  PdUnit *unit = selected_unit (self);

  if (unit != NULL && pd_unit_get_code (unit) != NULL && !pd_packing_order_is_locked (self->packing))
    remove_code (self, unit);
}

static void
on_remove (PdUnitRow   *row,
           PdOrderPage *self)
{
  if (pd_unit_get_code (pd_unit_row_get_unit (row)) != NULL)
    remove_code (self, pd_unit_row_get_unit (row));
}

static void
on_replace (PdUnitRow   *row,
            PdOrderPage *self)
{
  set_replacing (self, pd_unit_row_get_unit (row));
}

static GtkWidget *
create_unit_row (gpointer item,
                 gpointer data)
{
  PdOrderPage *self = data;
  GtkWidget *row = pd_unit_row_new (item, !pd_packing_order_is_locked (self->packing));

  g_signal_connect_object (row, "remove", G_CALLBACK (on_remove), data, 0);
  g_signal_connect_object (row, "replace", G_CALLBACK (on_replace), data, 0);
  g_signal_connect_object (row, "retry", G_CALLBACK (on_submit_clicked), data, G_CONNECT_SWAPPED);
  return row;
}

/* What an item needs, in the packer's words: the code engine's names for its kinds, and the two
 * needs that are more than one kind. */
static char *
describe_kinds (PdInstanceTypes types)
{
  g_autoptr(GStrvBuilder) kinds = g_strv_builder_new ();
  g_auto(GStrv) names = NULL;

  if (types & PD_INSTANCE_TYPE_CIS)
    g_strv_builder_add (kinds, pd_code_kind_get_name (PD_CODE_KIND_CIS));
  if (types & PD_INSTANCE_TYPE_CIS_OPTIONAL)
    g_strv_builder_add (kinds, _("Chestny ZNAK code if marked"));
  if (types & PD_INSTANCE_TYPE_UIN)
    g_strv_builder_add (kinds, pd_code_kind_get_name (PD_CODE_KIND_UIN));
  if (types & PD_INSTANCE_TYPE_RNPT)
    g_strv_builder_add (kinds, pd_code_kind_get_name (PD_CODE_KIND_RNPT));
  if (types & PD_INSTANCE_TYPE_GTD)
    g_strv_builder_add (kinds, _("customs declaration and country"));
  names = g_strv_builder_end (kinds);
  return g_strjoinv (", ", names);
}

/* Units are grouped under their item: offer name, offer id, how many, and which codes. */
static void
item_header (GtkListBoxRow *row,
             GtkListBoxRow *before,
             gpointer       data)
{
  PdOrderPage *self = data;
  PdOrderItem *item = pd_unit_get_item (pd_unit_row_get_unit (PD_UNIT_ROW (row)));
  const char *gtin = self->desk != NULL ? pd_desk_lookup_gtin (self->desk, pd_order_item_get_offer_id (item)) : NULL;
  g_autofree char *kinds = NULL;
  g_autofree char *details = NULL;
  g_autofree char *offer = NULL;
  GtkWidget *header, *title, *subtitle;

  if (before != NULL && pd_unit_get_item (pd_unit_row_get_unit (PD_UNIT_ROW (before))) == item)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }
  kinds = describe_kinds (pd_order_item_get_required_types (item));
  /* Translators: an offer id · the GTIN the desk has seen on its codes */
  offer = gtin != NULL ? g_strdup_printf (_("%s · GTIN %s"), pd_order_item_get_offer_id (item), gtin)
                       : g_strdup (pd_order_item_get_offer_id (item));
  details = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u unit · needs %s",
                                          "%s · %u units · need %s", pd_order_item_get_count (item)),
                             offer, pd_order_item_get_count (item), kinds);
  header = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  title = gtk_label_new (pd_order_item_get_offer_name (item));
  subtitle = gtk_label_new (details);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_wrap (GTK_LABEL (subtitle), TRUE);
  gtk_widget_add_css_class (title, "heading");
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_box_append (GTK_BOX (header), title);
  gtk_box_append (GTK_BOX (header), subtitle);
  gtk_widget_add_css_class (header, "item-header");
  gtk_list_box_row_set_header (row, header);
}

static void
show_header (PdOrderPage *self)
{
  PdOrder *order = pd_packing_order_get_order (self->packing);
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, pd_order_get_id (order));
  g_autofree char *title = g_strdup_printf (_("Order %s"), number);
  /* Translators: the program (FBS, Express, DBS) · the order's status in words */
  g_autofree char *subtitle = g_strdup_printf (_("%s · %s"), pd_order_words_program (pd_order_get_program_type (order)),
                                              pd_order_words_status (pd_order_get_status (order),
                                                                     pd_order_get_substatus (order)));

  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_widget_set_sensitive (GTK_WIDGET (self->scan_entry), !pd_packing_order_is_locked (self->packing));
  gtk_widget_set_sensitive (GTK_WIDGET (self->submit_button), !pd_packing_order_is_locked (self->packing));
}

/* Ready to ship: the header says so, the order's row in the list too. */
static void
on_locked (PdPackingOrder *packing,
           GParamSpec     *pspec,
           PdOrderPage    *self)
{
  /* The rows are made again, without their edit buttons. */
  set_replacing (self, NULL);
  gtk_list_box_bind_model (self->units, pd_packing_order_get_units (packing), create_unit_row, self, NULL);
  show_header (self);
  pd_order_page_boxes_show (self);
  g_signal_emit (self, signals[ORDER_CHANGED], 0, pd_packing_order_get_order (packing));
}

static void
pd_order_page_dispose (GObject *object)
{
  PdOrderPage *self = PD_ORDER_PAGE (object);

  g_clear_pointer (&self->ready_binding, g_binding_unbind);
  g_clear_pointer (&self->blocker_binding, g_binding_unbind);
  if (self->packing != NULL)
    {
      g_clear_signal_handler (&self->locked_handler, self->packing);
      g_clear_signal_handler (&self->labels_handler, self->packing);
    }
  pd_order_page_boxes_forget (self);
  g_cancellable_cancel (self->printing);
  g_clear_object (&self->printing);
  g_clear_object (&self->packing);
  g_clear_object (&self->replacing);
  g_clear_pointer (&self->removal, removal_free);
  g_clear_object (&self->declaration);
  g_clear_object (&self->desk);
  gtk_widget_dispose_template (GTK_WIDGET (self), PD_TYPE_ORDER_PAGE);

  G_OBJECT_CLASS (pd_order_page_parent_class)->dispose (object);
}

/* Why the order is not ready, only while there is a reason. */
static void
show_blocker_if_any (GtkLabel *blocker)
{
  const char *text = gtk_label_get_label (blocker);

  gtk_widget_set_visible (GTK_WIDGET (blocker), text != NULL && *text != '\0');
}

static void
pd_order_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  PdOrderPage *self = PD_ORDER_PAGE (object);

  switch (prop_id)
    {
    case PROP_CAMERA_ACTIVE:
      /* Asked for by the action muxer even while the template is torn down. */
      g_value_set_boolean (value, self->camera_revealer != NULL
                                  && gtk_revealer_get_reveal_child (self->camera_revealer));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_order_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_CAMERA_ACTIVE:
      set_camera_active (PD_ORDER_PAGE (object), g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_order_page_class_init (PdOrderPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = pd_order_page_dispose;
  object_class->get_property = pd_order_page_get_property;
  object_class->set_property = pd_order_page_set_property;

  properties[PROP_CAMERA_ACTIVE] =
    g_param_spec_boolean ("camera-active", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (PD_TYPE_CAMERA_PANEL);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/pd-order-page.ui");
  gtk_widget_class_bind_template_child (widget_class, PdOrderPage, window_title);
  gtk_widget_class_bind_template_child (widget_class, PdOrderPage, scan_entry);
  gtk_widget_class_bind_template_child (widget_class, PdOrderPage, camera_revealer);
  gtk_widget_class_bind_template_child (widget_class, PdOrderPage, camera_panel);
  gtk_widget_class_bind_template_child (widget_class, PdOrderPage, units);
  gtk_widget_class_bind_template_child (widget_class, PdOrderPage, unmarked_group);
  gtk_widget_class_bind_template_child (widget_class, PdOrderPage, unmarked);
  gtk_widget_class_bind_template_child (widget_class, PdOrderPage, submit_button);
  gtk_widget_class_bind_template_child (widget_class, PdOrderPage, ready_button);
  gtk_widget_class_bind_template_child (widget_class, PdOrderPage, blocker);
  gtk_widget_class_bind_template_child (widget_class, PdOrderPage, labels_banner);
  gtk_widget_class_bind_template_child (widget_class, PdOrderPage, labels_section);
  gtk_widget_class_bind_template_callback (widget_class, on_scan_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_submit_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_ready_clicked);
  gtk_widget_class_install_property_action (widget_class, "order.camera", "camera-active");
  gtk_widget_class_install_action (widget_class, "order.submit", NULL, submit_now);
  gtk_widget_class_install_action (widget_class, "order.ready", NULL, mark_ready);
  gtk_widget_class_install_action (widget_class, "order.check", NULL, check_now);
  gtk_widget_class_install_action (widget_class, "order.import", NULL, import_codes);
  gtk_widget_class_install_action (widget_class, "order.export", NULL, export_codes);
  gtk_widget_class_install_action (widget_class, "order.print-labels", NULL, print_labels);
  gtk_widget_class_install_action (widget_class, "order.print-box-label", "x", print_labels);
  pd_order_page_boxes_class_init (widget_class);
  gtk_widget_class_install_action (widget_class, "order.cancel-replace", NULL, cancel_replace);
  gtk_widget_class_install_action (widget_class, "order.replace-unit", NULL, replace_unit);
  gtk_widget_class_install_action (widget_class, "order.remove-unit", NULL, remove_unit);
  gtk_widget_class_install_action (widget_class, "order.undo-remove", NULL, undo_remove);
  gtk_widget_class_install_action (widget_class, "order.same-declaration", NULL, same_declaration);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F2, 0, "order.replace-unit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, GDK_ALT_MASK, "order.remove-unit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "order.cancel-replace", NULL);

  /**
   * PdOrderPage::order-changed:
   * @order: the order, whose status changed
   */
  /**
   * PdOrderPage::feedback:
   * @kind: a PdFeedbackKind: what became of the last scan
   */
  /**
   * PdOrderPage::order-scanned:
   * @text: the scan
   *
   * Asks whether TEXT names another order (its number, or a box label's barcode) and opens it;
   * a handler returns TRUE when it did, and the scan is not a code for the shown order.
   */
  signals[ORDER_SCANNED] = g_signal_new ("order-scanned", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         g_signal_accumulator_true_handled, NULL, NULL,
                                         G_TYPE_BOOLEAN, 1, G_TYPE_STRING);
  signals[FEEDBACK] = g_signal_new ("feedback", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
  signals[ORDER_CHANGED] = g_signal_new ("order-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 1, PD_TYPE_ORDER);
}

/* What is done to the order as a whole works wherever the focus is in the window (the sidebar's
 * search, the review list): the window hands these keys to the page before anything else. */
static const PdShortcutEntry order_keys[] = {
  { GDK_KEY_Return, GDK_CONTROL_MASK, "order.submit" },
  { GDK_KEY_Return, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "order.ready" },
  { GDK_KEY_F5, 0, "order.check" },
  { GDK_KEY_o, GDK_CONTROL_MASK, "order.import" },
  { GDK_KEY_e, GDK_CONTROL_MASK, "order.export" },
  { GDK_KEY_p, GDK_CONTROL_MASK, "order.print-labels" },
  { GDK_KEY_b, GDK_CONTROL_MASK, "order.add-box" },
  { GDK_KEY_Page_Down, GDK_CONTROL_MASK, "order.next-box" },
  { GDK_KEY_Page_Up, GDK_CONTROL_MASK, "order.previous-box" },
  { GDK_KEY_m, GDK_CONTROL_MASK, "order.move-unit" },
  { GDK_KEY_b, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "order.split-item" },
  { GDK_KEY_c, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "order.camera" },
  /* The scan field's own undo would take Ctrl+Z even with nothing to undo (and what a scanner
   * typed is not worth undoing): here it puts a removed code back. */
  { GDK_KEY_z, GDK_CONTROL_MASK, "order.undo-remove" },
};

/* Until an order is shown, its shortcuts have nothing to act on. */
static void
set_order_actions_enabled (PdOrderPage *self,
                           gboolean     enabled)
{
  for (guint i = 0; i < G_N_ELEMENTS (order_keys); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), order_keys[i].action, enabled);
}

static void
add_order_shortcuts (PdOrderPage *self)
{
  gtk_editable_set_enable_undo (GTK_EDITABLE (self->scan_entry), FALSE);
  gtk_widget_add_controller (GTK_WIDGET (self),
                             pd_shortcut_table_new (order_keys, G_N_ELEMENTS (order_keys),
                                                    GTK_SHORTCUT_SCOPE_GLOBAL));
  set_order_actions_enabled (self, FALSE);
}

static void
pd_order_page_init (PdOrderPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  add_order_shortcuts (self);
  g_signal_connect (self->blocker, "notify::label", G_CALLBACK (show_blocker_if_any), NULL);
  gtk_list_box_set_header_func (self->units, item_header, self, NULL);
  {
    GtkWidget *nothing = gtk_label_new (_("Nothing in this order needs a code: it can be marked ready to ship."));

    gtk_label_set_wrap (GTK_LABEL (nothing), TRUE);
    gtk_widget_add_css_class (nothing, "dim-label");
    gtk_widget_set_margin_top (nothing, 18);
    gtk_widget_set_margin_bottom (nothing, 18);
    gtk_widget_set_margin_start (nothing, 12);
    gtk_widget_set_margin_end (nothing, 12);
    gtk_list_box_set_placeholder (self->units, nothing);
  }
  g_signal_connect_swapped (self->units, "row-selected", G_CALLBACK (on_unit_selected), self);
  {
    GtkEventController *keys = gtk_event_controller_key_new ();

    g_signal_connect (keys, "key-pressed", G_CALLBACK (on_scan_key), self);
    gtk_widget_add_controller (GTK_WIDGET (self->scan_entry), keys);
  }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "order.cancel-replace", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "order.print-box-label", FALSE);
  g_signal_connect_object (pd_camera_panel_get_camera (self->camera_panel), "code-found",
                           G_CALLBACK (on_camera_code), self, 0);
}

/* The next scan replaces UNIT's code (a unit of the shown order). */
void
pd_order_page_replace (PdOrderPage *self,
                       PdUnit      *unit)
{
  g_return_if_fail (PD_IS_ORDER_PAGE (self));

  set_replacing (self, unit);
}

/* Returns: (transfer none) (nullable): the unit whose code the next scan replaces */
PdUnit *
pd_order_page_get_replacing (PdOrderPage *self)
{
  g_return_val_if_fail (PD_IS_ORDER_PAGE (self), NULL);

  return self->replacing;
}

/* Returns: (transfer none): the camera, whose device follows the settings */
PdCamera *
pd_order_page_get_camera (PdOrderPage *self)
{
  g_return_val_if_fail (PD_IS_ORDER_PAGE (self), NULL);

  return pd_camera_panel_get_camera (self->camera_panel);
}

/* Returns: the order's name as its header bar shows it ("Order 52000143") */
const char *
pd_order_page_get_title (PdOrderPage *self)
{
  g_return_val_if_fail (PD_IS_ORDER_PAGE (self), NULL);

  return adw_window_title_get_title (self->window_title);
}

/* Shows PACKING, worked on through DESK. */
void
pd_order_page_set_order (PdOrderPage    *self,
                         PdDesk         *desk,
                         PdPackingOrder *packing)
{
  g_clear_pointer (&self->ready_binding, g_binding_unbind);
  g_clear_pointer (&self->blocker_binding, g_binding_unbind);
  if (self->packing != NULL)
    {
      g_clear_signal_handler (&self->locked_handler, self->packing);
      g_clear_signal_handler (&self->labels_handler, self->packing);
    }
  pd_order_page_boxes_forget (self);
  /* Labels on their way to the printer still go; only the page stops waiting for them. */
  g_clear_object (&self->printing);
  g_set_object (&self->desk, desk);
  g_set_object (&self->packing, packing);
  set_replacing (self, NULL);
  g_clear_pointer (&self->removal, removal_free);
  g_clear_object (&self->declaration);

  show_header (self);
  show_box_labels (self);
  self->locked_handler = g_signal_connect (packing, "notify::locked", G_CALLBACK (on_locked), self);
  self->labels_handler = g_signal_connect (packing, "notify::labels", G_CALLBACK (on_labels_state), self);
  on_labels_state (packing, NULL, self);
  gtk_list_box_bind_model (self->units, pd_packing_order_get_units (packing), create_unit_row, self, NULL);
  self->ready_binding = g_object_bind_property (packing, "ready", self->ready_button, "sensitive",
                                                G_BINDING_SYNC_CREATE);
  self->blocker_binding = g_object_bind_property (packing, "blocker", self->blocker, "label",
                                                  G_BINDING_SYNC_CREATE);
  set_order_actions_enabled (self, TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "order.print-box-label", TRUE);
  pd_order_page_boxes_follow (self);
  highlight_next (self);
}

/* Returns: (transfer none) (nullable) */
PdPackingOrder *
pd_order_page_get_order (PdOrderPage *self)
{
  return self->packing;
}

void
pd_order_page_focus_scan (PdOrderPage *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->scan_entry));
}
