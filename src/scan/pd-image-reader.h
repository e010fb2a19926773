/* pd-image-reader.h — still images (PNG, JPEG) as the luminance the decoder reads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PD_IMAGE_ERROR (pd_image_error_quark ())

typedef enum
{
  PD_IMAGE_ERROR_UNKNOWN_FORMAT,  /* neither PNG nor JPEG */
  PD_IMAGE_ERROR_CORRUPT,         /* the decoder of the format gave up */
  PD_IMAGE_ERROR_TRUNCATED,       /* the file ends before the image does */
  PD_IMAGE_ERROR_TOO_LARGE,       /* beyond what can be read in bounded memory */
} PdImageError;

GQuark  pd_image_error_quark (void);

GBytes *pd_image_read_grey   (const char  *path,
                              guint        max_side,
                              guint       *width,
                              guint       *height,
                              guint       *scale,
                              GError     **error);

G_END_DECLS
