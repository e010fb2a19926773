/* pd-camera-panel.h — the webcam on the order page: preview, outline, and why there is none.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pd-camera.h"

G_BEGIN_DECLS

#define PD_TYPE_CAMERA_PANEL (pd_camera_panel_get_type ())

G_DECLARE_FINAL_TYPE (PdCameraPanel, pd_camera_panel, PD, CAMERA_PANEL, AdwBin)

PdCamera *pd_camera_panel_get_camera (PdCameraPanel *self);
void      pd_camera_panel_set_active (PdCameraPanel *self,
                                      gboolean       active);

G_END_DECLS
