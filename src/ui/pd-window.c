/* pd-window.c — the main window: the orders (and the codes to review) in the sidebar of a
 * navigation split view, the order on the desk as its content; on a narrow window they take
 * turns, with a back button.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "pd-campaign.h"
#include "pd-order-page.h"
#include "pd-order-row.h"
#include "pd-feedback.h"
#include "pd-order-list-filter.h"
#include "pd-scanner-input.h"
#include "pd-shortcut-table.h"
#include "pd-shortcuts-dialog.h"
#include "pd-unit-row.h"
#include "pd-window.h"

struct _PdWindow
{
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toast_overlay;
  AdwStatusPage        *empty_page;
  AdwWindowTitle       *window_title;
  AdwBanner            *demo_banner;
  AdwBanner            *market_banner;
  AdwNavigationSplitView *split_view;
  AdwNavigationPage    *content_page;
  AdwViewStack         *sidebar_stack;
  GtkSearchEntry       *search_entry;
  GtkListView          *orders_view;
  AdwViewStackPage     *review_page;
  /* A review row's unit whose code the packer wants to replace once its order is open. */
  PdUnit               *replace_after_open;
  GtkWidget            *flash;
  AdwStatusPage        *welcome_page;
  GtkWidget            *demo_button;
  GtkStack             *refresh_stack;
  GtkWidget            *refresh_button;
  GSettings            *settings;
  guint                 flash_source;
  PdFeedback           *feedback;
  GtkStack             *review_stack;
  GtkListBox           *review_list;
  GtkStack             *content_stack;
  GtkWidget            *start_view;
  GtkStack             *start_stack;
  PdOrderPage          *order_page;
  PdOrderListFilter    *filter;
  GtkDropDown          *filter_dropdown;
  GtkToggleButton      *sort_button;
  GtkSortListModel     *sorted;  /* the list as shown: filtered, then by urgency if asked */
  GtkSorter            *urgency;
  GtkDropDown          *campaign_dropdown;
  GtkStringList        *filter_names;
  guint                 recount_source;
  guint                 fetch_source;   /* fetching the orders again by itself */
  guint                 count_source;
  gboolean              refreshing;
  gboolean              refresh_quiet;  /* the window fetches by itself */
  gint64                refresh_selected;  /* the order selected when the fetch began */
  gint64                fetched_at;     /* monotonic µs of the last fetch, however started */
  PdScannerInput       *scanner;
  PdSession            *session;
};

G_DEFINE_FINAL_TYPE (PdWindow, pd_window, ADW_TYPE_APPLICATION_WINDOW)

static void follow_refresh_interval (PdWindow *self);

PdWindow *
pd_window_new (PdApplication *application)
{
  GSettings *settings = pd_application_get_settings (application);
  PdWindow *self = g_object_new (PD_TYPE_WINDOW, "application", application, NULL);

  /* Bound (not read once) so the size is written back when the window closes. */
  g_settings_bind (settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "sort-by-shipment", self->sort_button, "active", G_SETTINGS_BIND_DEFAULT);
  pd_scanner_input_follow_settings (self->scanner, settings);
  g_settings_bind (settings, "camera-device", pd_order_page_get_camera (self->order_page),
                   "device-name", G_SETTINGS_BIND_GET);
  g_settings_bind (settings, "camera-size", pd_order_page_get_camera (self->order_page),
                   "size", G_SETTINGS_BIND_GET);
  self->feedback = pd_feedback_new (settings);
  self->settings = g_object_ref (settings);
  g_signal_connect_object (settings, "changed::refresh-interval", G_CALLBACK (follow_refresh_interval),
                           self, G_CONNECT_SWAPPED);
  follow_refresh_interval (self);

  return self;
}

static void
pd_window_dispose (GObject *object)
{
  PdWindow *self = PD_WINDOW (object);

  g_clear_object (&self->session);
  g_clear_object (&self->filter);
  g_clear_object (&self->filter_names);
  g_clear_handle_id (&self->recount_source, g_source_remove);
  g_clear_handle_id (&self->fetch_source, g_source_remove);
  g_clear_handle_id (&self->count_source, g_source_remove);
  g_clear_object (&self->scanner);
  g_clear_object (&self->replace_after_open);
  g_clear_object (&self->feedback);
  g_clear_object (&self->settings);
  g_clear_object (&self->sorted);
  g_clear_object (&self->urgency);
  g_clear_handle_id (&self->flash_source, g_source_remove);

  G_OBJECT_CLASS (pd_window_parent_class)->dispose (object);
}

/* The content side without an order: the welcome, or the empty page. */
static void
show_start_page (PdWindow  *self,
                 GtkWidget *page)
{
  gtk_stack_set_visible_child (self->start_stack, page);
  gtk_stack_set_visible_child (self->content_stack, self->start_view);
  adw_navigation_page_set_title (self->content_page, adw_status_page_get_title (ADW_STATUS_PAGE (page)));
}

static gboolean
shows_start_page (PdWindow  *self,
                  GtkWidget *page)
{
  return gtk_stack_get_visible_child (self->content_stack) == self->start_view
         && gtk_stack_get_visible_child (self->start_stack) == page;
}

/* The empty page's title is the content side's name while it shows. */
static void
set_empty_title (PdWindow   *self,
                 const char *title)
{
  adw_status_page_set_title (self->empty_page, title);
  if (shows_start_page (self, GTK_WIDGET (self->empty_page)))
    adw_navigation_page_set_title (self->content_page, title);
}

/* Whether the Market answers, above the orders while it does not: the packer sees why codes
 * wait, and can ask again. */
static void
show_market_state (PdWindow *self)
{
  g_autofree char *state = pd_session_dup_market_state (self->session);

  if (state != NULL)
    adw_banner_set_title (self->market_banner, state);
  adw_banner_set_revealed (self->market_banner, state != NULL);
}

/* The store the window shows; demo mode is marked above the orders all the time it is on. */
void
pd_window_set_session (PdWindow  *self,
                       PdSession *session)
{
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_func (self->session, show_market_state, self);
  g_set_object (&self->session, session);
  g_object_bind_property (session, "demo", self->demo_banner, "revealed", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (session, "notify::market-state", G_CALLBACK (show_market_state), self,
                           G_CONNECT_SWAPPED);
  show_market_state (self);
  if (pd_session_is_ready (session))
    pd_window_session_ready (self);
}

static void
on_search_changed (PdWindow *self)
{
  pd_order_list_filter_set_search (self->filter, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
on_filter_selected (PdWindow *self)
{
  pd_order_list_filter_set_kind (self->filter, gtk_drop_down_get_selected (self->filter_dropdown));
}

/* Each filter's name with how many orders it holds now. */
static void
count_filters (PdWindow *self)
{
  GListModel *orders = pd_session_get_orders (self->session);
  guint counts[PD_ORDER_LIST_FILTER_N_KINDS] = { 0 };
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  guint selected = gtk_drop_down_get_selected (self->filter_dropdown);

  for (guint i = 0; i < g_list_model_get_n_items (orders); i++)
    {
      g_autoptr(PdOrder) order = g_list_model_get_item (orders, i);

      if (!pd_order_list_filter_in_store (self->filter, order))
        continue;
      for (PdOrderListFilterKind kind = 0; kind < PD_ORDER_LIST_FILTER_N_KINDS; kind++)
        counts[kind] += pd_order_list_filter_is_kind (self->filter, order, kind);
    }
  for (PdOrderListFilterKind kind = 0; kind < PD_ORDER_LIST_FILTER_N_KINDS; kind++)
    g_ptr_array_add (labels, g_strdup_printf ("%s · %u", pd_order_list_filter_kind_name (kind), counts[kind]));
  g_ptr_array_add (labels, NULL);
  gtk_string_list_splice (self->filter_names, 0, PD_ORDER_LIST_FILTER_N_KINDS,
                          (const char * const *) labels->pdata);
  gtk_drop_down_set_selected (self->filter_dropdown, selected);
}

/* The store switcher: "All stores" first, then each campaign with its model (FBS, DBS…). */
static void
on_campaign_selected (PdWindow *self)
{
  guint selected = gtk_drop_down_get_selected (self->campaign_dropdown);
  g_autoptr(PdCampaign) campaign = NULL;
  gint64 id = 0;

  if (self->session == NULL || selected == GTK_INVALID_LIST_POSITION)
    return;
  if (selected > 0)
    campaign = g_list_model_get_item (pd_session_get_campaigns (self->session), selected - 1);
  id = campaign != NULL ? pd_campaign_get_id (campaign) : 0;
  pd_order_list_filter_set_campaign (self->filter, id);
  if (g_settings_get_int64 (self->settings, "campaign-id") != id)
    g_settings_set_int64 (self->settings, "campaign-id", id);
  count_filters (self);
}

/* FBS, Express or DBS: an Express store is an FBS placement whose orders say EXPRESS. */
static const char *
campaign_model (PdWindow   *self,
                PdCampaign *campaign)
{
  GListModel *orders = pd_session_get_orders (self->session);

  for (guint i = 0; i < g_list_model_get_n_items (orders); i++)
    {
      g_autoptr(PdOrder) order = g_list_model_get_item (orders, i);

      if (pd_order_get_campaign_id (order) == pd_campaign_get_id (campaign))
        return pd_order_get_program_type (order);
    }
  return pd_campaign_get_placement_type (campaign);
}

static void
show_campaigns (PdWindow *self)
{
  GListModel *campaigns = pd_session_get_campaigns (self->session);
  guint n = g_list_model_get_n_items (campaigns);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  gint64 chosen = g_settings_get_int64 (self->settings, "campaign-id");
  guint selected = 0;

  gtk_string_list_append (names, _("All stores"));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PdCampaign) campaign = g_list_model_get_item (campaigns, i);
      g_autofree char *name = g_strdup_printf ("%s · %s", pd_campaign_get_domain (campaign),
                                               campaign_model (self, campaign));

      gtk_string_list_append (names, name);
      if (pd_campaign_get_id (campaign) == chosen)
        selected = i + 1;
    }
  gtk_drop_down_set_model (self->campaign_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->campaign_dropdown, selected);
  gtk_widget_set_visible (GTK_WIDGET (self->campaign_dropdown), n > 1);
  on_campaign_selected (self);
}

static void
on_count_idle (gpointer data)
{
  PdWindow *self = data;

  self->count_source = 0;
  count_filters (self);
}

/* A fetch changes the list an order at a time; the filters are counted once it is done. */
static void
queue_count (PdWindow *self)
{
  if (self->count_source == 0)
    self->count_source = g_idle_add_once (on_count_idle, self);
}

/* Codes are checked and orders complete without the list hearing of it; the counts and the
 * filtered list are brought up to date every few seconds, and at once when something is seen. */
static gboolean
recount (gpointer data)
{
  PdWindow *self = data;

  count_filters (self);
  if (gtk_drop_down_get_selected (self->filter_dropdown) != PD_ORDER_LIST_FILTER_ALL)
    gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  return G_SOURCE_CONTINUE;
}

/* The Market told of codes of an order not open here: its counts and filters change. */
static void
on_surveyed (PdWindow *self)
{
  recount (self);
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
                PdWindow                 *self)
{
  PdOrder *order = gtk_list_item_get_item (list_item);
  PdDesk *desk = self->session != NULL ? pd_session_get_desk (self->session) : NULL;

  pd_order_row_set_order (PD_ORDER_ROW (gtk_list_item_get_child (list_item)), order,
                          desk != NULL ? pd_desk_lookup_order (desk, pd_order_get_id (order)) : NULL);
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
  g_settings_set_int64 (self->settings, "open-order", pd_order_get_id (pd_packing_order_get_order (packing)));
  if (self->replace_after_open != NULL
      && pd_unit_get_order_id (self->replace_after_open) == pd_order_get_id (pd_packing_order_get_order (packing)))
    pd_order_page_replace (self->order_page, self->replace_after_open);
  g_clear_object (&self->replace_after_open);
  adw_navigation_page_set_title (self->content_page, pd_order_page_get_title (self->order_page));
  gtk_stack_set_visible_child (self->content_stack, GTK_WIDGET (self->order_page));
  adw_navigation_split_view_set_show_content (self->split_view, TRUE);
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

/**
 * pd_window_reopen_last_order:
 *
 * Opens the order that was open when Packdesk last quit (or crashed), while it still waits to
 * be packed: the packer goes on where they were.
 */
void
pd_window_reopen_last_order (PdWindow *self)
{
  gint64 order_id = g_settings_get_int64 (self->settings, "open-order");
  PdOrder *order;

  if (order_id == 0 || self->session == NULL || !pd_session_is_ready (self->session))
    return;
  order = pd_order_find_in (pd_session_get_orders (self->session), order_id, NULL);
  if (order != NULL && g_strcmp0 (pd_order_get_substatus (order), "STARTED") == 0)
    pd_desk_open_order_async (pd_session_get_desk (self->session), order, NULL, on_order_opened,
                              g_object_ref (self));
}

/* Enter in the search opens the first order found — found with what is typed now, not after the
 * search entry's pause. */
static void
on_search_activate (PdWindow *self)
{
  GListModel *shown = G_LIST_MODEL (gtk_list_view_get_model (self->orders_view));

  pd_order_list_filter_set_search (self->filter, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  if (shown != NULL && g_list_model_get_n_items (shown) > 0)
    on_order_activated (self, 0);
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

/* The review list: every problem code of the open orders, grouped by order. */
static int
compare_units_by_order (gconstpointer a,
                        gconstpointer b,
                        gpointer      data)
{
  gint64 x = pd_unit_get_order_id ((PdUnit *) a), y = pd_unit_get_order_id ((PdUnit *) b);

  return (x > y) - (x < y);
}

static void
review_header (GtkListBoxRow *row,
               GtkListBoxRow *before,
               gpointer       data)
{
  gint64 order_id = pd_unit_get_order_id (pd_unit_row_get_unit (PD_UNIT_ROW (row)));
  g_autofree char *number = NULL;
  g_autofree char *title = NULL;
  GtkWidget *header;

  if (before != NULL && pd_unit_get_order_id (pd_unit_row_get_unit (PD_UNIT_ROW (before))) == order_id)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }
  number = g_strdup_printf ("%" G_GINT64_FORMAT, order_id);
  title = g_strdup_printf (_("Order %s"), number);
  header = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_widget_add_css_class (header, "heading");
  gtk_widget_set_margin_top (header, 12);
  gtk_widget_set_margin_bottom (header, 6);
  gtk_widget_set_margin_start (header, 6);
  gtk_list_box_row_set_header (row, header);
}

static void
on_review_removed (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  g_autoptr(PdWindow) self = data;
  g_autoptr(GError) error = NULL;

  if (!pd_desk_remove_finish (PD_DESK (source), result, &error))
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
}

static void
on_review_remove (PdUnitRow *row,
                  PdWindow  *self)
{
  pd_desk_remove_async (pd_session_get_desk (self->session), pd_unit_row_get_unit (row), NULL,
                        on_review_removed, g_object_ref (self));
}

static void on_review_activated (PdWindow      *self,
                                 GtkListBoxRow *row);

/* Replacing happens on the order page: the order opens with the next scan aimed at this unit. */
static void
on_review_replace (PdUnitRow *row,
                   PdWindow  *self)
{
  g_set_object (&self->replace_after_open, pd_unit_row_get_unit (row));
  on_review_activated (self, GTK_LIST_BOX_ROW (row));
}

static void
on_review_resent (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr(PdWindow) self = data;
  g_autoptr(GError) error = NULL;

  if (!pd_desk_submit_finish (PD_DESK (source), result, &error))
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
}

/* A FAILED code is sent again with its order, which asks the Market to check it once more. */
static void
on_review_retry (PdUnitRow *row,
                 PdWindow  *self)
{
  PdDesk *desk = pd_session_get_desk (self->session);
  PdPackingOrder *packing = pd_desk_lookup_order (desk, pd_unit_get_order_id (pd_unit_row_get_unit (row)));

  if (packing != NULL)
    pd_desk_submit_async (desk, packing, NULL, on_review_resent, g_object_ref (self));
}

static GtkWidget *
create_review_row (gpointer item,
                   gpointer data)
{
  GtkWidget *row = pd_unit_row_new (item, TRUE);

  pd_unit_row_set_compact (PD_UNIT_ROW (row), TRUE);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_signal_connect_object (row, "remove", G_CALLBACK (on_review_remove), data, 0);
  g_signal_connect_object (row, "replace", G_CALLBACK (on_review_replace), data, 0);
  g_signal_connect_object (row, "retry", G_CALLBACK (on_review_retry), data, 0);
  return row;
}

/* The sidebar's "Review" tab counts the problems, and asks for attention while there are any. */
static void
on_review_changed (GListModel *review,
                   guint       position,
                   guint       removed,
                   guint       added,
                   PdWindow   *self)
{
  guint n = g_list_model_get_n_items (review);

  adw_view_stack_page_set_badge_number (self->review_page, n);
  adw_view_stack_page_set_needs_attention (self->review_page, n > 0);
  gtk_stack_set_visible_child_name (self->review_stack, n > 0 ? "problems" : "empty");
  recount (self);
}

/* A problem code's row opens its order, for replacing or removing it there. */
static void
on_review_activated (PdWindow      *self,
                     GtkListBoxRow *row)
{
  gint64 order_id = pd_unit_get_order_id (pd_unit_row_get_unit (PD_UNIT_ROW (row)));
  PdOrder *order = pd_order_find_in (pd_session_get_orders (self->session), order_id, NULL);

  if (order != NULL)
    pd_desk_open_order_async (pd_session_get_desk (self->session), order, NULL, on_order_opened,
                              g_object_ref (self));
}

static void
show_review (PdWindow *self)
{
  GListModel *review = pd_desk_get_review (pd_session_get_desk (self->session));
  GtkCustomSorter *sorter = gtk_custom_sorter_new (compare_units_by_order, NULL, NULL);
  g_autoptr(GtkSortListModel) sorted = gtk_sort_list_model_new (g_object_ref (review), GTK_SORTER (sorter));

  gtk_list_box_bind_model (self->review_list, G_LIST_MODEL (sorted), create_review_row, self, NULL);
  gtk_list_box_set_header_func (self->review_list, review_header, NULL, NULL);
  g_signal_connect_object (review, "items-changed", G_CALLBACK (on_review_changed), self, 0);
  on_review_changed (review, 0, 0, 0, self);
}

static gboolean
fade_flash (gpointer data)
{
  PdWindow *self = data;

  self->flash_source = 0;
  gtk_widget_remove_css_class (self->flash, "flash-on");
  return G_SOURCE_REMOVE;
}

/* What became of a scan, heard and glimpsed: the packer's eyes are on the item, not the screen. */
static void
on_feedback (PdOrderPage    *page,
             PdFeedbackKind  kind,
             PdWindow       *self)
{
  static const char *const classes[] = {
    [PD_FEEDBACK_ACCEPTED] = "accepted",
    [PD_FEEDBACK_REJECTED] = "rejected",
    [PD_FEEDBACK_COMPLETE] = "complete",
  };

  pd_feedback_play (self->feedback, kind);
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (self->flash, classes[i]);
  gtk_widget_add_css_class (self->flash, classes[kind]);
  gtk_widget_add_css_class (self->flash, "flash-on");
  g_clear_handle_id (&self->flash_source, g_source_remove);
  self->flash_source = g_timeout_add (120, fade_flash, self);
}

/* A scan goes to the order on the desk, whatever has the focus. */
/* The store view shows ORDER's store, unless it shows all stores. */
static void
show_store_of (PdWindow *self,
               PdOrder  *order)
{
  GListModel *campaigns = pd_session_get_campaigns (self->session);
  gint64 chosen = g_settings_get_int64 (self->settings, "campaign-id");

  if (chosen == 0 || chosen == pd_order_get_campaign_id (order))
    return;
  for (guint i = 0; i < g_list_model_get_n_items (campaigns); i++)
    {
      g_autoptr(PdCampaign) campaign = g_list_model_get_item (campaigns, i);

      if (pd_campaign_get_id (campaign) == pd_order_get_campaign_id (order))
        gtk_drop_down_set_selected (self->campaign_dropdown, i + 1);
    }
}

/* A scanned order number, or the barcode of a Market box label, opens that order wherever the
 * packer is — in another store too. Returns FALSE when TEXT names no order of the session. */
static gboolean
open_scanned_order (PdWindow   *self,
                    const char *text)
{
  g_autofree char *number = NULL;
  g_autofree char *words = NULL;
  gint64 order_id = 0;
  PdOrder *order;

  if (self->session == NULL || !pd_session_is_ready (self->session)
      || !pd_order_parse_reference (text, &order_id)
      || (order = pd_order_find_in (pd_session_get_orders (self->session), order_id, NULL)) == NULL)
    return FALSE;
  number = g_strdup_printf ("%" G_GINT64_FORMAT, order_id);
  words = g_strdup_printf (_("Order %s, opened from its scanned number"), number);
  show_store_of (self, order);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (words));
  pd_desk_open_order_async (pd_session_get_desk (self->session), order, NULL, on_order_opened,
                            g_object_ref (self));
  return TRUE;
}

static void
on_scanned (PdScannerInput *scanner,
            const char     *text,
            PdWindow       *self)
{
  if (!pd_order_page_capture (self->order_page, text, PD_CAPTURE_SOURCE_SCANNER)
      && !open_scanned_order (self, text))
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Open an order, then scan its codes.")));
}

static int
compare_urgency (gconstpointer a,
                 gconstpointer b,
                 gpointer      data)
{
  return pd_order_compare_ship_by ((PdOrder *) a, (PdOrder *) b);
}

/* The list keeps the Market's order (newest first) unless the packer wants the most urgent
 * orders on top. */
static void
on_sort_toggled (PdWindow *self)
{
  if (self->sorted == NULL)
    return;
  gtk_sort_list_model_set_sorter (self->sorted, gtk_toggle_button_get_active (self->sort_button)
                                                ? self->urgency : NULL);
}

/* The session is connected: the campaigns and orders can be shown. */
void
pd_window_session_ready (PdWindow *self)
{
  GtkFilterListModel *filtered = gtk_filter_list_model_new (g_object_ref (pd_session_get_orders (self->session)),
                                                            GTK_FILTER (g_object_ref (self->filter)));

  pd_order_list_filter_set_desk (self->filter, pd_session_get_desk (self->session));
  g_clear_object (&self->sorted);
  self->sorted = gtk_sort_list_model_new (G_LIST_MODEL (filtered), NULL);
  on_sort_toggled (self);
  GtkSingleSelection *selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->sorted)));

  GListModel *campaigns = pd_session_get_campaigns (self->session);
  guint n = g_list_model_get_n_items (campaigns);
  g_autoptr(PdCampaign) first = g_list_model_get_item (campaigns, 0);
  g_autofree char *description = NULL;

  adw_window_title_set_subtitle (self->window_title,
                                 first != NULL ? pd_campaign_get_business_name (first) : NULL);
  description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u store is connected. Choose an order to pack.",
                                              "%u stores are connected. Choose an order to pack.", n), n);
  set_empty_title (self, _("Ready to Pack"));
  adw_status_page_set_description (self->empty_page, description);

  gtk_single_selection_set_autoselect (selection, FALSE);
  /* The first start offers a choice: the demo store runs behind the welcome meanwhile. */
  if (pd_session_is_demo (self->session) && !g_settings_get_boolean (self->settings, "welcome-shown"))
    {
      show_start_page (self, GTK_WIDGET (self->welcome_page));
      /* Enter takes the demo store. */
      gtk_widget_grab_focus (self->demo_button);
    }
  else if (shows_start_page (self, GTK_WIDGET (self->welcome_page)))
    show_start_page (self, GTK_WIDGET (self->empty_page));
  show_review (self);
  /* Choosing the store counts the filters. */
  show_campaigns (self);
  g_signal_connect_object (pd_session_get_orders (self->session), "items-changed",
                           G_CALLBACK (queue_count), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (pd_session_get_desk (self->session), "surveyed",
                           G_CALLBACK (on_surveyed), self, G_CONNECT_SWAPPED);
  g_clear_handle_id (&self->recount_source, g_source_remove);
  self->recount_source = g_timeout_add_seconds (3, recount, self);
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
  set_empty_title (self, _("Not Connected"));
}

/* The id of the order the list has selected, or 0. */
static gint64
selected_order_id (PdWindow *self)
{
  GtkSelectionModel *selection = gtk_list_view_get_model (self->orders_view);
  gpointer order = GTK_IS_SINGLE_SELECTION (selection)
                   ? gtk_single_selection_get_selected_item (GTK_SINGLE_SELECTION (selection)) : NULL;

  return order != NULL ? pd_order_get_id (order) : 0;
}

/* An order that changed at the Market is a new object in the list: the selection follows it. */
static void
select_order_id (PdWindow *self,
                 gint64    order_id)
{
  GtkSelectionModel *selection = gtk_list_view_get_model (self->orders_view);
  guint position;

  if (order_id != 0 && GTK_IS_SINGLE_SELECTION (selection) && selected_order_id (self) != order_id
      && pd_order_find_in (G_LIST_MODEL (selection), order_id, &position) != NULL)
    gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (selection), position);
}

/* A fetch the window made by itself (quiet) says nothing when it fails: the banner above the
 * list already says that the Market cannot be reached, and since when. */
static void
on_refreshed (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(PdWindow) self = data;
  g_autoptr(GError) error = NULL;

  self->refreshing = FALSE;
  select_order_id (self, self->refresh_selected);
  gtk_stack_set_visible_child (self->refresh_stack, self->refresh_button);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh", TRUE);
  if (!pd_session_refresh_finish (PD_SESSION (source), result, &error) && !self->refresh_quiet)
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
}

static void
start_refresh (PdWindow *self,
               gboolean  quiet)
{
  self->refreshing = TRUE;
  self->refresh_quiet = quiet;
  self->refresh_selected = selected_order_id (self);
  self->fetched_at = g_get_monotonic_time ();
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.refresh", FALSE);
  gtk_stack_set_visible_child_name (self->refresh_stack, "spinner");
  pd_session_refresh_async (self->session, NULL, on_refreshed, g_object_ref (self));
}

/* Ctrl+R: the Market's orders again; a spinner stands in for the button meanwhile. */
static void
refresh (GtkWidget  *widget,
         const char *action_name,
         GVariant   *parameter)
{
  PdWindow *self = PD_WINDOW (widget);

  if (self->session == NULL)
    return;
  /* A store that never got going (the Market was away at the start) starts anew. */
  if (!pd_session_is_ready (self->session))
    {
      gtk_widget_activate_action (widget, "app.reconnect", NULL);
      return;
    }
  start_refresh (self, FALSE);
}

/* Every refresh-interval seconds the orders are fetched again, unless a fetch is under way or
 * the last one was too recent for a store this large (pd_session_get_fetch_spacing()). */
static gboolean
on_fetch_timer (gpointer data)
{
  PdWindow *self = data;
  gint64 since = g_get_monotonic_time () - self->fetched_at;

  if (self->session != NULL && pd_session_is_ready (self->session) && !self->refreshing
      && since >= pd_session_get_fetch_spacing (self->session) * G_USEC_PER_SEC)
    start_refresh (self, TRUE);
  return G_SOURCE_CONTINUE;
}

static void
follow_refresh_interval (PdWindow *self)
{
  guint seconds = g_settings_get_uint (self->settings, "refresh-interval");

  g_clear_handle_id (&self->fetch_source, g_source_remove);
  if (seconds > 0)
    self->fetch_source = g_timeout_add_seconds (seconds, on_fetch_timer, self);
}

static void
try_demo (GtkWidget  *widget,
          const char *action_name,
          GVariant   *parameter)
{
  PdWindow *self = PD_WINDOW (widget);

  g_settings_set_boolean (self->settings, "welcome-shown", TRUE);
  show_start_page (self, GTK_WIDGET (self->empty_page));
}

/* Ctrl+F: the orders list's search, brought into view from the review tab or a narrow window. */
static void
focus_search (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  PdWindow *self = PD_WINDOW (widget);

  adw_view_stack_set_visible_child_name (self->sidebar_stack, "orders");
  adw_navigation_split_view_set_show_content (self->split_view, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* Escape: from the order back to the list when only one of them fits. */
static void
go_back (GtkWidget  *widget,
         const char *action_name,
         GVariant   *parameter)
{
  PdWindow *self = PD_WINDOW (widget);

  if (adw_navigation_split_view_get_collapsed (self->split_view))
    adw_navigation_split_view_set_show_content (self->split_view, FALSE);
}

/* Ctrl+?: every shortcut, in a dialog of its own. */
static void
show_shortcuts (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  adw_dialog_present (ADW_DIALOG (pd_shortcuts_dialog_new ()), widget);
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
  gtk_widget_class_bind_template_child (widget_class, PdWindow, demo_banner);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, market_banner);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, split_view);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, content_page);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, sidebar_stack);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, start_view);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, start_stack);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, orders_view);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, sort_button);
  gtk_widget_class_bind_template_callback (widget_class, on_sort_toggled);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, order_page);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_campaign_selected);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, campaign_dropdown);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, filter_dropdown);
  gtk_widget_class_bind_template_callback (widget_class, on_order_activated);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, review_page);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, flash);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, demo_button);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, refresh_stack);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, review_stack);
  gtk_widget_class_bind_template_child (widget_class, PdWindow, review_list);
  gtk_widget_class_bind_template_callback (widget_class, on_review_activated);

  gtk_widget_class_install_action (widget_class, "win.search", NULL, focus_search);
  gtk_widget_class_install_action (widget_class, "win.try-demo", NULL, try_demo);
  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, go_back);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.back", NULL);
  gtk_widget_class_install_action (widget_class, "win.shortcuts", NULL, show_shortcuts);
}

/* The window's shortcuts come first, wherever the focus is: a list or an entry that has the
 * focus must not keep Ctrl+F from the search. */
static void
add_window_shortcuts (PdWindow *self)
{
  static const PdShortcutEntry keys[] = {
    { GDK_KEY_f, GDK_CONTROL_MASK, "win.search" },
    { GDK_KEY_r, GDK_CONTROL_MASK, "win.refresh" },
    { GDK_KEY_question, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.shortcuts" },
    { GDK_KEY_question, GDK_CONTROL_MASK, "win.shortcuts" },
  };

  gtk_widget_add_controller (GTK_WIDGET (self),
                             pd_shortcut_table_new (keys, G_N_ELEMENTS (keys), GTK_SHORTCUT_SCOPE_LOCAL));
}

static void
pd_window_init (PdWindow *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_type_ensure (PD_TYPE_ORDER_PAGE);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->filter = pd_order_list_filter_new ();
  self->urgency = GTK_SORTER (gtk_custom_sorter_new (compare_urgency, NULL, NULL));
  self->filter_names = gtk_string_list_new (NULL);
  for (PdOrderListFilterKind kind = 0; kind < PD_ORDER_LIST_FILTER_N_KINDS; kind++)
    gtk_string_list_append (self->filter_names, pd_order_list_filter_kind_name (kind));
  gtk_drop_down_set_model (self->filter_dropdown, G_LIST_MODEL (self->filter_names));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_order_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_order_row), self);
  gtk_list_view_set_factory (self->orders_view, factory);
  g_signal_connect_object (self->order_page, "order-changed", G_CALLBACK (on_order_changed), self, 0);
  g_signal_connect_object (self->order_page, "feedback", G_CALLBACK (on_feedback), self, 0);
  g_signal_connect_object (self->order_page, "order-scanned", G_CALLBACK (open_scanned_order), self,
                           G_CONNECT_SWAPPED);
  add_window_shortcuts (self);
  self->scanner = pd_scanner_input_new (GTK_WIDGET (self));
  g_signal_connect_object (self->scanner, "scanned", G_CALLBACK (on_scanned), self, 0);
}
