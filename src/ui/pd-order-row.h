/* pd-order-row.h — one order in the orders list.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pd-order.h"
#include "pd-packing-order.h"

G_BEGIN_DECLS

#define PD_TYPE_ORDER_ROW (pd_order_row_get_type ())

G_DECLARE_FINAL_TYPE (PdOrderRow, pd_order_row, PD, ORDER_ROW, GtkBox)

GtkWidget *pd_order_row_new       (void);
void       pd_order_row_set_order (PdOrderRow     *self,
                                   PdOrder        *order,
                                   PdPackingOrder *packing);

G_END_DECLS
