/* pd-api-key.c — the Market API key in the desktop keyring.
 *
 * One secret under the schema io.github.packdesk.Packdesk.ApiKey; the key is handed to the
 * client and nowhere else: not to settings, files or logs. A desktop whose default keyring is
 * missing or locked can have it made or unlocked from here (the desktop asks for the password).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "pd-api-key.h"

#define SERVICE "market-partner-api"

static const SecretSchema *
schema (void)
{
  static const SecretSchema the_schema = {
    APPLICATION_ID ".ApiKey", SECRET_SCHEMA_NONE,
    {
      { "service", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  };

  return &the_schema;
}

/* Finish with the key, or NULL (and no error) when none is stored. */
void
pd_api_key_lookup_async (GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  secret_password_lookup (schema (), cancellable, callback, user_data, "service", SERVICE, NULL);
}

/* Returns: (transfer full) (nullable) */
char *
pd_api_key_lookup_finish (GAsyncResult  *result,
                          GError       **error)
{
  return secret_password_lookup_finish (result, error);
}

/* For the command line, which has no main loop to wait in.
 * Returns: (transfer full) (nullable) */
char *
pd_api_key_lookup_sync (GCancellable  *cancellable,
                        GError       **error)
{
  return secret_password_lookup_sync (schema (), cancellable, error, "service", SERVICE, NULL);
}

void
pd_api_key_store_async (const char          *key,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  secret_password_store (schema (), SECRET_COLLECTION_DEFAULT, _("Yandex Market API key for Packdesk"),
                         key, cancellable, callback, user_data, "service", SERVICE, NULL);
}

gboolean
pd_api_key_store_finish (GAsyncResult  *result,
                         GError       **error)
{
  return secret_password_store_finish (result, error);
}

void
pd_api_key_clear_async (GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  secret_password_clear (schema (), cancellable, callback, user_data, "service", SERVICE, NULL);
}

/* Returns: TRUE also when there was no key to clear, unless ERROR is set */
gboolean
pd_api_key_clear_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_autoptr(GError) local_error = NULL;

  secret_password_clear_finish (result, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

/* ---- Making the default keyring ready: created, or unlocked. ---- */

static void
on_keyring_created (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  g_autoptr(GTask) task = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SecretCollection) collection = secret_collection_create_finish (result, &error);

  if (collection != NULL)
    g_task_return_boolean (task, TRUE);
  /* A dismissed prompt gives the keyring path "/", which libsecret reports as a collection that
   * does not exist (UNKNOWN_METHOD); the packer needs to hear that no password was given. */
  else if (error == NULL || g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                             _("No keyring was made: the password was not given."));
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
on_keyring_unlocked (GObject      *source,
                     GAsyncResult *result,
                     gpointer      data)
{
  g_autoptr(GTask) task = data;
  g_autoptr(GError) error = NULL;

  if (secret_service_unlock_finish (SECRET_SERVICE (source), result, NULL, &error) > 0)
    g_task_return_boolean (task, TRUE);
  else if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                             _("The keyring stays locked: its password was not given."));
}

static void
on_default_keyring (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  g_autoptr(GTask) task = data;
  SecretService *service = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  /* An alias naming a keyring that is gone (GNOME's "login" when it was never made) reads as
   * an error, no alias at all as NULL: either way there is none to unlock. */
  g_autoptr(SecretCollection) collection = secret_collection_for_alias_finish (result, NULL);
  g_autoptr(GList) objects = NULL;

  if (collection == NULL)
    {
      /* The desktop asks for the new keyring's password itself. */
      secret_collection_create (service, _("Login"), SECRET_COLLECTION_DEFAULT,
                                SECRET_COLLECTION_CREATE_NONE, cancellable, on_keyring_created,
                                g_steal_pointer (&task));
      return;
    }
  if (!secret_collection_get_locked (collection))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  objects = g_list_prepend (NULL, collection);
  secret_service_unlock (service, objects, cancellable, on_keyring_unlocked, g_steal_pointer (&task));
}

static void
on_secret_service (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  g_autoptr(GTask) task = data;
  /* Read before the task is handed on: argument order is not defined. */
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;
  SecretService *service = secret_service_get_finish (result, &error);

  if (service == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, service, g_object_unref);
  secret_collection_for_alias (service, SECRET_COLLECTION_DEFAULT, SECRET_COLLECTION_NONE,
                               cancellable, on_default_keyring, g_steal_pointer (&task));
}

/**
 * pd_api_key_prepare_keyring_async:
 *
 * Makes the desktop's default keyring able to keep the key: creates it when there is none and
 * unlocks it when it is locked. The desktop asks the user for its password in either case.
 */
void
pd_api_key_prepare_keyring_async (GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, pd_api_key_prepare_keyring_async);
  secret_service_get (SECRET_SERVICE_NONE, cancellable, on_secret_service, task);
}

/* Returns: FALSE with ERROR when no keyring could be made ready (G_IO_ERROR_CANCELLED when the
 * user gave no password) */
gboolean
pd_api_key_prepare_keyring_finish (GAsyncResult  *result,
                                   GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
