/* pd-shortcuts-dialog.h — every keyboard shortcut of the window and the order page, in a dialog
 * (GtkShortcutsWindow is deprecated since GTK 4.18).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PD_TYPE_SHORTCUTS_DIALOG (pd_shortcuts_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PdShortcutsDialog, pd_shortcuts_dialog, PD, SHORTCUTS_DIALOG, AdwDialog)

PdShortcutsDialog *pd_shortcuts_dialog_new (void);

G_END_DECLS
