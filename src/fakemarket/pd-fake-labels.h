/* pd-fake-labels.h — box labels as the fake Market draws them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  gint64      order_id;
  const char *supplier_name;
  const char *delivery_service;
  const char *shipment_date;   /* as printed, or NULL */
} PdFakeLabelOrder;

typedef struct
{
  gint64 box_id;
  guint  number;               /* 1-based place in the order */
} PdFakeLabelBox;

GBytes *pd_fake_labels_render (const PdFakeLabelOrder *order,
                               const PdFakeLabelBox   *boxes,
                               guint                   n_boxes,
                               guint                   n_total,
                               const char             *format);

G_END_DECLS
