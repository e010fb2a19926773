/* pd-packing-order.h — an order on the desk: its units, where the next scan goes, and whether
 * it may be marked ready to ship.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pd-box-layout.h"
#include "pd-identifier-status.h"
#include "pd-order.h"
#include "pd-unit.h"

G_BEGIN_DECLS

#define PD_DESK_ERROR (pd_desk_error_quark ())

typedef enum
{
  PD_DESK_ERROR_INVALID_CODE,  /* the scan is not a code the Market takes */
  PD_DESK_ERROR_DUPLICATE,     /* already on a unit of this order */
  PD_DESK_ERROR_WRONG_KIND,    /* no item of the order needs this kind of code */
  PD_DESK_ERROR_TOO_MANY,      /* every unit that takes it already has a code */
  PD_DESK_ERROR_CHOOSE_ITEM,   /* several items could take it: the packer must choose */
  PD_DESK_ERROR_NOT_READY,     /* the order cannot be marked ready to ship yet */
  PD_DESK_ERROR_LOCKED,        /* the order is ready to ship; its codes are final */
  PD_DESK_ERROR_OTHER_PRODUCT, /* the code's GTIN is another product's; scanned again, it is taken */
  PD_DESK_ERROR_ITEM_PICKED,   /* a product barcode: not a code, but it picked its item */
  PD_DESK_ERROR_CONFIRMED,     /* a product barcode: one unit without marking is confirmed */
} PdDeskError;

/* Where the order's box labels stand. */
typedef enum
{
  PD_LABELS_NOT_PRINTED,  /*< nick=not-printed >*/
  PD_LABELS_PRINTED,      /*< nick=printed >*/
  PD_LABELS_OUTDATED,     /*< nick=outdated >*/
} PdLabelsState;

#define PD_TYPE_PACKING_ORDER (pd_packing_order_get_type ())

G_DECLARE_FINAL_TYPE (PdPackingOrder, pd_packing_order, PD, PACKING_ORDER, GObject)

GQuark          pd_desk_error_quark               (void);

PdPackingOrder *pd_packing_order_new              (PdOrder         *order);
PdOrder        *pd_packing_order_get_order        (PdPackingOrder  *self);
PdBoxLayout    *pd_packing_order_get_layout       (PdPackingOrder  *self);
void            pd_packing_order_set_confirm_unmarked (PdPackingOrder *self,
                                                   gboolean         confirm);
gboolean        pd_packing_order_get_confirm_unmarked (PdPackingOrder *self);
guint           pd_packing_order_get_confirmed    (PdPackingOrder  *self,
                                                   gint64           item_id);
gboolean        pd_packing_order_confirm_unit     (PdPackingOrder  *self,
                                                   gint64           item_id);
PdOrderItem    *pd_packing_order_get_unconfirmed  (PdPackingOrder  *self);
GListModel     *pd_packing_order_get_units        (PdPackingOrder  *self);
PdUnit         *pd_packing_order_find_unit        (PdPackingOrder  *self,
                                                   gint64           item_id,
                                                   guint            index);
gint64          pd_packing_order_get_selected_item (PdPackingOrder *self);
void            pd_packing_order_set_selected_item (PdPackingOrder *self,
                                                   gint64           item_id);
PdUnit         *pd_packing_order_choose_unit      (PdPackingOrder  *self,
                                                   const PdCode    *code,
                                                   gint64           item_id,
                                                   GHashTable      *learned_gtins,
                                                   GError         **error);
PdUnit         *pd_packing_order_get_next_empty   (PdPackingOrder  *self);
gboolean        pd_packing_order_is_in_progress   (PdPackingOrder  *self);
void            pd_packing_order_count_codes      (PdPackingOrder  *self,
                                                   guint           *have,
                                                   guint           *needed);
gboolean        pd_packing_order_is_complete      (PdPackingOrder  *self);
gboolean        pd_packing_order_is_ready         (PdPackingOrder  *self);
gboolean        pd_packing_order_is_locked        (PdPackingOrder  *self);
const char     *pd_packing_order_get_blocker      (PdPackingOrder  *self);
gboolean        pd_packing_order_is_checking      (PdPackingOrder  *self);
const char     *pd_packing_order_get_error        (PdPackingOrder  *self);
void            pd_packing_order_set_error        (PdPackingOrder  *self,
                                                   const char      *error);
void            pd_packing_order_update           (PdPackingOrder  *self);
GHashTable     *pd_packing_order_collect_codes    (PdPackingOrder  *self);
GPtrArray      *pd_packing_order_match_statuses   (PdPackingOrder  *self,
                                                   GPtrArray       *statuses);
GPtrArray      *pd_packing_order_attribute_rejection (PdPackingOrder *self,
                                                   const char      *message);
PdLabelsState   pd_packing_order_get_labels      (PdPackingOrder  *self);
void            pd_packing_order_labels_printed  (PdPackingOrder  *self);
void            pd_packing_order_layout_replaced (PdPackingOrder  *self);
char           *pd_packing_order_to_csv           (PdPackingOrder  *self);

G_END_DECLS
