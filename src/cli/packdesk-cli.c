/* packdesk-cli.c — Packdesk's libraries from a terminal; every command prints JSON.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "pd-build-tree.h"
#include "pd-cli-check-code.h"
#include "pd-cli-decode.h"
#include "pd-cli-market.h"

typedef struct
{
  const char *name;
  int       (*run) (int argc, char **argv);
  const char *summary;
} Command;

static const Command commands[] = {
  { "check-code", pd_cli_check_code, N_("Check marking codes and explain what is wrong") },
  { "decode", pd_cli_decode, N_("Read the barcodes in images (PNG, JPEG)") },
  { "campaigns", pd_cli_campaigns, N_("List the campaigns of the API key’s business") },
  { "orders", pd_cli_orders, N_("List a campaign’s orders") },
  { "status", pd_cli_status, N_("Show the verification status of an order’s codes") },
  { "submit", pd_cli_submit, N_("Send an order’s codes to the Market") },
  { "ready", pd_cli_ready, N_("Mark an order ready to ship") },
  { "boxes", pd_cli_boxes, N_("Show an order’s boxes, or lay it out in boxes") },
  { "labels", pd_cli_labels, N_("Download an order’s box labels as PDF") },
};

static void
print_usage (void)
{
  g_printerr ("%s\n", _("Usage: packdesk-cli COMMAND [OPTION…]"));
  g_printerr ("\n%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_printerr ("  %-12s %s\n", commands[i].name, _(commands[i].summary));
  g_printerr ("\n%s\n", _("Run “packdesk-cli COMMAND --help” for a command’s options."));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, pd_build_tree_locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2)
    {
      print_usage ();
      return 2;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      return commands[i].run (argc - 1, argv + 1);

  g_printerr (_("packdesk-cli: unknown command “%s”"), argv[1]);
  g_printerr ("\n");
  print_usage ();
  return 2;
}
