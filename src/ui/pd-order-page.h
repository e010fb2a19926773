/* pd-order-page.h — the order on the desk: its units with their badges, the scan field, and
 * the order's actions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pd-camera.h"
#include "pd-desk.h"

G_BEGIN_DECLS

#define PD_TYPE_ORDER_PAGE (pd_order_page_get_type ())

G_DECLARE_FINAL_TYPE (PdOrderPage, pd_order_page, PD, ORDER_PAGE, AdwBin)

void            pd_order_page_set_order   (PdOrderPage    *self,
                                           PdDesk         *desk,
                                           PdPackingOrder *packing);
PdPackingOrder *pd_order_page_get_order   (PdOrderPage    *self);
void            pd_order_page_focus_scan  (PdOrderPage    *self);
void            pd_order_page_import      (PdOrderPage    *self,
                                           GFile          *file);
gboolean        pd_order_page_capture     (PdOrderPage    *self,
                                           const char     *text,
                                           PdCaptureSource source);
PdCamera       *pd_order_page_get_camera  (PdOrderPage    *self);
const char     *pd_order_page_get_title   (PdOrderPage    *self);
void            pd_order_page_replace     (PdOrderPage    *self,
                                           PdUnit         *unit);
PdUnit         *pd_order_page_get_replacing (PdOrderPage  *self);

G_END_DECLS
