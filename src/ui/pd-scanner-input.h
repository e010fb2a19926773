/* pd-scanner-input.h — a keyboard-wedge scanner's input anywhere in a window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pd-wedge-decoder.h"

G_BEGIN_DECLS

#define PD_TYPE_SCANNER_INPUT (pd_scanner_input_get_type ())

G_DECLARE_FINAL_TYPE (PdScannerInput, pd_scanner_input, PD, SCANNER_INPUT, GObject)

PdScannerInput *pd_scanner_input_new         (GtkWidget      *widget);
void            pd_scanner_input_follow_settings (PdScannerInput *self,
                                                  GSettings      *settings);

G_END_DECLS
