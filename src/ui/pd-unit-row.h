/* pd-unit-row.h — one unit of an order in the order page: its code and its status badge.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pd-unit.h"

G_BEGIN_DECLS

#define PD_TYPE_UNIT_ROW (pd_unit_row_get_type ())

G_DECLARE_FINAL_TYPE (PdUnitRow, pd_unit_row, PD, UNIT_ROW, AdwActionRow)

void       pd_unit_row_set_compact (PdUnitRow *self,
                                    gboolean   compact);
GtkWidget *pd_unit_row_new      (PdUnit    *unit,
                                 gboolean   editable);
void       pd_unit_row_set_box     (PdUnitRow  *self,
                                    const char *where);
PdUnit    *pd_unit_row_get_unit (PdUnitRow *self);

G_END_DECLS
