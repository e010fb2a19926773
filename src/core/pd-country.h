/* pd-country.h — ISO 3166-1 alpha-2 country codes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean pd_country_code_is_assigned (const char *code);

G_END_DECLS
