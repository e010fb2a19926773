/* pd-fake-market.h — a fake Yandex Market Partner API on 127.0.0.1.
 *
 * Verification outcomes are decided by the code, so tests can aim at each one:
 * - CIS whose serial ends in "I": INVALID / INVALID_CRYPTO_TAIL; in "S": INVALID / ITEM_SOLD;
 *   in "F": FAILED on the first check, OK after the code is sent again; otherwise OK.
 * - UIN ending in 9: FAILED / UIN_NO_DATA; in 8: FAILED / UIN_MERCHANT_MISMATCH; otherwise OK.
 * - DBS codes are never verified (NOT_ON_VALIDATION).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pd-order.h"

G_BEGIN_DECLS

#define PD_FAKE_MARKET_DEFAULT_KEY "demo-key"

#define PD_TYPE_FAKE_MARKET (pd_fake_market_get_type ())

G_DECLARE_FINAL_TYPE (PdFakeMarket, pd_fake_market, PD, FAKE_MARKET, GObject)

PdFakeMarket *pd_fake_market_new                     (const char    *api_key,
                                                      guint32        seed,
                                                      guint          n_orders);
gboolean      pd_fake_market_listen                  (PdFakeMarket  *self,
                                                      guint          port,
                                                      GError       **error);
char         *pd_fake_market_dup_url                 (PdFakeMarket  *self);
void          pd_fake_market_set_verification_delay  (PdFakeMarket  *self,
                                                      guint          delay_ms);
void          pd_fake_market_set_limit               (PdFakeMarket  *self,
                                                      const char    *method,
                                                      guint          per_hour);
gboolean      pd_fake_market_add_faults              (PdFakeMarket  *self,
                                                      const char    *spec,
                                                      GError       **error);
GPtrArray    *pd_fake_market_get_submissions         (PdFakeMarket  *self,
                                                      gint64         order_id);
void          pd_fake_market_clear_faults            (PdFakeMarket  *self);
guint         pd_fake_market_get_request_count       (PdFakeMarket  *self,
                                                      const char    *method);
guint         pd_fake_market_get_peak_concurrency    (PdFakeMarket  *self);
PdOrder      *pd_fake_market_lookup_order            (PdFakeMarket  *self,
                                                      gint64         order_id);
PdOrder      *pd_fake_market_add_order               (PdFakeMarket  *self,
                                                      gint64         campaign_id,
                                                      const char    *program_type);

G_END_DECLS
