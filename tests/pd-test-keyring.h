/* pd-test-keyring.h — what the keyring tests share: a keyring daemon's throwaway home, whether
 * it owns the Secret Service name yet, and the key as Packdesk finds it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

GSubprocessLauncher *pd_test_keyring_launcher (GSubprocessFlags   flags,
                                               char             **home);
gboolean  pd_test_secret_service_owned (gpointer bus);
void      pd_test_wait_for_secret_service (void);
char     *pd_test_lookup_key           (void);

G_END_DECLS
