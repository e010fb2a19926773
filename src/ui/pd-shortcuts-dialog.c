/* pd-shortcuts-dialog.c — the shortcuts, grouped as the packer meets them. The table below is the
 * one list of them; each key is shown in the user's keyboard words (gtk_accelerator_get_label).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pd-shortcuts-dialog.h"

struct _PdShortcutsDialog
{
  AdwDialog           parent_instance;

  AdwPreferencesPage *page;
};

G_DEFINE_FINAL_TYPE (PdShortcutsDialog, pd_shortcuts_dialog, ADW_TYPE_DIALOG)

typedef struct
{
  const char *title;
  const char *accelerators; /* space-separated, as gtk_accelerator_parse () reads them;
                             * NULL: TITLE starts a group */
} Shortcut;

#define GROUP(name) { name, NULL }

static const Shortcut shortcuts[] = {
  GROUP (NC_("shortcut window", "General")),
  { NC_("shortcut window", "Preferences"), "<Control>comma" },
  { NC_("shortcut window", "Keyboard Shortcuts"), "<Control>question" },
  { NC_("shortcut window", "Quit"), "<Control>q" },
  GROUP (NC_("shortcut window", "Orders")),
  { NC_("shortcut window", "Search orders"), "<Control>f" },
  { NC_("shortcut window", "Back to the list"), "Escape" },
  { NC_("shortcut window", "Refresh the orders"), "<Control>r" },
  GROUP (NC_("shortcut window", "Order")),
  { NC_("shortcut window", "Pick the previous or next unit’s item"), "Up Down" },
  { NC_("shortcut window", "Send the codes now"), "<Control>Return" },
  { NC_("shortcut window", "Mark ready to ship"), "<Control><Shift>Return" },
  { NC_("shortcut window", "Print the box labels"), "<Control>p" },
  { NC_("shortcut window", "Put the next units in a new box"), "<Control>b" },
  { NC_("shortcut window", "Fill the previous or next box"), "<Control>Page_Up <Control>Page_Down" },
  { NC_("shortcut window", "Move the picked unit to the box being filled"), "<Control>m" },
  { NC_("shortcut window", "Split the picked item, one large unit, over one more box"), "<Control><Shift>b" },
  { NC_("shortcut window", "Check the codes’ status now"), "F5" },
  { NC_("shortcut window", "Read codes with the camera"), "<Control><Shift>c" },
  { NC_("shortcut window", "Import codes from a file"), "<Control>o" },
  { NC_("shortcut window", "Export the codes as CSV"), "<Control>e" },
  { NC_("shortcut window", "Replace the picked unit’s code with the next scan"), "F2" },
  { NC_("shortcut window", "Remove the picked unit’s code"), "<Alt>Delete" },
  { NC_("shortcut window", "Put the removed code back"), "<Control>z" },
  { NC_("shortcut window", "Cancel replacing a code"), "Escape" },
};

static GtkWidget *
keys_box (const char *accelerators)
{
  g_auto(GStrv) each = g_strsplit (accelerators, " ", -1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  for (guint i = 0; each[i] != NULL; i++)
    {
      guint key;
      GdkModifierType mods;
      g_autofree char *label = NULL;
      GtkWidget *keycap;

      if (!gtk_accelerator_parse (each[i], &key, &mods))
        g_error ("shortcuts: cannot read “%s”", each[i]);
      label = gtk_accelerator_get_label (key, mods);
      keycap = gtk_label_new (label);
      gtk_widget_add_css_class (keycap, "keycap");
      gtk_box_append (GTK_BOX (box), keycap);
    }
  return box;
}

static void
pd_shortcuts_dialog_class_init (PdShortcutsDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/pd-shortcuts-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, PdShortcutsDialog, page);
}

static void
pd_shortcuts_dialog_init (PdShortcutsDialog *self)
{
  AdwPreferencesGroup *group = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  for (guint i = 0; i < G_N_ELEMENTS (shortcuts); i++)
    {
      const Shortcut *shortcut = &shortcuts[i];
      GtkWidget *row;

      if (shortcut->accelerators == NULL)
        {
          group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
          adw_preferences_group_set_title (group, g_dpgettext2 (NULL, "shortcut window", shortcut->title));
          adw_preferences_page_add (self->page, group);
          continue;
        }
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     g_dpgettext2 (NULL, "shortcut window", shortcut->title));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), keys_box (shortcut->accelerators));
      adw_preferences_group_add (group, row);
    }
}

PdShortcutsDialog *
pd_shortcuts_dialog_new (void)
{
  return g_object_new (PD_TYPE_SHORTCUTS_DIALOG, NULL);
}
