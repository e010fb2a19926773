/* pd-camera.h — the webcam as a source of codes: a GStreamer pipeline with a preview and a
 * throttled decode branch.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <gst/gst.h>

#include "pd-symbol.h"

G_BEGIN_DECLS

typedef enum
{
  PD_CAMERA_STATE_OFF,
  PD_CAMERA_STATE_STARTING,
  PD_CAMERA_STATE_RUNNING,
  PD_CAMERA_STATE_UNAVAILABLE,  /* see PdCamera:problem and :message */
} PdCameraState;

typedef enum
{
  PD_CAMERA_PROBLEM_NONE,
  PD_CAMERA_PROBLEM_NOT_FOUND,
  PD_CAMERA_PROBLEM_PERMISSION,
  PD_CAMERA_PROBLEM_BUSY,
  PD_CAMERA_PROBLEM_DISCONNECTED,
  PD_CAMERA_PROBLEM_FAILED,
} PdCameraProblem;

#define PD_TYPE_CAMERA (pd_camera_get_type ())

G_DECLARE_FINAL_TYPE (PdCamera, pd_camera, PD, CAMERA, GObject)

PdCamera        *pd_camera_new             (void);
GListModel      *pd_camera_get_devices     (PdCamera   *self);
void             pd_camera_set_device_name (PdCamera   *self,
                                            const char *name);
const char      *pd_camera_get_device_name (PdCamera   *self);
void             pd_camera_set_size        (PdCamera   *self,
                                            const char *size);
GStrv            pd_camera_list_sizes      (GstDevice  *device);
void             pd_camera_start           (PdCamera   *self);
void             pd_camera_stop            (PdCamera   *self);
PdCameraState    pd_camera_get_state       (PdCamera   *self);
PdCameraProblem  pd_camera_get_problem     (PdCamera   *self);
const char      *pd_camera_get_message     (PdCamera   *self);

G_END_DECLS
