/* test-keyring-setup.c — a desktop whose keyring cannot keep the key: none made yet (GNOME's
 * default alias then names a "login" keyring that does not exist) or one that is locked.
 * Packdesk has it made or unlocked; gnome-keyring asks for the password through gcr's mock
 * prompter, which answers as the user would, or gives up as a user closing the prompt does.
 * The connect dialog is used as the packer would. Runs in a D-Bus session of its own (meson
 * starts it under dbus-run-session); each test has a new keyring daemon in a new, empty home. */
#include "config.h"

/* gcr 4 asks its users to say they know its API may change; only this test uses it. */
#define GCR_API_SUBJECT_TO_CHANGE
#include <gcr/gcr.h>
#include <libsecret/secret.h>

#include <adwaita.h>
#include <string.h>

#include "pd-api-key.h"
#include "pd-connect-dialog.h"
#include "pd-fake-market.h"
#include "pd-test-async.h"
#include "pd-test-keyring.h"

#define KEY "ACMA:I4c4CxCSYaI41RSC2uYWP2qj3R"
#define KEY_FROM_DIALOG "right-key"
#define PASSWORD "packdesk-test-password"

static const char *prompter;

typedef struct
{
  char        *home;
  GSubprocess *daemon;
} Fixture;

static gboolean
secret_service_gone (gpointer bus)
{
  return !pd_test_secret_service_owned (bus);
}

/* A keyring daemon with no keyring at all, prompting through the mock prompter. */
static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GSubprocessLauncher) launcher =
    pd_test_keyring_launcher (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &fixture->home);
  g_autoptr(GError) error = NULL;

  /* gnome-keyring's own switch for its tests: prompt through this prompter, not the desktop's. */
  g_subprocess_launcher_setenv (launcher, "GNOME_KEYRING_TEST_PROMPTER", prompter, TRUE);
  fixture->daemon = g_subprocess_launcher_spawn (launcher, &error, "gnome-keyring-daemon", "--foreground",
                                                 "--components=secrets", NULL);
  g_assert_no_error (error);
  pd_test_wait_for_secret_service ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);

  g_assert_false (gcr_mock_prompter_is_expecting ());
  /* libsecret keeps its service and session with this daemon; the next test has another. */
  secret_service_disconnect ();
  g_subprocess_force_exit (fixture->daemon);
  g_assert_true (g_subprocess_wait (fixture->daemon, NULL, NULL));
  g_assert_true (pd_test_wait_until (secret_service_gone, bus));
  g_clear_object (&fixture->daemon);
  pd_test_remove_tree (fixture->home);
  g_free (fixture->home);
}

static gboolean
store (GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_api_key_store_async (KEY, NULL, pd_test_keep_result, &result);
  return pd_api_key_store_finish (pd_test_wait_for (&result), error);
}

static gboolean
prepare (GError **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_api_key_prepare_keyring_async (NULL, pd_test_keep_result, &result);
  return pd_api_key_prepare_keyring_finish (pd_test_wait_for (&result), error);
}

static SecretCollection *
default_keyring (void)
{
  g_autoptr(SecretService) service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, NULL);
  g_autoptr(GError) error = NULL;
  SecretCollection *collection;

  g_assert_nonnull (service);
  collection = secret_collection_for_alias_sync (service, SECRET_COLLECTION_DEFAULT,
                                                 SECRET_COLLECTION_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (collection);
  return collection;
}

static void
lock_default_keyring (void)
{
  g_autoptr(SecretService) service = secret_service_get_sync (SECRET_SERVICE_NONE, NULL, NULL);
  g_autoptr(SecretCollection) collection = default_keyring ();
  g_autoptr(GList) objects = g_list_prepend (NULL, collection);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (secret_service_lock_sync (service, objects, NULL, NULL, &error), ==, 1);
  g_assert_no_error (error);
}

static gboolean
is_locked (void)
{
  g_autoptr(SecretCollection) collection = default_keyring ();

  return secret_collection_get_locked (collection);
}

/* The packer's situation in the issue: nothing keeps the key; once Packdesk has the keyring
 * made (the user gives it a password), the key is kept and found. */
static void
test_made_when_missing (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;

  /* gnome-keyring offers to make the missing keyring itself; the first time, the prompt went
   * away unanswered (on a desk without a prompter it cannot even be shown). */
  gcr_mock_prompter_expect_password_cancel ();
  g_assert_false (store (&error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  gcr_mock_prompter_expect_password_ok (PASSWORD, NULL);
  g_assert_true (prepare (&error));
  g_assert_no_error (error);
  g_assert_false (gcr_mock_prompter_is_expecting ());
  g_assert_false (is_locked ());

  g_assert_true (store (&error));
  g_assert_no_error (error);
  found = pd_test_lookup_key ();
  g_assert_cmpstr (found, ==, KEY);
}

/* A keyring made by Packdesk, the user giving it its password. */
static void
make_keyring (void)
{
  g_autoptr(GError) error = NULL;

  gcr_mock_prompter_expect_password_ok (PASSWORD, NULL);
  g_assert_true (prepare (&error));
  g_assert_no_error (error);
}

/* A locked keyring is unlocked with its password; one that is not locked is left alone. */
static void
test_unlocked_when_locked (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  make_keyring ();
  lock_default_keyring ();
  g_assert_true (is_locked ());
  gcr_mock_prompter_expect_password_ok (PASSWORD, NULL);
  g_assert_true (prepare (&error));
  g_assert_no_error (error);
  g_assert_false (gcr_mock_prompter_is_expecting ());
  g_assert_false (is_locked ());

  /* Nothing to do, nothing asked. */
  g_assert_true (prepare (&error));
  g_assert_no_error (error);
}

/* The user closes the prompt: no keyring is made, a locked one stays locked, and the packer
 * hears why. */
static void
test_password_not_given (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  gcr_mock_prompter_expect_password_cancel ();
  g_assert_false (prepare (&error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  make_keyring ();
  lock_default_keyring ();
  gcr_mock_prompter_expect_password_cancel ();
  g_assert_false (prepare (&error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_true (is_locked ());
}

static gboolean
widget_shown (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

static gboolean
label_shown (gpointer label)
{
  return gtk_widget_get_visible (label) && *gtk_label_get_label (label) != '\0';
}

static gboolean
flag_is_set (gpointer flag)
{
  return *(gboolean *) flag;
}

static void
on_closed (AdwDialog *dialog,
           gboolean  *closed)
{
  *closed = TRUE;
}

static GtkWidget *
dialog_child (PdConnectDialog *dialog,
              const char      *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (dialog), PD_TYPE_CONNECT_DIALOG, name));
}

/* The key works, the keyring will not keep it: the dialog says so in words, the packer sets the
 * keyring up (the desktop asks for a password) and the key is kept. */
static void
test_connect_dialog_sets_up_keyring (Fixture       *fixture,
                                    gconstpointer  data)
{
  g_autoptr(PdFakeMarket) market = pd_fake_market_new ("right-key", 7, 3);
  g_autoptr(GSettings) settings = g_settings_new (APPLICATION_ID);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *found = NULL;
  PdConnectDialog *dialog;
  GtkWidget *problem, *keyring_button, *use_button;
  gboolean closed = FALSE;

  g_assert_true (pd_fake_market_listen (market, 0, &error));
  url = pd_fake_market_dup_url (market);
  g_setenv ("PACKDESK_API_URL", url, TRUE);

  dialog = pd_connect_dialog_new (settings);
  g_signal_connect (dialog, "closed", G_CALLBACK (on_closed), &closed);
  adw_dialog_present (ADW_DIALOG (dialog), NULL);
  problem = dialog_child (dialog, "problem");
  keyring_button = dialog_child (dialog, "keyring_button");
  use_button = dialog_child (dialog, "use_button");
  gtk_editable_set_text (GTK_EDITABLE (dialog_child (dialog, "key_row")), "right-key");
  g_signal_emit_by_name (dialog_child (dialog, "key_row"), "entry-activated");
  g_assert_true (pd_test_wait_until (widget_shown, use_button));

  /* gnome-keyring's own offer to make the keyring goes unanswered. */
  gcr_mock_prompter_expect_password_cancel ();
  gtk_widget_activate (use_button);
  g_assert_true (pd_test_wait_until (label_shown, problem));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (problem)), "none has been made yet"));
  g_assert_true (gtk_widget_get_visible (keyring_button));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (use_button)), ==, "_Use for This Session");
  g_assert_null (pd_test_lookup_key ());

  gcr_mock_prompter_expect_password_ok (PASSWORD, NULL);
  gtk_widget_activate (keyring_button);
  g_assert_true (pd_test_wait_until (flag_is_set, &closed));
  g_assert_false (gcr_mock_prompter_is_expecting ());
  found = pd_test_lookup_key ();
  g_assert_cmpstr (found, ==, KEY_FROM_DIALOG);
  g_assert_true (g_settings_get_boolean (settings, "welcome-shown"));
  g_unsetenv ("PACKDESK_API_URL");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  adw_init ();
  prompter = gcr_mock_prompter_start ();

#define ADD(path, func) \
  g_test_add ("/keyring-setup/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("made-when-missing", test_made_when_missing);
  ADD ("unlocked-when-locked", test_unlocked_when_locked);
  ADD ("password-not-given", test_password_not_given);
  ADD ("connect-dialog-sets-up-keyring", test_connect_dialog_sets_up_keyring);
#undef ADD
  status = g_test_run ();

  gcr_mock_prompter_stop ();
  return status;
}
