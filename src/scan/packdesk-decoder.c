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

static gboolean
read_exactly (int     fd,
              void   *buffer,
              gsize   size)
{
  guint8 *p = buffer;

  while (size > 0)
    {
      gssize n = read (fd, p, size);

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
write_exactly (int           fd,
               const void   *buffer,
               gsize         size)
{
  const guint8 *p = buffer;

  while (size > 0)
    {
      gssize n = write (fd, p, size);

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

  return write_exactly (STDOUT_FILENO, &size, sizeof size)
         && write_exactly (STDOUT_FILENO, g_bytes_get_data (bytes, NULL), size);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PdFrameDecoder) decoder = pd_frame_decoder_new ();
  PdDecoderRequest request;

  while (read_exactly (STDIN_FILENO, &request, sizeof request))
    {
      g_autofree guint8 *pixels = NULL;
      g_autoptr(GPtrArray) symbols = NULL;
      gint64 start;

      if (request.magic != PD_DECODER_MAGIC
          || request.width == 0 || request.width > PD_DECODER_MAX_SIDE
          || request.height == 0 || request.height > PD_DECODER_MAX_SIDE)
        return 2;
      pixels = g_malloc ((gsize) request.width * request.height);
      if (!read_exactly (STDIN_FILENO, pixels, (gsize) request.width * request.height))
        return 2;

      start = g_get_monotonic_time ();
      symbols = pd_frame_decoder_decode (decoder, pixels, request.width, request.height,
                                         request.width);
      if (!answer (symbols, (g_get_monotonic_time () - start) / 1000.0))
        return 2;
    }
  return 0;
}
