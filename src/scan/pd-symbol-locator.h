/* pd-symbol-locator.h — finds the few places in a grey frame where a barcode may be, cheaply.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  int      centre_x, centre_y;  /* frame pixels */
  int      width, height;       /* the candidate's axis-aligned bounding box */
  gboolean square;              /* may be a DataMatrix or QR code; otherwise a linear code */
  double   angle;               /* the symbol's rotation, radians in (-π/4, π/4] */
} PdRegion;

/* A copy of HW × HH pixels, each the mean of 2 × 2 of PIXELS (rows STRIDE bytes apart). */
guint8 *pd_grey_halve   (const guint8 *pixels,
                         int           stride,
                         int           hw,
                         int           hh);

guint pd_symbol_locate (const guint8 *pixels,
                        int           width,
                        int           height,
                        int           stride,
                        PdRegion     *regions,
                        guint         max_regions);

G_END_DECLS
