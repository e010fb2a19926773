/* pd-camera-panel.c — the webcam on the order page.
 *
 * Shows the camera's picture with the outline of what it read, a spinner while it starts, and
 * when it cannot run, the reason and what to do (no camera, no permission, in use, unplugged).
 * The camera runs only while the panel is active; the chosen device follows the settings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pd-camera-panel.h"

#include <glib/gi18n.h>

#include "pd-camera-view.h"

struct _PdCameraPanel
{
  AdwBin         parent_instance;

  GtkStack      *stack;
  PdCameraView  *view;
  AdwStatusPage *status;

  PdCamera      *camera;
  gboolean       active;
};

G_DEFINE_FINAL_TYPE (PdCameraPanel, pd_camera_panel, ADW_TYPE_BIN)

static void
on_state_changed (PdCameraPanel *self)
{
  switch (pd_camera_get_state (self->camera))
    {
    case PD_CAMERA_STATE_RUNNING:
      gtk_stack_set_visible_child_name (self->stack, "preview");
      break;
    case PD_CAMERA_STATE_UNAVAILABLE:
      adw_status_page_set_description (self->status, pd_camera_get_message (self->camera));
      gtk_stack_set_visible_child_name (self->stack, "unavailable");
      break;
    case PD_CAMERA_STATE_OFF:
      pd_camera_view_clear (self->view);
      /* Off while shown: the source ended (a file source plays its frames once). */
      adw_status_page_set_description (self->status, _("The camera stopped."));
      gtk_stack_set_visible_child_name (self->stack, self->active ? "unavailable" : "starting");
      break;
    case PD_CAMERA_STATE_STARTING:
    default:
      pd_camera_view_clear (self->view);
      gtk_stack_set_visible_child_name (self->stack, "starting");
      break;
    }
}

static void
on_preview (PdCamera      *camera,
            GBytes        *pixels,
            int            width,
            int            height,
            int            stride,
            PdCameraPanel *self)
{
  g_autoptr(GdkTexture) texture = gdk_memory_texture_new (width, height, GDK_MEMORY_R8G8B8A8,
                                                          pixels, stride);

  pd_camera_view_set_frame (self->view, texture);
}

static void
on_symbols (PdCamera      *camera,
            GPtrArray     *symbols,
            int            width,
            int            height,
            PdCameraPanel *self)
{
  pd_camera_view_set_symbols (self->view, symbols, width, height);
}

static void
on_retry_clicked (PdCameraPanel *self)
{
  pd_camera_stop (self->camera);
  pd_camera_start (self->camera);
}

static void
pd_camera_panel_dispose (GObject *object)
{
  PdCameraPanel *self = PD_CAMERA_PANEL (object);

  if (self->camera != NULL)
    pd_camera_stop (self->camera);
  g_clear_object (&self->camera);
  G_OBJECT_CLASS (pd_camera_panel_parent_class)->dispose (object);
}

static void
pd_camera_panel_class_init (PdCameraPanelClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = pd_camera_panel_dispose;

  g_type_ensure (PD_TYPE_CAMERA_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/pd-camera-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, PdCameraPanel, stack);
  gtk_widget_class_bind_template_child (widget_class, PdCameraPanel, view);
  gtk_widget_class_bind_template_child (widget_class, PdCameraPanel, status);
  gtk_widget_class_bind_template_callback (widget_class, on_retry_clicked);
}

static void
pd_camera_panel_init (PdCameraPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->camera = pd_camera_new ();
  g_signal_connect_object (self->camera, "notify::state", G_CALLBACK (on_state_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->camera, "preview", G_CALLBACK (on_preview), self, 0);
  g_signal_connect_object (self->camera, "symbols", G_CALLBACK (on_symbols), self, 0);
}

/* Returns: (transfer none): the camera, for its "code-found" signal and its device */
PdCamera *
pd_camera_panel_get_camera (PdCameraPanel *self)
{
  g_return_val_if_fail (PD_IS_CAMERA_PANEL (self), NULL);

  return self->camera;
}

void
pd_camera_panel_set_active (PdCameraPanel *self,
                            gboolean       active)
{
  g_return_if_fail (PD_IS_CAMERA_PANEL (self));

  if (self->active == active)
    return;
  self->active = active;
  if (active)
    pd_camera_start (self->camera);
  else
    pd_camera_stop (self->camera);
  on_state_changed (self);
}
