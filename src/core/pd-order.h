/* pd-order.h — an order of a campaign, with its items and its box layout.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pd-order-item.h"

G_BEGIN_DECLS

/* One item's place in one box of the layout: the whole count, or part CURRENT of TOTAL. */
typedef struct
{
  gint64 box_id;
  guint  box_index;
  gint64 item_id;
  guint  full_count;       /* 0 when the item is split over boxes */
  guint  partial_current;
  guint  partial_total;
} PdBoxSlot;

/* What the Market's verification says of the order's codes, counted. */
typedef struct
{
  guint ok;
  guint checking;  /* IN_PROGRESS */
  guint problems;  /* FAILED or INVALID */
} PdOrderVerdicts;

#define PD_TYPE_ORDER (pd_order_get_type ())

G_DECLARE_FINAL_TYPE (PdOrder, pd_order, PD, ORDER, GObject)

PdOrder     *pd_order_new                (gint64       id,
                                          gint64       campaign_id,
                                          const char  *status,
                                          const char  *substatus,
                                          const char  *program_type);
gint64       pd_order_get_id             (PdOrder     *self);
gint64       pd_order_get_campaign_id    (PdOrder     *self);
const char  *pd_order_get_status         (PdOrder     *self);
const char  *pd_order_get_substatus      (PdOrder     *self);
void         pd_order_set_substatus      (PdOrder     *self,
                                          const char  *substatus);
const char  *pd_order_get_program_type   (PdOrder     *self);
gboolean     pd_order_is_dbs             (PdOrder     *self);
const char  *pd_order_get_buyer_type     (PdOrder     *self);
void         pd_order_set_buyer_type     (PdOrder     *self,
                                          const char  *buyer_type);
const char  *pd_order_get_creation_date  (PdOrder     *self);
const char  *pd_order_get_update_date    (PdOrder     *self);
void         pd_order_set_update_date    (PdOrder     *self,
                                          const char  *update_date);
void         pd_order_set_creation_date  (PdOrder     *self,
                                          const char  *creation_date);
void         pd_order_set_shipment       (PdOrder     *self,
                                          gint64       shipment_id,
                                          const char  *date,
                                          const char  *time);
gint64       pd_order_get_shipment_id    (PdOrder     *self);
const char  *pd_order_get_shipment_date  (PdOrder     *self);
const char  *pd_order_get_shipment_time  (PdOrder     *self);
GDateTime   *pd_order_dup_ship_by        (PdOrder     *self,
                                          GTimeZone   *tz,
                                          gboolean    *has_time);
gboolean     pd_order_parse_reference    (const char  *text,
                                          gint64      *order_id);
PdOrder     *pd_order_find_in            (GListModel  *orders,
                                          gint64       order_id,
                                          guint       *position);
int          pd_order_compare_ship_by    (PdOrder     *a,
                                          PdOrder     *b);
const PdOrderVerdicts *
             pd_order_get_verdicts       (PdOrder     *self);
void         pd_order_set_verdicts       (PdOrder     *self,
                                          const PdOrderVerdicts *verdicts);
void         pd_order_verdicts_count     (PdOrderVerdicts *verdicts,
                                          GPtrArray   *statuses);
GPtrArray   *pd_order_get_items          (PdOrder     *self);
PdOrderItem *pd_order_find_item          (PdOrder     *self,
                                          gint64       item_id);
void         pd_order_add_item           (PdOrder     *self,
                                          PdOrderItem *item);
void         pd_order_remove_item        (PdOrder     *self,
                                          gint64       item_id);
void         pd_order_set_allow_remove   (PdOrder     *self,
                                          gboolean     allow_remove);
gboolean     pd_order_get_allow_remove   (PdOrder     *self);
GArray      *pd_order_get_box_slots      (PdOrder     *self);
gboolean     pd_box_slot_starts_box      (GArray      *slots,
                                          guint        i);
void         pd_order_add_box_slot       (PdOrder     *self,
                                          const PdBoxSlot *slot);

G_END_DECLS
