/* pd-box-layout.h — an order's boxes at the desk: which box each unit is in, and where the
 * next units go.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "pd-order.h"

G_BEGIN_DECLS

#define PD_TYPE_BOX_LAYOUT (pd_box_layout_get_type ())

G_DECLARE_FINAL_TYPE (PdBoxLayout, pd_box_layout, PD, BOX_LAYOUT, GObject)

PdBoxLayout *pd_box_layout_new         (PdOrder     *order);
guint        pd_box_layout_get_n_boxes (PdBoxLayout *self);
guint        pd_box_layout_get_current (PdBoxLayout *self);
void         pd_box_layout_set_current (PdBoxLayout *self,
                                        guint        box);
gboolean     pd_box_layout_add_box     (PdBoxLayout *self);
guint        pd_box_layout_get_box     (PdBoxLayout *self,
                                        gint64       item_id,
                                        guint        unit);
gboolean     pd_box_layout_move        (PdBoxLayout *self,
                                        gint64       item_id,
                                        guint        unit,
                                        guint        box);
gboolean     pd_box_layout_split       (PdBoxLayout *self,
                                        gint64       item_id);
gboolean     pd_box_layout_remove_item (PdBoxLayout *self,
                                        gint64       item_id);
gboolean     pd_box_layout_is_removed  (PdBoxLayout *self,
                                        gint64       item_id);
gboolean     pd_box_layout_removes_items (PdBoxLayout *self);
guint        pd_box_layout_get_parts   (PdBoxLayout *self,
                                        gint64       item_id);
guint        pd_box_layout_get_part_box (PdBoxLayout *self,
                                         gint64       item_id,
                                         guint        part);
guint        pd_box_layout_count       (PdBoxLayout *self,
                                        gint64       item_id,
                                        guint        box);
gboolean     pd_box_layout_is_changed  (PdBoxLayout *self);
void         pd_box_layout_apply       (PdBoxLayout *self);
char        *pd_box_layout_to_string   (PdBoxLayout *self);
gboolean     pd_box_layout_load        (PdBoxLayout *self,
                                        const char  *text);

G_END_DECLS
