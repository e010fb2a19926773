/* pd-decoder.c — decodes frames off the main loop, in a process of its own.
 *
 * Barcode libraries are large C and C++ code fed with camera noise; zxing-cpp 1.4 is known to
 * abort on some frames. So the decoding runs in packdesk-decoder, a child process fed through a
 * pipe by one worker thread at a time: if it dies, that frame is lost, the error says so, and the
 * next frame starts a new process; one that stops answering is replaced after STUCK_MS. A frame
 * that arrives while one is being decoded is refused (PD_DECODER_ERROR_BUSY) — the camera's next
 * frame is newer anyway. The caller's cancellable is not passed to the worker: a frame takes
 * milliseconds, and stopping mid-frame would cost the process.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pd-build-tree.h"
#include "pd-decoder.h"

#include <glib/gi18n.h>
#include <signal.h>
#include <string.h>

#include "pd-decoder-protocol.h"

struct _PdDecoder
{
  GObject      parent_instance;
  char        *helper_path;
  /* Used only by the one task in flight, in its worker thread. */
  GSubprocess *helper;
  int          busy;  /* atomic */
};

G_DEFINE_FINAL_TYPE (PdDecoder, pd_decoder, G_TYPE_OBJECT)
G_DEFINE_QUARK (pd-decoder-error-quark, pd_decoder_error)

enum {
  PROP_0,
  PROP_HELPER_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A decoder process that has not answered by then is stuck, and is replaced. */
#define STUCK_MS 3000

typedef struct
{
  GBytes       *pixels;
  int           width, height, stride;
  /* Cancelled when the process is stuck: the worker's blocking I/O returns. */
  GCancellable *stuck;
  GSource      *watchdog;
} Frame;

typedef struct
{
  GPtrArray *symbols;
  double     decode_ms;
} Answer;

static void
frame_free (Frame *frame)
{
  g_source_destroy (frame->watchdog);
  g_source_unref (frame->watchdog);
  g_object_unref (frame->stuck);
  g_bytes_unref (frame->pixels);
  g_free (frame);
}

static gboolean
frame_is_stuck (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_REMOVE;
}

static void
answer_free (Answer *answer)
{
  g_ptr_array_unref (answer->symbols);
  g_free (answer);
}

static void
stop_helper (PdDecoder *self)
{
  if (self->helper == NULL)
    return;
  g_subprocess_force_exit (self->helper);
  g_subprocess_wait (self->helper, NULL, NULL);
  g_clear_object (&self->helper);
}

static void
pd_decoder_finalize (GObject *object)
{
  PdDecoder *self = PD_DECODER (object);

  stop_helper (self);
  g_free (self->helper_path);
  G_OBJECT_CLASS (pd_decoder_parent_class)->finalize (object);
}

static void
pd_decoder_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  PdDecoder *self = PD_DECODER (object);

  switch (prop_id)
    {
    case PROP_HELPER_PATH:
      g_free (self->helper_path);
      self->helper_path = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_decoder_constructed (GObject *object)
{
  PdDecoder *self = PD_DECODER (object);

  G_OBJECT_CLASS (pd_decoder_parent_class)->constructed (object);
  /* PD_DECODER_HELPER for tests (and fakes of it); else the one built beside a program run from
   * the build tree, or the installed one. */
  if (self->helper_path == NULL)
    self->helper_path = g_strdup (g_getenv ("PD_DECODER_HELPER"));
  if (self->helper_path == NULL)
    self->helper_path = pd_build_tree_helper ("scan", "packdesk-decoder");
}

static void
pd_decoder_class_init (PdDecoderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pd_decoder_finalize;
  object_class->set_property = pd_decoder_set_property;
  object_class->constructed = pd_decoder_constructed;

  properties[PROP_HELPER_PATH] =
    g_param_spec_string ("helper-path", NULL, NULL, NULL,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Writing to a decoder process that has just died must be an error to handle, not a signal
   * that ends the application. */
  signal (SIGPIPE, SIG_IGN);
}

static void
pd_decoder_init (PdDecoder *self)
{
}

PdDecoder *
pd_decoder_new (void)
{
  return g_object_new (PD_TYPE_DECODER, NULL);
}

gboolean
pd_decoder_get_busy (PdDecoder *self)
{
  g_return_val_if_fail (PD_IS_DECODER (self), FALSE);

  return g_atomic_int_get (&self->busy);
}

static gboolean
ensure_helper (PdDecoder *self,
               GError   **error)
{
  g_autoptr(GError) local_error = NULL;

  if (self->helper != NULL)
    return TRUE;
  self->helper = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                   &local_error, self->helper_path, NULL);
  if (self->helper == NULL)
    {
      g_set_error (error, PD_DECODER_ERROR, PD_DECODER_ERROR_FAILED,
                   _("The barcode decoder could not be started: %s"), local_error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
send_frame (GOutputStream *out,
            const Frame   *frame,
            GCancellable  *cancellable,
            GError       **error)
{
  PdDecoderRequest request = { PD_DECODER_MAGIC, frame->width, frame->height };
  const guint8 *pixels = g_bytes_get_data (frame->pixels, NULL);

  if (!g_output_stream_write_all (out, &request, sizeof request, NULL, cancellable, error))
    return FALSE;
  for (int y = 0; y < frame->height; y++)
    if (!g_output_stream_write_all (out, pixels + (gsize) y * frame->stride, frame->width, NULL,
                                    cancellable, error))
      return FALSE;
  return g_output_stream_flush (out, cancellable, error);
}

static GBytes *
receive_answer (GInputStream *in,
                GCancellable *cancellable,
                GError      **error)
{
  guint32 size;
  gsize got;
  g_autofree guint8 *data = NULL;

  if (!g_input_stream_read_all (in, &size, sizeof size, &got, cancellable, error))
    return NULL;
  if (got != sizeof size || size > PD_DECODER_MAX_ANSWER)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE, "no answer");
      return NULL;
    }
  data = g_malloc (size);
  if (!g_input_stream_read_all (in, data, size, &got, cancellable, error))
    return NULL;
  if (got != size)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE, "short answer");
      return NULL;
    }
  return g_bytes_new_take (g_steal_pointer (&data), size);
}

/* Why the process ended, for the packer's error message. */
static char *
describe_exit (GSubprocess *helper)
{
  if (g_subprocess_get_if_signaled (helper))
    return g_strdup (g_strsignal (g_subprocess_get_term_sig (helper)));
  if (g_subprocess_get_if_exited (helper))
    return g_strdup_printf (_("exit status %d"), g_subprocess_get_exit_status (helper));
  return g_strdup (_("unknown reason"));
}

static Answer *
decode_in_helper (PdDecoder    *self,
                  const Frame  *frame,
                  GError      **error)
{
  GCancellable *cancellable = frame->stuck;
  g_autoptr(GError) io_error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) symbols = NULL;
  g_autofree char *reason = NULL;
  Answer *answer;
  double decode_ms = 0;

  if (!ensure_helper (self, error))
    return NULL;
  if (send_frame (g_subprocess_get_stdin_pipe (self->helper), frame, cancellable, &io_error))
    bytes = receive_answer (g_subprocess_get_stdout_pipe (self->helper), cancellable, &io_error);

  if (bytes == NULL)
    {
      /* Mid-conversation the pipe cannot be trusted any more: a new process for the next frame. */
      if (g_error_matches (io_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          stop_helper (self);
          g_set_error_literal (error, PD_DECODER_ERROR, PD_DECODER_ERROR_CRASHED,
                               _("The barcode decoder stopped responding and will be restarted"));
          return NULL;
        }
      g_subprocess_wait (self->helper, NULL, NULL);
      reason = describe_exit (self->helper);
      g_clear_object (&self->helper);
      g_set_error (error, PD_DECODER_ERROR, PD_DECODER_ERROR_CRASHED,
                   _("The barcode decoder stopped (%s) and will be restarted"), reason);
      return NULL;
    }

  symbols = pd_symbols_deserialize (bytes, &decode_ms);
  if (symbols == NULL)
    {
      stop_helper (self);
      g_set_error_literal (error, PD_DECODER_ERROR, PD_DECODER_ERROR_FAILED,
                           _("The barcode decoder answered something that is not a result"));
      return NULL;
    }
  answer = g_new0 (Answer, 1);
  answer->symbols = g_steal_pointer (&symbols);
  answer->decode_ms = decode_ms;
  return answer;
}

static void
decode_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  PdDecoder *self = source_object;
  GError *error = NULL;
  Answer *answer = decode_in_helper (self, task_data, &error);

  /* Free for the next frame before the caller hears of this one. */
  g_atomic_int_set (&self->busy, FALSE);
  if (answer == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, answer, (GDestroyNotify) answer_free);
}

void
pd_decoder_decode_async (PdDecoder           *self,
                         GBytes              *pixels,
                         int                  width,
                         int                  height,
                         int                  stride,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Frame *frame;

  g_return_if_fail (PD_IS_DECODER (self));
  g_return_if_fail (pixels != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, pd_decoder_decode_async);

  if (width <= 0 || height <= 0 || width > PD_DECODER_MAX_SIDE || height > PD_DECODER_MAX_SIDE
      || stride < width || g_bytes_get_size (pixels) < (gsize) stride * (height - 1) + width)
    {
      g_task_return_new_error (task, PD_DECODER_ERROR, PD_DECODER_ERROR_FAILED,
                               _("The image is not a frame the decoder can read"));
      return;
    }
  if (!g_atomic_int_compare_and_exchange (&self->busy, FALSE, TRUE))
    {
      g_task_return_new_error (task, PD_DECODER_ERROR, PD_DECODER_ERROR_BUSY,
                               _("The decoder is still busy with the previous frame"));
      return;
    }

  frame = g_new0 (Frame, 1);
  frame->pixels = g_bytes_ref (pixels);
  frame->width = width;
  frame->height = height;
  frame->stride = stride;
  frame->stuck = g_cancellable_new ();
  frame->watchdog = g_timeout_source_new (STUCK_MS);
  g_source_set_callback (frame->watchdog, frame_is_stuck, g_object_ref (frame->stuck),
                         g_object_unref);
  g_source_attach (frame->watchdog, g_main_context_get_thread_default ());
  g_task_set_task_data (task, frame, (GDestroyNotify) frame_free);
  g_task_run_in_thread (task, decode_thread);
}

GPtrArray *
pd_decoder_decode_finish (PdDecoder     *self,
                          GAsyncResult  *result,
                          double        *decode_ms,
                          GError       **error)
{
  Answer *answer;
  GPtrArray *symbols;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  answer = g_task_propagate_pointer (G_TASK (result), error);
  if (answer == NULL)
    return NULL;
  if (decode_ms != NULL)
    *decode_ms = answer->decode_ms;
  symbols = g_steal_pointer (&answer->symbols);
  g_free (answer);
  return symbols;
}
