/* pd-item-instance.h — one identifier of one unit, as the Market stores it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "pd-code.h"

G_BEGIN_DECLS

#define PD_TYPE_ITEM_INSTANCE (pd_item_instance_get_type ())

typedef struct _PdItemInstance PdItemInstance;

GType           pd_item_instance_get_type         (void) G_GNUC_CONST;
PdItemInstance *pd_item_instance_new              (PdCodeKind            kind,
                                                   const char           *value);
PdItemInstance *pd_item_instance_copy             (const PdItemInstance *self);
void            pd_item_instance_free             (PdItemInstance       *self);

PdCodeKind      pd_item_instance_get_kind         (const PdItemInstance *self);
const char     *pd_item_instance_get_value        (const PdItemInstance *self);
const char     *pd_item_instance_get_cis_full     (const PdItemInstance *self);
void            pd_item_instance_set_cis_full     (PdItemInstance       *self,
                                                   const char           *cis_full);
const char     *pd_item_instance_get_country_code (const PdItemInstance *self);
void            pd_item_instance_set_country_code (PdItemInstance       *self,
                                                   const char           *country_code);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdItemInstance, pd_item_instance_free)

G_END_DECLS
