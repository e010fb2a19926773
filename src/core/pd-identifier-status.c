/* pd-identifier-status.c — one entry of getOrderIdentifiersStatus; status and substatus stay as
 * the Market sent them, and pd-status-catalogue.c puts them into words.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pd-identifier-status.h"

G_DEFINE_BOXED_TYPE (PdIdentifierStatus, pd_identifier_status,
                     pd_identifier_status_copy, pd_identifier_status_free)

PdIdentifierStatus *
pd_identifier_status_new (gint64      item_id,
                          PdCodeKind  kind,
                          const char *value,
                          const char *status,
                          const char *substatus)
{
  PdIdentifierStatus *self = g_new0 (PdIdentifierStatus, 1);

  self->item_id = item_id;
  self->kind = kind;
  self->value = g_strdup (value);
  self->status = g_strdup (status);
  self->substatus = g_strdup (substatus);
  return self;
}

PdIdentifierStatus *
pd_identifier_status_copy (const PdIdentifierStatus *self)
{
  return pd_identifier_status_new (self->item_id, self->kind, self->value, self->status,
                                   self->substatus);
}

void
pd_identifier_status_free (PdIdentifierStatus *self)
{
  g_free (self->value);
  g_free (self->status);
  g_free (self->substatus);
  g_free (self);
}
