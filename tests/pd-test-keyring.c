/* pd-test-keyring.c — what the keyring tests share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pd-test-keyring.h"

#include "pd-api-key.h"
#include "pd-test-async.h"

/* A launcher for gnome-keyring-daemon whose home (and data and runtime folders) is a new, empty
 * folder, put in HOME for the caller to remove. */
GSubprocessLauncher *
pd_test_keyring_launcher (GSubprocessFlags   flags,
                          char             **home)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *runtime = NULL;

  *home = g_dir_make_tmp ("packdesk-keyring-XXXXXX", &error);
  g_assert_no_error (error);
  data = g_build_filename (*home, "data", NULL);
  runtime = g_build_filename (*home, "run", NULL);
  g_mkdir_with_parents (runtime, 0700);
  g_subprocess_launcher_setenv (launcher, "HOME", *home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", runtime, TRUE);
  return launcher;
}

/* Whether BUS (a GDBusConnection) has an owner for the Secret Service. NameHasOwner starts
 * nothing: a call to the service itself would have D-Bus start another, empty keyring. */
gboolean
pd_test_secret_service_owned (gpointer bus)
{
  g_autoptr(GVariant) reply = NULL;
  gboolean owned = FALSE;

  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", "org.freedesktop.secrets"),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  if (reply != NULL)
    g_variant_get (reply, "(b)", &owned);
  return owned;
}

/* A keyring daemon forks before it owns the name; a test waits for that on the session bus. */
void
pd_test_wait_for_secret_service (void)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);

  g_assert_nonnull (bus);
  g_assert_true (pd_test_wait_until (pd_test_secret_service_owned, bus));
}

/* The stored key, or NULL when there is none; fails the test on an error. */
char *
pd_test_lookup_key (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *key;

  pd_api_key_lookup_async (NULL, pd_test_keep_result, &result);
  key = pd_api_key_lookup_finish (pd_test_wait_for (&result), &error);
  g_assert_no_error (error);
  return key;
}
