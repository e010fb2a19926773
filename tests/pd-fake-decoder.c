/* pd-fake-decoder.c — a decoder process that misbehaves as PD_FAKE_DECODER says: "abort" dies
 * on the first frame, "garbage" answers nonsense, "stuck" never answers. Stands in for
 * packdesk-decoder in test-decoder.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib.h>
#include <stdlib.h>
#include <unistd.h>

int
main (int   argc,
      char *argv[])
{
  const char *mode = g_getenv ("PD_FAKE_DECODER");
  guint32 header[3];
  gsize left;
  char buffer[4096];

  if (read (STDIN_FILENO, header, sizeof header) != sizeof header)
    return 1;
  /* The whole frame, as the real one reads it, so that the sender is not left blocking. */
  for (left = (gsize) header[1] * header[2]; left > 0;)
    {
      gssize n = read (STDIN_FILENO, buffer, MIN (left, sizeof buffer));

      if (n <= 0)
        return 1;
      left -= n;
    }
  if (g_strcmp0 (mode, "garbage") == 0)
    {
      const guint32 size = 5;

      if (write (STDOUT_FILENO, &size, sizeof size) != sizeof size
          || write (STDOUT_FILENO, "\xff\xff\xff\xff\xff", size) != size)
        return 1;
      pause ();
    }
  if (g_strcmp0 (mode, "stuck") == 0)
    pause ();
  abort ();
}
