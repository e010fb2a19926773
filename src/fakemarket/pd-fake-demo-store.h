/* pd-fake-demo-store.h — the seeded store behind demo mode and the tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "pd-campaign.h"
#include "pd-order.h"

G_BEGIN_DECLS

#define PD_FAKE_BUSINESS_ID      501
#define PD_FAKE_CAMPAIGN_FBS     1001
#define PD_FAKE_CAMPAIGN_EXPRESS 1002
#define PD_FAKE_CAMPAIGN_DBS     1003

void  pd_fake_demo_store_populate (guint32     seed,
                                   guint       n_orders,
                                   GPtrArray  *campaigns,
                                   GPtrArray  *orders);
char *pd_fake_demo_store_dup_gtin (const char *offer_id);
char *pd_fake_demo_store_make_cis (GRand      *rand,
                                   const char *gtin,
                                   guint       serial_length,
                                   gboolean    shoe_tail,
                                   char        last_serial_char);

G_END_DECLS
