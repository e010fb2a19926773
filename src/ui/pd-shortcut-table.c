/* pd-shortcut-table.c — a shortcut controller in the capture phase: its keys reach their actions
 * before the focused widget sees them, so an entry or a list that has the focus (and binds Ctrl+Z
 * or Ctrl+F itself) cannot keep a window's shortcut from working.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pd-shortcut-table.h"

/* Returns: (transfer full): a controller that activates each entry's named action */
GtkEventController *
pd_shortcut_table_new (const PdShortcutEntry *entries,
                       guint                  n_entries,
                       GtkShortcutScope       scope)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller), scope);
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < n_entries; i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (entries[i].key,
                                                                                    entries[i].modifiers),
                                                            gtk_named_action_new (entries[i].action)));
  return controller;
}
