/* pd-order-page-private.h — what the files of PdOrderPage share (pd-order-page.c: the page,
 * scans and the order's actions; pd-order-page-boxes.c: the boxes and what needs no code).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pd-camera-panel.h"
#include "pd-order-page.h"

G_BEGIN_DECLS

typedef struct _Removal Removal;

struct _PdOrderPage
{
  AdwBin          parent_instance;

  AdwWindowTitle *window_title;
  GtkEntry       *scan_entry;
  GtkRevealer    *camera_revealer;
  PdCameraPanel  *camera_panel;
  GtkListBox     *units;
  AdwPreferencesGroup *unmarked_group;
  GtkListBox     *unmarked;
  GtkButton      *submit_button;
  GtkButton      *ready_button;
  GtkLabel       *blocker;
  AdwBanner      *labels_banner;
  GMenu          *labels_section;
  GtkWidget      *box_bar;
  GtkLabel       *box_label;

  PdDesk         *desk;
  PdPackingOrder *packing;
  /* The unit whose code the next scan replaces, if the packer asked for that. */
  PdUnit         *replacing;
  Removal        *removal;
  /* A complete declaration the packer may give the item's other units too. */
  PdUnit         *declaration;
  /* Set while the page itself moves the highlight, which is not the packer choosing an item. */
  gboolean        highlighting;
  GBinding       *ready_binding;
  GBinding       *blocker_binding;
  gulong          locked_handler;
  gulong          labels_handler;
  GCancellable   *printing;  /* while labels are on their way to the printer */
  gulong          layout_handler;
  gulong          confirmed_handler;
};

void pd_order_page_toast               (PdOrderPage    *self,
                                       const char     *message);
void pd_order_page_boxes_class_init   (GtkWidgetClass *widget_class);
void pd_order_page_boxes_follow       (PdOrderPage    *self);
void pd_order_page_boxes_forget       (PdOrderPage    *self);
void pd_order_page_boxes_show         (PdOrderPage    *self);

G_END_DECLS
