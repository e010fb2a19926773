/* pd-build-tree.h — where translations and helper programs are: installed, or beside a program
 * run from the build tree.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean    pd_build_tree_is_running (void);
const char *pd_build_tree_locale_dir (void);
char       *pd_build_tree_helper     (const char *layer,
                                      const char *name);

G_END_DECLS
