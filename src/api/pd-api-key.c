/* pd-api-key.c — the Market API key in the desktop keyring.
 *
 * One secret under the schema io.github.packdesk.Packdesk.ApiKey; the key is handed to the
 * client and nowhere else: not to settings, files or logs.
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
