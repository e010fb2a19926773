/* pd-cli-check-code.h — `packdesk-cli check-code`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int pd_cli_check_code (int    argc,
                       char **argv);

G_END_DECLS
