/* pd-order-words.h — an order's program and status in the packer's words.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

const char *pd_order_words_status  (const char *status,
                                    const char *substatus);
const char *pd_order_words_program (const char *program_type);
char       *pd_order_words_ship_by (GDateTime  *due,
                                    GDateTime  *now,
                                    gboolean    has_time);

G_END_DECLS
