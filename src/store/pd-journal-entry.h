/* pd-journal-entry.h — one captured code of one unit, as the journal keeps it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "pd-code.h"

G_BEGIN_DECLS

/* Where a code came from; the nicks are what the journal and the CSV export write. */
typedef enum
{
  PD_CAPTURE_SOURCE_SCANNER,  /*< nick=scanner >*/
  PD_CAPTURE_SOURCE_CAMERA,   /*< nick=camera >*/
  PD_CAPTURE_SOURCE_TYPED,    /*< nick=typed >*/
  PD_CAPTURE_SOURCE_FILE,     /*< nick=file >*/
  PD_CAPTURE_SOURCE_MARKET,   /*< nick=market >*/
} PdCaptureSource;

/* How far the code got towards the Market. */
typedef enum
{
  PD_SUBMIT_STATE_CAPTURED,   /*< nick=captured >*/
  PD_SUBMIT_STATE_QUEUED,     /*< nick=queued >*/
  PD_SUBMIT_STATE_SUBMITTED,  /*< nick=submitted >*/
  PD_SUBMIT_STATE_REJECTED,   /*< nick=rejected >*/
} PdSubmitState;

typedef struct
{
  gint64           campaign_id;
  gint64           order_id;
  gint64           item_id;
  guint            unit;          /* 0-based within the item */
  char            *offer_id;
  PdCodeKind       kind;
  char            *raw;           /* the scan as it arrived */
  char            *code;          /* normalized, what the Market is sent */
  char            *dedup_key;
  char            *gtin;          /* CIS only */
  char            *country_code;  /* GTD only */
  PdCaptureSource  source;
  gint64           captured_at;   /* microseconds since the epoch */
  PdSubmitState    submit_state;
  char            *status;        /* the Market's last verification verdict, nullable */
  char            *substatus;
  char            *reason;        /* why the Market rejected it, nullable */
  char            *packer;        /* who captured it at this desk, nullable */
} PdJournalEntry;

#define PD_TYPE_JOURNAL_ENTRY (pd_journal_entry_get_type ())

GType           pd_journal_entry_get_type       (void) G_GNUC_CONST;
PdJournalEntry *pd_journal_entry_new            (gint64                campaign_id,
                                                 gint64                order_id,
                                                 gint64                item_id,
                                                 guint                 unit);
PdJournalEntry *pd_journal_entry_new_for_code   (gint64                campaign_id,
                                                 gint64                order_id,
                                                 gint64                item_id,
                                                 guint                 unit,
                                                 const PdCode         *code,
                                                 PdCaptureSource       source);
PdJournalEntry *pd_journal_entry_copy           (const PdJournalEntry *self);
void            pd_journal_entry_free           (PdJournalEntry       *self);
void            pd_journal_entry_set_string     (char                **field,
                                                 const char           *value);

const char     *pd_capture_source_to_string     (PdCaptureSource       source);
PdCaptureSource pd_capture_source_from_string   (const char           *text);
const char     *pd_submit_state_to_string       (PdSubmitState         state);
PdSubmitState   pd_submit_state_from_string     (const char           *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdJournalEntry, pd_journal_entry_free)

G_END_DECLS
