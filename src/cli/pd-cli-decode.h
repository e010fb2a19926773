/* pd-cli-decode.h — `packdesk-cli decode`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int pd_cli_decode (int    argc,
                   char **argv);

G_END_DECLS
