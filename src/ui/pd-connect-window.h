/* pd-connect-window.h — connecting the seller's store: the API key, checked, then the campaign.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define PD_TYPE_CONNECT_WINDOW (pd_connect_window_get_type ())

G_DECLARE_FINAL_TYPE (PdConnectWindow, pd_connect_window, PD, CONNECT_WINDOW, AdwWindow)

PdConnectWindow *pd_connect_window_new (GtkWindow *parent,
                                        GSettings *settings);

G_END_DECLS
