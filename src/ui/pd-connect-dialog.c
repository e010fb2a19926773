/* pd-connect-dialog.c — connecting the seller's store.
 *
 * The key is checked the way the desk will use it, by listing the campaigns it reaches; only a
 * key that works is kept, in the desktop keyring (never in a file or a log). Then the packer picks
 * the store whose orders the desk shows, and the application reconnects (app.reconnect). When
 * the keyring cannot keep the key (none made yet, or locked), the packer can have it set up —
 * the desktop asks for its password — or use the key until Packdesk quits.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pd-connect-dialog.h"

#include <glib/gi18n.h>

#include "pd-api-key.h"
#include "pd-application.h"
#include "pd-campaign.h"
#include "pd-market-client.h"
#include "pd-session.h"

struct _PdConnectDialog
{
  AdwDialog             parent_instance;

  AdwPasswordEntryRow  *key_row;
  GtkButton            *check_button;
  GtkLabel             *problem;
  AdwPreferencesGroup  *campaigns_group;
  GtkListBox           *campaigns_list;
  GtkButton            *keyring_button;
  GtkButton            *use_button;

  GSettings            *settings;
  GCancellable         *cancellable;
  char                 *checked_key;
  /* The keyring would not keep the key: the next click uses it until Packdesk quits. */
  gboolean              keyring_failed;
  gint64                chosen_campaign;
};

G_DEFINE_FINAL_TYPE (PdConnectDialog, pd_connect_dialog, ADW_TYPE_DIALOG)

static void
show_problem (PdConnectDialog *self,
              const char      *message)
{
  gtk_label_set_label (self->problem, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem), message != NULL);
}

static void
on_campaign_toggled (GtkCheckButton  *check,
                     PdConnectDialog *self)
{
  if (gtk_check_button_get_active (check))
    self->chosen_campaign = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (check), "campaign-id"));
}

static void
show_campaigns (PdConnectDialog *self,
                GPtrArray       *campaigns)
{
  GtkCheckButton *group = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->campaigns_list))) != NULL)
    gtk_list_box_remove (self->campaigns_list, child);
  for (guint i = 0; i < campaigns->len; i++)
    {
      PdCampaign *campaign = campaigns->pdata[i];
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();
      g_autofree char *subtitle = g_strdup_printf ("%s · %" G_GINT64_FORMAT,
                                                   pd_campaign_get_placement_type (campaign),
                                                   pd_campaign_get_id (campaign));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), pd_campaign_get_domain (campaign));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      g_object_set_data (G_OBJECT (check), "campaign-id", GSIZE_TO_POINTER (pd_campaign_get_id (campaign)));
      gtk_check_button_set_group (GTK_CHECK_BUTTON (check), group);
      group = group != NULL ? group : GTK_CHECK_BUTTON (check);
      g_signal_connect (check, "toggled", G_CALLBACK (on_campaign_toggled), self);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      gtk_list_box_append (self->campaigns_list, row);
      if (i == 0)
        gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->campaigns_group), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->use_button), TRUE);
}

static void
on_campaigns (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(PdConnectDialog) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) campaigns = pd_market_client_list_campaigns_finish (PD_MARKET_CLIENT (source),
                                                                            result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (self->check_button), TRUE);
  if (g_error_matches (error, PD_MARKET_ERROR, PD_MARKET_ERROR_UNAUTHORIZED))
    {
      /* Here, not in Preferences, is where the key is fixed. */
      show_problem (self, _("The Market did not accept this key. Copy it again from the seller’s "
                            "account (Settings → API and modules) and check it again."));
      return;
    }
  if (campaigns == NULL)
    {
      show_problem (self, error->message);
      return;
    }
  if (campaigns->len == 0)
    {
      show_problem (self, _("The key works but reaches no store. Check its permissions in the seller’s account."));
      return;
    }
  g_free (self->checked_key);
  self->checked_key = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->key_row)));
  show_campaigns (self, campaigns);
}

static void
on_check_clicked (PdConnectDialog *self)
{
  const char *key = gtk_editable_get_text (GTK_EDITABLE (self->key_row));
  g_autofree char *url = pd_session_dup_api_url (self->settings);
  g_autoptr(PdMarketClient) client = NULL;
  g_autoptr(GError) error = NULL;

  show_problem (self, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->campaigns_group), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->use_button), FALSE);
  if (*key == '\0')
    {
      show_problem (self, _("Paste the Api-Key first."));
      return;
    }
  client = pd_market_client_new (url, key, &error);
  if (client == NULL)
    {
      show_problem (self, error->message);
      return;
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->check_button), FALSE);
  pd_market_client_list_campaigns_async (client, self->cancellable, on_campaigns, g_object_ref (self));
}

static void on_key_stored (GObject      *source,
                           GAsyncResult *result,
                           gpointer      data);

/* The keyring cannot keep the key: WORDS say why, and the packer may set the keyring up or
 * use the key for this session only. */
static void
offer_keyring_setup (PdConnectDialog *self,
                     const char      *words)
{
  self->keyring_failed = TRUE;
  gtk_button_set_label (self->use_button, _("_Use for This Session"));
  gtk_widget_remove_css_class (GTK_WIDGET (self->use_button), "suggested-action");
  gtk_widget_set_visible (GTK_WIDGET (self->keyring_button), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->keyring_button), TRUE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->use_button), TRUE);
  show_problem (self, words);
}

static void
on_key_stored (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr(PdConnectDialog) self = data;
  g_autoptr(GError) error = NULL;
  GApplication *app = g_application_get_default ();

  if (!pd_api_key_store_finish (result, &error))
    {
      g_autofree char *words = NULL;

      /* libsecret's words name D-Bus paths; the packer needs what it means and a way on. */
      words = g_strdup_printf (_("The desktop keyring cannot keep the key (%s): it is locked or none "
                                 "has been made yet. Set it up — the desktop asks for its password — "
                                 "or use the key until Packdesk quits; it is asked for again next "
                                 "time."), error->message);
      offer_keyring_setup (self, words);
      return;
    }
  g_settings_set_int64 (self->settings, "campaign-id", self->chosen_campaign);
  g_settings_set_boolean (self->settings, "welcome-shown", TRUE);
  if (app != NULL)
    g_action_group_activate_action (G_ACTION_GROUP (app), "reconnect", NULL);
  adw_dialog_close (ADW_DIALOG (self));
}

static void
on_keyring_ready (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr(PdConnectDialog) self = data;
  g_autoptr(GError) error = NULL;

  if (!pd_api_key_prepare_keyring_finish (result, &error))
    {
      g_autofree char *words = NULL;

      if (g_cancellable_is_cancelled (self->cancellable))
        return;  /* the dialog is closing */
      /* Packdesk's own words when no password was given, libsecret's otherwise. */
      words = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
              ? g_strdup (error->message)
              : g_strdup_printf (_("The keyring could not be set up: %s"), error->message);
      offer_keyring_setup (self, words);
      return;
    }
  pd_api_key_store_async (self->checked_key, self->cancellable, on_key_stored, g_object_ref (self));
}

static void
on_keyring_clicked (PdConnectDialog *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->keyring_button), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->use_button), FALSE);
  pd_api_key_prepare_keyring_async (self->cancellable, on_keyring_ready, g_object_ref (self));
}

static void
on_use_clicked (PdConnectDialog *self)
{
  GApplication *app = g_application_get_default ();

  if (self->keyring_failed && PD_IS_APPLICATION (app))
    {
      g_settings_set_int64 (self->settings, "campaign-id", self->chosen_campaign);
      g_settings_set_boolean (self->settings, "welcome-shown", TRUE);
      pd_application_use_key_for_session (PD_APPLICATION (app), self->checked_key);
      adw_dialog_close (ADW_DIALOG (self));
      return;
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->use_button), FALSE);
  pd_api_key_store_async (self->checked_key, self->cancellable, on_key_stored, g_object_ref (self));
}

static void
pd_connect_dialog_dispose (GObject *object)
{
  PdConnectDialog *self = PD_CONNECT_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->checked_key, g_free);
  G_OBJECT_CLASS (pd_connect_dialog_parent_class)->dispose (object);
}

static void
pd_connect_dialog_class_init (PdConnectDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = pd_connect_dialog_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/pd-connect-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PdConnectDialog, key_row);
  gtk_widget_class_bind_template_child (widget_class, PdConnectDialog, check_button);
  gtk_widget_class_bind_template_child (widget_class, PdConnectDialog, problem);
  gtk_widget_class_bind_template_child (widget_class, PdConnectDialog, campaigns_group);
  gtk_widget_class_bind_template_child (widget_class, PdConnectDialog, campaigns_list);
  gtk_widget_class_bind_template_child (widget_class, PdConnectDialog, keyring_button);
  gtk_widget_class_bind_template_child (widget_class, PdConnectDialog, use_button);
  gtk_widget_class_bind_template_callback (widget_class, on_check_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_keyring_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_use_clicked);
}

static void
pd_connect_dialog_init (PdConnectDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

PdConnectDialog *
pd_connect_dialog_new (GSettings *settings)
{
  PdConnectDialog *self = g_object_new (PD_TYPE_CONNECT_DIALOG, NULL);

  self->settings = g_object_ref (settings);
  return self;
}
