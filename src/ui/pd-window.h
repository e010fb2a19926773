/* pd-window.h — the main Packdesk window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pd-application.h"

G_BEGIN_DECLS

#define PD_TYPE_WINDOW (pd_window_get_type ())

G_DECLARE_FINAL_TYPE (PdWindow, pd_window, PD, WINDOW, AdwApplicationWindow)

PdWindow *pd_window_new           (PdApplication *application);
void      pd_window_set_session   (PdWindow      *self,
                                   PdSession     *session);
void      pd_window_session_ready (PdWindow      *self);
void      pd_window_reopen_last_order (PdWindow  *self);
void      pd_window_show_error    (PdWindow      *self,
                                   const char    *message);

G_END_DECLS
