/* pd-cli-check-code.h — `packdesk-cli check-code`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "pd-code.h"

G_BEGIN_DECLS

int       pd_cli_check_code   (int           argc,
                               char        **argv);
/* The engine's verdict on one code, in the vocabulary every command prints. */
JsonNode *pd_cli_code_to_json (const PdCode *code);

G_END_DECLS
