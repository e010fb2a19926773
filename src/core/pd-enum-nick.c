/* pd-enum-nick.c — enum values to and from their nicks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pd-enum-nick.h"

static GEnumClass *
enum_class (GType type)
{
  GEnumClass *klass = g_type_class_peek (type);

  /* Kept for the life of the process, like every enum class once used. */
  return klass != NULL ? klass : g_type_class_ref (type);
}

/* Returns: the nick of VALUE, or "" for a value TYPE does not have */
const char *
pd_enum_to_nick (GType type,
                 int   value)
{
  GEnumValue *found = g_enum_get_value (enum_class (type), value);

  return found != NULL ? found->value_nick : "";
}

/* Returns: the value whose nick is NICK, or FALLBACK */
int
pd_enum_from_nick (GType       type,
                   const char *nick,
                   int         fallback)
{
  GEnumValue *found = nick != NULL ? g_enum_get_value_by_nick (enum_class (type), nick) : NULL;

  return found != NULL ? found->value : fallback;
}
