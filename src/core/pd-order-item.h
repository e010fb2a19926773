/* pd-order-item.h — one line of an order: an offer, how many units, which codes it needs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "pd-item-instance.h"

G_BEGIN_DECLS

/* Values of OrderItemInstanceType; the nicks are the API's names. */
typedef enum /*< flags >*/
{
  PD_INSTANCE_TYPE_NONE         = 0,       /*< skip >*/
  PD_INSTANCE_TYPE_CIS          = 1 << 0,  /*< nick=CIS >*/
  PD_INSTANCE_TYPE_CIS_OPTIONAL = 1 << 1,  /*< nick=CIS_OPTIONAL >*/
  PD_INSTANCE_TYPE_UIN          = 1 << 2,  /*< nick=UIN >*/
  PD_INSTANCE_TYPE_RNPT         = 1 << 3,  /*< nick=RNPT >*/
  PD_INSTANCE_TYPE_GTD          = 1 << 4,  /*< nick=GTD >*/
} PdInstanceTypes;

#define PD_TYPE_ORDER_ITEM (pd_order_item_get_type ())

G_DECLARE_FINAL_TYPE (PdOrderItem, pd_order_item, PD, ORDER_ITEM, GObject)

PdOrderItem     *pd_order_item_new                       (gint64              id,
                                                          const char         *offer_id,
                                                          const char         *offer_name,
                                                          guint               count,
                                                          const char * const *required_instance_types);
gint64           pd_order_item_get_id                    (PdOrderItem        *self);
const char      *pd_order_item_get_offer_id              (PdOrderItem        *self);
const char      *pd_order_item_get_offer_name            (PdOrderItem        *self);
guint            pd_order_item_get_count                 (PdOrderItem        *self);
const char * const *pd_order_item_get_required_instance_types (PdOrderItem   *self);
PdInstanceTypes  pd_order_item_get_required_types        (PdOrderItem        *self);
GPtrArray       *pd_order_item_get_instances             (PdOrderItem        *self);
void             pd_order_item_add_instance              (PdOrderItem        *self,
                                                          PdItemInstance     *instance);

PdInstanceTypes  pd_instance_types_from_strv             (const char * const *names);

G_END_DECLS
