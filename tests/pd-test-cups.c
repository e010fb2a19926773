/* pd-test-cups.c — a CUPS daemon of the test's own: Debian's cupsd on a private configuration,
 * spool and socket, with one raw queue whose backend keeps every job's document in a folder.
 * A program that has set CUPS_SERVER to the socket before GTK starts prints to it as to any
 * printer; what GTK sent comes out as a file to read back.
 *
 * Not cups-pdf: its backend wants to run as root, reads its settings only from /etc/cups, and
 * crashes when the group it names (lpadmin) is missing, as it is in the build root.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "pd-test-async.h"
#include "pd-test-cups.h"

#define CUPSD "/usr/sbin/cupsd"

/* The backend: "capture:/DIR" writes each job to DIR/job-ID.pdf, whole or not at all. */
static const char backend[] =
  "#!/bin/sh\n"
  "if [ $# -eq 0 ]; then echo 'direct capture \"Unknown\" \"Packdesk test capture\"'; exit 0; fi\n"
  "dir=${DEVICE_URI#capture:}\n"
  "umask 022\n"
  "if [ -n \"$6\" ]; then cat \"$6\"; else cat; fi > \"$dir/job-$1.part\" || exit 1\n"
  "mv \"$dir/job-$1.part\" \"$dir/job-$1.pdf\"\n";

static void
write_file (const char *dir,
            const char *name,
            const char *text,
            int         mode)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, mode), ==, 0);
}

static char *
make_dir (const char *root,
          const char *name,
          int         mode)
{
  char *path = g_build_filename (root, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (path, mode), ==, 0);
  /* The filters run as CUPS's own user when the daemon is root's; they write here too. */
  g_assert_cmpint (g_chmod (path, mode), ==, 0);
  return path;
}

/* ServerBin: the system's filters and the capture backend in place of the system's backends. */
static void
make_server_bin (const char *root)
{
  static const char *parts[] = { "filter", "daemon", "cgi-bin", "driver", "notifier", "monitor" };
  g_autofree char *bin = make_dir (root, "bin", 0755);
  g_autofree char *backends = make_dir (bin, "backend", 0755);

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_autofree char *target = g_build_filename ("/usr/lib/cups", parts[i], NULL);
      g_autofree char *link = g_build_filename (bin, parts[i], NULL);

      g_assert_cmpint (symlink (target, link), ==, 0);
    }
  write_file (backends, "capture", backend, 0755);
}

static void
write_configuration (PdTestCups *cups)
{
  g_autofree char *etc = make_dir (cups->root, "etc", 0755);
  g_autofree char *spool = make_dir (cups->root, "spool", 0755);
  g_autofree char *tmp = make_dir (cups->root, "tmp", 01777);
  g_autofree char *cache = make_dir (cups->root, "cache", 01777);
  g_autofree char *state = make_dir (cups->root, "state", 0755);
  g_autofree char *log = make_dir (cups->root, "log", 0755);
  g_autofree char *daemon_conf = NULL;
  g_autofree char *files_conf = NULL;

  make_server_bin (cups->root);
  daemon_conf = g_strdup_printf ("Listen %s\n"
                                 "LogLevel debug\n"
                                 "Browsing No\n"
                                 "WebInterface No\n"
                                 "DefaultAuthType None\n"
                                 "<Location />\n  Order allow,deny\n  Allow all\n</Location>\n"
                                 "<Location /admin>\n  Order allow,deny\n  Allow all\n</Location>\n"
                                 "<Policy default>\n  <Limit All>\n    Order allow,deny\n"
                                 "    Allow all\n  </Limit>\n</Policy>\n", cups->socket);
  files_conf = g_strdup_printf ("ServerRoot %s\nRequestRoot %s\nTempDir %s\nCacheDir %s\n"
                                "StateDir %s\nServerBin %s/bin\nErrorLog %s/error_log\n"
                                "AccessLog %s/access_log\nPageLog %s/page_log\n"
                                "SystemGroup root\n",
                                etc, spool, tmp, cache, state, cups->root, log, log, log);
  write_file (etc, "cupsd.conf", daemon_conf, 0644);
  write_file (etc, "cups-files.conf", files_conf, 0644);
}

static void
run_lpadmin (PdTestCups *cups)
{
  g_autofree char *uri = g_strdup_printf ("capture:%s", cups->jobs);
  const char *argv[] = { "lpadmin", "-h", cups->socket, "-p", cups->queue, "-E", "-v", uri,
                         "-m", "raw", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status,
                &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("lpadmin failed: %s", err);
}

/* GTK's CUPS backend asks colord for colour profiles and warns when there is none, as on a
 * build machine; that says nothing about printing, so that one warning is not fatal. */
static GLogWriterOutput
write_log (GLogLevelFlags   level,
           const GLogField *fields,
           gsize            n_fields,
           gpointer         data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0
        && strstr (fields[i].value, "failed to contact colord") != NULL)
      return G_LOG_WRITER_HANDLED;
  return g_log_writer_default (level, fields, n_fields, data);
}

/**
 * pd_test_cups_start:
 *
 * Starts cupsd with the queue QUEUE and sets CUPS_SERVER for this process: call it before GTK
 * starts, and before anything logs (it sets the log writer). Returns NULL, having said why, when cupsd is not installed.
 */
PdTestCups *
pd_test_cups_start (const char *queue)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *daemon_conf = NULL;
  g_autofree char *files_conf = NULL;
  PdTestCups *cups;

  if (!g_file_test (CUPSD, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_printerr ("%s is not installed: run build-aux/install-deps\n", CUPSD);
      return NULL;
    }

  cups = g_new0 (PdTestCups, 1);
  cups->root = g_dir_make_tmp ("packdesk-cups-XXXXXX", &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (cups->root, 0755), ==, 0);
  cups->socket = g_build_filename (cups->root, "cups.sock", NULL);
  cups->jobs = make_dir (cups->root, "jobs", 01777);
  cups->queue = g_strdup (queue);
  write_configuration (cups);

  daemon_conf = g_build_filename (cups->root, "etc", "cupsd.conf", NULL);
  files_conf = g_build_filename (cups->root, "etc", "cups-files.conf", NULL);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE
                                        | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  cups->process = g_subprocess_launcher_spawn (launcher, &error, CUPSD, "-f", "-c", daemon_conf,
                                               "-s", files_conf, NULL);
  g_assert_no_error (error);
  for (guint i = 0; i < 200 && !g_file_test (cups->socket, G_FILE_TEST_EXISTS); i++)
    pd_test_wait_ms (50);
  g_assert_true (g_file_test (cups->socket, G_FILE_TEST_EXISTS));

  run_lpadmin (cups);
  g_setenv ("CUPS_SERVER", cups->socket, TRUE);
  g_log_set_writer_func (write_log, NULL, NULL);
  return cups;
}

/**
 * pd_test_cups_wait_for_job:
 *
 * Waits (running the default main context) up to TIMEOUT_MS for the queue's next printed job.
 *
 * Returns: (transfer full) (nullable): the path of what the printer received
 */
char *
pd_test_cups_wait_for_job (PdTestCups *cups,
                           guint       timeout_ms)
{
  for (guint waited = 0; waited <= timeout_ms; waited += 50)
    {
      g_autoptr(GDir) dir = g_dir_open (cups->jobs, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        if (g_str_has_suffix (name, ".pdf"))
          {
            g_autofree char *path = g_build_filename (cups->jobs, name, NULL);
            g_autofree char *taken = g_strconcat (path, ".taken", NULL);

            /* Renamed, so the next wait finds the next job. */
            g_assert_cmpint (g_rename (path, taken), ==, 0);
            return g_steal_pointer (&taken);
          }
      pd_test_wait_ms (50);
    }
  return NULL;
}

void
pd_test_cups_stop (PdTestCups *cups)
{
  g_subprocess_send_signal (cups->process, SIGTERM);
  g_subprocess_wait (cups->process, NULL, NULL);
  g_clear_object (&cups->process);
  g_unsetenv ("CUPS_SERVER");
  pd_test_remove_tree (cups->root);
  g_free (cups->root);
  g_free (cups->socket);
  g_free (cups->jobs);
  g_free (cups->queue);
  g_free (cups);
}
