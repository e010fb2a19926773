/* test-camera.c — PdCamera plays PACKDESK_CAMERA_PIPELINE (zint-made frames as a 10 fps camera),
 * shows previews, reports what each decoded frame holds, and takes each code once — a code held
 * in view for a second and a half is one hit — in the order they were shown; a source that does
 * not exist is a clear "unavailable" with the reason.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pd-camera.h"
#include "pd-test-async.h"
#include "pd-test-desk-frame.h"
#include "pd-test-frames.h"

typedef struct
{
  GPtrArray *found;
  guint      previews;
  guint      decoded;
  int        width, height;  /* what every preview must be */
} Seen;

static void
on_code_found (PdCamera *camera,
               PdSymbol *symbol,
               Seen     *seen)
{
  g_ptr_array_add (seen->found, g_strdup (pd_symbol_get_text (symbol, NULL)));
}

static void
on_preview (PdCamera *camera,
            GBytes   *pixels,
            int       width,
            int       height,
            int       stride,
            Seen     *seen)
{
  g_assert_cmpint (width, ==, seen->width);
  g_assert_cmpint (height, ==, seen->height);
  g_assert_cmpuint (g_bytes_get_size (pixels), >=, (gsize) stride * height);
  seen->previews++;
}

static void
on_symbols (PdCamera  *camera,
            GPtrArray *symbols,
            int        width,
            int        height,
            Seen      *seen)
{
  seen->decoded++;
}

static gboolean
camera_is_off (gpointer camera)
{
  return pd_camera_get_state (camera) == PD_CAMERA_STATE_OFF
         || pd_camera_get_state (camera) == PD_CAMERA_STATE_UNAVAILABLE;
}

static PdTestFrame *
frame_with (GRand           *rand,
            PdTestSymbology  symbology,
            const PdTestCode *code)
{
  PdTestFrame *frame = pd_test_frame_new (rand, 1280, 720);

  if (code != NULL)
    pd_test_frame_add_symbol (frame, rand, symbology, code,
                              symbology == PD_TEST_SYMBOL_CODE128 ? 2.5 : 5,
                              g_rand_double_range (rand, -15, 15), NULL);
  pd_test_frame_finish (frame, rand, FALSE, 3);
  return frame;
}

/* Plays the clip through PACKDESK_CAMERA_PIPELINE to its end. */
static void
play_clip (const char *pipeline,
           Seen       *seen)
{
  g_autoptr(PdCamera) camera = pd_camera_new ();

  g_setenv ("PACKDESK_CAMERA_PIPELINE", pipeline, TRUE);
  g_signal_connect (camera, "code-found", G_CALLBACK (on_code_found), seen);
  g_signal_connect (camera, "preview", G_CALLBACK (on_preview), seen);
  g_signal_connect (camera, "symbols", G_CALLBACK (on_symbols), seen);
  pd_camera_start (camera);
  g_assert_cmpint (pd_camera_get_state (camera), ==, PD_CAMERA_STATE_STARTING);
  g_assert_true (pd_test_wait_until (camera_is_off, camera));

  g_assert_cmpint (pd_camera_get_state (camera), ==, PD_CAMERA_STATE_OFF);
  g_assert_cmpuint (seen->previews, >, 10);
  g_assert_cmpuint (seen->decoded, >, 10);
  g_unsetenv ("PACKDESK_CAMERA_PIPELINE");
}

static void
test_codes_from_clip (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (41);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("packdesk-camera-XXXXXX", &error);
  g_autoptr(GPtrArray) frames = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_test_frame_free);
  g_autofree char *pipeline = NULL;
  PdTestCode cis = { 0 }, qr = { 0 }, gtd = { 0 };
  Seen seen = { g_ptr_array_new_with_free_func (g_free), .width = 1280, .height = 720 };

  g_assert_no_error (error);
  pd_test_code_random_cis (rand, &cis);
  pd_test_code_random_cis (rand, &qr);
  pd_test_code_random_gtd (rand, &gtd);
  g_ptr_array_add (frames, frame_with (rand, 0, NULL));
  g_ptr_array_add (frames, frame_with (rand, PD_TEST_SYMBOL_DATAMATRIX, &cis));
  g_ptr_array_add (frames, frame_with (rand, PD_TEST_SYMBOL_QR, &qr));
  g_ptr_array_add (frames, frame_with (rand, PD_TEST_SYMBOL_CODE128, &gtd));
  g_ptr_array_add (frames, frame_with (rand, 0, NULL));
  /* Each shot is held up for 1.5 s. */
  pipeline = pd_test_frames_write_clip (dir, frames, 15);
  play_clip (pipeline, &seen);
  g_assert_cmpuint (seen.found->len, ==, 3);
  g_assert_cmpstr (seen.found->pdata[0], ==, cis.raw);
  g_assert_cmpstr (seen.found->pdata[1], ==, qr.raw);
  g_assert_cmpstr (seen.found->pdata[2], ==, gtd.raw);

  g_ptr_array_unref (seen.found);
  pd_test_code_clear (&cis);
  pd_test_code_clear (&qr);
  pd_test_code_clear (&gtd);
  pd_test_remove_tree (dir);
}

/* A 1080p camera sees two labels in turn, each a DataMatrix beside an EAN-13, tilted and through
 * JPEG: it takes both marking codes, exactly, and never the EAN-13s beside them. */
static void
test_desk_labels_1080p (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autofree char *dir = g_dir_make_tmp ("packdesk-camera-XXXXXX", NULL);
  g_autoptr(GPtrArray) frames = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_test_frame_free);
  g_autofree char *pipeline = NULL;
  PdTestCode cis[2] = { { 0 } };
  Seen seen = { g_ptr_array_new_with_free_func (g_free), .width = 1920, .height = 1080 };
  PdTestDeskParams desk = {
    .module = 9, .angle = -20, .tilt = 30, .ink = 50, .paper = 200, .blur = 0.9, .noise = 3,
    .glare = 30, .jpeg_quality = 60, .with_code = TRUE,
  };

  for (guint i = 0; i < G_N_ELEMENTS (cis); i++)
    {
      PdTestFrame *frame = NULL;
      char *ean = NULL;

      g_ptr_array_add (frames, pd_test_frame_new (rand, 1920, 1080));
      /* Placed again until the EAN-13 is in the picture too. */
      while (ean == NULL)
        {
          g_clear_pointer (&frame, pd_test_frame_free);
          frame = pd_test_desk_frame_new (rand, 1920, 1080, &desk, &cis[i], &ean);
          g_assert_nonnull (frame);
        }
      g_free (ean);
      g_ptr_array_add (frames, frame);
      desk.angle += 110;
      desk.module = 4.5;
    }
  pipeline = pd_test_frames_write_clip (dir, frames, 10);
  play_clip (pipeline, &seen);

  g_assert_cmpuint (seen.found->len, ==, 2);
  g_assert_cmpstr (seen.found->pdata[0], ==, cis[0].raw);
  g_assert_cmpstr (seen.found->pdata[1], ==, cis[1].raw);

  g_ptr_array_unref (seen.found);
  pd_test_code_clear (&cis[0]);
  pd_test_code_clear (&cis[1]);
  pd_test_remove_tree (dir);
}

/* A camera that starts but sends no picture says so within seconds. */
static void
test_no_picture (void)
{
  g_autoptr(PdCamera) camera = pd_camera_new ();

  g_setenv ("PACKDESK_CAMERA_PIPELINE",
            "videotestsrc is-live=true ! capsfilter caps=video/x-raw,width=1920,height=1080 "
            "! valve drop=true", TRUE);
  pd_camera_start (camera);
  g_assert_true (pd_test_wait_until (camera_is_off, camera));
  g_assert_cmpint (pd_camera_get_state (camera), ==, PD_CAMERA_STATE_UNAVAILABLE);
  g_assert_cmpint (pd_camera_get_problem (camera), ==, PD_CAMERA_PROBLEM_FAILED);
  g_assert_nonnull (strstr (pd_camera_get_message (camera), "sent no picture"));
  pd_camera_stop (camera);
  g_unsetenv ("PACKDESK_CAMERA_PIPELINE");
}

static void
test_unavailable (void)
{
  g_autoptr(PdCamera) camera = pd_camera_new ();

  g_setenv ("PACKDESK_CAMERA_PIPELINE", "filesrc location=/nonexistent/camera.png ! pngdec", TRUE);
  pd_camera_start (camera);
  g_assert_true (pd_test_wait_until (camera_is_off, camera));
  g_assert_cmpint (pd_camera_get_state (camera), ==, PD_CAMERA_STATE_UNAVAILABLE);
  g_assert_cmpint (pd_camera_get_problem (camera), ==, PD_CAMERA_PROBLEM_NOT_FOUND);
  g_assert_nonnull (pd_camera_get_message (camera));

  /* A description that is not GStreamer at all. */
  g_setenv ("PACKDESK_CAMERA_PIPELINE", "no-such-element-anywhere", TRUE);
  pd_camera_start (camera);
  g_assert_cmpint (pd_camera_get_state (camera), ==, PD_CAMERA_STATE_UNAVAILABLE);
  g_assert_cmpint (pd_camera_get_problem (camera), ==, PD_CAMERA_PROBLEM_FAILED);

  pd_camera_stop (camera);
  g_assert_cmpint (pd_camera_get_state (camera), ==, PD_CAMERA_STATE_OFF);
  g_unsetenv ("PACKDESK_CAMERA_PIPELINE");
}

/* A camera as GstDeviceMonitor would list it, offering raw pictures in three sizes. */
typedef struct { GstDevice parent_instance; } FakeDevice;
typedef struct { GstDeviceClass parent_class; } FakeDeviceClass;
GType fake_device_get_type (void);
G_DEFINE_TYPE (FakeDevice, fake_device, GST_TYPE_DEVICE)

static void
fake_device_class_init (FakeDeviceClass *klass)
{
}

static void
fake_device_init (FakeDevice *self)
{
}

static void
test_sizes (void)
{
  g_autoptr(GstCaps) caps = gst_caps_from_string ("video/x-raw,format=YUY2,width=640,height=480; "
                                                  "video/x-raw,format=YUY2,width=1280,height=720; "
                                                  "video/x-raw,format=NV12,width=640,height=480; "
                                                  "video/x-raw,format=YUY2,width=1920,height=1080");
  g_autoptr(GstDevice) device = g_object_new (fake_device_get_type (), "caps", caps,
                                              "display-name", "Desk camera",
                                              "device-class", "Video/Source", NULL);
  g_auto(GStrv) sizes = pd_camera_list_sizes (device);
  g_autoptr(PdCamera) camera = pd_camera_new ();

  /* Each size once, largest first. */
  g_assert_cmpuint (g_strv_length (sizes), ==, 3);
  g_assert_cmpstr (sizes[0], ==, "1920x1080");
  g_assert_cmpstr (sizes[1], ==, "1280x720");
  g_assert_cmpstr (sizes[2], ==, "640x480");
  g_object_set (camera, "size", "1280x720", NULL);
  g_object_set (camera, "size", "not a size", NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/camera/codes-from-clip", test_codes_from_clip);
  g_test_add_func ("/camera/desk-labels-1080p", test_desk_labels_1080p);
  g_test_add_func ("/camera/no-picture", test_no_picture);
  g_test_add_func ("/camera/unavailable", test_unavailable);
  g_test_add_func ("/camera/sizes", test_sizes);

  return g_test_run ();
}
