/* pd-camera-view.c — the camera's newest frame, scaled to fit, with the outline of every code
 * read in the last decoded frame: the packer sees what the camera took and where.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pd-camera-view.h"

#include "pd-symbol.h"

struct _PdCameraView
{
  GtkWidget   parent_instance;

  GdkTexture *frame;
  GArray     *outlines;   /* of double[8], in decoded-frame pixels */
  int         decoded_width;
  int         decoded_height;
  gint64      outlined_at;
};

/* How long an outline stays after the code left the picture: through the camera's pause after a
 * hit, so the packer sees what was taken. */
#define OUTLINE_KEPT_US (G_USEC_PER_SEC)

G_DEFINE_FINAL_TYPE (PdCameraView, pd_camera_view, GTK_TYPE_WIDGET)

typedef struct
{
  double corners[8];
} Outline;

/* Where the frame lands in the widget: as large as fits, centred. */
static graphene_rect_t
frame_bounds (PdCameraView *self)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  double fw = gdk_texture_get_width (self->frame), fh = gdk_texture_get_height (self->frame);
  double scale = MIN (width / fw, height / fh);

  return GRAPHENE_RECT_INIT ((width - fw * scale) / 2, (height - fh * scale) / 2,
                             fw * scale, fh * scale);
}

static void
draw_outlines (PdCameraView          *self,
               GtkSnapshot           *snapshot,
               const graphene_rect_t *bounds)
{
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, bounds);
  double sx = bounds->size.width / self->decoded_width;
  double sy = bounds->size.height / self->decoded_height;

  cairo_translate (cr, bounds->origin.x, bounds->origin.y);
  cairo_set_line_width (cr, 4);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  /* libadwaita's success green: the same colour as an accepted code's badge. */
  cairo_set_source_rgba (cr, 0.15, 0.64, 0.41, 0.95);
  for (guint i = 0; i < self->outlines->len; i++)
    {
      const Outline *outline = &g_array_index (self->outlines, Outline, i);

      cairo_move_to (cr, outline->corners[0] * sx, outline->corners[1] * sy);
      for (int k = 1; k < 4; k++)
        cairo_line_to (cr, outline->corners[2 * k] * sx, outline->corners[2 * k + 1] * sy);
      cairo_close_path (cr);
      cairo_stroke (cr);
    }
  cairo_destroy (cr);
}

static void
pd_camera_view_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  PdCameraView *self = PD_CAMERA_VIEW (widget);
  graphene_rect_t bounds;

  if (self->frame == NULL)
    return;
  bounds = frame_bounds (self);
  gtk_snapshot_append_texture (snapshot, self->frame, &bounds);
  if (self->outlines->len > 0 && self->decoded_width > 0 && self->decoded_height > 0)
    draw_outlines (self, snapshot, &bounds);
}

static void
pd_camera_view_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  /* Any width; as tall as a 16:9 picture of that width. */
  *minimum = orientation == GTK_ORIENTATION_HORIZONTAL ? 160 : 90;
  *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 640
             : (for_size > 0 ? for_size * 9 / 16 : 360);
}

static void
pd_camera_view_finalize (GObject *object)
{
  PdCameraView *self = PD_CAMERA_VIEW (object);

  g_clear_object (&self->frame);
  g_array_unref (self->outlines);
  G_OBJECT_CLASS (pd_camera_view_parent_class)->finalize (object);
}

static void
pd_camera_view_class_init (PdCameraViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = pd_camera_view_finalize;
  widget_class->snapshot = pd_camera_view_snapshot;
  widget_class->measure = pd_camera_view_measure;
  gtk_widget_class_set_css_name (widget_class, "camera-view");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
pd_camera_view_init (PdCameraView *self)
{
  self->outlines = g_array_new (FALSE, FALSE, sizeof (Outline));
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
}

void
pd_camera_view_set_frame (PdCameraView *self,
                          GdkTexture   *frame)
{
  g_return_if_fail (PD_IS_CAMERA_VIEW (self));

  if (g_set_object (&self->frame, frame))
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
pd_camera_view_set_symbols (PdCameraView *self,
                            GPtrArray    *symbols,
                            int           width,
                            int           height)
{
  g_return_if_fail (PD_IS_CAMERA_VIEW (self));

  if (symbols->len == 0 && g_get_monotonic_time () - self->outlined_at < OUTLINE_KEPT_US)
    return;
  g_array_set_size (self->outlines, 0);
  self->outlined_at = g_get_monotonic_time ();
  for (guint i = 0; i < symbols->len; i++)
    {
      Outline outline;

      pd_symbol_get_corners (symbols->pdata[i], outline.corners);
      g_array_append_val (self->outlines, outline);
    }
  self->decoded_width = width;
  self->decoded_height = height;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
pd_camera_view_clear (PdCameraView *self)
{
  g_return_if_fail (PD_IS_CAMERA_VIEW (self));

  g_clear_object (&self->frame);
  g_array_set_size (self->outlines, 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
