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

/**
 * pd_order_words_ship_by:
 * @due: when the order must be ready (pd_order_dup_ship_by())
 * @now: the time to compare with, in the time zone the packer reads
 * @has_time: whether DUE has a time of day (Express), not only a day
 *
 * Returns: (transfer full): "ship today by 14:30", "ship tomorrow", "ship Thu 3 Dec",
 * "overdue since 2 Dec" …
 */
char *
pd_order_words_ship_by (GDateTime *due,
                        GDateTime *now,
                        gboolean   has_time)
{
  g_autoptr(GDateTime) local = g_date_time_to_timezone (due, g_date_time_get_timezone (now));
  g_autoptr(GDateTime) today = g_date_time_new (g_date_time_get_timezone (now),
                                                g_date_time_get_year (now),
                                                g_date_time_get_month (now),
                                                g_date_time_get_day_of_month (now), 0, 0, 0);
  g_autoptr(GDateTime) day = g_date_time_new (g_date_time_get_timezone (now),
                                              g_date_time_get_year (local),
                                              g_date_time_get_month (local),
                                              g_date_time_get_day_of_month (local), 0, 0, 0);
  GTimeSpan days = g_date_time_difference (day, today) / G_TIME_SPAN_DAY;
  g_autofree char *time = g_date_time_format (local, "%H:%M");
  /* Translators: a day in the order list, as in "ship Thu 3 Dec"; the codes of
   * g_date_time_format (). xgettext:no-c-format */
  g_autofree char *date = g_date_time_format (local, C_("shipment day", "%a %-d %b"));

  if (g_date_time_compare (local, now) < 0)
    {
      if (days == -1)
        return g_strdup (_("overdue since yesterday"));
      /* Translators: %s is a time of day (14:30) for today, else a day ("Thu 3 Dec") */
      return g_strdup_printf (_("overdue since %s"), days == 0 ? time : date);
    }
  if (days == 0)
    /* Translators: %s is a time of day, 14:30 */
    return has_time ? g_strdup_printf (_("ship today by %s"), time) : g_strdup (_("ship today"));
  if (days == 1)
    return has_time ? g_strdup_printf (_("ship tomorrow by %s"), time) : g_strdup (_("ship tomorrow"));
  /* Translators: %s is a day, as in "Thu 3 Dec" */
  return g_strdup_printf (_("ship %s"), date);
}
