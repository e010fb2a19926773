/* pd-journal-entry.c — one captured code of one unit, as the journal keeps it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pd-enum-nick.h"
#include "pd-journal-entry.h"
#include "pd-store-enums.h"

G_DEFINE_BOXED_TYPE (PdJournalEntry, pd_journal_entry, pd_journal_entry_copy, pd_journal_entry_free)

PdJournalEntry *
pd_journal_entry_new (gint64 campaign_id,
                      gint64 order_id,
                      gint64 item_id,
                      guint  unit)
{
  PdJournalEntry *self = g_new0 (PdJournalEntry, 1);

  self->campaign_id = campaign_id;
  self->order_id = order_id;
  self->item_id = item_id;
  self->unit = unit;
  self->captured_at = g_get_real_time ();
  return self;
}

/* An entry for a valid CODE, captured now. */
PdJournalEntry *
pd_journal_entry_new_for_code (gint64          campaign_id,
                               gint64          order_id,
                               gint64          item_id,
                               guint           unit,
                               const PdCode   *code,
                               PdCaptureSource source)
{
  PdJournalEntry *self = pd_journal_entry_new (campaign_id, order_id, item_id, unit);

  g_return_val_if_fail (pd_code_is_valid (code), self);

  self->kind = pd_code_get_kind (code);
  self->raw = g_strdup (pd_code_get_input (code));
  self->code = g_strdup (pd_code_get_normalized (code));
  self->dedup_key = pd_code_dup_dedup_key (code);
  self->gtin = g_strdup (pd_code_get_gtin (code));
  self->source = source;
  return self;
}

PdJournalEntry *
pd_journal_entry_copy (const PdJournalEntry *self)
{
  PdJournalEntry *copy = g_memdup2 (self, sizeof *self);

  copy->offer_id = g_strdup (self->offer_id);
  copy->raw = g_strdup (self->raw);
  copy->code = g_strdup (self->code);
  copy->dedup_key = g_strdup (self->dedup_key);
  copy->gtin = g_strdup (self->gtin);
  copy->country_code = g_strdup (self->country_code);
  copy->status = g_strdup (self->status);
  copy->substatus = g_strdup (self->substatus);
  copy->reason = g_strdup (self->reason);
  copy->packer = g_strdup (self->packer);
  return copy;
}

void
pd_journal_entry_free (PdJournalEntry *self)
{
  g_free (self->offer_id);
  g_free (self->raw);
  g_free (self->code);
  g_free (self->dedup_key);
  g_free (self->gtin);
  g_free (self->country_code);
  g_free (self->status);
  g_free (self->substatus);
  g_free (self->reason);
  g_free (self->packer);
  g_free (self);
}

void
pd_journal_entry_set_string (char      **field,
                             const char *value)
{
  if (*field != value)
    {
      g_free (*field);
      *field = g_strdup (value);
    }
}

const char *
pd_capture_source_to_string (PdCaptureSource source)
{
  return pd_enum_to_nick (PD_TYPE_CAPTURE_SOURCE, source);
}

PdCaptureSource
pd_capture_source_from_string (const char *text)
{
  return pd_enum_from_nick (PD_TYPE_CAPTURE_SOURCE, text, PD_CAPTURE_SOURCE_TYPED);
}

const char *
pd_submit_state_to_string (PdSubmitState state)
{
  return pd_enum_to_nick (PD_TYPE_SUBMIT_STATE, state);
}

PdSubmitState
pd_submit_state_from_string (const char *text)
{
  return pd_enum_from_nick (PD_TYPE_SUBMIT_STATE, text, PD_SUBMIT_STATE_CAPTURED);
}
