/* pd-cli-market.h — `packdesk-cli` commands that talk to the Market.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

int pd_cli_campaigns (int argc, char **argv);
int pd_cli_orders    (int argc, char **argv);
int pd_cli_status    (int argc, char **argv);
int pd_cli_submit    (int argc, char **argv);
int pd_cli_labels    (int argc, char **argv);
int pd_cli_boxes     (int argc, char **argv);
int pd_cli_ready     (int argc, char **argv);

G_END_DECLS
