/* packdesk-decoder.c — decodes camera frames in a process of its own, so that a crash in a
 * barcode library (zxing-cpp 1.4 aborts on some inputs) costs a frame, not the packer's session.
 * Reads frames from standard input and answers each on standard output (pd-decoder-protocol.h);
 * exits when its input closes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <unistd.h>

#include "pd-decoder-protocol.h"
#include "pd-frame-decoder.h"

/* All of SIZE bytes through FD, whatever the pipe hands over at a time. */
static gboolean
transfer_exactly (int       fd,
                  guint8   *p,
                  gsize     size,
                  gboolean  writing)
{
  while (size > 0)
    {
      gssize n = writing ? write (fd, p, size) : read (fd, p, size);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      p += n;
      size -= n;
    }
  return TRUE;
}

static gboolean
answer (GPtrArray *symbols,
        double     decode_ms)
{
  g_autoptr(GBytes) bytes = pd_symbols_serialize (symbols, decode_ms);
  guint32 size = g_bytes_get_size (bytes);

  return transfer_exactly (STDOUT_FILENO, (guint8 *) &size, sizeof size, TRUE)
         && transfer_exactly (STDOUT_FILENO, (guint8 *) g_bytes_get_data (bytes, NULL), size, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PdFrameDecoder) decoder = pd_frame_decoder_new ();
  PdDecoderRequest request;

  while (transfer_exactly (STDIN_FILENO, (guint8 *) &request, sizeof request, FALSE))
    {
      g_autofree guint8 *pixels = NULL;
      g_autoptr(GPtrArray) symbols = NULL;
      gint64 start;

      if (request.magic != PD_DECODER_MAGIC
          || request.width == 0 || request.width > PD_DECODER_MAX_SIDE
          || request.height == 0 || request.height > PD_DECODER_MAX_SIDE)
        return 2;
      pixels = g_malloc ((gsize) request.width * request.height);
      if (!transfer_exactly (STDIN_FILENO, pixels, (gsize) request.width * request.height, FALSE))
        return 2;

      start = g_get_monotonic_time ();
      symbols = pd_frame_decoder_decode (decoder, pixels, request.width, request.height,
                                         request.width);
      if (!answer (symbols, (g_get_monotonic_time () - start) / 1000.0))
        return 2;
    }
  return 0;
}
