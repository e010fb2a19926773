/* pd-market-error.c — PD_MARKET_ERROR keeps, beside its translated message, what the Market
 * said: the HTTP status, every errors[].code and message, and for 420 the time from
 * X-RateLimit-Resource-Until. Never the API key.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pd-market-error.h"

typedef struct
{
  guint      http_status;
  GStrv      codes;
  GStrv      messages;
  GDateTime *limited_until;
} PdMarketErrorPrivate;

static void
pd_market_error_private_init (PdMarketErrorPrivate *priv)
{
}

static void
pd_market_error_private_copy (const PdMarketErrorPrivate *src,
                              PdMarketErrorPrivate       *dest)
{
  dest->http_status = src->http_status;
  dest->codes = g_strdupv (src->codes);
  dest->messages = g_strdupv (src->messages);
  dest->limited_until = src->limited_until != NULL ? g_date_time_ref (src->limited_until) : NULL;
}

static void
pd_market_error_private_clear (PdMarketErrorPrivate *priv)
{
  g_strfreev (priv->codes);
  g_strfreev (priv->messages);
  g_clear_pointer (&priv->limited_until, g_date_time_unref);
}

G_DEFINE_EXTENDED_ERROR (PdMarketError, pd_market_error)

static const char * const empty[] = { NULL };

/* Takes ownership of CODES and MESSAGES; LIMITED_UNTIL is referenced. */
void
pd_market_error_set_details (GError    *error,
                             guint      http_status,
                             GStrv      codes,
                             GStrv      messages,
                             GDateTime *limited_until)
{
  PdMarketErrorPrivate *priv = pd_market_error_get_private (error);

  g_return_if_fail (priv != NULL);

  pd_market_error_private_clear (priv);
  priv->http_status = http_status;
  priv->codes = codes;
  priv->messages = messages;
  priv->limited_until = limited_until != NULL ? g_date_time_ref (limited_until) : NULL;
}

guint
pd_market_error_get_http_status (const GError *error)
{
  PdMarketErrorPrivate *priv = pd_market_error_get_private (error);

  return priv != NULL ? priv->http_status : 0;
}

const char * const *
pd_market_error_get_codes (const GError *error)
{
  PdMarketErrorPrivate *priv = pd_market_error_get_private (error);

  return priv != NULL && priv->codes != NULL ? (const char * const *) priv->codes : empty;
}

const char * const *
pd_market_error_get_messages (const GError *error)
{
  PdMarketErrorPrivate *priv = pd_market_error_get_private (error);

  return priv != NULL && priv->messages != NULL ? (const char * const *) priv->messages : empty;
}

/* Returns: (transfer none) (nullable): until when a 420 rate limit holds */
GDateTime *
pd_market_error_get_limited_until (const GError *error)
{
  PdMarketErrorPrivate *priv = pd_market_error_get_private (error);

  return priv != NULL ? priv->limited_until : NULL;
}
