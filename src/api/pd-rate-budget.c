/* pd-rate-budget.c — the Market's limits per method, kept on this side of the wire.
 *
 * Every request comes out of the budget of its method, retries included, so no failure mode
 * can make the client send more than the Market allows: the limits are those of the
 * specification's x-resource-limit-config (the same for both tariffs), counted over a sliding
 * hour. A 420 holds its method back — never the others — until the time the Market names,
 * but for at most an hour, as its limits are hourly: a later time is a mistake, and believing
 * it would stop the desk for weeks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "pd-market-error.h"
#include "pd-rate-budget.h"

#define PERIOD_US    ((gint64) 3600 * G_USEC_PER_SEC)
#define MAX_HOLD_US  PERIOD_US
#define UNSAID_HOLD_US ((gint64) 60 * G_USEC_PER_SEC)
#define DEFAULT_LIMIT 1000

static const struct
{
  const char *method;
  guint       per_hour;
  const char *what;
} limits[] = {
  { "getCampaigns",                1000,  N_("store lists") },
  { "getBusinessOrders",           10000, N_("order lists") },
  { "provideOrderItemIdentifiers", 10000, N_("code submissions") },
  { "setOrderBoxLayout",           10000, N_("code submissions") },
  { "getOrderIdentifiersStatus",   1000,  N_("status checks") },
  { "updateOrderStatus",           10000, N_("status changes") },
  { "generateOrderLabels",         10000, N_("label downloads") },
  { "generateOrderLabel",          10000, N_("label downloads") },
};

typedef struct
{
  guint   limit;
  GArray *sent;        /* gint64 times, oldest first, from index first */
  guint   first;
  gint64  held_until;
} Method;

struct _PdRateBudget
{
  GHashTable  *methods;  /* name → Method */
  PdClockFunc  clock;
  gpointer     clock_data;
};

static void
method_free (Method *method)
{
  g_array_unref (method->sent);
  g_free (method);
}

static gint64
real_clock (gpointer user_data)
{
  return g_get_real_time ();
}

PdRateBudget *
pd_rate_budget_new (void)
{
  PdRateBudget *self = g_new0 (PdRateBudget, 1);

  self->methods = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) method_free);
  self->clock = real_clock;
  return self;
}

void
pd_rate_budget_free (PdRateBudget *self)
{
  g_hash_table_unref (self->methods);
  g_free (self);
}

void
pd_rate_budget_set_clock (PdRateBudget *self,
                          PdClockFunc   clock,
                          gpointer      user_data)
{
  self->clock = clock != NULL ? clock : real_clock;
  self->clock_data = user_data;
}

gint64
pd_rate_budget_now (PdRateBudget *self)
{
  return self->clock (self->clock_data);
}

static const char *
method_what (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (limits); i++)
    if (g_str_equal (limits[i].method, name))
      return _(limits[i].what);
  return _("requests");
}

/* Requests of METHOD allowed in any hour; a method the table does not know gets the lowest. */
guint
pd_rate_budget_get_limit (PdRateBudget *self,
                          const char   *method)
{
  for (guint i = 0; i < G_N_ELEMENTS (limits); i++)
    if (g_str_equal (limits[i].method, method))
      return limits[i].per_hour;
  return DEFAULT_LIMIT;
}

static Method *
method_for (PdRateBudget *self,
            const char   *name)
{
  Method *method = g_hash_table_lookup (self->methods, name);

  if (method == NULL)
    {
      method = g_new0 (Method, 1);
      method->limit = pd_rate_budget_get_limit (self, name);
      method->sent = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_hash_table_insert (self->methods, g_strdup (name), method);
    }
  return method;
}

/* Forgets the requests older than an hour. */
static void
method_expire (Method *method,
               gint64  now)
{
  while (method->first < method->sent->len
         && g_array_index (method->sent, gint64, method->first) <= now - PERIOD_US)
    method->first++;
  if (method->first > 0 && method->first >= method->sent->len / 2)
    {
      g_array_remove_range (method->sent, 0, method->first);
      method->first = 0;
    }
}

/**
 * pd_rate_budget_format_time:
 *
 * Returns: TIME in the packer's words: the time of day when it is today, else the date too
 */
char *
pd_rate_budget_format_time (PdRateBudget *self,
                            GDateTime    *time)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local_usec (pd_rate_budget_now (self));
  g_autoptr(GDateTime) local = g_date_time_to_local (time);

  if (g_date_time_get_year (local) == g_date_time_get_year (now)
      && g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (now))
    return g_date_time_format (local, "%H:%M");
  /* Translators: a date and time in g_date_time_format()'s notation, e.g. "2 December 2026, 14:10" */
  return g_date_time_format (local, _("%-d %B %Y, %H:%M"));
}

static char *
format_us (PdRateBudget *self,
           gint64        time_us)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc_usec (time_us);

  return pd_rate_budget_format_time (self, time);
}

/* A PD_MARKET_ERROR_RATE_LIMITED error saying MESSAGE, whose limited-until is UNTIL_US. */
static GError *
refusal_new (gint64  until_us,
             char   *message)
{
  g_autoptr(GDateTime) until = g_date_time_new_from_unix_utc_usec (until_us);
  GError *refusal = g_error_new_literal (PD_MARKET_ERROR, PD_MARKET_ERROR_RATE_LIMITED, message);

  g_free (message);
  pd_market_error_set_details (refusal, 0, NULL, NULL, until);
  return refusal;
}

static GError *
held_error (PdRateBudget *self,
            const char   *method,
            Method       *held)
{
  g_autofree char *when = format_us (self, held->held_until);

  /* Translators: the first %s is a kind of request ("status checks"), the second a time */
  return refusal_new (held->held_until,
                      g_strdup_printf (_("The Market has asked for a pause in %s; Packdesk goes "
                                         "on at %s."), method_what (method), when));
}

/**
 * pd_rate_budget_take:
 *
 * Takes one request of METHOD from the budget.
 *
 * Returns: FALSE with a PD_MARKET_ERROR_RATE_LIMITED error, which says until when, if the
 *   method is held back by a 420 or has used up its hour
 */
gboolean
pd_rate_budget_take (PdRateBudget  *self,
                     const char    *method_name,
                     GError       **error)
{
  Method *method = method_for (self, method_name);
  gint64 now = pd_rate_budget_now (self);

  if (now < method->held_until)
    {
      g_propagate_error (error, held_error (self, method_name, method));
      return FALSE;
    }

  method_expire (method, now);
  if (method->sent->len - method->first >= method->limit)
    {
      gint64 free_at = g_array_index (method->sent, gint64, method->first) + PERIOD_US;
      g_autofree char *when = format_us (self, free_at);

      /* Translators: the first %s is a kind of request ("status checks"), the second a time */
      g_propagate_error (error, refusal_new (free_at,
                                             g_strdup_printf (_("Packdesk has sent as many %s as "
                                                                "the Market takes in an hour; it "
                                                                "goes on at %s."),
                                                              method_what (method_name), when)));
      return FALSE;
    }

  g_array_append_val (method->sent, now);
  return TRUE;
}

/**
 * pd_rate_budget_hold:
 * @until: (nullable): what the Market said, or %NULL when it did not say
 *
 * Holds METHOD back until UNTIL, but for an hour at most; a minute when the Market did not say
 * (a 420 for too many parallel requests passes as soon as they end).
 *
 * Returns: (transfer full): the error that says so, in words, with the time the hold ends
 */
GError *
pd_rate_budget_hold (PdRateBudget *self,
                     const char   *method_name,
                     GDateTime    *until)
{
  Method *method = method_for (self, method_name);
  gint64 now = pd_rate_budget_now (self);
  gint64 until_us = until != NULL ? g_date_time_to_unix_usec (until) : now + UNSAID_HOLD_US;
  g_autofree char *asked = NULL;
  g_autofree char *when = NULL;

  method->held_until = MAX (method->held_until, CLAMP (until_us, now, now + MAX_HOLD_US));
  if (until == NULL || until_us <= method->held_until)
    return held_error (self, method_name, method);

  asked = pd_rate_budget_format_time (self, until);
  when = format_us (self, method->held_until);
  /* Translators: the first %s is a kind of request ("status checks"), the others times */
  return refusal_new (method->held_until,
                      g_strdup_printf (_("The Market has asked for a pause in %s until %s; "
                                         "Packdesk asks again at %s."),
                                       method_what (method_name), asked, when));
}
