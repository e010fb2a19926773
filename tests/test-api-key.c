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
#include "pd-test-keyring.h"

static char *home;

static void
start_keyring (void)
{
  g_autoptr(GSubprocessLauncher) launcher =
    pd_test_keyring_launcher (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &home);
  g_autoptr(GSubprocess) daemon = NULL;
  g_autoptr(GError) error = NULL;

  /* --unlock reads the new login keyring's password from standard input, then forks. */
  daemon = g_subprocess_launcher_spawn (launcher, &error, "gnome-keyring-daemon", "--unlock",
                                        "--components=secrets", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (daemon, "packdesk-test", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (daemon));
  pd_test_wait_for_secret_service ();
}

static void
test_store_lookup_clear (void)
{
  g_autoptr(GAsyncResult) stored = NULL;
  g_autoptr(GAsyncResult) cleared = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = pd_test_lookup_key ();
  g_autofree char *found = NULL;
  g_autofree char *after = NULL;

  g_assert_null (before);
  pd_api_key_store_async ("ACMA:I4c4CxCSYaI41RSC2uYWP2qj3R", NULL, pd_test_keep_result, &stored);
  g_assert_true (pd_api_key_store_finish (pd_test_wait_for (&stored), &error));
  g_assert_no_error (error);
  found = pd_test_lookup_key ();
  g_assert_cmpstr (found, ==, "ACMA:I4c4CxCSYaI41RSC2uYWP2qj3R");

  pd_api_key_clear_async (NULL, pd_test_keep_result, &cleared);
  g_assert_true (pd_api_key_clear_finish (pd_test_wait_for (&cleared), &error));
  after = pd_test_lookup_key ();
  g_assert_null (after);
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
  g_subprocess_communicate_utf8_async (cli, NULL, NULL, pd_test_keep_result, &done);
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
