/* pd-window.c — the main window: header bar, primary menu and the desk area.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pd-campaign.h"
#include "pd-window.h"

struct _PdWindow
{
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toast_overlay;
  AdwStatusPage        *empty_page;
  AdwWindowTitle       *window_title;
  GtkLabel             *demo_label;
  PdSession            *session;
};

G_DEFINE_FINAL_TYPE (PdWindow, pd_window, ADW_TYPE_APPLICATION_WINDOW)

PdWindow *
pd_window_new (PdApplication *application)
{
  GSettings *settings = pd_application_get_settings (application);
  PdWindow *self = g_object_new (PD_TYPE_WINDOW, "application", application, NULL);

  /* Bound (not read once) so the size is written back when the window closes. */
  g_settings_bind (settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);

  return self;
}

static void
pd_window_dispose (GObject *object)
{
  PdWindow *self = PD_WINDOW (object);

  g_clear_object (&self->session);

  G_OBJECT_CLASS (pd_window_parent_class)->dispose (object);
}

/* The store the window shows; demo mode is marked in the header bar all the time it is on. */
void
pd_window_set_session (PdWindow  *self,
                       PdSession *session)
{
  g_set_object (&self->session, session);
  g_object_bind_property (session, "demo", self->demo_label, "visible", G_BINDING_SYNC_CREATE);
  if (pd_session_get_desk (session) != NULL)
    pd_window_session_ready (self);
}

/* The session is connected: the campaigns and orders can be shown. */
void
pd_window_session_ready (PdWindow *self)
{
  GListModel *campaigns = pd_session_get_campaigns (self->session);
  guint n = g_list_model_get_n_items (campaigns);
  g_autoptr(PdCampaign) first = g_list_model_get_item (campaigns, 0);
  g_autofree char *description = NULL;

  adw_window_title_set_subtitle (self->window_title,
                                 first != NULL ? pd_campaign_get_business_name (first) : NULL);
  description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u store is connected.",
                                              "%u stores are connected.", n), n);
  adw_status_page_set_title (self->empty_page, _("Ready to Pack"));
  adw_status_page_set_description (self->empty_page, description);
}

/* Says what went wrong in a toast that stays until dismissed. */
void
pd_window_show_error (PdWindow   *self,
                      const char *message)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  adw_status_page_set_title (self->empty_page, _("Not Connected"));
}

static void
pd_window_class_init (PdWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = pd_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/pd-window.ui");
  gtk_widget_class_bind_template_child (widget_class, PdWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, demo_label);
}

static void
pd_window_init (PdWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
