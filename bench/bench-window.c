/* bench-window.c — the packing window's figures: time from start to the first frame of the main
 * window with the demo store's orders (median of 5 fresh processes), resident memory after
 * loading 10,000 orders from a fake Market, and frame times while the 10,000-order list scrolls
 * from top to bottom. Runs under Xvfb (software rendering); figures only, no targets enforced.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <stdlib.h>

#include "pd-application.h"
#include "pd-window.h"
#include "pd-test-async.h"

#define RUNS 5
#define MANY_ORDERS 10000

static GtkListView *
orders_view_of (GtkWindow *window)
{
  return GTK_LIST_VIEW (gtk_widget_get_template_child (GTK_WIDGET (window), PD_TYPE_WINDOW, "orders_view"));
}

static guint
orders_shown (GtkWindow *window)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (orders_view_of (window)));

  return model != NULL ? g_list_model_get_n_items (model) : 0;
}

/* Child: the first frame painted with orders in the list ends the process. */
static void
on_after_paint (GdkFrameClock *clock,
                GtkWindow     *window)
{
  if (orders_shown (window) == 0)
    return;
  g_print ("first-frame\n");
  exit (0);
}

static void
on_realized (GtkWidget *window)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (on_after_paint),
                    window);
}

static void
on_window_added (GtkApplication *app,
                 GtkWindow      *window)
{
  g_signal_connect_after (window, "realize", G_CALLBACK (on_realized), NULL);
}

static int
run_first_frame_child (void)
{
  g_autoptr(PdApplication) app = pd_application_new ();
  char *argv[] = { (char *) "packdesk", (char *) "--demo", NULL };

  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "window-added", G_CALLBACK (on_window_added), NULL);
  return g_application_run (G_APPLICATION (app), 2, argv);
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
measure_first_frame (const char *self_path)
{
  double ms[RUNS];

  for (guint i = 0; i < RUNS; i++)
    {
      g_autofree char *data_dir = g_dir_make_tmp ("packdesk-bench-XXXXXX", NULL);
      g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
      g_autoptr(GSubprocess) child = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *out = NULL;
      gint64 start;

      /* A fresh journal each time: a first start, not a warm one. */
      g_subprocess_launcher_setenv (launcher, "PACKDESK_DATA_DIR", data_dir, TRUE);
      g_subprocess_launcher_unsetenv (launcher, "PACKDESK_API_KEY");
      start = g_get_monotonic_time ();
      child = g_subprocess_launcher_spawn (launcher, &error, self_path, "--child-first-frame", NULL);
      g_assert_no_error (error);
      g_subprocess_communicate_utf8 (child, NULL, NULL, &out, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (strstr (out, "first-frame"));
      ms[i] = (g_get_monotonic_time () - start) / 1000.0;
      pd_test_remove_tree (data_dir);
    }
  qsort (ms, RUNS, sizeof (double), compare_double);
  g_print ("start → first frame with the demo store's orders: median %.0f ms (of %d runs: %.0f … %.0f ms)\n",
           ms[RUNS / 2], RUNS, ms[0], ms[RUNS - 1]);
}

static long
resident_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL)
      || (line = strstr (status, "VmRSS:")) == NULL)
    return -1;
  return strtol (line + strlen ("VmRSS:"), NULL, 10);
}

typedef struct
{
  GtkAdjustment *adjustment;
  GArray        *intervals;  /* ms between frames */
  gint64         last;
  gboolean       done;
} Scroll;

/* One page down the list per frame: a packer flicking through as fast as the list can follow. */
static gboolean
scroll_tick (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       data)
{
  Scroll *scroll = data;
  gint64 now = gdk_frame_clock_get_frame_time (clock);
  double value = gtk_adjustment_get_value (scroll->adjustment);
  double bottom = gtk_adjustment_get_upper (scroll->adjustment) - gtk_adjustment_get_page_size (scroll->adjustment);

  if (scroll->last != 0)
    {
      double ms = (now - scroll->last) / 1000.0;

      g_array_append_val (scroll->intervals, ms);
    }
  scroll->last = now;
  if (value >= bottom)
    {
      scroll->done = TRUE;
      return G_SOURCE_REMOVE;
    }
  gtk_adjustment_set_value (scroll->adjustment, value + gtk_adjustment_get_page_size (scroll->adjustment));
  return G_SOURCE_CONTINUE;
}

static gboolean
flag_set (gpointer flag)
{
  return *(gboolean *) flag;
}

typedef struct
{
  PdApplication *app;
  guint          expected;
} Loading;

static gboolean
all_orders_shown (gpointer data)
{
  Loading *loading = data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (loading->app));

  return window != NULL && orders_shown (window) == loading->expected;
}

static void
measure_many_orders (const char *fake_market)
{
  g_autoptr(GSubprocess) market = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *data_dir = g_dir_make_tmp ("packdesk-bench-XXXXXX", NULL);
  g_autoptr(PdApplication) app = NULL;
  g_autofree char *count = g_strdup_printf ("%d", MANY_ORDERS);
  Loading loading = { NULL, MANY_ORDERS };
  Scroll scroll = { 0 };
  GtkWindow *window;
  GtkWidget *scrolled;
  gint64 start;
  long before, after;

  /* The Market in a process of its own, so its memory is not counted as the desk's. */
  market = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, fake_market, "--port", "0",
                             "--orders", count, "--verification-delay", "3000", NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (market));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (line, "http://"));
  g_setenv ("PACKDESK_API_URL", strstr (line, "http://"), TRUE);
  g_setenv ("PACKDESK_API_KEY", "demo-key", TRUE);
  g_setenv ("PACKDESK_DATA_DIR", data_dir, TRUE);

  before = resident_kib ();
  app = pd_application_new ();
  loading.app = app;
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  start = g_get_monotonic_time ();
  g_application_activate (G_APPLICATION (app));
  while (!all_orders_shown (&loading))
    g_main_context_iteration (NULL, TRUE);
  pd_test_wait_ms (500);
  after = resident_kib ();
  g_print ("%d orders listed in %.1f s; resident memory %.1f MiB (%.1f MiB before the window)\n",
           MANY_ORDERS, (g_get_monotonic_time () - start) / 1e6, after / 1024.0, before / 1024.0);

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  scrolled = gtk_widget_get_parent (GTK_WIDGET (orders_view_of (window)));
  scroll.adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (orders_view_of (window)));
  scroll.intervals = g_array_new (FALSE, FALSE, sizeof (double));
  gtk_widget_add_tick_callback (scrolled, scroll_tick, &scroll, NULL);
  while (!flag_set (&scroll.done))
    g_main_context_iteration (NULL, TRUE);

  g_array_sort (scroll.intervals, compare_double);
  g_print ("scrolling %d orders top to bottom, a page a frame: %u frames, median %.1f ms, "
           "p95 %.1f ms, worst %.1f ms\n", MANY_ORDERS, scroll.intervals->len,
           g_array_index (scroll.intervals, double, scroll.intervals->len / 2),
           g_array_index (scroll.intervals, double, scroll.intervals->len * 95 / 100),
           g_array_index (scroll.intervals, double, scroll.intervals->len - 1));

  g_array_unref (scroll.intervals);
  gtk_window_destroy (window);
  g_subprocess_force_exit (market);
  pd_test_remove_tree (data_dir);
}

int
main (int   argc,
      char *argv[])
{
  if (argc > 1 && g_str_equal (argv[1], "--child-first-frame"))
    return run_first_frame_child ();

  g_unsetenv ("PACKDESK_API_KEY");
  gtk_init ();
  adw_init ();
  measure_first_frame (argv[0]);
  measure_many_orders (g_getenv ("PD_FAKE_MARKET"));
  return 0;
}
