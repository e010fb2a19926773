/* pd-order-list-filter.h — which orders the list shows: a search and one of the packer's filters.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pd-desk.h"

G_BEGIN_DECLS

typedef enum
{
  PD_ORDER_LIST_FILTER_ALL,
  PD_ORDER_LIST_FILTER_NEEDS_CODES,
  PD_ORDER_LIST_FILTER_WAITING,
  PD_ORDER_LIST_FILTER_PROBLEMS,
  PD_ORDER_LIST_FILTER_READY,
  PD_ORDER_LIST_FILTER_SHIPPED_TODAY,
  PD_ORDER_LIST_FILTER_AT_THIS_DESK,
  PD_ORDER_LIST_FILTER_N_KINDS,
} PdOrderListFilterKind;

#define PD_TYPE_ORDER_LIST_FILTER (pd_order_list_filter_get_type ())

G_DECLARE_FINAL_TYPE (PdOrderListFilter, pd_order_list_filter, PD, ORDER_LIST_FILTER, GtkFilter)

PdOrderListFilter *pd_order_list_filter_new        (void);
void               pd_order_list_filter_set_desk   (PdOrderListFilter     *self,
                                                    PdDesk                *desk);
void               pd_order_list_filter_set_search (PdOrderListFilter     *self,
                                                    const char            *text);
void               pd_order_list_filter_set_campaign (PdOrderListFilter   *self,
                                                      gint64               campaign_id);
void               pd_order_list_filter_set_kind   (PdOrderListFilter     *self,
                                                    PdOrderListFilterKind  kind);
gboolean           pd_order_list_filter_in_store   (PdOrderListFilter     *self,
                                                    PdOrder               *order);
gboolean           pd_order_list_filter_is_kind    (PdOrderListFilter     *self,
                                                    PdOrder               *order,
                                                    PdOrderListFilterKind  kind);
const char        *pd_order_list_filter_kind_name  (PdOrderListFilterKind  kind);

G_END_DECLS
