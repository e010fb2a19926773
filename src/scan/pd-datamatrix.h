/* pd-datamatrix.h — reads one DataMatrix from a region of a grey frame (zxing-cpp, behind a C
 * interface so that no other file needs C++).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Looks for a DataMatrix near the centre of a grey square image of side × side pixels; when
 * binarized, the image is already black and white. On success returns the text (FNC1 after the
 * first position as GS) and the symbol's corners. Never throws. */
char *pd_datamatrix_read (const guint8 *pixels,
                          int           side,
                          int           stride,
                          gboolean      binarized,
                          gsize        *len,
                          double        corners[8]);

G_END_DECLS
