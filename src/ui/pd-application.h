/* pd-application.h — the Packdesk application object.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "pd-session.h"

G_BEGIN_DECLS

#define PD_TYPE_APPLICATION (pd_application_get_type ())

G_DECLARE_FINAL_TYPE (PdApplication, pd_application, PD, APPLICATION, AdwApplication)

PdApplication *pd_application_new          (void);
GSettings     *pd_application_get_settings (PdApplication *self);
PdSession     *pd_application_get_session  (PdApplication *self);
void           pd_application_use_key_for_session (PdApplication *self,
                                                   const char    *key);

G_END_DECLS
