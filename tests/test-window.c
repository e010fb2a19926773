/* test-window.c — the application starts, shows its window, wires its actions and
 * shortcuts, and the preferences write to GSettings. Needs a display (run under xvfb-run).
 *
 * The tests share one demo journal, which learns each offer's GTIN, so the codes they scan come
 * from cis_for(): the demo store's GTIN of their offer, as on real labels. */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>

#include "pd-application.h"
#include "pd-connect-dialog.h"
#include "pd-fake-demo-store.h"
#include "pd-fake-market.h"
#include "pd-feedback.h"
#include "pd-order-list-filter.h"
#include "pd-test-async.h"
#include "pd-test-cups.h"
#include "pd-test-desk-frame.h"
#include "pd-test-frames.h"
#include "pd-order-page.h"
#include "pd-unit-row.h"
#include "pd-preferences-dialog.h"
#include "pd-shortcuts-dialog.h"
#include "pd-window.h"

#define LABEL_QUEUE "Packdesk-Label-Printer"

/* The label printer: a CUPS queue that keeps what it is sent. */
static PdTestCups *cups;

/* Runs the main loop until DONE says so; fails the test after ten seconds. */
static void
iterate_until (gboolean (*done) (gpointer), gpointer data)
{
  g_assert_true (pd_test_wait_until (done, data));
}

static gboolean
widget_is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (GTK_WIDGET (widget));
}

static void
on_after_paint (GdkFrameClock *clock,
                gboolean      *painted)
{
  *painted = TRUE;
}

static gboolean
flag_is_set (gpointer flag)
{
  return *(gboolean *) flag;
}

/* A widget has no render node until its window has painted a frame. */
static void
wait_for_paint (GtkWidget *widget)
{
  GdkFrameClock *clock = NULL;
  gboolean painted = FALSE;
  gulong handler;

  iterate_until (widget_is_mapped, widget);
  clock = gtk_widget_get_frame_clock (widget);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &painted);
  gtk_widget_queue_draw (widget);
  iterate_until (flag_is_set, &painted);
  g_signal_handler_disconnect (clock, handler);
}

/* Renders WINDOW's contents (without the shadow around it) the way it is on screen. */
static void
save_screenshot (GtkWidget  *window,
                 const char *name)
{
  const char *dir = g_getenv ("PD_SCREENSHOT_DIR");
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GskRenderer *renderer = NULL;
  int width, height;

  /* Children hand over the render nodes of their last frame, so paint one first. */
  wait_for_paint (window);
  renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  width = gtk_widget_get_width (window);
  height = gtk_widget_get_height (window);

  g_assert_cmpint (width, >, 0);
  /* A paintable draws a widget with its CSS background, but never a window (a native of its own):
   * take the window's one child, everything inside the decoration, in the window's colour. */
  gtk_widget_add_css_class (gtk_widget_get_first_child (window), "background");
  paintable = gtk_widget_paintable_new (gtk_widget_get_first_child (window));
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_cmpint (gdk_texture_get_width (texture), ==, width);

  if (dir == NULL)
    return;

  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

/* One registered application per process, as in the real program; each test opens its window. */
static PdApplication *
start_application (void)
{
  static PdApplication *app;

  if (app == NULL)
    {
      g_autoptr(GError) error = NULL;

      app = pd_application_new ();
      g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
      g_application_register (G_APPLICATION (app), NULL, &error);
      g_assert_no_error (error);
      /* The list fetches orders by itself only where a test asks it to (the screenshots would
       * catch its spinner now and then). */
      g_settings_set_uint (pd_application_get_settings (app), "refresh-interval", 0);
    }

  g_application_activate (G_APPLICATION (app));

  return g_object_ref (app);
}

static gboolean
dialog_is_mapped (gpointer window)
{
  AdwDialog *dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));

  return dialog != NULL && gtk_widget_get_mapped (GTK_WIDGET (dialog));
}

/* A dialog fades in over the window; a screenshot waits for it to be there. */
static void
wait_for_dialog (gpointer window)
{
  iterate_until (dialog_is_mapped, window);
  pd_test_wait_ms (500);
}

static gboolean
welcome_is_shown (PdWindow *window)
{
  GtkWidget *welcome = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), PD_TYPE_WINDOW,
                                                                  "welcome_page"));

  return gtk_widget_get_mapped (welcome);
}

static void
test_window_shows (void)
{
  g_autoptr(PdApplication) app = start_application ();
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  g_assert_true (PD_IS_WINDOW (window));
  iterate_until (widget_is_mapped, window);
  g_assert_cmpstr (gtk_window_get_title (window), ==, "Packdesk");
  save_screenshot (GTK_WIDGET (window), "window-en.png");

  gtk_window_destroy (window);
}

static void
test_actions_and_accels (void)
{
  g_autoptr(PdApplication) app = start_application ();
  GtkApplication *gtk_app = GTK_APPLICATION (app);
  g_auto(GStrv) quit_accels = gtk_application_get_accels_for_action (gtk_app, "app.quit");
  g_auto(GStrv) pref_accels = gtk_application_get_accels_for_action (gtk_app, "app.preferences");
  GtkWindow *window = gtk_application_get_active_window (gtk_app);

  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "quit"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "about"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "preferences"));
  g_assert_cmpstrv (quit_accels, ((const char *[]) { "<Control>q", NULL }));
  g_assert_cmpstrv (pref_accels, ((const char *[]) { "<Control>comma", NULL }));

  /* Ctrl+? shows every shortcut, in the user's keyboard words. */
  iterate_until (widget_is_mapped, window);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.shortcuts", NULL));
  wait_for_dialog (window);
  g_assert_true (PD_IS_SHORTCUTS_DIALOG (adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window))));
  save_screenshot (GTK_WIDGET (window), "shortcuts-en.png");
  adw_dialog_force_close (adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window)));

  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  g_assert_null (gtk_application_get_windows (gtk_app));
}


static void
test_preferences_store_settings (void)
{
  g_autoptr(PdApplication) app = start_application ();
  GSettings *settings = pd_application_get_settings (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  AdwDialog *preferences = NULL;
  AdwEntryRow *row = NULL;

  iterate_until (widget_is_mapped, window);
  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  wait_for_dialog (window);
  preferences = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
  g_assert_true (PD_IS_PREFERENCES_DIALOG (preferences));
  save_screenshot (GTK_WIDGET (window), "preferences-en.png");

  row = ADW_ENTRY_ROW (gtk_widget_get_template_child (GTK_WIDGET (preferences),
                                                      PD_TYPE_PREFERENCES_DIALOG,
                                                      "gs_substitute_row"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "");
  gtk_editable_set_text (GTK_EDITABLE (row), "|");
  {
    g_autofree char *stored = g_settings_get_string (settings, "gs-substitute");
    g_assert_cmpstr (stored, ==, "|");
  }

  /* The scanner's timing, the sounds: written as changed, shown again by a new window. */
  {
    AdwSpinRow *gap = ADW_SPIN_ROW (gtk_widget_get_template_child (GTK_WIDGET (preferences),
                                                                  PD_TYPE_PREFERENCES_DIALOG, "gap_row"));
    AdwSwitchRow *sounds = ADW_SWITCH_ROW (gtk_widget_get_template_child (GTK_WIDGET (preferences),
                                                                         PD_TYPE_PREFERENCES_DIALOG, "sounds_row"));
    AdwActionRow *store = ADW_ACTION_ROW (gtk_widget_get_template_child (GTK_WIDGET (preferences),
                                                                        PD_TYPE_PREFERENCES_DIALOG, "store_row"));
    AdwActionRow *journal = ADW_ACTION_ROW (gtk_widget_get_template_child (GTK_WIDGET (preferences),
                                                                          PD_TYPE_PREFERENCES_DIALOG, "journal_row"));
    g_autoptr(PdPreferencesDialog) again = NULL;

    g_assert_cmpuint (g_settings_get_uint (settings, "scanner-gap"), ==, 35);
    adw_spin_row_set_value (gap, 50);
    adw_switch_row_set_active (sounds, FALSE);
    g_assert_cmpuint (g_settings_get_uint (settings, "scanner-gap"), ==, 50);
    g_assert_false (g_settings_get_boolean (settings, "sounds"));
    g_assert_cmpstr (adw_action_row_get_subtitle (store), ==, "The built-in demo store");
    g_assert_true (g_str_has_suffix (adw_action_row_get_subtitle (journal), "journal.sqlite3"));

    again = g_object_ref_sink (pd_preferences_dialog_new (settings));
    gap = ADW_SPIN_ROW (gtk_widget_get_template_child (GTK_WIDGET (again), PD_TYPE_PREFERENCES_DIALOG, "gap_row"));
    sounds = ADW_SWITCH_ROW (gtk_widget_get_template_child (GTK_WIDGET (again), PD_TYPE_PREFERENCES_DIALOG, "sounds_row"));
    g_assert_cmpint ((int) adw_spin_row_get_value (gap), ==, 50);
    g_assert_false (adw_switch_row_get_active (sounds));
    g_settings_reset (settings, "scanner-gap");
    g_settings_reset (settings, "sounds");
  }

  /* The packer's name, and the labels: the size by the Market's name, the printer, when. */
  {
    AdwEntryRow *packer = ADW_ENTRY_ROW (gtk_widget_get_template_child (GTK_WIDGET (preferences),
                                                                       PD_TYPE_PREFERENCES_DIALOG, "packer_row"));
    AdwComboRow *size = ADW_COMBO_ROW (gtk_widget_get_template_child (GTK_WIDGET (preferences),
                                                                     PD_TYPE_PREFERENCES_DIALOG, "label_format_row"));
    AdwComboRow *printer = ADW_COMBO_ROW (gtk_widget_get_template_child (GTK_WIDGET (preferences),
                                                                        PD_TYPE_PREFERENCES_DIALOG, "label_printer_row"));
    g_autofree char *name = NULL;
    g_autofree char *format = NULL;
    g_autofree char *queue = NULL;

    gtk_editable_set_text (GTK_EDITABLE (packer), "Айгуль С.");
    name = g_settings_get_string (settings, "packer-name");
    g_assert_cmpstr (name, ==, "Айгуль С.");
    g_assert_cmpuint (adw_combo_row_get_selected (size), ==, 2);
    adw_combo_row_set_selected (size, 0);
    format = g_settings_get_string (settings, "label-format");
    g_assert_cmpstr (format, ==, "A9_HORIZONTALLY");
    /* The test's own CUPS queue is among the printers. */
    for (guint i = 0; i < 200 && adw_combo_row_get_selected (printer) == 0; i++)
      {
        GListModel *printers = adw_combo_row_get_model (printer);

        for (guint p = 1; p < g_list_model_get_n_items (printers); p++)
          if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (printers), p), LABEL_QUEUE))
            adw_combo_row_set_selected (printer, p);
        pd_test_wait_ms (50);
      }
    queue = g_settings_get_string (settings, "label-printer");
    g_assert_cmpstr (queue, ==, LABEL_QUEUE);
    g_settings_reset (settings, "packer-name");
    g_settings_reset (settings, "label-format");
    g_settings_reset (settings, "label-printer");
  }

  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));
}

static gboolean
session_is_ready (gpointer app)
{
  PdSession *session = pd_application_get_session (app);

  return session != NULL && pd_session_is_ready (session)
         && gtk_list_view_get_model (GTK_LIST_VIEW (gtk_widget_get_template_child (
              GTK_WIDGET (gtk_application_get_active_window (app)), PD_TYPE_WINDOW, "orders_view"))) != NULL;
}

/* Without an API key the window opens on the built-in demo store, marked as such. */
static void
test_demo_store (void)
{
  g_autoptr(PdApplication) app = start_application ();
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  AdwBanner *demo_banner = ADW_BANNER (gtk_widget_get_template_child (GTK_WIDGET (window), PD_TYPE_WINDOW,
                                                                     "demo_banner"));
  PdSession *session;

  iterate_until (session_is_ready, app);
  session = pd_application_get_session (app);
  g_assert_true (pd_session_is_demo (session));
  g_assert_cmpint (pd_session_get_business_id (session), ==, 501);
  g_assert_cmpuint (g_list_model_get_n_items (pd_session_get_campaigns (session)), ==, 3);
  g_assert_true (adw_banner_get_revealed (demo_banner));
  iterate_until (widget_is_mapped, window);
  save_screenshot (GTK_WIDGET (window), "window-demo-en.png");
}

static gboolean
market_found_problem (gpointer session)
{
  GListModel *orders = pd_session_get_orders (session);

  for (guint i = 0; i < g_list_model_get_n_items (orders); i++)
    {
      g_autoptr(PdOrder) order = g_list_model_get_item (orders, i);
      const PdOrderVerdicts *verdicts = pd_order_get_verdicts (order);

      if (verdicts != NULL && verdicts->problems > 0)
        return TRUE;
    }
  return FALSE;
}

/* A visible label under ROOT whose text has WORDS in it. */
static GtkLabel *
find_label_with (GtkWidget  *root,
                 const char *words)
{
  if (GTK_IS_LABEL (root) && gtk_widget_is_visible (root)
      && strstr (gtk_label_get_label (GTK_LABEL (root)), words) != NULL)
    return GTK_LABEL (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_label_with (child, words);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The chosen filter's name ends with the number of orders the list shows. */
static gboolean
filter_name_counts_list (gpointer window)
{
  GtkListView *orders_view = GTK_LIST_VIEW (gtk_widget_get_template_child (window, PD_TYPE_WINDOW, "orders_view"));
  GtkDropDown *filters = GTK_DROP_DOWN (gtk_widget_get_template_child (window, PD_TYPE_WINDOW, "filter_dropdown"));
  const char *name = gtk_string_object_get_string (gtk_drop_down_get_selected_item (filters));
  g_autofree char *count = g_strdup_printf ("· %u",
                                            g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (orders_view))));

  return g_str_has_suffix (name, count);
}

/* At a fresh start the list knows of an order whose code the Market refused, though no one here
 * has opened it: the filter counts it, and its row says so in red. */
static void
test_market_problems_counted (void)
{
  g_autoptr(PdApplication) app = start_application ();
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  GtkListView *orders_view = GTK_LIST_VIEW (gtk_widget_get_template_child (GTK_WIDGET (window), PD_TYPE_WINDOW,
                                                                           "orders_view"));
  GtkDropDown *filters = GTK_DROP_DOWN (gtk_widget_get_template_child (GTK_WIDGET (window), PD_TYPE_WINDOW,
                                                                       "filter_dropdown"));
  PdSession *session;
  GListModel *shown;
  GtkLabel *words;

  iterate_until (session_is_ready, app);
  session = pd_application_get_session (app);
  iterate_until (market_found_problem, session);
  gtk_drop_down_set_selected (filters, PD_ORDER_LIST_FILTER_PROBLEMS);
  shown = G_LIST_MODEL (gtk_list_view_get_model (orders_view));
  g_assert_cmpuint (g_list_model_get_n_items (shown), >, 0);
  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(PdOrder) order = g_list_model_get_item (shown, i);

      g_assert_null (pd_desk_lookup_order (pd_session_get_desk (session), pd_order_get_id (order)));
      g_assert_cmpuint (pd_order_get_verdicts (order)->problems, >, 0);
    }
  iterate_until (filter_name_counts_list, window);
  iterate_until (widget_is_mapped, orders_view);
  words = find_label_with (GTK_WIDGET (orders_view), "needs attention");
  g_assert_nonnull (words);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (words), "error"));
  gtk_drop_down_set_selected (filters, PD_ORDER_LIST_FILTER_ALL);
}

static gboolean
refresh_done (gpointer stack)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (stack), "spinner") != 0;
}

typedef struct
{
  PdSession *session;
  gint64     order_id;
} Awaited;

static gboolean
order_listed (gpointer data)
{
  Awaited *awaited = data;

  return pd_order_find_in (pd_session_get_orders (awaited->session), awaited->order_id, NULL) != NULL;
}

/* The list fetches the orders again by itself: an order that came in at the Market shows without
 * Refresh, and the order the packer had selected stays selected, also when it changed at the
 * Market (another desk sent its codes, say) and the list holds it anew. */
static void
test_orders_fetched_again (void)
{
  g_autoptr(PdApplication) app = start_application ();
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  GtkListView *orders_view = GTK_LIST_VIEW (gtk_widget_get_template_child (GTK_WIDGET (window), PD_TYPE_WINDOW,
                                                                           "orders_view"));
  GSettings *settings = pd_application_get_settings (app);
  GtkSingleSelection *selection;
  g_autoptr(GObject) selected = NULL;
  Awaited awaited;
  PdOrder *order;

  iterate_until (session_is_ready, app);
  awaited.session = pd_application_get_session (app);
  selection = GTK_SINGLE_SELECTION (gtk_list_view_get_model (orders_view));
  gtk_single_selection_set_selected (selection, 3);
  selected = g_object_ref (gtk_single_selection_get_selected_item (selection));

  order = pd_fake_market_add_order (pd_session_get_demo_market (awaited.session), PD_FAKE_CAMPAIGN_FBS, "FBS");
  pd_order_add_item (order, pd_order_item_new (990001, "MUG", "Кружка", 1, NULL));
  awaited.order_id = pd_order_get_id (order);
  g_assert_false (order_listed (&awaited));
  g_settings_set_uint (settings, "refresh-interval", 1);
  iterate_until (order_listed, &awaited);
  g_assert_true (gtk_single_selection_get_selected_item (selection) == selected);
  g_settings_set_uint (settings, "refresh-interval", 0);

  pd_order_set_update_date (pd_fake_market_lookup_order (pd_session_get_demo_market (awaited.session),
                                                         pd_order_get_id (PD_ORDER (selected))),
                            "2026-12-01T09:00:00+03:00");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL));
  iterate_until (refresh_done, gtk_widget_get_template_child (GTK_WIDGET (window), PD_TYPE_WINDOW,
                                                              "refresh_stack"));
  g_assert_nonnull (gtk_single_selection_get_selected_item (selection));
  g_assert_true (gtk_single_selection_get_selected_item (selection) != selected);
  g_assert_cmpint (pd_order_get_id (gtk_single_selection_get_selected_item (selection)), ==,
                   pd_order_get_id (PD_ORDER (selected)));
}

static gboolean
campaigns_shown (gpointer list)
{
  return gtk_widget_get_mapped (list) && gtk_list_box_get_row_at_index (list, 0) != NULL;
}

static gboolean
label_shown (gpointer label)
{
  return gtk_widget_get_visible (label) && *gtk_label_get_label (label) != '\0';
}

/* The first start offers the demo store or connecting a store; a wrong key is said to be wrong,
 * a right one shows the stores it reaches. (Storing the key in the keyring is test-api-key's.) */
static void
test_welcome_and_connect (void)
{
  g_autoptr(PdApplication) app = start_application ();
  GSettings *settings = pd_application_get_settings (app);
  g_autoptr(PdFakeMarket) market = pd_fake_market_new ("right-key", 7, 3);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  PdWindow *window;
  PdConnectDialog *connect;
  GtkEditable *key;
  GtkWidget *problem, *list;

  iterate_until (session_is_ready, app);
  g_settings_set_boolean (settings, "welcome-shown", FALSE);
  window = pd_window_new (app);
  pd_window_set_session (window, pd_application_get_session (app));
  gtk_window_present (GTK_WINDOW (window));
  iterate_until (widget_is_mapped, window);
  g_assert_true (welcome_is_shown (window));
  save_screenshot (GTK_WIDGET (window), "welcome-en.png");

  g_assert_true (pd_fake_market_listen (market, 0, &error));
  g_assert_no_error (error);
  url = pd_fake_market_dup_url (market);
  g_setenv ("PACKDESK_API_URL", url, TRUE);
  connect = pd_connect_dialog_new (settings);
  adw_dialog_present (ADW_DIALOG (connect), GTK_WIDGET (window));
  key = GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (connect), PD_TYPE_CONNECT_DIALOG, "key_row"));
  problem = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (connect), PD_TYPE_CONNECT_DIALOG, "problem"));
  list = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (connect), PD_TYPE_CONNECT_DIALOG, "campaigns_list"));

  gtk_editable_set_text (key, "wrong-key");
  g_signal_emit_by_name (key, "entry-activated");
  iterate_until (label_shown, problem);
  /* It says what to do here, not in Preferences. */
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (problem)), "did not accept this key"));
  g_assert_null (strstr (gtk_label_get_label (GTK_LABEL (problem)), "Preferences"));

  gtk_editable_set_text (key, "right-key");
  g_signal_emit_by_name (key, "entry-activated");
  iterate_until (campaigns_shown, list);
  g_assert_false (gtk_widget_get_visible (problem));
  wait_for_dialog (window);
  save_screenshot (GTK_WIDGET (window), "connect-en.png");
  adw_dialog_force_close (ADW_DIALOG (connect));
  g_unsetenv ("PACKDESK_API_URL");

  /* The demo store, then: the welcome gives way and does not come back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.try-demo", NULL));
  g_assert_true (g_settings_get_boolean (settings, "welcome-shown"));
  g_assert_false (welcome_is_shown (window));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The position of the first order after SKIP others that needs Chestny ZNAK codes and nothing
 * else. */
static guint
find_cis_order_after (GListModel *orders,
                      guint       skip)
{
  for (guint i = 0; i < g_list_model_get_n_items (orders); i++)
    {
      g_autoptr(PdOrder) order = g_list_model_get_item (orders, i);
      GPtrArray *items = pd_order_get_items (order);
      gboolean fits = g_strcmp0 (pd_order_get_substatus (order), "STARTED") == 0
                      && pd_order_item_get_instances (g_ptr_array_index (items, 0))->len == 0;

      for (guint k = 0; k < items->len && fits; k++)
        fits = pd_order_item_get_required_types (g_ptr_array_index (items, k)) == PD_INSTANCE_TYPE_CIS;
      if (fits && skip-- == 0)
        return i;
    }
  g_assert_not_reached ();
}

static guint
find_cis_order (GListModel *orders)
{
  return find_cis_order_after (orders, 0);
}

static gboolean
order_page_shows_order (gpointer page)
{
  return pd_order_page_get_order (page) != NULL && gtk_widget_get_mapped (page);
}

static gboolean
first_unit_captured (gpointer page)
{
  GListModel *units = pd_packing_order_get_units (pd_order_page_get_order (page));
  g_autoptr(PdUnit) unit = g_list_model_get_item (units, 0);

  return pd_unit_get_state (unit) != PD_UNIT_STATE_EMPTY;
}

static gboolean
first_unit_empty (gpointer page)
{
  return !first_unit_captured (page);
}

/* One key through the X server to the focused Packdesk window. */
static void
xdotool_key (const char *key)
{
  const char *argv[] = { "xdotool", "search", "--sync", "--name", "^Packdesk$", "windowfocus", "--sync",
                         "key", key, NULL };
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                               &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
}

/* A Chestny ZNAK code of ITEM's product with SERIAL (13 characters), of the GTIN the demo store
 * gives that offer: the desk learns it from the codes other desks sent, and refuses another. */
static char *
cis_for (PdOrderItem *item,
         const char  *serial)
{
  g_autofree char *gtin = pd_fake_demo_store_dup_gtin (pd_order_item_get_offer_id (item));

  return g_strdup_printf ("01%s21%s\x1d" "93dGh5", gtin, serial);
}

/* The code cis_for() makes, as a scanner that sends GS as the text <GS> types it. */
static char *
cis_typed (const char *code)
{
  g_autoptr(GString) typed = g_string_new (code);

  g_string_replace (typed, "\x1d", "<GS>", 0);
  return g_string_free (g_steal_pointer (&typed), FALSE);
}

static gboolean
search_has_focus (gpointer search)
{
  return gtk_widget_has_focus (search) || gtk_widget_is_ancestor (gtk_root_get_focus (gtk_widget_get_root (search)),
                                                                  search);
}

static gboolean
camera_is_active (gpointer page)
{
  gboolean active = FALSE;

  g_object_get (page, "camera-active", &active, NULL);
  return active;
}

/* A packer opens an order from the list and scans: the unit shows the code once it is kept. */
static void
test_open_order_and_scan (void)
{
  g_autoptr(PdApplication) app = start_application ();
  GtkWindow *window;
  GtkListView *orders_view;
  PdOrderPage *page;
  GtkEditable *scan_entry;
  GtkListBoxRow *row;
  g_autofree char *code = NULL;
  g_autofree char *typed = NULL;
  g_autofree char *short_code = NULL;

  iterate_until (session_is_ready, app);
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  orders_view = GTK_LIST_VIEW (gtk_widget_get_template_child (GTK_WIDGET (window), PD_TYPE_WINDOW, "orders_view"));
  page = PD_ORDER_PAGE (gtk_widget_get_template_child (GTK_WIDGET (window), PD_TYPE_WINDOW, "order_page"));
  scan_entry = GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (page), PD_TYPE_ORDER_PAGE, "scan_entry"));

  g_signal_emit_by_name (orders_view, "activate",
                         find_cis_order (G_LIST_MODEL (gtk_list_view_get_model (orders_view))));
  iterate_until (order_page_shows_order, page);
  /* The scan field has the focus, so the next scan lands there. */
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), GTK_WIDGET (scan_entry)));

  row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (gtk_widget_get_template_child (GTK_WIDGET (page),
                                                                                    PD_TYPE_ORDER_PAGE, "units")), 0);
  code = cis_for (pd_unit_get_item (pd_unit_row_get_unit (PD_UNIT_ROW (row))), "5Tq!Ld8x,Wz0r");
  typed = cis_typed (code);
  gtk_editable_set_text (scan_entry, typed);
  g_signal_emit_by_name (scan_entry, "activate");
  g_assert_cmpstr (gtk_editable_get_text (scan_entry), ==, "");
  iterate_until (first_unit_captured, page);

  short_code = g_strndup (code, strchr (code, '\x1d') - code);
  g_assert_cmpstr (pd_unit_get_short_code (pd_unit_row_get_unit (PD_UNIT_ROW (row))), ==, short_code);
  wait_for_paint (GTK_WIDGET (window));
  save_screenshot (GTK_WIDGET (window), "order-en.png");

  /* The row's remove button takes the code off again. */
  {
    GtkWidget *remove = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (row), PD_TYPE_UNIT_ROW,
                                                                   "remove_button"));

    g_assert_true (gtk_widget_get_visible (remove));
    g_signal_emit_by_name (remove, "clicked");
    iterate_until (first_unit_empty, page);

    /* Ctrl+Z (the toast's Undo) puts it back, from the scan field too; then it goes again. */
    gtk_widget_grab_focus (GTK_WIDGET (scan_entry));
    wait_for_paint (GTK_WIDGET (window));
    xdotool_key ("ctrl+z");
    iterate_until (first_unit_captured, page);
    g_assert_cmpstr (pd_unit_get_code (pd_unit_row_get_unit (PD_UNIT_ROW (row))), ==, code);
    g_signal_emit_by_name (remove, "clicked");
    iterate_until (first_unit_empty, page);
  }

  /* The order's shortcuts work wherever the focus is: Ctrl+Shift+C from the sidebar's search
   * opens the camera and closes it again. */
  {
    GtkWidget *search = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), PD_TYPE_WINDOW,
                                                                   "search_entry"));
    gboolean active = TRUE;

    gtk_widget_grab_focus (search);
    wait_for_paint (GTK_WIDGET (window));
    xdotool_key ("ctrl+shift+c");
    iterate_until (camera_is_active, page);
    g_object_set (page, "camera-active", FALSE, NULL);
    g_object_get (page, "camera-active", &active, NULL);
    g_assert_false (active);
  }

  /* Ctrl+F from the Review tab goes back to the orders' search. */
  {
    AdwViewStack *sidebar = ADW_VIEW_STACK (gtk_widget_get_template_child (GTK_WIDGET (window), PD_TYPE_WINDOW,
                                                                           "sidebar_stack"));
    GtkWidget *search = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), PD_TYPE_WINDOW,
                                                                   "search_entry"));

    adw_view_stack_set_visible_child_name (sidebar, "review");
    gtk_widget_grab_focus (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), PD_TYPE_WINDOW,
                                                                      "review_list")));
    wait_for_paint (GTK_WIDGET (window));
    xdotool_key ("ctrl+f");
    iterate_until (search_has_focus, search);
    g_assert_cmpstr (adw_view_stack_get_visible_child_name (sidebar), ==, "orders");
  }
}

/* xdotool's name of the key that types C. */
static const char *
keysym_of (char c)
{
  static const struct { char c; const char *name; } names[] = {
    { '!', "exclam" }, { ',', "comma" }, { '.', "period" }, { '-', "minus" }, { '/', "slash" },
    { '&', "ampersand" }, { '%', "percent" }, { '?', "question" }, { '_', "underscore" },
  };
  static char plain[2];

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (names[i].c == c)
      return names[i].name;
  plain[0] = c;
  return plain;
}

/* A scanner's burst through the X server: a key every 2 ms, GS as Ctrl+], Enter at the end;
 * the scanner stalls for STALL seconds after the first STALL_AFTER characters (none when 0). */
static void
xdotool_scan_stalled (const char *code,
                      guint       stall_after,
                      const char *stall)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_strv_builder_add_many (builder, "xdotool", "search", "--sync", "--name", "^Packdesk$", "windowfocus",
                           "--sync", "key", "--delay", "2", NULL);
  for (const char *p = code; *p != '\0'; p++)
    {
      if (stall_after > 0 && p - code == stall_after)
        g_strv_builder_add_many (builder, "sleep", stall, "key", "--delay", "2", NULL);
      g_strv_builder_add (builder, *p == 0x1d ? "ctrl+bracketright" : keysym_of (*p));
    }
  g_strv_builder_add (builder, "Return");
  argv = g_strv_builder_end (builder);
  g_assert_true (g_spawn_sync (NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
}

static void
xdotool_scan (const char *code)
{
  xdotool_scan_stalled (code, 0, NULL);
}

static gboolean
both_units_captured (gpointer page)
{
  GListModel *units = pd_packing_order_get_units (pd_order_page_get_order (page));
  g_autoptr(PdUnit) second = g_list_model_get_item (units, 1);

  return second != NULL && pd_unit_get_state (second) != PD_UNIT_STATE_EMPTY;
}

/* A keyboard-wedge scanner "types" into the window while the search field has the focus: the
 * codes reach the order exactly, GS included, also when the scanner stalls in the middle, and
 * the search field keeps what it had. */
static void
test_scanner_bursts_anywhere (void)
{
  g_autoptr(PdApplication) app = start_application ();
  GtkWindow *window;
  GtkListView *orders_view;
  GtkEditable *search;
  PdOrderPage *page;
  GListModel *orders;
  GListModel *units;
  g_autofree char *code_a = NULL;
  g_autofree char *code_b = NULL;
  const char *codes[2];
  guint position = G_MAXUINT;

  iterate_until (session_is_ready, app);
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  orders_view = GTK_LIST_VIEW (gtk_widget_get_template_child (GTK_WIDGET (window), PD_TYPE_WINDOW, "orders_view"));
  search = GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (window), PD_TYPE_WINDOW, "search_entry"));
  page = PD_ORDER_PAGE (gtk_widget_get_template_child (GTK_WIDGET (window), PD_TYPE_WINDOW, "order_page"));
  orders = G_LIST_MODEL (gtk_list_view_get_model (orders_view));

  /* An untouched order with one item of two units that need Chestny ZNAK codes. */
  for (guint i = 0; i < g_list_model_get_n_items (orders) && position == G_MAXUINT; i++)
    {
      g_autoptr(PdOrder) order = g_list_model_get_item (orders, i);
      GPtrArray *items = pd_order_get_items (order);
      PdOrderItem *item = g_ptr_array_index (items, 0);

      if (items->len == 1 && pd_order_item_get_count (item) == 2 && pd_order_item_get_instances (item)->len == 0
          && pd_order_item_get_required_types (item) == PD_INSTANCE_TYPE_CIS
          && g_strcmp0 (pd_order_get_substatus (order), "STARTED") == 0)
        position = i;
    }
  g_assert_cmpuint (position, !=, G_MAXUINT);
  g_signal_emit_by_name (orders_view, "activate", position);
  iterate_until (order_page_shows_order, page);
  gtk_widget_grab_focus (GTK_WIDGET (search));
  wait_for_paint (GTK_WIDGET (window));

  units = pd_packing_order_get_units (pd_order_page_get_order (page));
  {
    g_autoptr(PdUnit) first = g_list_model_get_item (units, 0);

    codes[0] = code_a = cis_for (pd_unit_get_item (first), "5Tq!Ld8x,Wz0a");
    codes[1] = code_b = cis_for (pd_unit_get_item (first), "5Tq!Ld8x,Wz0b");
  }
  gtk_editable_set_text (search, "вода");
  /* The scanner stalls a fifth of a second in the first code: still one scan. */
  xdotool_scan_stalled (codes[0], 5, "0.2");
  iterate_until (first_unit_captured, page);
  /* It stalls after two characters: what came after is scanned on its own (and refused, the
   * code being cut), and the two characters do not stay behind in the search field. */
  xdotool_scan_stalled (codes[1], 2, "0.1");
  pd_test_wait_ms (300);
  g_assert_cmpstr (gtk_editable_get_text (search), ==, "вода");
  xdotool_scan (codes[1]);
  iterate_until (both_units_captured, page);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(PdUnit) unit = g_list_model_get_item (units, i);
      const char *expected = codes[i];

      g_assert_cmpstr (pd_unit_get_code (unit), ==, expected);
      g_assert_cmpstr (pd_capture_source_to_string (pd_unit_get_entry (unit)->source), ==, "scanner");
    }
  g_assert_cmpstr (gtk_editable_get_text (search), ==, "вода");
  gtk_editable_set_text (search, "");
}

typedef struct
{
  PdOrderPage    *page;
  PdUnitState     state;
  gint64          order_id;
} UnitWait;

static gboolean
page_shows_order_id (gpointer data)
{
  UnitWait *wait = data;
  PdPackingOrder *packing = pd_order_page_get_order (wait->page);

  return packing != NULL && pd_order_get_id (pd_packing_order_get_order (packing)) == wait->order_id
         && gtk_widget_get_mapped (GTK_WIDGET (wait->page));
}

typedef struct
{
  guint   position;
  gint64  id;
  guint   cis_item;  /* index in the order's items */
  guint   gtd_item;
} CameraOrder;

/* An untouched order with one item that takes two or more Chestny ZNAK codes, one that takes a
 * customs declaration number, and nothing else that takes either. */
static CameraOrder
find_camera_order (GListModel *orders)
{
  for (guint i = 0; i < g_list_model_get_n_items (orders); i++)
    {
      g_autoptr(PdOrder) order = g_list_model_get_item (orders, i);
      GPtrArray *items = pd_order_get_items (order);
      CameraOrder found = { i, pd_order_get_id (order), G_MAXUINT, G_MAXUINT };
      gboolean fits = g_strcmp0 (pd_order_get_substatus (order), "STARTED") == 0;

      for (guint k = 0; k < items->len && fits; k++)
        {
          PdOrderItem *item = g_ptr_array_index (items, k);
          PdInstanceTypes types = pd_order_item_get_required_types (item);

          fits = pd_order_item_get_instances (item)->len == 0;
          if (types & (PD_INSTANCE_TYPE_CIS | PD_INSTANCE_TYPE_CIS_OPTIONAL))
            {
              fits = fits && found.cis_item == G_MAXUINT && types == PD_INSTANCE_TYPE_CIS
                     && pd_order_item_get_count (item) >= 2;
              found.cis_item = k;
            }
          else if (types & PD_INSTANCE_TYPE_GTD)
            {
              fits = fits && found.gtd_item == G_MAXUINT;
              found.gtd_item = k;
            }
        }
      if (fits && found.cis_item != G_MAXUINT && found.gtd_item != G_MAXUINT)
        return found;
    }
  g_assert_not_reached ();
}

static PdUnit *
unit_of_item (PdPackingOrder *packing,
              guint           item,
              guint           nth)
{
  GListModel *units = pd_packing_order_get_units (packing);
  PdOrderItem *wanted = g_ptr_array_index (pd_order_get_items (pd_packing_order_get_order (packing)), item);

  for (guint i = 0; i < g_list_model_get_n_items (units); i++)
    {
      g_autoptr(PdUnit) unit = g_list_model_get_item (units, i);

      if (pd_unit_get_item (unit) == wanted && nth-- == 0)
        return unit;
    }
  g_assert_not_reached ();
}

typedef struct
{
  PdOrderPage *page;
  CameraOrder  order;
} CameraWait;

static gboolean
camera_codes_captured (gpointer data)
{
  CameraWait *wait = data;
  PdPackingOrder *packing = pd_order_page_get_order (wait->page);

  return pd_unit_get_state (unit_of_item (packing, wait->order.cis_item, 1)) != PD_UNIT_STATE_EMPTY
         && pd_unit_get_state (unit_of_item (packing, wait->order.gtd_item, 0)) != PD_UNIT_STATE_EMPTY;
}

static void
assert_camera_code (PdUnit     *unit,
                    const char *code)
{
  g_assert_cmpstr (pd_unit_get_code (unit), ==, code);
  g_assert_cmpstr (pd_capture_source_to_string (pd_unit_get_entry (unit)->source), ==, "camera");
}

/* The webcam (a clip of camera-like frames through PACKDESK_CAMERA_PIPELINE) reads a DataMatrix
 * on a label tilted away under uneven light and through JPEG, beside the product's EAN-13 (which
 * it must not take for a code), a QR code anywhere in the picture, turned, blurred and noisy,
 * and a customs number in Code 128: the exact codes reach the journal, each once, as camera
 * captures. */
static void
test_camera_codes_reach_journal (void)
{
  g_autoptr(PdApplication) app = start_application ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (51);
  g_autoptr(GPtrArray) frames = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_test_frame_free);
  g_autofree char *dir = g_dir_make_tmp ("packdesk-camera-XXXXXX", NULL);
  g_autofree char *pipeline = NULL;
  PdTestCode cis[2] = { { 0 } }, gtd = { 0 };
  const PdTestDeskParams desk = {
    .module = 6, .angle = 30, .tilt = 25, .ink = 60, .paper = 210, .blur = 0.8, .noise = 3,
    .glare = 40, .jpeg_quality = 70, .with_code = TRUE,
  };
  g_autofree char *ean = NULL;
  const PdTestSymbology symbologies[] = { PD_TEST_SYMBOL_QR, PD_TEST_SYMBOL_CODE128 };
  GtkWindow *window;
  GtkListView *orders_view;
  CameraWait wait;
  PdPackingOrder *packing;

  pd_test_code_random_cis (rand, &cis[0]);
  pd_test_code_random_cis_of (rand, &cis[0], &cis[1]);
  pd_test_code_random_gtd (rand, &gtd);
  g_ptr_array_add (frames, pd_test_frame_new (rand, 1280, 720));
  g_ptr_array_add (frames, pd_test_desk_frame_new (rand, 1280, 720, &desk, &cis[0], &ean));
  g_assert_nonnull (frames->pdata[frames->len - 1]);
  for (guint i = 0; i < G_N_ELEMENTS (symbologies); i++)
    {
      PdTestFrame *frame = pd_test_frame_new (rand, 1280, 720);
      gboolean linear = symbologies[i] == PD_TEST_SYMBOL_CODE128;

      pd_test_frame_add_symbol (frame, rand, symbologies[i], linear ? &gtd : &cis[1],
                                linear ? 2.5 : g_rand_double_range (rand, 4, 7),
                                linear ? 8 : g_rand_double_range (rand, -180, 180), NULL);
      pd_test_frame_finish (frame, rand, TRUE, 4);
      g_ptr_array_add (frames, frame);
    }
  pipeline = pd_test_frames_write_clip (dir, frames, 15);
  g_setenv ("PACKDESK_CAMERA_PIPELINE", pipeline, TRUE);

  iterate_until (session_is_ready, app);
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  orders_view = GTK_LIST_VIEW (gtk_widget_get_template_child (GTK_WIDGET (window), PD_TYPE_WINDOW, "orders_view"));
  wait.page = PD_ORDER_PAGE (gtk_widget_get_template_child (GTK_WIDGET (window), PD_TYPE_WINDOW, "order_page"));
  wait.order = find_camera_order (G_LIST_MODEL (gtk_list_view_get_model (orders_view)));
  g_signal_emit_by_name (orders_view, "activate", wait.order.position);
  iterate_until (page_shows_order_id, &(UnitWait) { .page = wait.page, .order_id = wait.order.id });

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wait.page), "order.camera", NULL));
  iterate_until (camera_codes_captured, &wait);
  /* The last code is still in the picture, outlined. */
  save_screenshot (GTK_WIDGET (window), "camera-en.png");

  packing = pd_order_page_get_order (wait.page);
  assert_camera_code (unit_of_item (packing, wait.order.cis_item, 0), cis[0].raw);
  assert_camera_code (unit_of_item (packing, wait.order.cis_item, 1), cis[1].raw);
  assert_camera_code (unit_of_item (packing, wait.order.gtd_item, 0), gtd.raw);

  gtk_widget_activate_action (GTK_WIDGET (wait.page), "order.camera", NULL);
  g_unsetenv ("PACKDESK_CAMERA_PIPELINE");
  pd_test_code_clear (&cis[0]);
  pd_test_code_clear (&cis[1]);
  pd_test_code_clear (&gtd);
  pd_test_remove_tree (dir);
}

/* The position of an untouched FBS or Express order of exactly one unit that needs a Chestny
 * ZNAK code. */
static guint
find_single_unit_order (GListModel *orders,
                        guint       skip)
{
  for (guint i = 0; i < g_list_model_get_n_items (orders); i++)
    {
      g_autoptr(PdOrder) order = g_list_model_get_item (orders, i);
      GPtrArray *items = pd_order_get_items (order);
      PdOrderItem *item = g_ptr_array_index (items, 0);

      if (items->len == 1 && pd_order_item_get_count (item) == 1 && pd_order_item_get_instances (item)->len == 0
          && pd_order_item_get_required_types (item) == PD_INSTANCE_TYPE_CIS && !pd_order_is_dbs (order)
          && g_strcmp0 (pd_order_get_substatus (order), "STARTED") == 0 && skip-- == 0)
        return i;
    }
  g_assert_not_reached ();
}

static gboolean
only_unit_in_state (gpointer data)
{
  UnitWait *wait = data;
  g_autoptr(PdUnit) unit = g_list_model_get_item (pd_packing_order_get_units (pd_order_page_get_order (wait->page)), 0);

  return pd_unit_get_state (unit) == wait->state;
}

static gboolean
page_is_replacing (gpointer data)
{
  UnitWait *wait = data;

  return page_shows_order_id (data) && pd_order_page_get_replacing (wait->page) != NULL;
}

static void
on_feedback (PdOrderPage *page,
             int          kind,
             GArray      *kinds)
{
  g_array_append_val (kinds, kind);
}

static gboolean
has_feedback (gpointer kinds)
{
  return ((GArray *) kinds)->len > 0;
}

/* Captures TEXT on the order page and returns what the packer heard and saw. */
static PdFeedbackKind
capture_with_feedback (PdOrderPage *page,
                       const char  *text)
{
  g_autoptr(GArray) kinds = g_array_new (FALSE, FALSE, sizeof (int));
  gulong handler = g_signal_connect (page, "feedback", G_CALLBACK (on_feedback), kinds);

  g_assert_true (pd_order_page_capture (page, text, PD_CAPTURE_SOURCE_TYPED));
  iterate_until (has_feedback, kinds);
  g_signal_handler_disconnect (page, handler);
  return g_array_index (kinds, int, 0);
}

static gboolean
order_is_locked (gpointer page)
{
  return pd_packing_order_is_locked (pd_order_page_get_order (page));
}

/* A packer's whole order: a code the Market calls invalid shows why and lands in the review list
 * (counted on its tab); replaced from there, the new code goes through checking to OK, the review
 * list empties, and the order is marked ready to ship — after which its codes cannot change. */
static void
test_review_replace_ready (void)
{
  g_autoptr(PdApplication) app = start_application ();
  GtkWindow *window;
  GtkListView *orders_view;
  GtkListBox *review_list;
  AdwViewStackPage *review_page;
  GtkListBoxRow *row;
  UnitWait wait;
  g_autoptr(PdUnit) unit = NULL;
  g_autofree char *invalid = NULL;
  g_autofree char *good = NULL;

  iterate_until (session_is_ready, app);
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  orders_view = GTK_LIST_VIEW (gtk_widget_get_template_child (GTK_WIDGET (window), PD_TYPE_WINDOW, "orders_view"));
  review_list = GTK_LIST_BOX (gtk_widget_get_template_child (GTK_WIDGET (window), PD_TYPE_WINDOW, "review_list"));
  review_page = ADW_VIEW_STACK_PAGE (gtk_widget_get_template_child (GTK_WIDGET (window), PD_TYPE_WINDOW, "review_page"));
  wait.page = PD_ORDER_PAGE (gtk_widget_get_template_child (GTK_WIDGET (window), PD_TYPE_WINDOW, "order_page"));
  g_assert_cmpuint (adw_view_stack_page_get_badge_number (review_page), ==, 0);

  {
    GListModel *orders = G_LIST_MODEL (gtk_list_view_get_model (orders_view));
    guint position = find_single_unit_order (orders, 0);
    g_autoptr(PdOrder) order = g_list_model_get_item (orders, position);

    wait.order_id = pd_order_get_id (order);
    g_signal_emit_by_name (orders_view, "activate", position);
    iterate_until (page_shows_order_id, &wait);
    invalid = cis_for (g_ptr_array_index (pd_order_get_items (order), 0), "7Kq!Ld8x,Wz0I");
    good = cis_for (g_ptr_array_index (pd_order_get_items (order), 0), "7Kq!Ld8x,Wz0a");
  }

  /* A product barcode is refused (the red flash and low buzz); the order's only code completes it. */
  g_assert_cmpint (capture_with_feedback (wait.page, "4607258546067"), ==, PD_FEEDBACK_REJECTED);
  /* The demo Market calls a serial ending in I a bad crypto tail. */
  g_assert_cmpint (capture_with_feedback (wait.page, invalid), ==, PD_FEEDBACK_COMPLETE);
  wait.state = PD_UNIT_STATE_INVALID;
  iterate_until (only_unit_in_state, &wait);

  unit = g_list_model_get_item (pd_packing_order_get_units (pd_order_page_get_order (wait.page)), 0);
  g_assert_nonnull (pd_unit_get_explanation (unit));
  g_assert_cmpstr (pd_unit_get_explanation (unit), !=, "");

  /* The review list has it, under its order, and the tab counts it. */
  g_assert_cmpuint (adw_view_stack_page_get_badge_number (review_page), ==, 1);
  row = gtk_list_box_get_row_at_index (review_list, 0);
  g_assert_nonnull (row);
  g_assert_true (pd_unit_row_get_unit (PD_UNIT_ROW (row)) == unit);
  g_assert_nonnull (gtk_list_box_row_get_header (row));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), !=, "");
  /* In the narrow sidebar a row keeps its words readable: no code column, the code in the
   * subtitle, a title that is not broken a word a line. */
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Wz0I"));
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                                                      PD_TYPE_WINDOW,
                                                                                      "sidebar_stack")),
                                         "review");
  wait_for_paint (GTK_WIDGET (window));
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (row)), <, 160);
  save_screenshot (GTK_WIDGET (window), "review-en.png");
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                                                      PD_TYPE_WINDOW,
                                                                                      "sidebar_stack")),
                                         "orders");

  /* Replace from the review list: the next scan takes the unit's place. */
  g_signal_emit_by_name (row, "replace");
  iterate_until (page_is_replacing, &wait);
  g_assert_true (pd_order_page_capture (wait.page, good, PD_CAPTURE_SOURCE_TYPED));
  wait.state = PD_UNIT_STATE_OK;
  iterate_until (only_unit_in_state, &wait);
  g_assert_cmpstr (pd_unit_get_code (unit), ==, good);
  g_assert_cmpuint (adw_view_stack_page_get_badge_number (review_page), ==, 0);
  g_assert_null (gtk_list_box_get_row_at_index (review_list, 0));

  /* Ready to ship; the unit's code stays as it is now. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wait.page), "order.ready", NULL));
  iterate_until (order_is_locked, wait.page);
  row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (gtk_widget_get_template_child (GTK_WIDGET (wait.page),
                                                                                    PD_TYPE_ORDER_PAGE, "units")), 0);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (row), PD_TYPE_UNIT_ROW,
                                                                                     "remove_button"))));
}

/* A code the Market could not check in time (FAILED) offers a retry in the review list, and
 * passes on it. */
static void
test_retry_failed (void)
{
  g_autoptr(PdApplication) app = start_application ();
  GtkWindow *window;
  GtkListView *orders_view;
  GtkListBox *review_list;
  GListModel *orders;
  GtkListBoxRow *row;
  UnitWait wait;
  g_autofree char *failing = NULL;
  guint position;

  iterate_until (session_is_ready, app);
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  orders_view = GTK_LIST_VIEW (gtk_widget_get_template_child (GTK_WIDGET (window), PD_TYPE_WINDOW, "orders_view"));
  review_list = GTK_LIST_BOX (gtk_widget_get_template_child (GTK_WIDGET (window), PD_TYPE_WINDOW, "review_list"));
  wait.page = PD_ORDER_PAGE (gtk_widget_get_template_child (GTK_WIDGET (window), PD_TYPE_WINDOW, "order_page"));
  orders = G_LIST_MODEL (gtk_list_view_get_model (orders_view));
  position = find_single_unit_order (orders, 1);
  {
    g_autoptr(PdOrder) order = g_list_model_get_item (orders, position);

    wait.order_id = pd_order_get_id (order);
    failing = cis_for (g_ptr_array_index (pd_order_get_items (order), 0), "8Rt!Ld8x,Wz0F");
  }
  g_signal_emit_by_name (orders_view, "activate", position);
  iterate_until (page_shows_order_id, &wait);

  /* The demo Market fails the first check of a serial ending in F. */
  g_assert_cmpint (capture_with_feedback (wait.page, failing), ==, PD_FEEDBACK_COMPLETE);
  wait.state = PD_UNIT_STATE_FAILED;
  iterate_until (only_unit_in_state, &wait);
  row = gtk_list_box_get_row_at_index (review_list, 0);
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (row), PD_TYPE_UNIT_ROW,
                                                                                    "retry_button"))));
  g_signal_emit_by_name (row, "retry");
  wait.state = PD_UNIT_STATE_OK;
  iterate_until (only_unit_in_state, &wait);
  g_assert_null (gtk_list_box_get_row_at_index (review_list, 0));
}

static gboolean
row_is_selected (gpointer row)
{
  return gtk_list_box_row_is_selected (row);
}

/* An untouched order with two or more items, each needing Chestny ZNAK codes only. */
static guint
find_two_item_order (GListModel *orders)
{
  for (guint i = 0; i < g_list_model_get_n_items (orders); i++)
    {
      g_autoptr(PdOrder) order = g_list_model_get_item (orders, i);
      GPtrArray *items = pd_order_get_items (order);
      gboolean fits = items->len >= 2 && g_strcmp0 (pd_order_get_substatus (order), "STARTED") == 0;

      for (guint k = 0; k < items->len && fits; k++)
        fits = pd_order_item_get_required_types (g_ptr_array_index (items, k)) == PD_INSTANCE_TYPE_CIS
               && pd_order_item_get_instances (g_ptr_array_index (items, k))->len == 0;
      if (fits)
        return i;
    }
  g_assert_not_reached ();
}

static gboolean
unit_captured (gpointer unit)
{
  return pd_unit_get_state (unit) != PD_UNIT_STATE_EMPTY;
}

static gboolean
unit_empty (gpointer unit)
{
  return pd_unit_get_state (unit) == PD_UNIT_STATE_EMPTY;
}

/* In an order of two items a scan goes to the highlighted unit; the packer picks the other item
 * with the arrows in the scan field, and the next code goes to that item. */
static void
test_choose_item (void)
{
  g_autoptr(PdApplication) app = start_application ();
  g_autofree char *first_code = NULL;
  g_autofree char *code = NULL;
  GtkWindow *window;
  GtkListView *orders_view;
  GtkListBox *units;
  GtkWidget *entry;
  GListModel *orders;
  UnitWait wait;
  guint position;
  PdUnit *first, *second = NULL;

  iterate_until (session_is_ready, app);
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  orders_view = GTK_LIST_VIEW (gtk_widget_get_template_child (GTK_WIDGET (window), PD_TYPE_WINDOW, "orders_view"));
  wait.page = PD_ORDER_PAGE (gtk_widget_get_template_child (GTK_WIDGET (window), PD_TYPE_WINDOW, "order_page"));
  units = GTK_LIST_BOX (gtk_widget_get_template_child (GTK_WIDGET (wait.page), PD_TYPE_ORDER_PAGE, "units"));
  entry = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (wait.page), PD_TYPE_ORDER_PAGE, "scan_entry"));
  orders = G_LIST_MODEL (gtk_list_view_get_model (orders_view));
  position = find_two_item_order (orders);
  {
    g_autoptr(PdOrder) order = g_list_model_get_item (orders, position);

    wait.order_id = pd_order_get_id (order);
  }
  g_signal_emit_by_name (orders_view, "activate", position);
  iterate_until (page_shows_order_id, &wait);

  /* The first unit is highlighted, and the first scan goes there. */
  first = pd_unit_row_get_unit (PD_UNIT_ROW (gtk_list_box_get_row_at_index (units, 0)));
  g_assert_true (gtk_list_box_get_selected_row (units) == gtk_list_box_get_row_at_index (units, 0));
  first_code = cis_for (pd_unit_get_item (first), "Qw3%kL9-x_Q7p");
  g_assert_cmpint (capture_with_feedback (wait.page, first_code), !=, PD_FEEDBACK_REJECTED);
  iterate_until (unit_captured, first);
  g_assert_cmpstr (pd_unit_get_code (first), ==, first_code);

  /* Down from the first unit until the second item's first unit is picked. */
  gtk_list_box_select_row (units, gtk_list_box_get_row_at_index (units, 0));
  for (int i = 0; second == NULL; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (units, i);
      PdUnit *unit = pd_unit_row_get_unit (PD_UNIT_ROW (row));

      if (i > 0)
        {
          gtk_widget_grab_focus (entry);
          xdotool_key ("Down");
          iterate_until (row_is_selected, row);
        }
      if (pd_unit_get_item (unit) != pd_unit_get_item (first))
        second = unit;
    }
  code = cis_for (pd_unit_get_item (second), "Qw3%kL9-x_Q7q");
  g_assert_cmpint (capture_with_feedback (wait.page, code), !=, PD_FEEDBACK_REJECTED);
  iterate_until (unit_captured, second);
  g_assert_cmpstr (pd_unit_get_code (second), ==, code);

  /* The keyboard edits the picked unit: F2 aims the next scan at it, Alt+Delete takes its code off. */
  for (int i = 0; ; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (units, i);

      if (pd_unit_row_get_unit (PD_UNIT_ROW (row)) == second)
        {
          gtk_list_box_select_row (units, row);
          break;
        }
    }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wait.page), "order.replace-unit", NULL));
  g_assert_true (pd_order_page_get_replacing (wait.page) == second);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wait.page), "order.cancel-replace", NULL));
  g_assert_null (pd_order_page_get_replacing (wait.page));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wait.page), "order.remove-unit", NULL));
  iterate_until (unit_empty, second);
}

/* The filters show what they say, and their counts say how many. */
static void
test_filters (void)
{
  g_autoptr(PdApplication) app = start_application ();
  GtkWindow *window;
  GtkListView *orders_view;
  GtkDropDown *filters;
  const char *expected_substatus[PD_ORDER_LIST_FILTER_N_KINDS] = {
    [PD_ORDER_LIST_FILTER_NEEDS_CODES] = "STARTED",
    [PD_ORDER_LIST_FILTER_READY] = "READY_TO_SHIP",
    [PD_ORDER_LIST_FILTER_SHIPPED_TODAY] = "SHIPPED",
  };

  iterate_until (session_is_ready, app);
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  orders_view = GTK_LIST_VIEW (gtk_widget_get_template_child (GTK_WIDGET (window), PD_TYPE_WINDOW, "orders_view"));
  filters = GTK_DROP_DOWN (gtk_widget_get_template_child (GTK_WIDGET (window), PD_TYPE_WINDOW, "filter_dropdown"));

  for (PdOrderListFilterKind kind = PD_ORDER_LIST_FILTER_NEEDS_CODES; kind < PD_ORDER_LIST_FILTER_N_KINDS;
       kind++)
    {
      GListModel *shown;

      gtk_drop_down_set_selected (filters, kind);
      shown = G_LIST_MODEL (gtk_list_view_get_model (orders_view));
      if (expected_substatus[kind] != NULL)
        g_assert_cmpuint (g_list_model_get_n_items (shown), >, 0);
      for (guint i = 0; i < g_list_model_get_n_items (shown) && expected_substatus[kind] != NULL; i++)
        {
          g_autoptr(PdOrder) order = g_list_model_get_item (shown, i);

          g_assert_cmpstr (pd_order_get_substatus (order), ==, expected_substatus[kind]);
        }
      /* The orders scanned here earlier in this run and not ready to ship yet. */
      if (kind == PD_ORDER_LIST_FILTER_AT_THIS_DESK)
        {
          PdDesk *desk = pd_session_get_desk (pd_application_get_session (app));

          g_assert_cmpuint (g_list_model_get_n_items (shown), >, 0);
          for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
            {
              g_autoptr(PdOrder) order = g_list_model_get_item (shown, i);
              PdPackingOrder *packing = pd_desk_lookup_order (desk, pd_order_get_id (order));

              g_assert_nonnull (packing);
              g_assert_true (pd_packing_order_is_in_progress (packing));
            }
        }
      /* Verdicts come in all the time; the name's count catches up with the list within a
       * recount (a few seconds). */
      iterate_until (filter_name_counts_list, window);
    }
  gtk_drop_down_set_selected (filters, PD_ORDER_LIST_FILTER_ALL);

  /* The store switcher: the demo business has three campaigns; the third is its DBS store. */
  {
    GtkDropDown *stores = GTK_DROP_DOWN (gtk_widget_get_template_child (GTK_WIDGET (window), PD_TYPE_WINDOW,
                                                                        "campaign_dropdown"));
    GListModel *shown;

    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (stores)));
    gtk_drop_down_set_selected (stores, 3);
    shown = G_LIST_MODEL (gtk_list_view_get_model (orders_view));
    g_assert_cmpuint (g_list_model_get_n_items (shown), >, 0);
    for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
      {
        g_autoptr(PdOrder) order = g_list_model_get_item (shown, i);

        g_assert_true (pd_order_is_dbs (order));
      }
    g_assert_cmpint (g_settings_get_int64 (pd_application_get_settings (app), "campaign-id"), ==, 1003);
    gtk_drop_down_set_selected (stores, 0);
  }

  /* Refreshing asks the Market again, with a spinner meanwhile, and keeps the list. */
  {
    GtkStack *refresh = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (window), PD_TYPE_WINDOW,
                                                                  "refresh_stack"));
    guint before = g_list_model_get_n_items (pd_session_get_orders (pd_application_get_session (app)));

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.refresh", NULL));
    g_assert_cmpstr (gtk_stack_get_visible_child_name (refresh), ==, "spinner");
    iterate_until (refresh_done, refresh);
    g_assert_cmpuint (g_list_model_get_n_items (pd_session_get_orders (pd_application_get_session (app))), ==, before);
  }

  /* Enter in the search opens the order typed, without waiting for the search's pause. */
  {
    GtkEditable *search = GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (window), PD_TYPE_WINDOW,
                                                                       "search_entry"));
    UnitWait wait = {
      .page = PD_ORDER_PAGE (gtk_widget_get_template_child (GTK_WIDGET (window), PD_TYPE_WINDOW, "order_page")),
      .order_id = 52000117,
    };

    gtk_editable_set_text (search, "52000117");
    g_signal_emit_by_name (search, "activate");
    iterate_until (page_shows_order_id, &wait);
    gtk_editable_set_text (search, "");
  }
}

static gboolean
window_has_orders (gpointer window)
{
  return gtk_list_view_get_model (GTK_LIST_VIEW (gtk_widget_get_template_child (GTK_WIDGET (window), PD_TYPE_WINDOW,
                                                                               "orders_view"))) != NULL;
}

/* A new main window in LANGUAGE (with its LOCALE) at WIDTH × HEIGHT, its orders listed. */
static PdWindow *
window_in (PdApplication *app,
           const char    *language,
           const char    *locale,
           int            width,
           int            height)
{
  PdWindow *window;

  /* The language's own locale: gettext ignores LANGUAGE under the C locale. */
  g_setenv ("LANGUAGE", language, TRUE);
  if (setlocale (LC_ALL, locale) == NULL)
    g_error ("the %s locale is missing (Debian's locales-all has it)", locale);
  window = pd_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  pd_window_set_session (window, pd_application_get_session (app));
  pd_window_session_ready (window);
  gtk_window_present (GTK_WINDOW (window));
  iterate_until (window_has_orders, window);
  return window;
}

/* Opens the order at POSITION of WINDOW's list. */
static PdOrderPage *
open_order_at (PdWindow *window,
               guint     position)
{
  GtkListView *orders_view = GTK_LIST_VIEW (gtk_widget_get_template_child (GTK_WIDGET (window), PD_TYPE_WINDOW,
                                                                           "orders_view"));
  PdOrderPage *page = PD_ORDER_PAGE (gtk_widget_get_template_child (GTK_WIDGET (window), PD_TYPE_WINDOW,
                                                                     "order_page"));

  g_signal_emit_by_name (orders_view, "activate", position);
  iterate_until (order_page_shows_order, page);
  /* Let the split view's slide finish. */
  pd_test_wait_ms (400);
  return page;
}

static GListModel *
window_orders (PdWindow *window)
{
  return G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (gtk_widget_get_template_child (
    GTK_WIDGET (window), PD_TYPE_WINDOW, "orders_view"))));
}

/* A new main window in LANGUAGE at WIDTH × HEIGHT with an order open, saved under meson-logs. */
static void
screenshot_in (PdApplication *app,
               const char    *language,
               const char    *locale,
               guint          order,
               int            width,
               int            height)
{
  g_autofree char *name = g_strdup_printf ("main-%s-%dx%d.png", language, width, height);
  g_autofree char *review_name = g_strdup_printf ("review-%s-%dx%d.png", language, width, height);
  PdWindow *window = window_in (app, language, locale, width, height);
  AdwViewStack *sidebar = ADW_VIEW_STACK (gtk_widget_get_template_child (GTK_WIDGET (window), PD_TYPE_WINDOW,
                                                                         "sidebar_stack"));

  /* An order not opened before, whose words are made in this language. */
  open_order_at (window, find_cis_order_after (window_orders (window), order));
  save_screenshot (GTK_WIDGET (window), name);
  /* The codes to review, beside it, in the same words. */
  if (width > 700)
    {
      adw_view_stack_set_visible_child_name (sidebar, "review");
      wait_for_paint (GTK_WIDGET (window));
      save_screenshot (GTK_WIDGET (window), review_name);
      adw_view_stack_set_visible_child_name (sidebar, "orders");
    }
  /* The window as asked, less what its client-side decoration takes. */
  g_assert_cmpint (ABS (gtk_widget_get_width (GTK_WIDGET (window)) - width), <=, 12);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The position of the first order after SKIP others whose first item needs a jewelry UIN. */
static guint
find_uin_order_after (GListModel *orders,
                      guint       skip)
{
  for (guint i = 0; i < g_list_model_get_n_items (orders); i++)
    {
      g_autoptr(PdOrder) order = g_list_model_get_item (orders, i);
      PdOrderItem *item = g_ptr_array_index (pd_order_get_items (order), 0);

      if (g_strcmp0 (pd_order_get_substatus (order), "STARTED") == 0
          && pd_order_item_get_required_types (item) == PD_INSTANCE_TYPE_UIN
          && pd_order_item_get_instances (item)->len == 0 && skip-- == 0)
        return i;
    }
  g_assert_not_reached ();
}

/* An order of jewelry in LANGUAGE with its UIN typed in: the unit shows the UIN itself. */
static void
uin_screenshot_in (PdApplication *app,
                   const char    *language,
                   const char    *locale,
                   guint          order,
                   const char    *uin)
{
  g_autofree char *name = g_strdup_printf ("uin-order-%s.png", language);
  PdWindow *window = window_in (app, language, locale, 1000, 700);
  PdOrderPage *page = open_order_at (window, find_uin_order_after (window_orders (window), order));
  GListModel *units = pd_packing_order_get_units (pd_order_page_get_order (page));
  g_autoptr(PdUnit) unit = g_list_model_get_item (units, 0);

  g_assert_true (pd_order_page_capture (page, uin, PD_CAPTURE_SOURCE_TYPED));
  iterate_until (first_unit_captured, page);
  g_assert_cmpstr (pd_unit_get_short_code (unit), ==, uin);
  /* The capture's flash fades first (120 ms and its transition). */
  pd_test_wait_ms (600);
  save_screenshot (GTK_WIDGET (window), name);
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
has_two_boxes (gpointer page)
{
  return pd_box_layout_get_n_boxes (pd_packing_order_get_layout (pd_order_page_get_order (page))) == 2;
}

/* The position of the SKIP+1st untouched FBS or Express order (DBS has no boxes) with an item
 * that needs codes and an item that needs none: the whole pick list. */
static guint
find_mixed_order_after (GListModel *orders,
                        guint       skip)
{
  for (guint i = 0; i < g_list_model_get_n_items (orders); i++)
    {
      g_autoptr(PdOrder) order = g_list_model_get_item (orders, i);
      GPtrArray *items = pd_order_get_items (order);
      gboolean marked = FALSE, unmarked = FALSE;

      for (guint k = 0; k < items->len; k++)
        {
          PdOrderItem *item = g_ptr_array_index (items, k);

          marked |= pd_order_item_get_required_types (item) == PD_INSTANCE_TYPE_CIS
                    && pd_order_item_get_instances (item)->len == 0;
          unmarked |= pd_order_item_get_required_types (item) == PD_INSTANCE_TYPE_NONE;
        }
      if (marked && unmarked && !pd_order_is_dbs (order)
          && g_strcmp0 (pd_order_get_substatus (order), "STARTED") == 0 && skip-- == 0)
        return i;
    }
  g_assert_not_reached ();
}

/* An order of marked and unmarked goods in LANGUAGE, in two boxes: every item on the page. */
static void
pick_list_screenshot_in (PdApplication *app,
                         const char    *language,
                         const char    *locale,
                         guint          order)
{
  g_autofree char *name = g_strdup_printf ("pick-list-%s.png", language);
  PdWindow *window = window_in (app, language, locale, 1000, 700);
  PdOrderPage *page = open_order_at (window, find_mixed_order_after (window_orders (window), order));
  GtkWidget *unmarked = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page), PD_TYPE_ORDER_PAGE,
                                                                   "unmarked_group"));

  g_assert_true (gtk_widget_get_visible (unmarked));
  /* A second box, so the rows say where each unit lies. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "order.add-box", NULL));
  iterate_until (has_two_boxes, page);
  save_screenshot (GTK_WIDGET (window), name);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The main window with an order open, in English, Russian and Chinese, on a desk's monitor and
 * on a phone-sized screen: the layout holds with the longer Russian words; an order of jewelry
 * with its UIN, and an order with goods that need no code, in each language. */
static void
test_screenshots (void)
{
  g_autoptr(PdApplication) app = start_application ();
  const char *languages[][2] = { { "en", "en_US.UTF-8" }, { "ru", "ru_RU.UTF-8" }, { "zh_CN", "zh_CN.UTF-8" } };

  iterate_until (session_is_ready, app);
  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      screenshot_in (app, languages[i][0], languages[i][1], 2 + i, 1280, 800);
      screenshot_in (app, languages[i][0], languages[i][1], 2 + i, 360, 720);
    }
  /* The size app stores show (at most 1000 × 700), and a phone's. */
  screenshot_in (app, "en", "en_US.UTF-8", 5, 1000, 700);
  screenshot_in (app, "en", "en_US.UTF-8", 5, 360, 690);
  for (guint i = 0; i < G_N_ELEMENTS (languages); i++)
    {
      g_autofree char *uin = g_strdup_printf ("017626288889246%u", i);

      uin_screenshot_in (app, languages[i][0], languages[i][1], i, uin);
      pick_list_screenshot_in (app, languages[i][0], languages[i][1], i);
    }
  g_unsetenv ("LANGUAGE");
  setlocale (LC_ALL, "");
}

static gboolean
dialog_is_alert (gpointer window)
{
  return ADW_IS_ALERT_DIALOG (adw_application_window_get_visible_dialog (window));
}

/* The order open when Packdesk last went is opened again, and opening one remembers it. */
static void
test_reopens_last_order (void)
{
  g_autoptr(PdApplication) app = start_application ();
  GSettings *settings = pd_application_get_settings (app);
  GtkWindow *window;
  UnitWait wait;

  iterate_until (session_is_ready, app);
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  wait.page = PD_ORDER_PAGE (gtk_widget_get_template_child (GTK_WIDGET (window), PD_TYPE_WINDOW, "order_page"));
  {
    GListModel *orders = window_orders (PD_WINDOW (window));
    g_autoptr(PdOrder) order = g_list_model_get_item (orders, find_cis_order_after (orders, 8));

    wait.order_id = pd_order_get_id (order);
  }
  g_settings_set_int64 (settings, "open-order", wait.order_id);
  pd_window_reopen_last_order (PD_WINDOW (window));
  iterate_until (page_shows_order_id, &wait);
  g_assert_cmpint (g_settings_get_int64 (settings, "open-order"), ==, wait.order_id);
}

/* The item whose units take the declaration in test_same_declaration. */
static gint64 declared_item;

static gboolean
some_unit_declared (gpointer page)
{
  GListModel *units = pd_packing_order_get_units (pd_order_page_get_order (page));

  for (guint i = 0; i < g_list_model_get_n_items (units); i++)
    {
      g_autoptr(PdUnit) unit = g_list_model_get_item (units, i);

      if (pd_unit_get_entry (unit) != NULL && pd_unit_get_entry (unit)->kind == PD_CODE_KIND_GTD)
        return TRUE;
    }
  return FALSE;
}

static gboolean
all_units_declared (gpointer page)
{
  GListModel *units = pd_packing_order_get_units (pd_order_page_get_order (page));

  for (guint i = 0; i < g_list_model_get_n_items (units); i++)
    {
      g_autoptr(PdUnit) unit = g_list_model_get_item (units, i);
      const PdJournalEntry *entry = pd_unit_get_entry (unit);

      if (pd_order_item_get_id (pd_unit_get_item (unit)) == declared_item
          && (entry == NULL || entry->country_code == NULL))
        return FALSE;
    }
  return TRUE;
}

/* Kettles from China, several in one order: one declaration and its country, typed once, go
 * on every unit. */
static void
test_same_declaration (void)
{
  g_autoptr(PdApplication) app = start_application ();
  GtkWindow *window;
  GListModel *orders;
  UnitWait wait;
  guint position = G_MAXUINT;

  iterate_until (session_is_ready, app);
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  wait.page = PD_ORDER_PAGE (gtk_widget_get_template_child (GTK_WIDGET (window), PD_TYPE_WINDOW, "order_page"));
  orders = window_orders (PD_WINDOW (window));
  for (guint i = 0; i < g_list_model_get_n_items (orders) && position == G_MAXUINT; i++)
    {
      g_autoptr(PdOrder) order = g_list_model_get_item (orders, i);
      GPtrArray *items = pd_order_get_items (order);

      for (guint k = 0; k < items->len && position == G_MAXUINT; k++)
        if (g_strcmp0 (pd_order_get_substatus (order), "STARTED") == 0
            && pd_order_item_get_required_types (items->pdata[k]) == PD_INSTANCE_TYPE_GTD
            && pd_order_item_get_count (items->pdata[k]) >= 2)
          {
            position = i;
            wait.order_id = pd_order_get_id (order);
            declared_item = pd_order_item_get_id (items->pdata[k]);
          }
    }
  g_assert_cmpuint (position, !=, G_MAXUINT);
  open_order_at (PD_WINDOW (window), position);
  iterate_until (page_shows_order_id, &wait);

  g_assert_true (pd_order_page_capture (wait.page, "10702030/250123/0054321", PD_CAPTURE_SOURCE_TYPED));
  iterate_until (some_unit_declared, wait.page);
  g_assert_true (pd_order_page_capture (wait.page, "CN", PD_CAPTURE_SOURCE_TYPED));
  pd_test_wait_ms (300);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wait.page), "order.same-declaration", NULL));
  iterate_until (all_units_declared, wait.page);
}

/* An import with a line that is no code: every refused line is listed, with its number. */
static void
test_import_lists_problems (void)
{
  g_autoptr(PdApplication) app = start_application ();
  g_autofree char *dir = g_dir_make_tmp ("packdesk-import-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "codes.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *code = NULL;
  g_autofree char *good = NULL;
  g_autofree char *text = NULL;
  GtkWindow *window;
  PdOrderPage *page;
  AdwDialog *dialog;
  UnitWait wait;
  guint position;

  iterate_until (session_is_ready, app);
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  page = wait.page = PD_ORDER_PAGE (gtk_widget_get_template_child (GTK_WIDGET (window), PD_TYPE_WINDOW, "order_page"));
  {
    GListModel *orders = window_orders (PD_WINDOW (window));
    g_autoptr(PdOrder) order = NULL;

    position = find_single_unit_order (orders, 2);
    order = g_list_model_get_item (orders, position);
    wait.order_id = pd_order_get_id (order);
    code = cis_for (g_ptr_array_index (pd_order_get_items (order), 0), "Im9!Ld8x,Wz0a");
    good = cis_typed (code);
  }
  open_order_at (PD_WINDOW (window), position);
  iterate_until (page_shows_order_id, &wait);

  text = g_strdup_printf ("%s\nnot a code\n", good);
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  pd_order_page_import (page, file);
  iterate_until (dialog_is_alert, window);
  dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
  g_assert_cmpstr (adw_alert_dialog_get_heading (ADW_ALERT_DIALOG (dialog)), ==, "Some Lines Were Not Imported");
  g_assert_nonnull (strstr (adw_alert_dialog_get_body (ADW_ALERT_DIALOG (dialog)), "1 code imported"));
  g_assert_nonnull (strstr (adw_alert_dialog_get_body (ADW_ALERT_DIALOG (dialog)), "Line 2: "));
  adw_dialog_force_close (dialog);
  pd_test_remove_tree (dir);
}

/* A journal that cannot be read: the window asks before a new one starts, and the damaged
 * file is kept aside, untouched. */
static void
test_damaged_journal (void)
{
  g_autoptr(PdApplication) app = start_application ();
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_autofree char *old_dir = g_strdup (g_getenv ("PACKDESK_DATA_DIR"));
  g_autofree char *dir = g_dir_make_tmp ("packdesk-damaged-XXXXXX", NULL);
  g_autofree char *demo_dir = g_build_filename (dir, "demo", NULL);
  g_autofree char *path = g_build_filename (demo_dir, "journal.sqlite3", NULL);
  g_autoptr(GDir) listing = NULL;
  gboolean kept = FALSE;
  AdwDialog *dialog;
  const char *name;

  iterate_until (session_is_ready, app);
  g_assert_cmpint (g_mkdir_with_parents (demo_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, "a shopping list, not a journal", -1, NULL));
  g_setenv ("PACKDESK_DATA_DIR", dir, TRUE);
  g_action_group_activate_action (G_ACTION_GROUP (app), "reconnect", NULL);

  iterate_until (dialog_is_alert, window);
  dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (window));
  g_assert_cmpstr (adw_alert_dialog_get_heading (ADW_ALERT_DIALOG (dialog)), ==, "The Journal Is Damaged");
  g_assert_nonnull (strstr (adw_alert_dialog_get_body (ADW_ALERT_DIALOG (dialog)), path));
  wait_for_dialog (window);
  save_screenshot (GTK_WIDGET (window), "damaged-journal-en.png");
  g_signal_emit_by_name (dialog, "response", "new");
  adw_dialog_force_close (dialog);

  iterate_until (session_is_ready, app);
  listing = g_dir_open (demo_dir, 0, NULL);
  while ((name = g_dir_read_name (listing)) != NULL)
    if (strstr (name, ".damaged-") != NULL && !g_str_has_suffix (name, "-wal") && !g_str_has_suffix (name, "-shm"))
      {
        g_autofree char *aside = g_build_filename (demo_dir, name, NULL);
        g_autofree char *contents = NULL;

        g_assert_true (g_file_get_contents (aside, &contents, NULL, NULL));
        g_assert_cmpstr (contents, ==, "a shopping list, not a journal");
        kept = TRUE;
      }
  g_assert_true (kept);
  g_setenv ("PACKDESK_DATA_DIR", old_dir, TRUE);
}

/* The last untouched FBS or Express order with two or more items, each needing Chestny ZNAK
 * codes only (the last, so no other test has opened it). */
static guint
find_labelled_order (GListModel *orders)
{
  for (guint i = g_list_model_get_n_items (orders); i-- > 0; )
    {
      g_autoptr(PdOrder) order = g_list_model_get_item (orders, i);
      GPtrArray *items = pd_order_get_items (order);
      gboolean fits = items->len >= 2 && !pd_order_is_dbs (order)
                      && g_strcmp0 (pd_order_get_substatus (order), "STARTED") == 0;

      for (guint k = 0; k < items->len && fits; k++)
        fits = pd_order_item_get_required_types (g_ptr_array_index (items, k)) == PD_INSTANCE_TYPE_CIS
               && pd_order_item_get_instances (g_ptr_array_index (items, k))->len == 0;
      if (fits)
        return i;
    }
  g_assert_not_reached ();
}

typedef struct
{
  PdOrderPage *page;
  PdUnit      *unit;
  guint        box;
} BoxOfUnit;

static gboolean
unit_is_in_box (gpointer data)
{
  BoxOfUnit *wait = data;

  return pd_box_layout_get_box (pd_packing_order_get_layout (pd_order_page_get_order (wait->page)),
                                pd_unit_get_item_id (wait->unit), pd_unit_get_index (wait->unit)) == wait->box;
}

static gboolean
order_is_ready (gpointer page)
{
  return pd_packing_order_is_ready (pd_order_page_get_order (page));
}

static char *
printed_text (void)
{
  g_autofree char *job = pd_test_cups_wait_for_job (cups, 30000);
  const char *argv[] = { "pdftotext", job, "-", NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  g_assert_nonnull (job);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
                               NULL, NULL, &error));
  g_assert_no_error (error);
  return out;
}

/* A packer's multi-item order by keyboard alone: the first unit scanned into the first box,
 * Ctrl+B, the others into a second box, Ctrl+Shift+Enter once the Market has checked the codes,
 * and the labels of both boxes come out of the label printer by themselves; Ctrl+P prints them
 * again. */
static void
test_ready_prints_labels (void)
{
  g_autoptr(PdApplication) app = start_application ();
  GSettings *settings = pd_application_get_settings (app);
  GtkWindow *window;
  GtkListView *orders_view;
  GListModel *orders;
  GListModel *units;
  UnitWait wait;
  g_autofree char *order_words = NULL;
  g_autofree char *text = NULL;
  g_autofree char *again = NULL;
  guint position;

  g_settings_set_boolean (settings, "print-labels-when-ready", TRUE);
  g_settings_set_string (settings, "label-printer", LABEL_QUEUE);
  g_settings_set_string (settings, "label-format", "A9_HORIZONTALLY");

  iterate_until (session_is_ready, app);
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  orders_view = GTK_LIST_VIEW (gtk_widget_get_template_child (GTK_WIDGET (window), PD_TYPE_WINDOW, "orders_view"));
  wait.page = PD_ORDER_PAGE (gtk_widget_get_template_child (GTK_WIDGET (window), PD_TYPE_WINDOW, "order_page"));
  orders = G_LIST_MODEL (gtk_list_view_get_model (orders_view));
  position = find_labelled_order (orders);
  {
    g_autoptr(PdOrder) order = g_list_model_get_item (orders, position);

    wait.order_id = pd_order_get_id (order);
    order_words = g_strdup_printf ("Заказ %" G_GINT64_FORMAT, wait.order_id);
  }
  g_signal_emit_by_name (orders_view, "activate", position);
  iterate_until (page_shows_order_id, &wait);
  pd_order_page_focus_scan (wait.page);
  wait_for_paint (GTK_WIDGET (window));

  /* Each scan goes to the highlighted unit, which moves on to the next empty one. */
  units = pd_packing_order_get_units (pd_order_page_get_order (wait.page));
  for (guint i = 0; i < g_list_model_get_n_items (units); i++)
    {
      g_autoptr(PdUnit) unit = g_list_model_get_item (units, i);
      /* Never two equal keys in a row: xdotool loses the second at a scanner's speed. */
      g_autofree char *serial = g_strdup_printf ("Lb7!Pq2-Xt%cM%c", 'a' + i, 'b' + i);
      g_autofree char *code = cis_for (pd_unit_get_item (unit), serial);

      xdotool_scan (code);
      iterate_until (unit_captured, unit);
      g_assert_cmpstr (pd_unit_get_code (unit), ==, code);
      if (i == 0)
        {
          xdotool_key ("ctrl+b");
          iterate_until (has_two_boxes, wait.page);
        }
    }
  for (guint i = 0; i < g_list_model_get_n_items (units); i++)
    {
      g_autoptr(PdUnit) unit = g_list_model_get_item (units, i);
      BoxOfUnit box = { wait.page, unit, i == 0 ? 0 : 1 };

      iterate_until (unit_is_in_box, &box);
    }

  iterate_until (order_is_ready, wait.page);
  xdotool_key ("ctrl+shift+Return");
  iterate_until (order_is_locked, wait.page);
  text = printed_text ();
  g_assert_nonnull (strstr (text, order_words));
  g_assert_nonnull (strstr (text, "Место 1/2"));
  g_assert_nonnull (strstr (text, "Место 2/2"));
  g_assert_cmpint (pd_packing_order_get_labels (pd_order_page_get_order (wait.page)), ==, PD_LABELS_PRINTED);

  xdotool_key ("ctrl+p");
  again = printed_text ();
  g_assert_nonnull (strstr (again, order_words));

  g_settings_reset (settings, "print-labels-when-ready");
  g_settings_reset (settings, "label-printer");
  g_settings_reset (settings, "label-format");
}

/* A packer scans the number on an order sheet, or the barcode on a box label: that order opens,
 * with another one open as well, and the store view follows it to its store. */
static void
test_scan_opens_order (void)
{
  g_autoptr(PdApplication) app = start_application ();
  GtkWindow *window;
  GtkDropDown *stores;
  GListModel *orders;
  UnitWait wait;
  gint64 fbs_order = 0, dbs_order = 0;
  g_autofree char *number = NULL;
  g_autofree char *label = NULL;

  iterate_until (session_is_ready, app);
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  wait.page = PD_ORDER_PAGE (gtk_widget_get_template_child (GTK_WIDGET (window), PD_TYPE_WINDOW, "order_page"));
  stores = GTK_DROP_DOWN (gtk_widget_get_template_child (GTK_WIDGET (window), PD_TYPE_WINDOW, "campaign_dropdown"));
  orders = pd_session_get_orders (pd_application_get_session (app));
  for (guint i = 0; i < g_list_model_get_n_items (orders); i++)
    {
      g_autoptr(PdOrder) order = g_list_model_get_item (orders, i);

      if (fbs_order == 0 && pd_order_get_campaign_id (order) == PD_FAKE_CAMPAIGN_FBS)
        fbs_order = pd_order_get_id (order);
      if (dbs_order == 0 && pd_order_is_dbs (order))
        dbs_order = pd_order_get_id (order);
    }

  /* The FBS store is shown, and the scan goes to the window, not to a field. */
  gtk_drop_down_set_selected (stores, 1);
  number = g_strdup_printf ("%" G_GINT64_FORMAT, fbs_order);
  wait.order_id = fbs_order;
  xdotool_scan (number);
  iterate_until (page_shows_order_id, &wait);

  /* A box label of the DBS store's order, scanned with the FBS order open. */
  label = g_strdup_printf ("%" G_GINT64_FORMAT "-1", dbs_order);
  wait.order_id = dbs_order;
  pd_order_page_focus_scan (wait.page);
  xdotool_scan (label);
  iterate_until (page_shows_order_id, &wait);
  g_assert_cmpuint (gtk_drop_down_get_selected (stores), ==, 3);
  gtk_drop_down_set_selected (stores, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_dir = g_dir_make_tmp ("packdesk-ui-XXXXXX", NULL);
  int status;

  /* No key and a throwaway journal: the tests work on the demo store. */
  g_unsetenv ("PACKDESK_API_KEY");
  g_setenv ("PACKDESK_DATA_DIR", data_dir, TRUE);
  /* A label printer of the test's own, before GTK looks for printers. */
  cups = pd_test_cups_start (LABEL_QUEUE);
  if (cups == NULL)
    return 1;
  /* The build tree's catalogues, for the screenshots in other languages. */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("PD_LOCALE_DIR"));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  /* A blinking cursor's timer can outlive a focus change the X server never reports to a
   * window nobody looks at (GTK then warns, and warnings are fatal here). */
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);
  /* GNOME's title buttons (only "close") and the screenshots' size app stores ask for,
   * 1000 × 700 inside the client-side decoration. */
  g_object_set (gtk_settings_get_default (), "gtk-decoration-layout", "appmenu:close", NULL);
  {
    g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);

    g_settings_set_int (settings, "window-width", 1010);
    g_settings_set_int (settings, "window-height", 710);
  }

  g_test_add_func ("/window/shows", test_window_shows);
  g_test_add_func ("/window/demo-store", test_demo_store);
  g_test_add_func ("/window/market-problems-counted", test_market_problems_counted);
  g_test_add_func ("/window/orders-fetched-again", test_orders_fetched_again);
  g_test_add_func ("/window/welcome-and-connect", test_welcome_and_connect);
  g_test_add_func ("/window/open-order-and-scan", test_open_order_and_scan);
  g_test_add_func ("/window/scanner-bursts-anywhere", test_scanner_bursts_anywhere);
  g_test_add_func ("/window/camera-codes-reach-journal", test_camera_codes_reach_journal);
  g_test_add_func ("/window/review-replace-ready", test_review_replace_ready);
  g_test_add_func ("/window/filters", test_filters);
  g_test_add_func ("/window/choose-item", test_choose_item);
  g_test_add_func ("/window/retry-failed", test_retry_failed);
  g_test_add_func ("/window/actions-and-accels", test_actions_and_accels);
  g_test_add_func ("/window/preferences-store-settings", test_preferences_store_settings);
  g_test_add_func ("/window/screenshots", test_screenshots);
  g_test_add_func ("/window/import-lists-problems", test_import_lists_problems);
  g_test_add_func ("/window/reopens-last-order", test_reopens_last_order);
  g_test_add_func ("/window/same-declaration", test_same_declaration);
  g_test_add_func ("/window/damaged-journal", test_damaged_journal);
  g_test_add_func ("/window/ready-prints-labels", test_ready_prints_labels);
  g_test_add_func ("/window/scan-opens-order", test_scan_opens_order);

  status = g_test_run ();
  pd_test_cups_stop (cups);
  return status;
}
