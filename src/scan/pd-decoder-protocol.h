/* pd-decoder-protocol.h — how PdDecoder and the packdesk-decoder process talk over a pipe.
 *
 * Request: a PdDecoderRequest, then width × height grey bytes (rows without padding).
 * Answer: a guint32 length, then the serialized GVariant of pd_symbols_to_variant().
 * Both in the host's byte order: the two ends are always the same build.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PD_DECODER_MAGIC 0x31464450u /* "PDF1" */
/* Larger frames are refused: 8K is more than any camera on a packing desk sends. */
#define PD_DECODER_MAX_SIDE 8192
#define PD_DECODER_MAX_ANSWER (16u << 20)

typedef struct
{
  guint32 magic;
  guint32 width;
  guint32 height;
} PdDecoderRequest;

G_END_DECLS
