/* pd-shortcut-table.h — keyboard shortcuts from a table, handled before the focused widget.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef struct
{
  guint            key;
  GdkModifierType  modifiers;
  const char      *action;
} PdShortcutEntry;

GtkEventController *pd_shortcut_table_new (const PdShortcutEntry *entries,
                                           guint                  n_entries,
                                           GtkShortcutScope       scope);

G_END_DECLS
