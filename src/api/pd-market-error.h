/* pd-market-error.h — the one error domain of the Market client.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define PD_MARKET_ERROR (pd_market_error_quark ())

typedef enum
{
  PD_MARKET_ERROR_INSECURE_URL,     /* plain http to a host that is not loopback */
  PD_MARKET_ERROR_NETWORK,          /* no answer: connection refused, dropped, timed out */
  PD_MARKET_ERROR_BAD_REQUEST,      /* 400: the Market refused what was sent */
  PD_MARKET_ERROR_UNAUTHORIZED,     /* 401: the API key */
  PD_MARKET_ERROR_FORBIDDEN,        /* 403 */
  PD_MARKET_ERROR_NOT_FOUND,        /* 404 */
  PD_MARKET_ERROR_RATE_LIMITED,     /* 420 */
  PD_MARKET_ERROR_SERVER,           /* 5xx and 499, after the retries */
  PD_MARKET_ERROR_HTTP,             /* any other status */
  PD_MARKET_ERROR_INVALID_RESPONSE, /* not JSON, the wrong shape, or too large */
} PdMarketErrorCode;

GQuark       pd_market_error_quark            (void);

void         pd_market_error_set_details      (GError       *error,
                                               guint         http_status,
                                               GStrv         codes,
                                               GStrv         messages,
                                               GDateTime    *limited_until);
guint        pd_market_error_get_http_status  (const GError *error);
const char * const *pd_market_error_get_codes (const GError *error);
const char * const *pd_market_error_get_messages (const GError *error);
GDateTime   *pd_market_error_get_limited_until (const GError *error);

G_END_DECLS
