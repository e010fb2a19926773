/* main.c — starts Packdesk: translations first, then the application.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "pd-application.h"
#include "pd-build-tree.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(PdApplication) app = NULL;

  /* gettext must be ready before GTK so widgets built at startup are translated. */
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, pd_build_tree_locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Packdesk"));

  app = pd_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
