/* test-cli-prism-mock.c — every packdesk-cli command that talks to the Market, run against
 * Prism's mocks of the official specification, servers we did not write: the static one
 * answers with the specification's examples (so one campaign id holds from call to call and
 * the commands go all the way), the dynamic one with anything the specification allows
 * (random ids, random page tokens, empty and odd lists). Each run must end by itself within a
 * bound, with JSON on success or a clear error on failure — never a crash, a hang or an
 * endless paging loop. */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "pd-test-async.h"
#include "pd-test-prism.h"

#define KEY "prism-mock-key"
/* One attempt has 20 s; a command makes a few calls. */
#define COMMAND_SECONDS 90
#define RUNS 8

static PdTestPrism *static_mock;
static PdTestPrism *dynamic_mock;

typedef struct
{
  char     *out;
  char     *err;
  gboolean  done;
} Run;

static void
on_run_done (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  Run *run = data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &run->out, &run->err, NULL);
  run->done = TRUE;
}

static gboolean
run_done (gpointer data)
{
  return ((Run *) data)->done;
}

/* Runs the CLI with ARGS; returns its exit status after checking it ended cleanly. */
static int
run_cli (PdTestPrism        *prism,
         const char * const *args,
         char              **out)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GStrvBuilder) argv = g_strv_builder_new ();
  g_auto(GStrv) command = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  gint64 start = g_get_monotonic_time ();
  Run run = { NULL, NULL, FALSE };
  int status;

  g_subprocess_launcher_setenv (launcher, "PACKDESK_API_URL", prism->url, TRUE);
  g_subprocess_launcher_setenv (launcher, "PACKDESK_API_KEY", KEY, TRUE);
  g_strv_builder_add (argv, g_getenv ("PD_CLI"));
  g_strv_builder_addv (argv, (const char **) args);
  command = g_strv_builder_end (argv);
  line = g_strjoinv (" ", (char **) args);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) command, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, on_run_done, &run);
  while (!run.done && g_get_monotonic_time () - start < (gint64) COMMAND_SECONDS * G_USEC_PER_SEC)
    pd_test_wait_until (run_done, &run);
  if (!run.done)
    g_error ("“%s” did not end within %u s", line, COMMAND_SECONDS);

  if (!g_subprocess_get_if_exited (process))
    g_error ("“%s” died (signal %d); it said:\n%s", line, g_subprocess_get_term_sig (process), run.err);
  status = g_subprocess_get_exit_status (process);
  if (status == 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (!json_parser_load_from_data (parser, run.out, -1, &error))
        g_error ("“%s” printed no JSON (%s):\n%s", line, error->message, run.out);
    }
  else
    {
      /* One line that names the command and says what went wrong, in words. */
      g_assert_true (g_str_has_prefix (run.err, "packdesk-cli "));
      g_assert_null (strstr (run.err, "(null)"));
      g_assert_null (strstr (run.err, "CRITICAL"));
    }
  g_assert_null (strstr (run.out, KEY));
  g_assert_null (strstr (run.err, KEY));
  g_test_message ("%s → %d in %.1f s: %.120s", line, status,
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC,
                  status == 0 ? run.out : run.err);
  if (out != NULL)
    *out = g_steal_pointer (&run.out);
  g_free (run.out);
  g_free (run.err);
  return status;
}

/* The first campaign id the mock lists, or 1 when it lists none (the CLI looks the campaign up
 * before it asks anything about it). */
static char *
some_campaign (PdTestPrism *prism)
{
  const char *args[] = { "campaigns", NULL };
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonArray *campaigns;

  if (run_cli (prism, args, &out) != 0 || (root = json_from_string (out, NULL)) == NULL
      || !JSON_NODE_HOLDS_OBJECT (root)
      || (campaigns = json_object_get_array_member (json_node_get_object (root), "campaigns")) == NULL
      || json_array_get_length (campaigns) == 0)
    return g_strdup ("1");
  return g_strdup_printf ("%" G_GINT64_FORMAT,
                          json_object_get_int_member (json_array_get_object_element (campaigns, 0), "id"));
}

static void
run_every_command (PdTestPrism *prism,
                   guint        runs)
{
  for (guint i = 0; i < runs; i++)
    {
      g_autofree char *campaign = some_campaign (prism);
      const char *orders[] = { "orders", campaign, NULL };
      const char *status[] = { "status", campaign, "52000001", NULL };
      const char *submit[] = { "submit", campaign, "52000001",
                               "801=0104601234567893" "215Tq!Ld8x,Wz0a" "\x1d" "93dGh5", NULL };
      const char *ready[] = { "ready", campaign, "52000001", NULL };
      g_autofree char *dir = g_dir_make_tmp ("packdesk-labels-XXXXXX", NULL);
      g_autofree char *pdf = g_build_filename (dir, "labels.pdf", NULL);
      /* The mock's "PDF" is whatever the specification's binary string allows. */
      const char *labels[] = { "labels", campaign, "52000001", "--format=A9", "-o", pdf, NULL };
      const char *boxes[] = { "boxes", campaign, "52000001", NULL };
      const char *layout[] = { "boxes", campaign, "52000001", "--layout",
                               "[{\"items\":[{\"id\":801,\"fullCount\":1}]}]", NULL };
      const char * const *commands[] = { orders, status, submit, ready, labels, boxes, layout };

      for (guint c = 0; c < G_N_ELEMENTS (commands); c++)
        run_cli (prism, commands[c], NULL);
      pd_test_remove_tree (dir);
    }
}

static void
test_static_mock (void)
{
  run_every_command (static_mock, 1);
}

static void
test_dynamic_mock (void)
{
  run_every_command (dynamic_mock, RUNS);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  static_mock = pd_test_prism_start ("mock", NULL, NULL, "prism-mock.log");
  dynamic_mock = pd_test_prism_start ("mock", "--dynamic", NULL, "prism-mock-dynamic.log");
  if (static_mock == NULL || dynamic_mock == NULL)
    {
      g_printerr ("prism not found at PD_PRISM=%s: run build-aux/install-deps\n", g_getenv ("PD_PRISM"));
      return 1;
    }

  g_test_add_func ("/cli-prism-mock/static", test_static_mock);
  g_test_add_func ("/cli-prism-mock/dynamic", test_dynamic_mock);
  status = g_test_run ();
  g_clear_pointer (&static_mock, pd_test_prism_stop);
  g_clear_pointer (&dynamic_mock, pd_test_prism_stop);
  return status;
}
