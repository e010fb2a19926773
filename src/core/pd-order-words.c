/* pd-order-words.c — the Market's order statuses (OrderStatusType, OrderSubstatusType) as a
 * packer says them, never the API's capitals. The Market may send values it has not documented
 * yet ("other values may appear"): those get the words of their status, or plain "unknown".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "pd-order-words.h"

typedef struct
{
  const char *status;
  const char *substatus;  /* NULL: any other substatus of the status */
  const char *words;
} Words;

static const Words words[] = {
  { "PROCESSING", "STARTED", NC_("order status", "To pack") },
  { "PROCESSING", "READY_TO_SHIP", NC_("order status", "Ready to ship") },
  { "PROCESSING", "SHIPPED", NC_("order status", "Handed over") },
  { "PROCESSING", "PACKAGING", NC_("order status", "Being packed") },
  { "PROCESSING", NULL, NC_("order status", "In progress") },
  { "PLACING", NULL, NC_("order status", "Being placed") },
  { "RESERVED", NULL, NC_("order status", "Being placed") },
  { "PENDING", NULL, NC_("order status", "Waiting for confirmation") },
  { "UNPAID", NULL, NC_("order status", "Not paid yet") },
  { "DELIVERY", NULL, NC_("order status", "On its way") },
  { "PICKUP", NULL, NC_("order status", "At the pickup point") },
  { "DELIVERED", NULL, NC_("order status", "Delivered") },
  { "CANCELLED", NULL, NC_("order status", "Cancelled") },
  { "PARTIALLY_RETURNED", NULL, NC_("order status", "Partly returned") },
  { "RETURNED", NULL, NC_("order status", "Returned") },
};

/* Returns: STATUS/SUBSTATUS in words */
const char *
pd_order_words_status (const char *status,
                       const char *substatus)
{
  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if (g_strcmp0 (words[i].status, status) == 0
        && (words[i].substatus == NULL || g_strcmp0 (words[i].substatus, substatus) == 0))
      return g_dpgettext2 (GETTEXT_PACKAGE, "order status", words[i].words);
  return C_("order status", "Status unknown");
}

/* Returns: the Market's name of the program: FBS, Express or DBS */
const char *
pd_order_words_program (const char *program_type)
{
  if (g_strcmp0 (program_type, "EXPRESS") == 0)
    return C_("program", "Express");
  if (g_strcmp0 (program_type, "DBS") == 0)
    return C_("program", "DBS");
  if (g_strcmp0 (program_type, "FBS") == 0)
    return C_("program", "FBS");
  return program_type != NULL ? program_type : "";
}
