/* pd-item-instance.c — an identifier of a unit: a CIS (with its full form when the Market
 * returns one), a UIN, an RNPT, or a GTD with the country of origin.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pd-item-instance.h"

struct _PdItemInstance
{
  PdCodeKind  kind;
  char       *value;
  char       *cis_full;
  char       *country_code;
};

G_DEFINE_BOXED_TYPE (PdItemInstance, pd_item_instance, pd_item_instance_copy, pd_item_instance_free)

PdItemInstance *
pd_item_instance_new (PdCodeKind  kind,
                      const char *value)
{
  PdItemInstance *self = g_new0 (PdItemInstance, 1);

  self->kind = kind;
  self->value = g_strdup (value);
  return self;
}

PdItemInstance *
pd_item_instance_copy (const PdItemInstance *self)
{
  PdItemInstance *copy = pd_item_instance_new (self->kind, self->value);

  copy->cis_full = g_strdup (self->cis_full);
  copy->country_code = g_strdup (self->country_code);
  return copy;
}

void
pd_item_instance_free (PdItemInstance *self)
{
  g_free (self->value);
  g_free (self->cis_full);
  g_free (self->country_code);
  g_free (self);
}

PdCodeKind
pd_item_instance_get_kind (const PdItemInstance *self)
{
  return self->kind;
}

const char *
pd_item_instance_get_value (const PdItemInstance *self)
{
  return self->value;
}

const char *
pd_item_instance_get_cis_full (const PdItemInstance *self)
{
  return self->cis_full;
}

void
pd_item_instance_set_cis_full (PdItemInstance *self,
                               const char     *cis_full)
{
  g_free (self->cis_full);
  self->cis_full = g_strdup (cis_full);
}

const char *
pd_item_instance_get_country_code (const PdItemInstance *self)
{
  return self->country_code;
}

void
pd_item_instance_set_country_code (PdItemInstance *self,
                                   const char     *country_code)
{
  g_free (self->country_code);
  self->country_code = g_strdup (country_code);
}
