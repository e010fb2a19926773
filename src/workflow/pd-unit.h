/* pd-unit.h — one unit of an order item that needs a code: what is on it and how far it got.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "pd-journal-entry.h"
#include "pd-order-item.h"
#include "pd-status-catalogue.h"

G_BEGIN_DECLS

/* What the badge of a unit says; the nicks are what the CLI and the CSV export print. */
typedef enum
{
  PD_UNIT_STATE_EMPTY,         /*< nick=empty >*/
  PD_UNIT_STATE_CAPTURED,      /*< nick=captured >*/
  PD_UNIT_STATE_SENDING,       /*< nick=sending >*/
  PD_UNIT_STATE_CHECKING,      /*< nick=checking >*/
  PD_UNIT_STATE_OK,            /*< nick=ok >*/
  PD_UNIT_STATE_INVALID,       /*< nick=invalid >*/
  PD_UNIT_STATE_FAILED,        /*< nick=failed >*/
  PD_UNIT_STATE_REJECTED,      /*< nick=rejected >*/
  PD_UNIT_STATE_SUBMITTED,     /*< nick=submitted >*/
  PD_UNIT_STATE_NOT_VERIFIED,  /*< nick=not_verified >*/
} PdUnitState;

#define PD_TYPE_UNIT (pd_unit_get_type ())

G_DECLARE_FINAL_TYPE (PdUnit, pd_unit, PD, UNIT, GObject)

PdUnit               *pd_unit_new              (gint64                campaign_id,
                                                gint64                order_id,
                                                gboolean              dbs,
                                                PdOrderItem          *item,
                                                guint                 index);
gint64                pd_unit_get_order_id     (PdUnit               *self);
gint64                pd_unit_get_item_id      (PdUnit               *self);
PdOrderItem          *pd_unit_get_item         (PdUnit               *self);
guint                 pd_unit_get_index        (PdUnit               *self);
gboolean              pd_unit_is_optional      (PdUnit               *self);
gboolean              pd_unit_lacks_country    (PdUnit               *self);
gboolean              pd_unit_accepts          (PdUnit               *self,
                                                PdCodeKind            kind);
const PdJournalEntry *pd_unit_get_entry        (PdUnit               *self);
PdJournalEntry       *pd_unit_new_entry        (PdUnit               *self,
                                                const PdCode         *code,
                                                PdCaptureSource       source);
void                  pd_unit_set_entry        (PdUnit               *self,
                                                const PdJournalEntry *entry);
PdUnitState           pd_unit_get_state        (PdUnit               *self);
const char           *pd_unit_get_code         (PdUnit               *self);
const char           *pd_unit_get_short_code   (PdUnit               *self);
PdSeverity            pd_unit_get_severity     (PdUnit               *self);
const char           *pd_unit_get_badge        (PdUnit               *self);
const char           *pd_unit_get_explanation  (PdUnit               *self);
const char           *pd_unit_get_action       (PdUnit               *self);
gboolean              pd_unit_is_problem       (PdUnit               *self);
const char           *pd_unit_state_to_string  (PdUnitState           state);

G_END_DECLS
