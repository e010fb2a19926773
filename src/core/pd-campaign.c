/* pd-campaign.c — a campaign as getCampaigns describes it. Enumerated values (placement type,
 * API availability) are kept as the Market sent them, so a new value is shown, not lost.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pd-campaign.h"

struct _PdCampaign
{
  GObject  parent_instance;

  gint64   id;
  char    *domain;
  gint64   business_id;
  char    *business_name;
  char    *placement_type;
  char    *api_availability;
};

G_DEFINE_FINAL_TYPE (PdCampaign, pd_campaign, G_TYPE_OBJECT)

static void
pd_campaign_finalize (GObject *object)
{
  PdCampaign *self = PD_CAMPAIGN (object);

  g_free (self->domain);
  g_free (self->business_name);
  g_free (self->placement_type);
  g_free (self->api_availability);

  G_OBJECT_CLASS (pd_campaign_parent_class)->finalize (object);
}

static void
pd_campaign_class_init (PdCampaignClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_campaign_finalize;
}

static void
pd_campaign_init (PdCampaign *self)
{
}

PdCampaign *
pd_campaign_new (gint64      id,
                 const char *domain,
                 gint64      business_id,
                 const char *business_name,
                 const char *placement_type,
                 const char *api_availability)
{
  PdCampaign *self = g_object_new (PD_TYPE_CAMPAIGN, NULL);

  self->id = id;
  self->domain = g_strdup (domain);
  self->business_id = business_id;
  self->business_name = g_strdup (business_name);
  self->placement_type = g_strdup (placement_type);
  self->api_availability = g_strdup (api_availability);
  return self;
}

gint64
pd_campaign_get_id (PdCampaign *self)
{
  return self->id;
}

const char *
pd_campaign_get_domain (PdCampaign *self)
{
  return self->domain;
}

gint64
pd_campaign_get_business_id (PdCampaign *self)
{
  return self->business_id;
}

const char *
pd_campaign_get_business_name (PdCampaign *self)
{
  return self->business_name;
}

/* "FBS" (FBS or Express), "FBY", "DBS", "LAAS", or whatever the Market sends later. */
const char *
pd_campaign_get_placement_type (PdCampaign *self)
{
  return self->placement_type;
}

const char *
pd_campaign_get_api_availability (PdCampaign *self)
{
  return self->api_availability;
}
