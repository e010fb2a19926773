/* pd-decoder.h — decodes frames off the main loop, in a process of its own; drops a frame rather
 * than queue it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pd-symbol.h"

G_BEGIN_DECLS

#define PD_DECODER_ERROR (pd_decoder_error_quark ())

typedef enum
{
  PD_DECODER_ERROR_BUSY,     /* still decoding the previous frame: this one is dropped */
  PD_DECODER_ERROR_CRASHED,  /* the decoder process died; the next frame starts a new one */
  PD_DECODER_ERROR_FAILED,   /* it could not be started, or answered nonsense */
} PdDecoderError;

#define PD_TYPE_DECODER (pd_decoder_get_type ())

G_DECLARE_FINAL_TYPE (PdDecoder, pd_decoder, PD, DECODER, GObject)

GQuark      pd_decoder_error_quark   (void);
PdDecoder  *pd_decoder_new           (void);
gboolean    pd_decoder_get_busy      (PdDecoder           *self);
void        pd_decoder_decode_async  (PdDecoder           *self,
                                      GBytes              *pixels,
                                      int                  width,
                                      int                  height,
                                      int                  stride,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
GPtrArray  *pd_decoder_decode_finish (PdDecoder           *self,
                                      GAsyncResult        *result,
                                      double              *decode_ms,
                                      GError             **error);

G_END_DECLS
