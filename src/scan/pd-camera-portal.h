/* pd-camera-portal.h — the camera through the desktop portal, as a Flatpak must reach it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean pd_camera_portal_wanted      (void);
void     pd_camera_portal_open_async  (GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
int      pd_camera_portal_open_finish (GAsyncResult        *result,
                                       GError             **error);

G_END_DECLS
