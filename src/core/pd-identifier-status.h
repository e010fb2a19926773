/* pd-identifier-status.h — the Market's verification verdict on one code.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "pd-code.h"

G_BEGIN_DECLS

typedef struct
{
  gint64      item_id;
  PdCodeKind  kind;       /* CIS or UIN */
  char       *value;
  char       *status;     /* as sent: OK, IN_PROGRESS, FAILED, INVALID, NOT_ON_VALIDATION, … */
  char       *substatus;  /* nullable */
} PdIdentifierStatus;

#define PD_TYPE_IDENTIFIER_STATUS (pd_identifier_status_get_type ())

GType               pd_identifier_status_get_type (void) G_GNUC_CONST;
PdIdentifierStatus *pd_identifier_status_new      (gint64                    item_id,
                                                   PdCodeKind                kind,
                                                   const char               *value,
                                                   const char               *status,
                                                   const char               *substatus);
PdIdentifierStatus *pd_identifier_status_copy     (const PdIdentifierStatus *self);
void                pd_identifier_status_free     (PdIdentifierStatus       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdIdentifierStatus, pd_identifier_status_free)

G_END_DECLS
