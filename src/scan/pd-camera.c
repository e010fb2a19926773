/* pd-camera.c — the webcam as a source of codes.
 *
 *   source ! videoconvert ! tee ─ queue(leaky, 1) ! RGBA ! appsink "preview"
 *                               └ queue(leaky, 1) ! GRAY8 ! appsink "decode"
 *
 * The source is the chosen camera (any GstDeviceMonitor "Video/Source": v4l2src on the host), or
 * inside a Flatpak `pipewiresrc` on the remote the camera portal opens (pd-camera-portal.c), or
 * PACKDESK_CAMERA_PIPELINE, a GStreamer description that replaces either (a `multifilesrc` of PNGs for tests and desks without a camera).
 * Both sinks keep only the newest frame and do not wait for the clock: a camera delivers frames
 * at its own pace (a file source paces itself with `identity sync=true`). The streaming thread never waits: a preview frame
 * replaces the one the main loop has not shown yet; a decode frame is dropped while the decoder
 * (another process, see PdDecoder) is busy or the camera pauses after a hit. A hit is taken once:
 * the same code twice in a row is the packer still holding it up.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pd-camera.h"

#include <glib/gi18n.h>
#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <gst/video/video.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "pd-camera-portal.h"
#include "pd-decoder.h"
#include "pd-scan-enums.h"

/* After a hit the camera looks away for this long: time to put the item down. */
#define PAUSE_AFTER_HIT_US (1 * G_USEC_PER_SEC)

/* A camera that has shown no picture this long after starting is taken for broken: some sources
 * (a PipeWire stream that never negotiates, a driver that hangs) say nothing on the bus. */
#define FIRST_FRAME_TIMEOUT_S 5

#define CONVERT_AND_SPLIT \
  "videoconvert ! tee name=split " \
  "split. ! queue leaky=downstream max-size-buffers=1 ! videoconvert ! video/x-raw,format=RGBA " \
  "! appsink name=preview max-buffers=1 drop=true sync=false " \
  "split. ! queue leaky=downstream max-size-buffers=1 ! videoconvert ! video/x-raw,format=GRAY8 " \
  "! appsink name=decode max-buffers=1 drop=true sync=false"

struct _PdCamera
{
  GObject           parent_instance;

  GstDeviceMonitor *monitor;
  guint             monitor_watch;
  GListStore       *devices;
  GstDevice        *active_device;
  int               width, height;  /* asked of the camera; 0: what it offers */
  char             *device_name;

  GstElement       *pipeline;
  struct _SinkLink *sink_link;
  guint             bus_watch;
  guint             first_frame_source;
  /* Inside a Flatpak: the portal's PipeWire remote, and the request for it. */
  int               portal_fd;
  GCancellable     *portal_request;
  GMainContext     *context;
  PdDecoder        *decoder;

  /* Handed from the streaming thread to the main loop. */
  GMutex            lock;
  GstSample        *preview_sample;
  GstSample        *decode_sample;
  gboolean          preview_scheduled;
  gboolean          decode_scheduled;
  gint64            paused_until;  /* atomic-ish: read by the streaming thread under lock */

  PdCameraState     state;
  PdCameraProblem   problem;
  char             *message;
  char             *last_code;
};

G_DEFINE_FINAL_TYPE (PdCamera, pd_camera, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_PROBLEM,
  PROP_MESSAGE,
  PROP_DEVICE_NAME,
  PROP_SIZE,
  N_PROPS
};

enum {
  PREVIEW,
  SYMBOLS,
  CODE_FOUND,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
set_state (PdCamera        *self,
           PdCameraState    state,
           PdCameraProblem  problem,
           const char      *message)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  if (self->problem != problem)
    {
      self->problem = problem;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROBLEM]);
    }
  if (g_strcmp0 (self->message, message) != 0)
    {
      g_free (self->message);
      self->message = g_strdup (message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

/* What a pipeline's app sinks know of their camera. Their streaming threads may outlive the
 * camera's interest (the pipeline stops on a worker, see change_state_later), so the camera lets
 * go of them under this lock, and a sink holds it while it hands a frame over. */
typedef struct _SinkLink
{
  gatomicrefcount  refs;
  GMutex           lock;
  PdCamera        *camera;  /* NULL once the camera let go */
} SinkLink;

static SinkLink *
sink_link_new (PdCamera *camera)
{
  SinkLink *link = g_new0 (SinkLink, 1);

  g_atomic_ref_count_init (&link->refs);
  g_mutex_init (&link->lock);
  link->camera = camera;
  return link;
}

static gpointer
sink_link_ref (SinkLink *link)
{
  g_atomic_ref_count_inc (&link->refs);
  return link;
}

static void
sink_link_unref (gpointer data)
{
  SinkLink *link = data;

  if (!g_atomic_ref_count_dec (&link->refs))
    return;
  g_mutex_clear (&link->lock);
  g_free (link);
}

/* Returns the camera with LINK locked, or NULL once the camera let go. */
static PdCamera *
sink_link_acquire (SinkLink *link)
{
  g_mutex_lock (&link->lock);
  if (link->camera != NULL)
    return link->camera;
  g_mutex_unlock (&link->lock);
  return NULL;
}

static void
sink_link_release (SinkLink *link)
{
  g_mutex_unlock (&link->lock);
}

/* After this no frame reaches the camera, whatever the streaming threads are doing. */
static void
sink_link_cut (SinkLink *link)
{
  g_mutex_lock (&link->lock);
  link->camera = NULL;
  g_mutex_unlock (&link->lock);
  sink_link_unref (link);
}

typedef struct
{
  GstElement *pipeline;
  GstState    state;
  int         fd;  /* closed once the pipeline has stopped; -1 for none */
} StateChange;

static void
change_state (gpointer data,
              gpointer user_data)
{
  StateChange *change = data;

  if (gst_element_set_state (change->pipeline, change->state) == GST_STATE_CHANGE_FAILURE
      && change->state == GST_STATE_PLAYING)
    {
      /* An element that refuses without saying why on the bus: say it for it. */
      g_autoptr(GError) error = g_error_new_literal (GST_CORE_ERROR, GST_CORE_ERROR_STATE_CHANGE,
                                                     _("It could not be started."));

      gst_element_post_message (change->pipeline,
                                gst_message_new_error (GST_OBJECT (change->pipeline), error, NULL));
    }
  if (change->fd >= 0)
    close (change->fd);
  gst_object_unref (change->pipeline);
  g_free (change);
}

/* Takes PIPELINE to STATE on a worker thread, one change after another (a stop is done before the
 * next start, which may want the same device). Sources can block in a state change for long —
 * pipewiresrc waits 30 s for a remote that does not answer — and the main loop must not. */
static void
change_state_later (GstElement *pipeline,
                    GstState    state,
                    int         fd)
{
  static GThreadPool *worker;
  StateChange *change = g_new0 (StateChange, 1);

  if (g_once_init_enter_pointer (&worker))
    g_once_init_leave_pointer (&worker, g_thread_pool_new (change_state, NULL, 1, FALSE, NULL));
  change->pipeline = pipeline;
  change->state = state;
  change->fd = fd;
  g_thread_pool_push (worker, change, NULL);
}

static void
tear_down_pipeline (PdCamera *self)
{
  g_cancellable_cancel (self->portal_request);
  g_clear_object (&self->portal_request);
  g_clear_handle_id (&self->first_frame_source, g_source_remove);
  if (self->pipeline != NULL)
    {
      g_clear_pointer (&self->sink_link, sink_link_cut);
      g_clear_handle_id (&self->bus_watch, g_source_remove);
      change_state_later (g_steal_pointer (&self->pipeline), GST_STATE_NULL, self->portal_fd);
    }
  else if (self->portal_fd >= 0)
    /* The portal's remote, when no pipeline could be made of it. */
    close (self->portal_fd);
  self->portal_fd = -1;
  gst_clear_object (&self->active_device);
  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->preview_sample, gst_sample_unref);
  g_clear_pointer (&self->decode_sample, gst_sample_unref);
  g_mutex_unlock (&self->lock);
}

static void
pd_camera_dispose (GObject *object)
{
  PdCamera *self = PD_CAMERA (object);

  tear_down_pipeline (self);
  g_clear_handle_id (&self->monitor_watch, g_source_remove);
  if (self->monitor != NULL)
    gst_device_monitor_stop (self->monitor);
  gst_clear_object (&self->monitor);
  g_clear_object (&self->devices);
  g_clear_object (&self->decoder);
  G_OBJECT_CLASS (pd_camera_parent_class)->dispose (object);
}

static void
pd_camera_finalize (GObject *object)
{
  PdCamera *self = PD_CAMERA (object);

  g_mutex_clear (&self->lock);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->device_name);
  g_free (self->message);
  g_free (self->last_code);
  G_OBJECT_CLASS (pd_camera_parent_class)->finalize (object);
}

static void
pd_camera_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  PdCamera *self = PD_CAMERA (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_PROBLEM:
      g_value_set_enum (value, self->problem);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    case PROP_DEVICE_NAME:
      g_value_set_string (value, self->device_name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_camera_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  PdCamera *self = PD_CAMERA (object);

  switch (prop_id)
    {
    case PROP_DEVICE_NAME:
      pd_camera_set_device_name (self, g_value_get_string (value));
      break;
    case PROP_SIZE:
      pd_camera_set_size (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_camera_class_init (PdCameraClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pd_camera_dispose;
  object_class->finalize = pd_camera_finalize;
  object_class->get_property = pd_camera_get_property;
  object_class->set_property = pd_camera_set_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, PD_TYPE_CAMERA_STATE, PD_CAMERA_STATE_OFF,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROBLEM] =
    g_param_spec_enum ("problem", NULL, NULL, PD_TYPE_CAMERA_PROBLEM, PD_CAMERA_PROBLEM_NONE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DEVICE_NAME] =
    g_param_spec_string ("device-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SIZE] =
    g_param_spec_string ("size", NULL, NULL, NULL, G_PARAM_WRITABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PdCamera::preview:
   * @pixels: RGBA rows
   *
   * The newest frame, on the main loop; frames the main loop is too busy to show are skipped.
   */
  signals[PREVIEW] =
    g_signal_new ("preview", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 4, G_TYPE_BYTES, G_TYPE_INT, G_TYPE_INT, G_TYPE_INT);
  /**
   * PdCamera::symbols:
   * @symbols: (element-type PdSymbol): what the last decoded frame showed, maybe nothing
   * @width: @height: the decoded frame's size, for placing the outlines over the preview
   */
  signals[SYMBOLS] =
    g_signal_new ("symbols", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_PTR_ARRAY, G_TYPE_INT, G_TYPE_INT);
  /**
   * PdCamera::code-found:
   * @symbol: a code to capture — not the one taken just before
   */
  signals[CODE_FOUND] =
    g_signal_new ("code-found", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, PD_TYPE_SYMBOL);

  gst_init (NULL, NULL);
}

static void
pd_camera_init (PdCamera *self)
{
  g_mutex_init (&self->lock);
  self->portal_fd = -1;
  self->devices = g_list_store_new (GST_TYPE_DEVICE);
  self->decoder = pd_decoder_new ();
}

PdCamera *
pd_camera_new (void)
{
  return g_object_new (PD_TYPE_CAMERA, NULL);
}

static void fail (PdCamera        *self,
                  PdCameraProblem  problem,
                  const char      *detail);

static gboolean
on_monitor_message (GstBus     *bus,
                    GstMessage *message,
                    gpointer    data)
{
  PdCamera *self = data;
  g_autoptr(GstDevice) device = NULL;
  guint position;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_DEVICE_ADDED:
      gst_message_parse_device_added (message, &device);
      g_list_store_append (self->devices, device);
      break;
    case GST_MESSAGE_DEVICE_REMOVED:
      gst_message_parse_device_removed (message, &device);
      if (g_list_store_find (self->devices, device, &position))
        g_list_store_remove (self->devices, position);
      if (device == self->active_device)
        fail (self, PD_CAMERA_PROBLEM_DISCONNECTED, NULL);
      break;
    default:
      break;
    }
  return G_SOURCE_CONTINUE;
}

/**
 * pd_camera_get_devices:
 *
 * Returns: (transfer none): the cameras plugged in now, as #GstDevice; kept up to date
 */
GListModel *
pd_camera_get_devices (PdCamera *self)
{
  g_return_val_if_fail (PD_IS_CAMERA (self), NULL);

  if (self->monitor == NULL)
    {
      g_autoptr(GstBus) bus = NULL;
      g_autoptr(GstCaps) caps = gst_caps_new_empty_simple ("video/x-raw");
      GList *present;

      self->monitor = gst_device_monitor_new ();
      gst_device_monitor_add_filter (self->monitor, "Video/Source", caps);
      bus = gst_device_monitor_get_bus (self->monitor);
      self->monitor_watch = gst_bus_add_watch (bus, on_monitor_message, self);
      if (gst_device_monitor_start (self->monitor))
        {
          present = gst_device_monitor_get_devices (self->monitor);
          for (GList *l = present; l != NULL; l = l->next)
            g_list_store_append (self->devices, l->data);
          g_list_free_full (present, gst_object_unref);
        }
    }
  return G_LIST_MODEL (self->devices);
}

void
pd_camera_set_device_name (PdCamera   *self,
                           const char *name)
{
  g_return_if_fail (PD_IS_CAMERA (self));

  if (g_strcmp0 (self->device_name, name) == 0)
    return;
  g_free (self->device_name);
  self->device_name = g_strdup (name != NULL && *name != '\0' ? name : NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEVICE_NAME]);
}

/* Largest picture first. */
static int
compare_sizes (gconstpointer a,
               gconstpointer b)
{
  int wa = 0, ha = 0, wb = 0, hb = 0;

  sscanf (*(const char * const *) a, "%dx%d", &wa, &ha);
  sscanf (*(const char * const *) b, "%dx%d", &wb, &hb);
  return wb * hb - wa * ha;
}

/* "WIDTHxHEIGHT" asks the camera for that picture size from the next start; NULL or "" for what
 * it offers by default. */
void
pd_camera_set_size (PdCamera   *self,
                    const char *size)
{
  g_return_if_fail (PD_IS_CAMERA (self));

  self->width = self->height = 0;
  if (size != NULL && sscanf (size, "%dx%d", &self->width, &self->height) != 2)
    self->width = self->height = 0;
}

/**
 * pd_camera_list_sizes:
 * @device: a camera of pd_camera_get_devices()
 *
 * Returns: (transfer full): the picture sizes it offers, "WIDTHxHEIGHT", largest first
 */
GStrv
pd_camera_list_sizes (GstDevice *device)
{
  g_autoptr(GstCaps) caps = gst_device_get_caps (device);
  g_autoptr(GPtrArray) sizes = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; caps != NULL && i < gst_caps_get_size (caps); i++)
    {
      GstStructure *structure = gst_caps_get_structure (caps, i);
      int width, height;
      g_autofree char *size = NULL;
      gboolean known = FALSE;

      if (!gst_structure_get_int (structure, "width", &width)
          || !gst_structure_get_int (structure, "height", &height))
        continue;
      size = g_strdup_printf ("%dx%d", width, height);
      for (guint k = 0; k < sizes->len && !known; k++)
        known = g_str_equal (sizes->pdata[k], size);
      if (!known)
        g_ptr_array_add (sizes, g_steal_pointer (&size));
    }
  g_ptr_array_sort (sizes, compare_sizes);
  g_ptr_array_add (sizes, NULL);
  return (GStrv) g_ptr_array_steal (sizes, NULL);
}

const char *
pd_camera_get_device_name (PdCamera *self)
{
  g_return_val_if_fail (PD_IS_CAMERA (self), NULL);

  return self->device_name;
}

/* The chosen camera, else the first one. */
static GstDevice *
pick_device (PdCamera *self)
{
  GListModel *devices = pd_camera_get_devices (self);
  guint n = g_list_model_get_n_items (devices);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GstDevice) device = g_list_model_get_item (devices, i);
      g_autofree char *name = gst_device_get_display_name (device);

      if (self->device_name == NULL || g_str_equal (name, self->device_name))
        return g_steal_pointer (&device);
    }
  return n > 0 ? g_list_model_get_item (devices, 0) : NULL;
}

/* Which of the four states a packer can act on a GStreamer error is. */
static PdCameraProblem
classify_error (const GError *error,
                const char   *debug)
{
  if (g_error_matches (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_FOUND))
    return PD_CAMERA_PROBLEM_NOT_FOUND;
  if (g_error_matches (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_BUSY))
    return PD_CAMERA_PROBLEM_BUSY;
  if ((debug != NULL && strstr (debug, "Permission denied") != NULL)
      || g_error_matches (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_AUTHORIZED))
    return PD_CAMERA_PROBLEM_PERMISSION;
  if (g_error_matches (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_OPEN_READ)
      || g_error_matches (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_OPEN_READ_WRITE))
    return PD_CAMERA_PROBLEM_BUSY;
  return PD_CAMERA_PROBLEM_FAILED;
}

static const char *
problem_message (PdCameraProblem problem)
{
  switch (problem)
    {
    case PD_CAMERA_PROBLEM_NOT_FOUND:
      return _("No camera was found. Connect a webcam, or scan with the handheld scanner.");
    case PD_CAMERA_PROBLEM_PERMISSION:
      return _("Packdesk may not use the camera. Allow camera access in the system settings.");
    case PD_CAMERA_PROBLEM_BUSY:
      return _("The camera is in use by another application. Close it and try again.");
    case PD_CAMERA_PROBLEM_DISCONNECTED:
      return _("The camera was disconnected. Plug it in again and start the camera.");
    case PD_CAMERA_PROBLEM_FAILED:
    case PD_CAMERA_PROBLEM_NONE:
    default:
      return _("The camera stopped working.");
    }
}

static void
fail (PdCamera        *self,
      PdCameraProblem  problem,
      const char      *detail)
{
  g_autofree char *message = NULL;

  tear_down_pipeline (self);
  if (detail != NULL && problem == PD_CAMERA_PROBLEM_FAILED)
    message = g_strdup_printf ("%s %s", problem_message (problem), detail);
  set_state (self, PD_CAMERA_STATE_UNAVAILABLE, problem,
             message != NULL ? message : problem_message (problem));
}

static void
fail_with_message (PdCamera   *self,
                   GstMessage *message)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *debug = NULL;

  gst_message_parse_error (message, &error, &debug);
  g_debug ("camera: %s (%s)", error->message, debug);
  fail (self, classify_error (error, debug), error->message);
}

static gboolean
on_bus_message (GstBus     *bus,
                GstMessage *message,
                gpointer    data)
{
  PdCamera *self = data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ERROR:
      fail_with_message (self, message);
      return G_SOURCE_REMOVE;
    case GST_MESSAGE_EOS:
      /* A file source has played all its frames. */
      pd_camera_stop (self);
      return G_SOURCE_REMOVE;
    default:
      return G_SOURCE_CONTINUE;
    }
}

/* Copies a sample's first plane into tightly described bytes. */
static GBytes *
sample_pixels (GstSample *sample,
               int       *width,
               int       *height,
               int       *stride)
{
  GstVideoInfo info;
  GstMapInfo map;
  GBytes *bytes;

  if (!gst_video_info_from_caps (&info, gst_sample_get_caps (sample))
      || !gst_buffer_map (gst_sample_get_buffer (sample), &map, GST_MAP_READ))
    return NULL;
  *width = GST_VIDEO_INFO_WIDTH (&info);
  *height = GST_VIDEO_INFO_HEIGHT (&info);
  *stride = GST_VIDEO_INFO_PLANE_STRIDE (&info, 0);
  bytes = g_bytes_new (map.data + GST_VIDEO_INFO_PLANE_OFFSET (&info, 0),
                       MIN (map.size, (gsize) *stride * *height));
  gst_buffer_unmap (gst_sample_get_buffer (sample), &map);
  return bytes;
}

static gboolean
show_preview (gpointer data)
{
  PdCamera *self = data;
  g_autoptr(GstSample) sample = NULL;
  g_autoptr(GBytes) pixels = NULL;
  int width, height, stride;

  g_mutex_lock (&self->lock);
  sample = g_steal_pointer (&self->preview_sample);
  self->preview_scheduled = FALSE;
  g_mutex_unlock (&self->lock);

  if (sample == NULL || self->pipeline == NULL)
    return G_SOURCE_REMOVE;
  pixels = sample_pixels (sample, &width, &height, &stride);
  if (pixels == NULL)
    return G_SOURCE_REMOVE;
  if (self->state == PD_CAMERA_STATE_STARTING)
    {
      g_clear_handle_id (&self->first_frame_source, g_source_remove);
      set_state (self, PD_CAMERA_STATE_RUNNING, PD_CAMERA_PROBLEM_NONE, NULL);
    }
  g_signal_emit (self, signals[PREVIEW], 0, pixels, width, height, stride);
  return G_SOURCE_REMOVE;
}

/* Marking codes first (DataMatrix, then QR), a customs number (Code 128), product barcodes last. */
static guint
symbol_rank (const PdSymbol *symbol)
{
  switch (pd_symbol_get_format (symbol))
    {
    case PD_SYMBOL_FORMAT_DATAMATRIX: return 0;
    case PD_SYMBOL_FORMAT_QR: return 1;
    case PD_SYMBOL_FORMAT_CODE128: return 2;
    case PD_SYMBOL_FORMAT_EAN13:
    case PD_SYMBOL_FORMAT_EAN8:
    case PD_SYMBOL_FORMAT_UPCA:
    case PD_SYMBOL_FORMAT_UPCE:
    default: return 3;
    }
}

/* A code is taken once, then the camera pauses; the same code again right after is ignored. */
static void
take_hits (PdCamera  *self,
           GPtrArray *symbols)
{
  guint best = G_MAXUINT;

  /* A label holds the marking code beside the product's EAN-13: only the best kind in the frame
   * counts, so that the EAN-13 is taken only where no marking code is seen (not once the
   * DataMatrix beside it has been taken). */
  for (guint i = 0; i < symbols->len; i++)
    best = MIN (best, symbol_rank (symbols->pdata[i]));
  for (guint i = 0; i < symbols->len; i++)
    {
      PdSymbol *symbol = symbols->pdata[i];
      const char *text = pd_symbol_get_text (symbol, NULL);

      if (symbol_rank (symbol) != best || g_strcmp0 (text, self->last_code) == 0)
        continue;
      g_free (self->last_code);
      self->last_code = g_strdup (text);
      g_mutex_lock (&self->lock);
      self->paused_until = g_get_monotonic_time () + PAUSE_AFTER_HIT_US;
      g_mutex_unlock (&self->lock);
      g_signal_emit (self, signals[CODE_FOUND], 0, symbol);
      return;
    }
}

typedef struct
{
  PdCamera *camera;
  int       width, height;
} Decoding;

static void
on_decoded (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  Decoding *decoding = data;
  PdCamera *self = decoding->camera;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) symbols = pd_decoder_decode_finish (PD_DECODER (source), result, NULL,
                                                           &error);

  if (symbols == NULL)
    /* A lost frame; the decoder process is restarted with the next one. */
    g_warning ("camera: %s", error->message);
  else if (self->pipeline != NULL)
    {
      g_signal_emit (self, signals[SYMBOLS], 0, symbols, decoding->width, decoding->height);
      take_hits (self, symbols);
    }
  g_object_unref (self);
  g_free (decoding);
}

static gboolean
decode_newest (gpointer data)
{
  PdCamera *self = data;
  g_autoptr(GstSample) sample = NULL;
  g_autoptr(GBytes) pixels = NULL;
  Decoding *decoding;
  int stride;

  g_mutex_lock (&self->lock);
  sample = g_steal_pointer (&self->decode_sample);
  self->decode_scheduled = FALSE;
  g_mutex_unlock (&self->lock);

  if (sample == NULL || self->pipeline == NULL || pd_decoder_get_busy (self->decoder))
    return G_SOURCE_REMOVE;
  decoding = g_new0 (Decoding, 1);
  pixels = sample_pixels (sample, &decoding->width, &decoding->height, &stride);
  if (pixels == NULL)
    {
      g_free (decoding);
      return G_SOURCE_REMOVE;
    }
  decoding->camera = g_object_ref (self);
  pd_decoder_decode_async (self->decoder, pixels, decoding->width, decoding->height, stride, NULL,
                           on_decoded, decoding);
  return G_SOURCE_REMOVE;
}

/* Runs on the streaming thread: hand the sample over, never wait. */
static void
hand_over (PdCamera    *self,
           GstSample   *sample,
           GstSample  **slot,
           gboolean    *scheduled,
           GSourceFunc  handler)
{
  gboolean schedule;

  g_mutex_lock (&self->lock);
  if (*slot != NULL)
    gst_sample_unref (*slot);
  *slot = sample;
  schedule = !*scheduled;
  *scheduled = TRUE;
  g_mutex_unlock (&self->lock);

  if (schedule)
    {
      g_autoptr(GSource) source = g_idle_source_new ();

      g_source_set_callback (source, handler, g_object_ref (self), g_object_unref);
      g_source_attach (source, self->context);
    }
}

static void
take_preview_sample (PdCamera  *self,
                     GstSample *sample)
{
  hand_over (self, sample, &self->preview_sample, &self->preview_scheduled, show_preview);
}

static void
take_decode_sample (PdCamera  *self,
                    GstSample *sample)
{
  gboolean paused;

  g_mutex_lock (&self->lock);
  paused = g_get_monotonic_time () < self->paused_until;
  g_mutex_unlock (&self->lock);
  /* Dropped, not queued: the next frame is newer. */
  if (paused || pd_decoder_get_busy (self->decoder))
    {
      gst_sample_unref (sample);
      return;
    }
  hand_over (self, sample, &self->decode_sample, &self->decode_scheduled, decode_newest);
}

/* On a streaming thread: the frame goes to the camera, unless it has let go of the pipeline. */
static GstFlowReturn
on_sample (GstAppSink *sink,
           void      (*take) (PdCamera  *self,
                              GstSample *sample),
           gpointer    data)
{
  GstSample *sample = gst_app_sink_pull_sample (sink);
  PdCamera *self = sink_link_acquire (data);

  if (self == NULL)
    {
      gst_clear_sample (&sample);
      return GST_FLOW_OK;
    }
  take (self, sample);
  sink_link_release (data);
  return GST_FLOW_OK;
}

static GstFlowReturn
on_preview_sample (GstAppSink *sink,
                   gpointer    data)
{
  return on_sample (sink, take_preview_sample, data);
}

static GstFlowReturn
on_decode_sample (GstAppSink *sink,
                  gpointer    data)
{
  return on_sample (sink, take_decode_sample, data);
}

static void
connect_sink (PdCamera   *self,
              const char *name,
              GstFlowReturn (*new_sample) (GstAppSink *, gpointer))
{
  g_autoptr(GstElement) sink = gst_bin_get_by_name (GST_BIN (self->pipeline), name);
  GstAppSinkCallbacks callbacks = { .new_sample = new_sample };

  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, sink_link_ref (self->sink_link),
                              sink_link_unref);
}

/* The camera followed by the picture size asked for, if any. */
static GstElement *
camera_with_size (PdCamera   *self,
                  GstElement *camera)
{
  g_autofree char *description = NULL;
  g_autoptr(GstCaps) caps = NULL;
  GstElement *bin, *filter;
  g_autoptr(GstPad) pad = NULL;

  if (camera == NULL || self->width <= 0 || self->height <= 0)
    return camera;
  description = g_strdup_printf ("video/x-raw,width=%d,height=%d", self->width, self->height);
  bin = gst_bin_new ("sized-camera");
  filter = gst_element_factory_make ("capsfilter", NULL);
  caps = gst_caps_from_string (description);
  g_object_set (filter, "caps", caps, NULL);
  gst_bin_add_many (GST_BIN (bin), camera, filter, NULL);
  gst_element_link (camera, filter);
  pad = gst_element_get_static_pad (filter, "src");
  gst_element_add_pad (bin, gst_ghost_pad_new ("src", pad));
  return bin;
}

/* The camera, or the description that replaces it. */
static GstElement *
create_source (PdCamera  *self,
               GError   **error)
{
  const char *description = g_getenv ("PACKDESK_CAMERA_PIPELINE");
  g_autoptr(GstDevice) device = NULL;

  if (description != NULL && *description != '\0')
    return gst_parse_bin_from_description (description, TRUE, error);
  if (self->portal_fd >= 0)
    {
      GstElement *source = gst_element_factory_make ("pipewiresrc", "camera");

      if (source == NULL)
        g_set_error_literal (error, GST_CORE_ERROR, GST_CORE_ERROR_MISSING_PLUGIN,
                             _("GStreamer’s PipeWire plugin is missing."));
      else
        g_object_set (source, "fd", self->portal_fd, NULL);
      return camera_with_size (self, source);
    }

  device = pick_device (self);
  if (device == NULL)
    {
      g_set_error_literal (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NOT_FOUND, "no camera");
      return NULL;
    }
  g_set_object (&self->active_device, device);
  return camera_with_size (self, gst_device_create_element (device, "camera"));
}

static gboolean
build_pipeline (PdCamera  *self,
                GError   **error)
{
  g_autoptr(GstElement) source = create_source (self, error);
  g_autoptr(GstElement) rest = NULL;
  g_autoptr(GstBus) bus = NULL;

  if (source == NULL)
    return FALSE;
  rest = gst_parse_bin_from_description (CONVERT_AND_SPLIT, TRUE, error);
  if (rest == NULL)
    return FALSE;

  self->pipeline = gst_object_ref_sink (gst_pipeline_new ("packdesk-camera"));
  gst_bin_add_many (GST_BIN (self->pipeline), g_object_ref (source), g_object_ref (rest), NULL);
  if (!gst_element_link (source, rest))
    {
      g_set_error_literal (error, GST_CORE_ERROR, GST_CORE_ERROR_NEGOTIATION,
                           _("The camera’s pictures cannot be read."));
      return FALSE;
    }
  self->sink_link = sink_link_new (self);
  connect_sink (self, "preview", on_preview_sample);
  connect_sink (self, "decode", on_decode_sample);

  bus = gst_element_get_bus (self->pipeline);
  self->bus_watch = gst_bus_add_watch (bus, on_bus_message, self);
  return TRUE;
}

static gboolean
on_no_first_frame (gpointer data)
{
  PdCamera *self = data;

  self->first_frame_source = 0;
  fail (self, PD_CAMERA_PROBLEM_FAILED, _("It has sent no picture since it was started."));
  return G_SOURCE_REMOVE;
}

static void
play (PdCamera *self)
{
  g_autoptr(GError) error = NULL;

  if (!build_pipeline (self, &error))
    {
      fail (self, classify_error (error, NULL), error->message);
      return;
    }
  set_state (self, PD_CAMERA_STATE_STARTING, PD_CAMERA_PROBLEM_NONE, NULL);
  /* A device that cannot be opened says why on the bus. */
  change_state_later (gst_object_ref (self->pipeline), GST_STATE_PLAYING, -1);
  self->first_frame_source = g_timeout_add_seconds (FIRST_FRAME_TIMEOUT_S, on_no_first_frame, self);
}

static void
on_portal_opened (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr(PdCamera) self = data;
  g_autoptr(GError) error = NULL;
  int fd = pd_camera_portal_open_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->portal_request);
  if (fd < 0)
    {
      g_debug ("camera portal: %s", error->message);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        fail (self, PD_CAMERA_PROBLEM_NOT_FOUND, NULL);
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
        fail (self, PD_CAMERA_PROBLEM_PERMISSION, NULL);
      else
        fail (self, PD_CAMERA_PROBLEM_FAILED, error->message);
      return;
    }
  self->portal_fd = fd;
  play (self);
}

/**
 * pd_camera_start:
 *
 * Starts the chosen camera (through the camera portal inside a Flatpak), or
 * PACKDESK_CAMERA_PIPELINE. Problems end in %PD_CAMERA_STATE_UNAVAILABLE with PdCamera:problem
 * and a message saying what to do.
 */
void
pd_camera_start (PdCamera *self)
{
  const char *description = g_getenv ("PACKDESK_CAMERA_PIPELINE");

  g_return_if_fail (PD_IS_CAMERA (self));

  if (self->pipeline != NULL || self->portal_request != NULL)
    return;
  g_clear_pointer (&self->context, g_main_context_unref);
  self->context = g_main_context_ref_thread_default ();
  g_clear_pointer (&self->last_code, g_free);

  if ((description == NULL || *description == '\0') && pd_camera_portal_wanted ())
    {
      /* The user may be asked first; the camera is "starting" meanwhile. */
      set_state (self, PD_CAMERA_STATE_STARTING, PD_CAMERA_PROBLEM_NONE, NULL);
      self->portal_request = g_cancellable_new ();
      pd_camera_portal_open_async (self->portal_request, on_portal_opened, g_object_ref (self));
      return;
    }
  play (self);
}

void
pd_camera_stop (PdCamera *self)
{
  g_return_if_fail (PD_IS_CAMERA (self));

  tear_down_pipeline (self);
  set_state (self, PD_CAMERA_STATE_OFF, PD_CAMERA_PROBLEM_NONE, NULL);
}

PdCameraState
pd_camera_get_state (PdCamera *self)
{
  g_return_val_if_fail (PD_IS_CAMERA (self), PD_CAMERA_STATE_OFF);

  return self->state;
}

PdCameraProblem
pd_camera_get_problem (PdCamera *self)
{
  g_return_val_if_fail (PD_IS_CAMERA (self), PD_CAMERA_PROBLEM_NONE);

  return self->problem;
}

const char *
pd_camera_get_message (PdCamera *self)
{
  g_return_val_if_fail (PD_IS_CAMERA (self), NULL);

  return self->message;
}
