/* pd-test-prism.c — Prism started for a test and gone with it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include <signal.h>
#include <sys/prctl.h>

#include "pd-test-async.h"
#include "pd-test-prism.h"

/* Prism reads the whole specification before it listens; on this hardware that takes ~25 s. */
#define PRISM_START_SECONDS 180

static guint16
free_port (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  guint16 port = g_socket_listener_add_any_inet_port (listener, NULL, &error);

  g_assert_no_error (error);
  g_socket_listener_close (listener);
  return port;
}

static gboolean
port_answers (guint16 port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection =
    g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, NULL);

  return connection != NULL;
}

/* Prism goes when the test goes, even when an assertion aborts it. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/**
 * pd_test_prism_start:
 * @mode: "proxy" or "mock"
 * @option: (nullable): one more option of the mode, e.g. "--errors" or "--dynamic"
 * @upstream: (nullable): the server a proxy stands in front of
 * @log_name: the file in PD_SCREENSHOT_DIR (meson-logs) that gets Prism's output
 *
 * Returns: (nullable): Prism listening, or %NULL when it is not installed (PD_PRISM)
 */
PdTestPrism *
pd_test_prism_start (const char *mode,
                     const char *option,
                     const char *upstream,
                     const char *log_name)
{
  const char *program = g_getenv ("PD_PRISM");
  g_autofree char *spec = g_build_filename (g_getenv ("PD_TEST_DATA_DIR"), "yandex-market-openapi",
                                            "openapi", "openapi.yaml", NULL);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autoptr(GStrvBuilder) argv = g_strv_builder_new ();
  g_auto(GStrv) args = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *port_text = NULL;
  guint16 port = free_port ();
  gint64 deadline = g_get_monotonic_time () + PRISM_START_SECONDS * G_USEC_PER_SEC;
  PdTestPrism *prism;

  if (program == NULL || !g_file_test (program, G_FILE_TEST_IS_EXECUTABLE))
    return NULL;

  port_text = g_strdup_printf ("%u", port);
  g_strv_builder_add_many (argv, program, mode, "--verboseLevel", "debug", "--host", "127.0.0.1",
                           "--port", port_text, NULL);
  if (option != NULL)
    g_strv_builder_add (argv, option);
  g_strv_builder_add (argv, spec);
  if (upstream != NULL)
    g_strv_builder_add (argv, upstream);
  args = g_strv_builder_end (argv);

  prism = g_new0 (PdTestPrism, 1);
  prism->log_path = g_build_filename (g_getenv ("PD_SCREENSHOT_DIR"), log_name, NULL);
  /* The launcher opens the file without truncating it: a shorter run would leave the end of
   * the last one behind, and its complaints with it. */
  g_unlink (prism->log_path);
  g_subprocess_launcher_set_stdout_file_path (launcher, prism->log_path);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  prism->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) args, &error);
  g_assert_no_error (error);

  while (!port_answers (port))
    {
      g_autofree char *log = NULL;

      if (g_subprocess_get_identifier (prism->process) == NULL || g_get_monotonic_time () > deadline)
        g_error ("prism did not start listening; its output:\n%s", log = pd_test_prism_read_log (prism));
      pd_test_wait_ms (200);
    }

  prism->url = g_strdup_printf ("http://127.0.0.1:%u/", port);
  return prism;
}

char *
pd_test_prism_read_log (PdTestPrism *prism)
{
  g_autofree char *text = NULL;

  g_file_get_contents (prism->log_path, &text, NULL, NULL);
  return g_steal_pointer (&text);
}

void
pd_test_prism_stop (PdTestPrism *prism)
{
  if (prism == NULL)
    return;
  g_subprocess_force_exit (prism->process);
  g_subprocess_wait (prism->process, NULL, NULL);
  g_object_unref (prism->process);
  g_free (prism->log_path);
  g_free (prism->url);
  g_free (prism);
}
