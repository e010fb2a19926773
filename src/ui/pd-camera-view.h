/* pd-camera-view.h — the camera's newest frame with the outline of what was read in it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define PD_TYPE_CAMERA_VIEW (pd_camera_view_get_type ())

G_DECLARE_FINAL_TYPE (PdCameraView, pd_camera_view, PD, CAMERA_VIEW, GtkWidget)

void pd_camera_view_set_frame   (PdCameraView *self,
                                 GdkTexture   *frame);
void pd_camera_view_set_symbols (PdCameraView *self,
                                 GPtrArray    *symbols,
                                 int           width,
                                 int           height);
void pd_camera_view_clear       (PdCameraView *self);

G_END_DECLS
