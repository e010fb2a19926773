/* pd-campaign.h — a store (campaign) of the seller's business.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define PD_TYPE_CAMPAIGN (pd_campaign_get_type ())

G_DECLARE_FINAL_TYPE (PdCampaign, pd_campaign, PD, CAMPAIGN, GObject)

PdCampaign *pd_campaign_new                  (gint64      id,
                                              const char *domain,
                                              gint64      business_id,
                                              const char *business_name,
                                              const char *placement_type,
                                              const char *api_availability);
gint64      pd_campaign_get_id               (PdCampaign *self);
const char *pd_campaign_get_domain           (PdCampaign *self);
gint64      pd_campaign_get_business_id      (PdCampaign *self);
const char *pd_campaign_get_business_name    (PdCampaign *self);
const char *pd_campaign_get_placement_type   (PdCampaign *self);
const char *pd_campaign_get_api_availability (PdCampaign *self);

G_END_DECLS
