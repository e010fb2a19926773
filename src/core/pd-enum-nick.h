/* pd-enum-nick.h — enum values to and from their nicks, the names files and JSON carry.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

const char *pd_enum_to_nick   (GType       type,
                               int         value);
int         pd_enum_from_nick (GType       type,
                               const char *nick,
                               int         fallback);

G_END_DECLS
