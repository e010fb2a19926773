/* pd-feedback.h — what a packer hears after each scan.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  PD_FEEDBACK_ACCEPTED,  /* the code is kept */
  PD_FEEDBACK_REJECTED,  /* the code was refused: look at the screen */
  PD_FEEDBACK_COMPLETE,  /* the order has all its codes */
} PdFeedbackKind;

#define PD_TYPE_FEEDBACK (pd_feedback_get_type ())

G_DECLARE_FINAL_TYPE (PdFeedback, pd_feedback, PD, FEEDBACK, GObject)

PdFeedback *pd_feedback_new  (GSettings      *settings);
void        pd_feedback_play (PdFeedback     *self,
                              PdFeedbackKind  kind);

G_END_DECLS
