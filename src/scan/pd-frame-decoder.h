/* pd-frame-decoder.h — every barcode in one grey frame: zbar for linear codes and QR, the
 * DataMatrix locator and reader for DataMatrix. Synchronous; runs wherever it is called, which is
 * never the main loop (see PdDecoder).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "pd-symbol.h"

G_BEGIN_DECLS

#define PD_TYPE_FRAME_DECODER (pd_frame_decoder_get_type ())

G_DECLARE_FINAL_TYPE (PdFrameDecoder, pd_frame_decoder, PD, FRAME_DECODER, GObject)

PdFrameDecoder *pd_frame_decoder_new    (void);
GPtrArray      *pd_frame_decoder_decode (PdFrameDecoder *self,
                                         const guint8   *pixels,
                                         int             width,
                                         int             height,
                                         int             stride);

G_END_DECLS
