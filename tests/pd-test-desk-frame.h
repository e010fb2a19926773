/* pd-test-desk-frame.h — what a desk camera sees: a shipping label with a GS1 DataMatrix beside an
 * EAN-13 and lines of text, anywhere on a desk, turned, tilted away, in uneven light, blurred,
 * noisy and JPEG-compressed like a webcam's MJPEG.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pd-test-frames.h"

G_BEGIN_DECLS

typedef struct
{
  double module;        /* pixels per DataMatrix module, where the label meets the camera axis */
  double angle;         /* degrees, in the image plane */
  double tilt;          /* degrees the label leans away from the camera */
  double ink, paper;    /* grey levels of a dark module and of the label */
  double blur;          /* σ of the lens blur, in pixels */
  double noise;         /* σ of the sensor noise */
  double glare;         /* the glare spot's peak, in grey levels; 0 for none */
  int    jpeg_quality;  /* 0 for no compression */
  gboolean with_code;   /* FALSE: the label without its DataMatrix and EAN-13 */
} PdTestDeskParams;

/* What the issue calls desk-like: 3–16 px per module (log-uniform), any rotation, tilt 0–40°,
 * ink 20–110 on paper 175–235, blur σ 0.4–1.4, JPEG quality 45–85. */
void         pd_test_desk_params_random (GRand                  *rand,
                                         PdTestDeskParams       *params);

/* A frame of WIDTH × HEIGHT after PARAMS, with the code CIS in its DataMatrix (a random one is
 * made into CIS when it holds none). EAN receives the EAN-13's 13 digits (NULL when part of it
 * falls outside the frame or PARAMS has no code). NULL when the DataMatrix cannot be whole in
 * the frame at that size and angle (as a packer would not hold it so). */
PdTestFrame *pd_test_desk_frame_new     (GRand                  *rand,
                                         int                     width,
                                         int                     height,
                                         const PdTestDeskParams *params,
                                         PdTestCode             *cis,
                                         char                  **ean);

G_END_DECLS
