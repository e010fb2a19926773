/* pd-keyboard-layout.h — undoing text typed through the Russian keyboard layout.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean  pd_keyboard_layout_is_russian_text (const char *text,
                                              gssize      len);
char     *pd_keyboard_layout_russian_to_us   (const char *text,
                                              gssize      len);

G_END_DECLS
