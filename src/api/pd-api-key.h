/* pd-api-key.h — the Market API key in the desktop keyring (libsecret), never in a file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void      pd_api_key_lookup_async  (GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
char     *pd_api_key_lookup_finish (GAsyncResult        *result,
                                    GError             **error);
char     *pd_api_key_lookup_sync   (GCancellable        *cancellable,
                                    GError             **error);
void      pd_api_key_store_async   (const char          *key,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
gboolean  pd_api_key_store_finish  (GAsyncResult        *result,
                                    GError             **error);
void      pd_api_key_clear_async   (GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
gboolean  pd_api_key_clear_finish  (GAsyncResult        *result,
                                    GError             **error);
void      pd_api_key_prepare_keyring_async  (GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean  pd_api_key_prepare_keyring_finish (GAsyncResult        *result,
                                             GError             **error);

G_END_DECLS
