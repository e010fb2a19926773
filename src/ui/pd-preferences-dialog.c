/* pd-preferences-dialog.c — settings a packer or a shift lead changes, bound to GSettings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pd-preferences-dialog.h"

#include <glib/gi18n.h>
#include <gst/gst.h>
#include <gtk/gtkunixprint.h>

#include "pd-api-key.h"
#include "pd-application.h"
#include "pd-camera.h"
#include "pd-camera-portal.h"
#include "pd-market-client.h"
#include "pd-campaign.h"
#include "pd-session.h"

struct _PdPreferencesDialog
{
  AdwPreferencesDialog  parent_instance;

  GSettings            *settings;
  AdwEntryRow          *api_url_row;
  AdwEntryRow          *packer_row;
  AdwSwitchRow         *confirm_unmarked_row;
  AdwEntryRow          *gs_substitute_row;
  AdwEntryRow          *prefix_row;
  AdwEntryRow          *suffix_row;
  AdwSpinRow           *gap_row;
  AdwSpinRow           *fetch_row;
  AdwSpinRow           *pause_row;
  AdwSwitchRow         *layout_row;
  AdwComboRow          *camera_row;
  AdwComboRow          *size_row;
  GStrv                 sizes;  /* of the chosen camera, as the size row lists them after its first */
  AdwSwitchRow         *sounds_row;
  AdwActionRow         *store_row;
  AdwActionRow         *forget_row;
  AdwActionRow         *journal_row;
  GtkScale             *volume_scale;
  AdwComboRow          *label_format_row;
  AdwComboRow          *label_printer_row;
  GtkStringList        *printers;  /* "choose each time", then the printers found */
  AdwSwitchRow         *print_when_ready_row;

  /* Lists the cameras plugged in, and follows hot-plugging. */
  PdCamera             *camera;
};

enum {
  PROP_0,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (PdPreferencesDialog, pd_preferences_dialog, ADW_TYPE_PREFERENCES_DIALOG)

PdPreferencesDialog *
pd_preferences_dialog_new (GSettings *settings)
{
  return g_object_new (PD_TYPE_PREFERENCES_DIALOG, "settings", settings, NULL);
}

/* The chosen camera by name: names survive replugging, positions in the list do not. */
static void
show_chosen_camera (PdPreferencesDialog *self)
{
  GListModel *devices = pd_camera_get_devices (self->camera);
  g_autofree char *chosen = g_settings_get_string (self->settings, "camera-device");
  guint n = g_list_model_get_n_items (devices);

  if (pd_camera_portal_wanted ())
    {
      /* Inside a Flatpak the system's camera portal picks the camera. */
      gtk_widget_set_sensitive (GTK_WIDGET (self->camera_row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->camera_row),
                                   _("The system chooses the camera when Packdesk asks for it"));
      return;
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->camera_row),
                               n == 0 ? _("No camera is connected") : NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GstDevice) device = g_list_model_get_item (devices, i);
      g_autofree char *name = gst_device_get_display_name (device);

      if (g_str_equal (name, chosen))
        {
          adw_combo_row_set_selected (self->camera_row, i);
          return;
        }
    }
}

/* The sizes the chosen camera offers, the one in the settings selected. */
static void
show_sizes (PdPreferencesDialog *self)
{
  GstDevice *device = adw_combo_row_get_selected_item (self->camera_row);
  g_autofree char *chosen = g_settings_get_string (self->settings, "camera-size");
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  guint selected = 0;

  g_clear_pointer (&self->sizes, g_strfreev);
  g_clear_object (&self->printers);
  self->sizes = device != NULL ? pd_camera_list_sizes (device) : g_new0 (char *, 1);
  gtk_string_list_append (names, _("What the camera offers"));
  for (guint i = 0; self->sizes[i] != NULL; i++)
    {
      gtk_string_list_append (names, self->sizes[i]);
      if (g_str_equal (self->sizes[i], chosen))
        selected = i + 1;
    }
  adw_combo_row_set_model (self->size_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->size_row, selected);
  gtk_widget_set_sensitive (GTK_WIDGET (self->size_row), self->sizes[0] != NULL);
}

static void
on_size_selected (PdPreferencesDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->size_row);

  if (self->sizes == NULL || selected == GTK_INVALID_LIST_POSITION
      || selected > g_strv_length (self->sizes))
    return;
  g_settings_set_string (self->settings, "camera-size", selected == 0 ? "" : self->sizes[selected - 1]);
}

static void
on_camera_selected (PdPreferencesDialog *self)
{
  GstDevice *device = adw_combo_row_get_selected_item (self->camera_row);
  g_autofree char *name = device != NULL ? gst_device_get_display_name (device) : NULL;

  if (name != NULL)
    g_settings_set_string (self->settings, "camera-device", name);
  show_sizes (self);
}

/* A dialog belongs to no application of its own: the running one has the session. */
static PdSession *
session_of (PdPreferencesDialog *self)
{
  GApplication *app = g_application_get_default ();

  return PD_IS_APPLICATION (app) ? pd_application_get_session (PD_APPLICATION (app)) : NULL;
}

/* Which store the desk works on, and where its journal is: known once the window is shown. */
static void
show_account (PdPreferencesDialog *self)
{
  PdSession *session = session_of (self);
  g_autoptr(PdCampaign) campaign = NULL;
  g_autofree char *journal = NULL;

  if (session == NULL)
    return;
  campaign = g_list_model_get_item (pd_session_get_campaigns (session), 0);
  if (pd_session_is_demo (session))
    adw_action_row_set_subtitle (self->store_row, _("The built-in demo store"));
  else if (campaign != NULL)
    adw_action_row_set_subtitle (self->store_row, pd_campaign_get_business_name (campaign));
  gtk_widget_set_visible (GTK_WIDGET (self->forget_row), !pd_session_is_demo (session));
  journal = pd_session_dup_journal_path (session);
  adw_action_row_set_subtitle (self->journal_row, journal);
}

static void
on_key_forgotten (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr(PdPreferencesDialog) self = data;
  g_autoptr(GError) error = NULL;
  GApplication *app = g_application_get_default ();

  if (!pd_api_key_clear_finish (result, &error))
    {
      adw_preferences_dialog_add_toast (ADW_PREFERENCES_DIALOG (self), adw_toast_new (error->message));
      return;
    }
  if (app != NULL)
    g_action_group_activate_action (G_ACTION_GROUP (app), "reconnect", NULL);
  adw_preferences_dialog_add_toast (ADW_PREFERENCES_DIALOG (self),
                                    adw_toast_new (_("The key is forgotten; the desk is on the demo store.")));
  gtk_widget_set_visible (GTK_WIDGET (self->forget_row), FALSE);
}

static void
on_forget_clicked (PdPreferencesDialog *self)
{
  pd_api_key_clear_async (NULL, on_key_forgotten, g_object_ref (self));
}

static void
on_all_exported (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(PdPreferencesDialog) self = data;
  g_autoptr(GError) error = NULL;

  adw_preferences_dialog_add_toast (ADW_PREFERENCES_DIALOG (self),
                                    adw_toast_new (pd_desk_export_finish (PD_DESK (source), result, &error)
                                                   ? _("All codes are saved") : error->message));
}

static void
on_export_all_chosen (GObject      *source,
                      GAsyncResult *result,
                      gpointer      data)
{
  g_autoptr(PdPreferencesDialog) self = data;
  g_autoptr(GFile) file = gtk_file_dialog_save_finish (GTK_FILE_DIALOG (source), result, NULL);
  PdSession *session = session_of (self);

  if (file != NULL && session != NULL)
    pd_desk_export_all_async (pd_session_get_desk (session), file, NULL, on_all_exported,
                              g_object_ref (self));
}

static void
on_export_all_clicked (PdPreferencesDialog *self)
{
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();

  gtk_file_dialog_set_title (dialog, _("Export All Codes"));
  gtk_file_dialog_set_accept_label (dialog, _("_Export"));
  gtk_file_dialog_set_initial_name (dialog, "packdesk-codes.csv");
  gtk_file_dialog_save (dialog, GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), NULL,
                        on_export_all_chosen, g_object_ref (self));
}

static void
on_open_journal_clicked (PdPreferencesDialog *self)
{
  PdSession *session = session_of (self);
  g_autofree char *journal = NULL;
  g_autofree char *folder = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *uri = NULL;

  if (session == NULL)
    return;
  journal = pd_session_dup_journal_path (session);
  folder = g_path_get_dirname (journal);
  file = g_file_new_for_path (folder);
  uri = g_file_get_uri (file);
  g_app_info_launch_default_for_uri_async (uri, NULL, NULL, NULL, NULL);
}

/* The label-format setting as the size row's position: the rows follow the API's list. */
static gboolean
format_to_row (GValue   *value,
               GVariant *variant,
               gpointer  data)
{
  const char * const *formats = pd_market_client_get_label_formats ();
  const char *format = g_variant_get_string (variant, NULL);

  for (guint i = 0; formats[i] != NULL; i++)
    if (g_str_equal (formats[i], format))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
row_to_format (const GValue       *value,
               const GVariantType *type,
               gpointer            data)
{
  const char * const *formats = pd_market_client_get_label_formats ();
  guint row = g_value_get_uint (value);

  return row < g_strv_length ((char **) formats) ? g_variant_new_string (formats[row]) : NULL;
}

/* The fetch interval is kept in seconds and shown in minutes. */
static gboolean
seconds_to_minutes (GValue   *value,
                    GVariant *variant,
                    gpointer  data)
{
  g_value_set_double (value, g_variant_get_uint32 (variant) / 60.0);
  return TRUE;
}

static GVariant *
minutes_to_seconds (const GValue       *value,
                    const GVariantType *type,
                    gpointer            data)
{
  return g_variant_new_uint32 ((guint32) (g_value_get_double (value) * 60 + 0.5));
}

/* The printer row shows the chosen printer, also before (or without) finding it. */
static void
show_chosen_printer (PdPreferencesDialog *self)
{
  g_autofree char *chosen = g_settings_get_string (self->settings, "label-printer");
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->printers));

  if (*chosen == '\0')
    {
      adw_combo_row_set_selected (self->label_printer_row, 0);
      return;
    }
  for (guint i = 1; i < n; i++)
    if (g_str_equal (gtk_string_list_get_string (self->printers, i), chosen))
      {
        adw_combo_row_set_selected (self->label_printer_row, i);
        return;
      }
  gtk_string_list_append (self->printers, chosen);
  adw_combo_row_set_selected (self->label_printer_row, n);
}

static gboolean
on_printer_found (GtkPrinter *printer,
                  gpointer    data)
{
  g_autoptr(PdPreferencesDialog) self = g_weak_ref_get (data);
  const char *name = gtk_printer_get_name (printer);
  guint n;

  if (self == NULL)
    return TRUE;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->printers));
  for (guint i = 1; i < n; i++)
    if (g_str_equal (gtk_string_list_get_string (self->printers, i), name))
      return FALSE;
  /* Print to File is no label printer. */
  if (!gtk_printer_is_virtual (printer))
    gtk_string_list_append (self->printers, name);
  return FALSE;
}

static void
weak_ref_free (GWeakRef *ref)
{
  g_weak_ref_clear (ref);
  g_free (ref);
}

static void
on_printer_selected (PdPreferencesDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->label_printer_row);

  if (selected == GTK_INVALID_LIST_POSITION)
    return;
  g_settings_set_string (self->settings, "label-printer",
                         selected == 0 ? "" : gtk_string_list_get_string (self->printers, selected));
}

static void
bind_labels (PdPreferencesDialog *self)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_settings_bind_with_mapping (self->settings, "label-format", self->label_format_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, format_to_row, row_to_format, NULL, NULL);
  g_settings_bind (self->settings, "print-labels-when-ready", self->print_when_ready_row, "active",
                   G_SETTINGS_BIND_DEFAULT);

  self->printers = gtk_string_list_new (NULL);
  gtk_string_list_append (self->printers, _("Choose When Printing"));
  adw_combo_row_set_model (self->label_printer_row, G_LIST_MODEL (self->printers));
  show_chosen_printer (self);
  g_signal_connect_object (self->label_printer_row, "notify::selected",
                           G_CALLBACK (on_printer_selected), self, G_CONNECT_SWAPPED);
  g_weak_ref_init (ref, self);
  gtk_enumerate_printers (on_printer_found, ref, (GDestroyNotify) weak_ref_free, FALSE);
}

static void
pd_preferences_dialog_constructed (GObject *object)
{
  PdPreferencesDialog *self = PD_PREFERENCES_DIALOG (object);

  G_OBJECT_CLASS (pd_preferences_dialog_parent_class)->constructed (object);

  g_settings_bind (self->settings, "api-url", self->api_url_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "packer-name", self->packer_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "refresh-interval", self->fetch_row, "value",
                                G_SETTINGS_BIND_DEFAULT, seconds_to_minutes, minutes_to_seconds,
                                NULL, NULL);
  g_settings_bind (self->settings, "confirm-unmarked", self->confirm_unmarked_row, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "gs-substitute", self->gs_substitute_row, "text",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "scanner-suffix", self->suffix_row, "text",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "scanner-prefix", self->prefix_row, "text",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "scanner-gap", self->gap_row, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "scanner-pause", self->pause_row, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "scanner-layout-repair", self->layout_row, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "sounds", self->sounds_row, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "sound-volume",
                   gtk_range_get_adjustment (GTK_RANGE (self->volume_scale)), "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "sounds", self->volume_scale, "sensitive", G_SETTINGS_BIND_GET);

  adw_combo_row_set_model (self->camera_row, pd_camera_get_devices (self->camera));
  show_chosen_camera (self);
  g_signal_connect_object (pd_camera_get_devices (self->camera), "items-changed",
                           G_CALLBACK (show_chosen_camera), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->camera_row, "notify::selected", G_CALLBACK (on_camera_selected),
                           self, G_CONNECT_SWAPPED);
  show_sizes (self);
  g_signal_connect_object (self->size_row, "notify::selected", G_CALLBACK (on_size_selected),
                           self, G_CONNECT_SWAPPED);
  bind_labels (self);
}

static void
pd_preferences_dialog_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  PdPreferencesDialog *self = PD_PREFERENCES_DIALOG (object);

  switch (prop_id)
    {
    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_preferences_dialog_dispose (GObject *object)
{
  PdPreferencesDialog *self = PD_PREFERENCES_DIALOG (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->camera);
  g_clear_pointer (&self->sizes, g_strfreev);

  G_OBJECT_CLASS (pd_preferences_dialog_parent_class)->dispose (object);
}

static void
pd_preferences_dialog_class_init (PdPreferencesDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = pd_preferences_dialog_constructed;
  object_class->set_property = pd_preferences_dialog_set_property;
  object_class->dispose = pd_preferences_dialog_dispose;

  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The template looks cameras' names up on GstDevice. */
  gst_init (NULL, NULL);
  g_type_ensure (GST_TYPE_DEVICE);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/pd-preferences-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PdPreferencesDialog, api_url_row);
  gtk_widget_class_bind_template_child (widget_class, PdPreferencesDialog, packer_row);
  gtk_widget_class_bind_template_child (widget_class, PdPreferencesDialog, confirm_unmarked_row);
  gtk_widget_class_bind_template_child (widget_class, PdPreferencesDialog, gs_substitute_row);
  gtk_widget_class_bind_template_child (widget_class, PdPreferencesDialog, prefix_row);
  gtk_widget_class_bind_template_child (widget_class, PdPreferencesDialog, suffix_row);
  gtk_widget_class_bind_template_child (widget_class, PdPreferencesDialog, gap_row);
  gtk_widget_class_bind_template_child (widget_class, PdPreferencesDialog, fetch_row);
  gtk_widget_class_bind_template_child (widget_class, PdPreferencesDialog, pause_row);
  gtk_widget_class_bind_template_child (widget_class, PdPreferencesDialog, layout_row);
  gtk_widget_class_bind_template_child (widget_class, PdPreferencesDialog, camera_row);
  gtk_widget_class_bind_template_child (widget_class, PdPreferencesDialog, size_row);
  gtk_widget_class_bind_template_child (widget_class, PdPreferencesDialog, sounds_row);
  gtk_widget_class_bind_template_child (widget_class, PdPreferencesDialog, store_row);
  gtk_widget_class_bind_template_child (widget_class, PdPreferencesDialog, forget_row);
  gtk_widget_class_bind_template_child (widget_class, PdPreferencesDialog, journal_row);
  gtk_widget_class_bind_template_callback (widget_class, on_forget_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_open_journal_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_export_all_clicked);
  gtk_widget_class_bind_template_child (widget_class, PdPreferencesDialog, volume_scale);
  gtk_widget_class_bind_template_child (widget_class, PdPreferencesDialog, label_format_row);
  gtk_widget_class_bind_template_child (widget_class, PdPreferencesDialog, label_printer_row);
  gtk_widget_class_bind_template_child (widget_class, PdPreferencesDialog, print_when_ready_row);
}

static void
pd_preferences_dialog_init (PdPreferencesDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->camera = pd_camera_new ();
  g_signal_connect (self, "map", G_CALLBACK (show_account), NULL);
}
