/* test-desk-crash.c — a desk killed with SIGKILL at random moments of capturing and submitting,
 * 100 times, loses no captured code, and the Market never gets an older set of an order's codes
 * after a newer one. The desk is pd-crash-victim in a process of its own; the fake Market runs
 * here, so it lives through every kill. */
#include "config.h"

#include <signal.h>
#include <sqlite3.h>

#include "pd-fake-demo-store.h"
#include "pd-fake-market.h"
#include "pd-test-async.h"

#define KILLS 100
#define UNITS_CIS 4
#define UNITS_UIN 2
/* Kills per order before the victim may finish it; each lands anywhere in a run that takes as
 * long as the last whole run did (30–70 ms here, much longer under sanitizers or load). */
#define KILLS_PER_ORDER 3

typedef struct
{
  char         *journal_path;
  char         *url;
  PdFakeMarket *market;
  GRand        *rand;
  guint         kills;
  guint         run_ms;  /* how long the last run that was not killed took */
} Crash;

static char *
journal_codes (const char *path,
               gint64      order_id)
{
  g_autoptr(GString) codes = g_string_new ("\n");
  sqlite3 *db = NULL;
  sqlite3_stmt *statement = NULL;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return g_string_free (g_steal_pointer (&codes), FALSE);
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  if (sqlite3_prepare_v2 (db, "SELECT code FROM units WHERE order_id = ?", -1, &statement, NULL) == SQLITE_OK)
    {
      sqlite3_bind_int64 (statement, 1, order_id);
      while (sqlite3_step (statement) == SQLITE_ROW)
        g_string_append_printf (codes, "%s\n", sqlite3_column_text (statement, 0));
      sqlite3_finalize (statement);
    }
  sqlite3_close (db);
  return g_string_free (g_steal_pointer (&codes), FALSE);
}

/* A run left to finish that takes this long is stuck: a bug, not a slow machine. */
#define STUCK_SECONDS 30

typedef struct
{
  GSubprocess *victim;
  guint        timer;
  gboolean     stuck;
} Run;


static gboolean
journal_holds (const char *codes,
               const char *code)
{
  g_autofree char *line = g_strdup_printf ("\n%s\n", code);

  return strstr (codes, line) != NULL;
}

static gboolean
remove_string (GPtrArray  *strings,
               const char *value)
{
  for (guint i = 0; i < strings->len; i++)
    if (g_str_equal (g_ptr_array_index (strings, i), value))
      {
        g_ptr_array_remove_index (strings, i);
        return TRUE;
      }
  return FALSE;
}

static gboolean
on_kill_time (gpointer data)
{
  Run *run = data;

  run->timer = 0;
  g_subprocess_send_signal (run->victim, SIGKILL);
  return G_SOURCE_REMOVE;
}

static gboolean
on_stuck (gpointer data)
{
  Run *run = data;

  run->stuck = TRUE;
  return on_kill_time (data);
}

static void
on_exited (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  *(gboolean *) data = TRUE;
}

/* Runs the victim once, killing it after a random while. Returns whether it said "done". The
 * codes it reported captured go into CAPTURED (a replacement takes the place of the first). */
static gboolean
run_victim (Crash      *crash,
            GStrv       argv,
            gboolean    kill,
            GPtrArray  *captured)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) victim = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  gboolean exited = FALSE;
  gboolean done = FALSE;
  Run run;
  char *line;

  gint64 started = g_get_monotonic_time ();

  victim = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv, &error);
  g_assert_no_error (error);
  run.victim = victim;
  run.stuck = FALSE;
  run.timer = kill ? g_timeout_add (g_rand_int_range (crash->rand, 1, crash->run_ms + 1), on_kill_time, &run)
                   : g_timeout_add_seconds (STUCK_SECONDS, on_stuck, &run);
  g_subprocess_wait_async (victim, NULL, on_exited, &exited);
  while (!exited)
    g_main_context_iteration (NULL, TRUE);
  g_clear_handle_id (&run.timer, g_source_remove);
  if (run.stuck)
    g_error ("the desk did not finish order %s within %u s after %u kills", argv[3], STUCK_SECONDS,
             crash->kills);
  if (g_subprocess_get_if_signaled (victim))
    {
      /* Only our SIGKILL; a victim that aborts is a failure. */
      g_assert_cmpint (g_subprocess_get_term_sig (victim), ==, SIGKILL);
      crash->kills++;
    }
  else
    {
      g_assert_cmpint (g_subprocess_get_exit_status (victim), ==, 0);
      crash->run_ms = MAX (20, (g_get_monotonic_time () - started) / 1000);
    }
  g_test_message ("run %u: %s after %" G_GINT64_FORMAT " ms", crash->kills,
                  g_subprocess_get_if_signaled (victim) ? "killed" : "finished",
                  (g_get_monotonic_time () - started) / 1000);

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (victim));
  while ((line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error)) != NULL)
    {
      if (g_str_has_prefix (line, "captured "))
        {
          g_autoptr(GString) code = g_string_new (line + strlen ("captured "));

          g_string_replace (code, "<GS>", "\x1d", 0);
          /* The replacement is the last code the victim captures; it takes the first's unit. */
          if (g_strcmp0 (code->str, argv[4]) == 0)
            remove_string (captured, argv[5]);
          g_ptr_array_add (captured, g_string_free (g_steal_pointer (&code), FALSE));
        }
      done |= g_str_equal (line, "done");
      g_free (line);
    }
  g_assert_no_error (error);
  return done;
}

static GStrv
victim_argv (Crash  *crash,
             gint64  order_id,
             guint   round)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *order = g_strdup_printf ("%" G_GINT64_FORMAT, order_id);
  g_autofree char *replacement = g_strdup_printf ("0104601234567893" "21" "R%03uxxxxxxxxz" "\x1d" "93dGh5", round);

  g_strv_builder_add (builder, g_getenv ("PD_CRASH_VICTIM"));
  g_strv_builder_add (builder, crash->journal_path);
  g_strv_builder_add (builder, crash->url);
  g_strv_builder_add (builder, order);
  g_strv_builder_add (builder, replacement);
  for (guint i = 0; i < UNITS_CIS; i++)
    {
      g_autofree char *cis = g_strdup_printf ("0104601234567893" "21" "R%03uU%uxxxxxxa" "\x1d" "93dGh5", round, i);
      g_strv_builder_add (builder, cis);
    }
  for (guint i = 0; i < UNITS_UIN; i++)
    {
      g_autofree char *uin = g_strdup_printf ("1%04u%u0000000001", round, i);
      g_strv_builder_add (builder, uin);
    }
  return g_strv_builder_end (builder);
}

/* Once the set with the replacement was taken, no set without it may follow. */
static void
assert_sets_in_order (Crash      *crash,
                      gint64      order_id,
                      const char *replacement)
{
  GPtrArray *sets = pd_fake_market_get_submissions (crash->market, order_id);
  gboolean newer_seen = FALSE;

  g_assert_nonnull (sets);
  for (guint i = 0; i < sets->len; i++)
    {
      gboolean newer = strstr (g_ptr_array_index (sets, i), replacement) != NULL;

      g_assert_true (newer || !newer_seen);
      newer_seen |= newer;
    }
  g_assert_true (newer_seen);
}

static void
test_kill_anywhere (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("packdesk-crash-XXXXXX", &error);
  const char *cis[] = { "CIS", NULL };
  const char *uin[] = { "UIN", NULL };
  Crash crash = { 0 };
  guint rounds = 0;

  crash.journal_path = g_build_filename (dir, "journal.sqlite3", NULL);
  crash.market = pd_fake_market_new (NULL, 3, 5);
  crash.rand = g_rand_new_with_seed (g_test_rand_int ());
  crash.run_ms = 80;
  pd_fake_market_set_verification_delay (crash.market, 20);
  pd_fake_market_listen (crash.market, 0, &error);
  g_assert_no_error (error);
  crash.url = pd_fake_market_dup_url (crash.market);

  while (crash.kills < KILLS)
    {
      PdOrder *order = pd_fake_market_add_order (crash.market, PD_FAKE_CAMPAIGN_FBS, "FBS");
      g_auto(GStrv) argv = victim_argv (&crash, pd_order_get_id (order), rounds);
      g_autoptr(GPtrArray) captured = g_ptr_array_new_with_free_func (g_free);
      gboolean done = FALSE;
      guint attempts = 0;

      pd_order_add_item (order, pd_order_item_new (700 + rounds * 2, "SHOE", "Кеды", UNITS_CIS, cis));
      pd_order_add_item (order, pd_order_item_new (701 + rounds * 2, "RING", "Кольцо", UNITS_UIN, uin));
      while (!done)
        {
          g_autofree char *kept = NULL;

          done = run_victim (&crash, argv, attempts++ < KILLS_PER_ORDER, captured);
          /* Every code reported captured is in the journal after the kill — but the first, when
           * the journal took its replacement before the kill let the victim say so. */
          kept = journal_codes (crash.journal_path, pd_order_get_id (order));
          if (journal_holds (kept, argv[4]))
            remove_string (captured, argv[5]);
          for (guint i = 0; i < captured->len; i++)
            {
              if (!journal_holds (kept, g_ptr_array_index (captured, i)))
                g_error ("after kill %u, “%s” was reported captured but is not in the journal",
                         crash.kills, (char *) g_ptr_array_index (captured, i));
            }
        }
      assert_sets_in_order (&crash, pd_order_get_id (order), argv[4]);
      rounds++;
    }
  g_test_message ("%u kills over %u orders", crash.kills, rounds);

  g_rand_free (crash.rand);
  g_clear_object (&crash.market);
  pd_test_remove_tree (dir);
  g_free (crash.journal_path);
  g_free (crash.url);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/desk-crash/kill-anywhere", test_kill_anywhere);
  return g_test_run ();
}
