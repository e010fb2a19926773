/* test-api-key.c — the API key lives in the desktop keyring: stored, found, cleared, and found by
 * packdesk-cli when PACKDESK_API_KEY is not set. Runs in a D-Bus session of its own (meson starts
 * it under dbus-run-session) with a keyring daemon in a throwaway home. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "pd-api-key.h"
#include "pd-fake-demo-store.h"
#include "pd-fake-market.h"
#include "pd-test-async.h"

static char *home;

/* The daemon forks before it owns the Secret Service name; a call before that would make D-Bus
 * start another, empty keyring. NameHasOwner starts nothing. */
static void
wait_for_secret_service (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  g_assert_nonnull (bus);
  for (;;)
    {
      g_autoptr(GVariant) reply = NULL;
      gboolean owned = FALSE;

      reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                           "org.freedesktop.DBus", "NameHasOwner",
                                           g_variant_new ("(s)", "org.freedesktop.secrets"),
                                           G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
      if (reply != NULL)
        g_variant_get (reply, "(b)", &owned);
      if (owned)
        return;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20000);
    }
}

static void
start_keyring (void)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autoptr(GSubprocess) daemon = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *runtime = NULL;

  home = g_dir_make_tmp ("packdesk-keyring-XXXXXX", &error);
  g_assert_no_error (error);
  data = g_build_filename (home, "data", NULL);
  runtime = g_build_filename (home, "run", NULL);
  g_mkdir_with_parents (runtime, 0700);
  g_subprocess_launcher_setenv (launcher, "HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", runtime, TRUE);
  /* --unlock reads the new login keyring's password from standard input, then forks. */
  daemon = g_subprocess_launcher_spawn (launcher, &error, "gnome-keyring-daemon", "--unlock",
                                        "--components=secrets", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (daemon, "packdesk-test", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (daemon));
  wait_for_secret_service ();
}

static char *
lookup (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *key;

  pd_api_key_lookup_async (NULL, pd_test_keep_result, &result);
  key = pd_api_key_lookup_finish (pd_test_wait_for (&result), &error);
  g_assert_no_error (error);
  return key;
}

static void
test_store_lookup_clear (void)
{
  g_autoptr(GAsyncResult) stored = NULL;
  g_autoptr(GAsyncResult) cleared = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = lookup ();
  g_autofree char *found = NULL;
  g_autofree char *after = NULL;

  g_assert_null (before);
  pd_api_key_store_async ("ACMA:I4c4CxCSYaI41RSC2uYWP2qj3R", NULL, pd_test_keep_result, &stored);
  g_assert_true (pd_api_key_store_finish (pd_test_wait_for (&stored), &error));
  g_assert_no_error (error);
  found = lookup ();
  g_assert_cmpstr (found, ==, "ACMA:I4c4CxCSYaI41RSC2uYWP2qj3R");

  pd_api_key_clear_async (NULL, pd_test_keep_result, &cleared);
  g_assert_true (pd_api_key_clear_finish (pd_test_wait_for (&cleared), &error));
  after = lookup ();
  g_assert_null (after);
}

static void
on_cli_done (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static void
test_cli_uses_keyring (void)
{
  g_autoptr(PdFakeMarket) market = pd_fake_market_new (NULL, 1, 10);
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) cli = NULL;
  g_autoptr(GAsyncResult) stored = NULL;
  g_autoptr(GAsyncResult) done = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  pd_fake_market_listen (market, 0, &error);
  g_assert_no_error (error);
  url = pd_fake_market_dup_url (market);
  pd_api_key_store_async (PD_FAKE_MARKET_DEFAULT_KEY, NULL, pd_test_keep_result, &stored);
  g_assert_true (pd_api_key_store_finish (pd_test_wait_for (&stored), &error));

  g_subprocess_launcher_unsetenv (launcher, "PACKDESK_API_KEY");
  cli = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("PD_CLI"), "campaigns", "--api-url", url, NULL);
  g_assert_no_error (error);
  /* The fake Market answers from this process's main loop while the CLI waits. */
  g_subprocess_communicate_utf8_async (cli, NULL, NULL, on_cli_done, &done);
  g_subprocess_communicate_utf8_finish (cli, pd_test_wait_for (&done), &out, &err, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (g_subprocess_get_successful (cli));
  g_assert_nonnull (strstr (out, "\"placementType\""));
  /* The key went to the Market, and never to the output. */
  g_assert_null (strstr (out, PD_FAKE_MARKET_DEFAULT_KEY));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  start_keyring ();
  g_test_add_func ("/api-key/store-lookup-clear", test_store_lookup_clear);
  g_test_add_func ("/api-key/cli-uses-keyring", test_cli_uses_keyring);
  status = g_test_run ();
  pd_test_remove_tree (home);
  g_free (home);
  return status;
}
