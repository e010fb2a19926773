/* pd-connect-dialog.h — connecting the seller's store: the API key, checked, then the campaign.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PD_TYPE_CONNECT_DIALOG (pd_connect_dialog_get_type ())

G_DECLARE_FINAL_TYPE (PdConnectDialog, pd_connect_dialog, PD, CONNECT_DIALOG, AdwDialog)

PdConnectDialog *pd_connect_dialog_new (GSettings *settings);

G_END_DECLS
