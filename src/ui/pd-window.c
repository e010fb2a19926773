/* pd-window.c — the main window: header bar, primary menu and the desk area.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-campaign.h"
#include "pd-order-page.h"
#include "pd-order-row.h"
#include "pd-scanner-input.h"
#include "pd-window.h"

struct _PdWindow
{
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toast_overlay;
  AdwStatusPage        *empty_page;
  AdwWindowTitle       *window_title;
  GtkLabel             *demo_label;
  AdwLeaflet           *leaflet;
  GtkSearchEntry       *search_entry;
  GtkListView          *orders_view;
  GtkStack             *content_stack;
  PdOrderPage          *order_page;
  GtkCustomFilter      *filter;
  PdScannerInput       *scanner;
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
  pd_scanner_input_follow_settings (self->scanner, settings);
  g_settings_bind (settings, "camera-device", pd_order_page_get_camera (self->order_page),
                   "device-name", G_SETTINGS_BIND_GET);

  return self;
}

static void
pd_window_dispose (GObject *object)
{
  PdWindow *self = PD_WINDOW (object);

  g_clear_object (&self->session);
  g_clear_object (&self->filter);
  g_clear_object (&self->scanner);

  G_OBJECT_CLASS (pd_window_parent_class)->dispose (object);
}

/* The store the window shows; demo mode is marked in the header bar all the time it is on. */
void
pd_window_set_session (PdWindow  *self,
                       PdSession *session)
{
  g_set_object (&self->session, session);
  g_object_bind_property (session, "demo", self->demo_label, "visible", G_BINDING_SYNC_CREATE);
  if (pd_session_is_ready (session))
    pd_window_session_ready (self);
}

/* An order matches the search by its number, an offer's name or an offer id. */
static gboolean
order_matches (gpointer item,
               gpointer data)
{
  PdWindow *self = data;
  PdOrder *order = item;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *needle = g_utf8_casefold (text, -1);
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, pd_order_get_id (order));
  GPtrArray *items = pd_order_get_items (order);

  if (*needle == '\0' || strstr (number, needle) != NULL)
    return TRUE;
  for (guint i = 0; i < items->len; i++)
    {
      PdOrderItem *order_item = g_ptr_array_index (items, i);
      g_autofree char *name = g_utf8_casefold (pd_order_item_get_offer_name (order_item), -1);
      g_autofree char *offer = g_utf8_casefold (pd_order_item_get_offer_id (order_item), -1);

      if (strstr (name, needle) != NULL || strstr (offer, needle) != NULL)
        return TRUE;
    }
  return FALSE;
}

static void
on_search_changed (PdWindow *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
setup_order_row (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 gpointer                  data)
{
  gtk_list_item_set_child (list_item, pd_order_row_new ());
}

static void
bind_order_row (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  data)
{
  pd_order_row_set_order (PD_ORDER_ROW (gtk_list_item_get_child (list_item)),
                          gtk_list_item_get_item (list_item));
}

static void
on_order_opened (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(PdWindow) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PdPackingOrder) packing = pd_desk_open_order_finish (PD_DESK (source), result, &error);

  if (packing == NULL)
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }
  pd_order_page_set_order (self->order_page, PD_DESK (source), packing);
  gtk_stack_set_visible_child (self->content_stack, GTK_WIDGET (self->order_page));
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->content_stack));
  pd_order_page_focus_scan (self->order_page);
}

static void
on_order_activated (PdWindow *self,
                    guint     position)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (self->orders_view));
  g_autoptr(PdOrder) order = g_list_model_get_item (model, position);

  pd_desk_open_order_async (pd_session_get_desk (self->session), order, NULL, on_order_opened,
                            g_object_ref (self));
}

/* The list shows an order again after its status changed. */
static void
on_order_changed (PdOrderPage *page,
                  PdOrder     *order,
                  PdWindow    *self)
{
  GListStore *orders = G_LIST_STORE (pd_session_get_orders (self->session));
  guint position;

  if (g_list_store_find (orders, order, &position))
    g_list_store_splice (orders, position, 1, (gpointer *) &order, 1);
}

/* A scan goes to the order on the desk, whatever has the focus. */
static void
on_scanned (PdScannerInput *scanner,
            const char     *text,
            PdWindow       *self)
{
  if (!pd_order_page_capture (self->order_page, text, PD_CAPTURE_SOURCE_SCANNER))
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Open an order, then scan its codes.")));
}

/* The session is connected: the campaigns and orders can be shown. */
void
pd_window_session_ready (PdWindow *self)
{
  GtkFilterListModel *filtered = gtk_filter_list_model_new (g_object_ref (pd_session_get_orders (self->session)),
                                                            GTK_FILTER (g_object_ref (self->filter)));
  GtkSingleSelection *selection = gtk_single_selection_new (G_LIST_MODEL (filtered));

  GListModel *campaigns = pd_session_get_campaigns (self->session);
  guint n = g_list_model_get_n_items (campaigns);
  g_autoptr(PdCampaign) first = g_list_model_get_item (campaigns, 0);
  g_autofree char *description = NULL;

  adw_window_title_set_subtitle (self->window_title,
                                 first != NULL ? pd_campaign_get_business_name (first) : NULL);
  description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u store is connected. Choose an order to pack.",
                                              "%u stores are connected. Choose an order to pack.", n), n);
  adw_status_page_set_title (self->empty_page, _("Ready to Pack"));
  adw_status_page_set_description (self->empty_page, description);

  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_list_view_set_model (self->orders_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);
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
  gtk_widget_class_bind_template_child (widget_class, PdWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, orders_view);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, order_page);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_order_activated);
}

static void
pd_window_init (PdWindow *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_type_ensure (PD_TYPE_ORDER_PAGE);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->filter = gtk_custom_filter_new (order_matches, self, NULL);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_order_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_order_row), NULL);
  gtk_list_view_set_factory (self->orders_view, factory);
  g_signal_connect_object (self->order_page, "order-changed", G_CALLBACK (on_order_changed), self, 0);
  self->scanner = pd_scanner_input_new (GTK_WIDGET (self));
  g_signal_connect_object (self->scanner, "scanned", G_CALLBACK (on_scanned), self, 0);
}
