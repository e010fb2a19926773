/* pd-application.c — application-wide actions, settings and the main window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pd-application.h"
#include "pd-connect-dialog.h"
#include "pd-journal.h"
#include "pd-preferences-dialog.h"
#include "pd-session.h"
#include "pd-window.h"

struct _PdApplication
{
  AdwApplication  parent_instance;
  GSettings      *settings;
  PdSession      *session;
  gboolean        demo;
  /* A key the keyring would not keep: in memory only, until the application quits. */
  char           *session_key;
  /* Whether a session has started yet: the first one opens the order left open last time. */
  gboolean        started_once;
};

G_DEFINE_FINAL_TYPE (PdApplication, pd_application, ADW_TYPE_APPLICATION)

PdApplication *
pd_application_new (void)
{
  return g_object_new (PD_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "resource-base-path", RESOURCE_BASE,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       NULL);
}

GSettings *
pd_application_get_settings (PdApplication *self)
{
  g_return_val_if_fail (PD_IS_APPLICATION (self), NULL);

  return self->settings;
}

/* Returns: (transfer none): the store the desk works with */
PdSession *
pd_application_get_session (PdApplication *self)
{
  g_return_val_if_fail (PD_IS_APPLICATION (self), NULL);

  return self->session;
}

static void start_session (PdApplication *self);

static PdWindow *
main_window (PdApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (PD_IS_WINDOW (l->data))
      return l->data;
  return NULL;
}

static void
on_set_aside (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(PdApplication) self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *aside = pd_journal_set_aside_finish (result, &error);
  PdWindow *window = main_window (self);

  if (aside == NULL)
    {
      if (window != NULL)
        pd_window_show_error (window, error->message);
      return;
    }
  g_message ("The damaged journal was set aside as %s", aside);
  start_session (self);
}

static void
on_damaged_response (AdwAlertDialog *dialog,
                     const char     *response,
                     gpointer        data)
{
  PdApplication *self = data;
  g_autofree char *path = NULL;

  if (!g_str_equal (response, "new"))
    {
      PdWindow *window = main_window (self);

      if (window != NULL)
        pd_window_show_error (window, adw_alert_dialog_get_body (dialog));
      return;
    }
  path = pd_session_dup_journal_path (self->session);
  pd_journal_set_aside_async (path, NULL, on_set_aside, g_object_ref (self));
}

/* The journal cannot be read: a new one only when the packer agrees, and the old one kept. */
static void
ask_about_damaged_journal (PdApplication *self,
                           PdWindow      *window,
                           const GError  *error)
{
  AdwDialog *dialog = adw_alert_dialog_new (_("The Journal Is Damaged"), NULL);

  adw_alert_dialog_format_body (ADW_ALERT_DIALOG (dialog),
                                _("%s Packdesk can keep the damaged file aside, untouched, for "
                                  "whoever can recover it, and start a new, empty journal. Codes "
                                  "that are only in the damaged journal are then not shown."),
                                error->message);
  adw_alert_dialog_add_responses (ADW_ALERT_DIALOG (dialog),
                                  "cancel", _("_Not Now"),
                                  "new", _("_Start a New Journal"),
                                  NULL);
  adw_alert_dialog_set_response_appearance (ADW_ALERT_DIALOG (dialog), "new", ADW_RESPONSE_SUGGESTED);
  adw_alert_dialog_set_default_response (ADW_ALERT_DIALOG (dialog), "new");
  adw_alert_dialog_set_close_response (ADW_ALERT_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_damaged_response), self, 0);
  adw_dialog_present (dialog, GTK_WIDGET (window));
}

static void
on_session_started (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  g_autoptr(PdApplication) self = data;
  g_autoptr(GError) error = NULL;
  gboolean started = pd_session_start_finish (PD_SESSION (source), result, &error);

  if (g_error_matches (error, PD_JOURNAL_ERROR, PD_JOURNAL_ERROR_DAMAGED) && main_window (self) != NULL)
    {
      ask_about_damaged_journal (self, main_window (self), error);
      g_application_release (G_APPLICATION (self));
      return;
    }

  /* The active window may be the preferences; every main window hears the news. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      if (!PD_IS_WINDOW (l->data))
        continue;
      if (started)
        pd_window_session_ready (l->data);
      else
        pd_window_show_error (l->data, error->message);
    }
  if (started && !self->started_once && main_window (self) != NULL)
    pd_window_reopen_last_order (main_window (self));
  self->started_once |= started;
  g_application_release (G_APPLICATION (self));
}

/* A new session (demo, or the key in the environment or the keyring) for every main window. */
static void
start_session (PdApplication *self)
{
  g_clear_object (&self->session);
  self->session = pd_session_new (self->settings);
  g_application_hold (G_APPLICATION (self));
  pd_session_start_async (self->session, self->demo, self->session_key, NULL, on_session_started,
                          g_object_ref (self));
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (PD_IS_WINDOW (l->data))
      pd_window_set_session (l->data, self->session);
}

static void
pd_application_activate (GApplication *app)
{
  PdApplication *self = PD_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (self->session == NULL)
    start_session (self);
  if (window == NULL)
    {
      window = GTK_WINDOW (pd_window_new (self));
      pd_window_set_session (PD_WINDOW (window), self->session);
    }

  gtk_window_present (window);
}

static int
pd_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  PdApplication *self = PD_APPLICATION (app);

  self->demo = g_variant_dict_contains (options, "demo");
  /* Asking for the demo store is the first start's choice made. */
  if (self->demo)
    g_settings_set_boolean (self->settings, "welcome-shown", TRUE);
  return -1;
}

static void
pd_application_quit_action (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GList *windows = gtk_application_get_windows (app);

  /* Close windows rather than quitting outright so each saves its state; a window with a
   * dialog open would close the dialog instead, so the dialogs go first. */
  while (windows != NULL)
    {
      GList *next = windows->next;
      AdwDialog *dialog;

      while (ADW_IS_APPLICATION_WINDOW (windows->data)
             && (dialog = adw_application_window_get_visible_dialog (windows->data)) != NULL)
        adw_dialog_force_close (dialog);
      gtk_window_close (GTK_WINDOW (windows->data));
      windows = next;
    }
}

static void
pd_application_about_action (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  static const char *developers[] = { "The Packdesk developers", NULL };
  GtkApplication *app = GTK_APPLICATION (user_data);

  adw_show_about_dialog (GTK_WIDGET (gtk_application_get_active_window (app)),
                         "application-name", _("Packdesk"),
                         "application-icon", APPLICATION_ID,
                         "developer-name", _("The Packdesk developers"),
                         "version", PACKAGE_VERSION,
                         "comments", _("Capture and verify marking codes for Yandex Market orders at the packing desk."),
                         "website", "https://github.com/packdesk/packdesk",
                         "issue-url", "https://github.com/packdesk/packdesk/issues",
                         "developers", developers,
                         /* Translators: put your names here, one per line. */
                         "translator-credits", _("translator-credits"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         NULL);
}

static void
pd_application_preferences_action (GSimpleAction *action,
                                   GVariant      *parameter,
                                   gpointer       user_data)
{
  PdApplication *self = PD_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  adw_dialog_present (ADW_DIALOG (pd_preferences_dialog_new (self->settings)), GTK_WIDGET (parent));
}

static void
pd_application_connect_action (GSimpleAction *action,
                               GVariant      *parameter,
                               gpointer       user_data)
{
  PdApplication *self = PD_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  adw_dialog_present (ADW_DIALOG (pd_connect_dialog_new (self->settings)), GTK_WIDGET (parent));
}

/* The store changed (a key was stored): everything starts again on it. */
static void
pd_application_reconnect_action (GSimpleAction *action,
                                 GVariant      *parameter,
                                 gpointer       user_data)
{
  PdApplication *self = PD_APPLICATION (user_data);

  self->demo = FALSE;
  start_session (self);
}

/**
 * pd_application_use_key_for_session:
 *
 * Connects with KEY, kept in memory only (never written anywhere), until Packdesk quits: for a
 * desktop whose keyring cannot keep it.
 */
void
pd_application_use_key_for_session (PdApplication *self,
                                    const char    *key)
{
  g_return_if_fail (PD_IS_APPLICATION (self));

  g_free (self->session_key);
  self->session_key = g_strdup (key);
  self->demo = FALSE;
  start_session (self);
}

static const GActionEntry app_actions[] = {
  { "quit", pd_application_quit_action },
  { "about", pd_application_about_action },
  { "preferences", pd_application_preferences_action },
  { "connect", pd_application_connect_action },
  { "reconnect", pd_application_reconnect_action },
};

static void
pd_application_startup (GApplication *app)
{
  PdApplication *self = PD_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (pd_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         preferences_accels);
}

static void
pd_application_finalize (GObject *object)
{
  PdApplication *self = PD_APPLICATION (object);

  g_clear_object (&self->session);
  g_clear_object (&self->settings);
  g_free (self->session_key);

  G_OBJECT_CLASS (pd_application_parent_class)->finalize (object);
}

static void
pd_application_class_init (PdApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = pd_application_finalize;
  app_class->activate = pd_application_activate;
  app_class->handle_local_options = pd_application_handle_local_options;
  app_class->startup = pd_application_startup;
}

static void
pd_application_init (PdApplication *self)
{
  static const GOptionEntry options[] = {
    { "demo", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Work on the built-in demo store"), NULL },
    { NULL },
  };

  self->settings = g_settings_new (APPLICATION_ID);
  g_application_add_main_option_entries (G_APPLICATION (self), options);
}
