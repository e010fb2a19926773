/* pd-preferences-dialog.h — the preferences, as a dialog over the main window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PD_TYPE_PREFERENCES_DIALOG (pd_preferences_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PdPreferencesDialog, pd_preferences_dialog, PD, PREFERENCES_DIALOG,
                      AdwPreferencesDialog)

PdPreferencesDialog *pd_preferences_dialog_new (GSettings *settings);

G_END_DECLS
