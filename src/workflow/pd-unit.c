/* pd-unit.c — one unit of an order item that needs a code.
 *
 * The unit holds the journal's entry for its code (or none) and derives from it the state the
 * badge shows; the words for the Market's verdicts come from the status catalogue, the words
 * for what happens on the desk come from here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "pd-enum-nick.h"
#include "pd-unit.h"
#include "pd-workflow-enums.h"

struct _PdUnit
{
  GObject         parent_instance;

  gint64          campaign_id;
  gint64          order_id;
  gboolean        dbs;
  PdOrderItem    *item;
  guint           index;
  PdJournalEntry *entry;
  PdUnitState     state;
  char           *short_code;
};

G_DEFINE_FINAL_TYPE (PdUnit, pd_unit, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_STATE,
  PROP_CODE,
  PROP_SHORT_CODE,
  PROP_SOURCE,
  PROP_BADGE,
  PROP_EXPLANATION,
  PROP_ACTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
pd_unit_finalize (GObject *object)
{
  PdUnit *self = PD_UNIT (object);

  g_clear_object (&self->item);
  g_clear_pointer (&self->entry, pd_journal_entry_free);
  g_free (self->short_code);

  G_OBJECT_CLASS (pd_unit_parent_class)->finalize (object);
}

static void
pd_unit_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  PdUnit *self = PD_UNIT (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_CODE:
      g_value_set_string (value, pd_unit_get_code (self));
      break;
    case PROP_SHORT_CODE:
      g_value_set_string (value, self->short_code);
      break;
    case PROP_SOURCE:
      g_value_set_string (value, self->entry != NULL ? pd_capture_source_to_string (self->entry->source) : NULL);
      break;
    case PROP_BADGE:
      g_value_set_string (value, pd_unit_get_badge (self));
      break;
    case PROP_EXPLANATION:
      g_value_set_string (value, pd_unit_get_explanation (self));
      break;
    case PROP_ACTION:
      g_value_set_string (value, pd_unit_get_action (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_unit_class_init (PdUnitClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = pd_unit_finalize;
  object_class->get_property = pd_unit_get_property;

  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, PD_TYPE_UNIT_STATE,
                                              PD_UNIT_STATE_EMPTY,
                                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CODE] = g_param_spec_string ("code", NULL, NULL, NULL,
                                               G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHORT_CODE] = g_param_spec_string ("short-code", NULL, NULL, NULL,
                                                     G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SOURCE] = g_param_spec_string ("source", NULL, NULL, NULL,
                                                 G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_BADGE] = g_param_spec_string ("badge", NULL, NULL, NULL,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_EXPLANATION] = g_param_spec_string ("explanation", NULL, NULL, NULL,
                                                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTION] = g_param_spec_string ("action", NULL, NULL, NULL,
                                                 G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_unit_init (PdUnit *self)
{
}

PdUnit *
pd_unit_new (gint64       campaign_id,
             gint64       order_id,
             gboolean     dbs,
             PdOrderItem *item,
             guint        index)
{
  PdUnit *self = g_object_new (PD_TYPE_UNIT, NULL);

  self->campaign_id = campaign_id;
  self->order_id = order_id;
  self->dbs = dbs;
  self->item = g_object_ref (item);
  self->index = index;
  return self;
}

gint64
pd_unit_get_order_id (PdUnit *self)
{
  return self->order_id;
}

gint64
pd_unit_get_item_id (PdUnit *self)
{
  return pd_order_item_get_id (self->item);
}

PdOrderItem *
pd_unit_get_item (PdUnit *self)
{
  return self->item;
}

guint
pd_unit_get_index (PdUnit *self)
{
  return self->index;
}

/* CIS_OPTIONAL units never block an order. */
gboolean
pd_unit_is_optional (PdUnit *self)
{
  return pd_order_item_get_required_types (self->item) == PD_INSTANCE_TYPE_CIS_OPTIONAL;
}

/* Whether the item asks for codes of KIND. */
gboolean
pd_unit_accepts (PdUnit     *self,
                 PdCodeKind  kind)
{
  PdInstanceTypes types = pd_order_item_get_required_types (self->item);

  switch (kind)
    {
    case PD_CODE_KIND_CIS:
      return (types & (PD_INSTANCE_TYPE_CIS | PD_INSTANCE_TYPE_CIS_OPTIONAL)) != 0;
    case PD_CODE_KIND_UIN:
      return (types & PD_INSTANCE_TYPE_UIN) != 0;
    case PD_CODE_KIND_RNPT:
      return (types & PD_INSTANCE_TYPE_RNPT) != 0;
    case PD_CODE_KIND_GTD:
    case PD_CODE_KIND_COUNTRY:
      return (types & PD_INSTANCE_TYPE_GTD) != 0;
    case PD_CODE_KIND_NONE:
    default:
      return FALSE;
    }
}

/* Returns: (nullable): the code on this unit, as the journal has it */
const PdJournalEntry *
pd_unit_get_entry (PdUnit *self)
{
  return self->entry;
}

/* An entry that puts CODE on this unit. */
PdJournalEntry *
pd_unit_new_entry (PdUnit          *self,
                   const PdCode    *code,
                   PdCaptureSource  source)
{
  PdJournalEntry *entry = pd_journal_entry_new_for_code (self->campaign_id, self->order_id,
                                                         pd_unit_get_item_id (self), self->index,
                                                         code, source);

  entry->offer_id = g_strdup (pd_order_item_get_offer_id (self->item));
  return entry;
}

static PdUnitState
state_of (const PdJournalEntry *entry,
          gboolean              dbs)
{
  if (entry == NULL)
    return PD_UNIT_STATE_EMPTY;

  switch (entry->submit_state)
    {
    case PD_SUBMIT_STATE_CAPTURED:
      return PD_UNIT_STATE_CAPTURED;
    case PD_SUBMIT_STATE_QUEUED:
      return PD_UNIT_STATE_SENDING;
    case PD_SUBMIT_STATE_REJECTED:
      return PD_UNIT_STATE_REJECTED;
    case PD_SUBMIT_STATE_SUBMITTED:
    default:
      break;
    }

  /* The Market checks Chestny ZNAK codes and UINs of FBS and Express orders only. */
  if (dbs)
    return PD_UNIT_STATE_NOT_VERIFIED;
  if (entry->kind != PD_CODE_KIND_CIS && entry->kind != PD_CODE_KIND_UIN)
    return PD_UNIT_STATE_SUBMITTED;
  if (entry->status == NULL || g_str_equal (entry->status, "IN_PROGRESS"))
    return PD_UNIT_STATE_CHECKING;
  if (g_str_equal (entry->status, "OK"))
    return PD_UNIT_STATE_OK;
  if (g_str_equal (entry->status, "INVALID"))
    return PD_UNIT_STATE_INVALID;
  if (g_str_equal (entry->status, "FAILED"))
    return PD_UNIT_STATE_FAILED;
  return PD_UNIT_STATE_SUBMITTED;
}

/* Takes a copy of ENTRY (NULL empties the unit) and tells whoever watches. */
void
pd_unit_set_entry (PdUnit               *self,
                   const PdJournalEntry *entry)
{
  g_autoptr(PdCode) code = NULL;

  g_clear_pointer (&self->entry, pd_journal_entry_free);
  g_clear_pointer (&self->short_code, g_free);
  if (entry != NULL)
    {
      const char *short_code;

      self->entry = pd_journal_entry_copy (entry);
      code = pd_code_check (entry->code, entry->kind, 0);
      /* Only a CIS has a short form (its code without the crypto tail); "" for the others. */
      short_code = pd_code_is_valid (code) ? pd_code_get_short (code) : NULL;
      if (short_code == NULL || *short_code == '\0')
        short_code = entry->code;
      self->short_code = entry->country_code != NULL && entry->kind == PD_CODE_KIND_GTD
                         ? g_strdup_printf ("%s · %s", short_code, entry->country_code)
                         : g_strdup (short_code);
    }
  self->state = state_of (self->entry, self->dbs);

  for (guint i = 1; i < N_PROPS; i++)
    g_object_notify_by_pspec (G_OBJECT (self), properties[i]);
}

PdUnitState
pd_unit_get_state (PdUnit *self)
{
  return self->state;
}

const char *
pd_unit_get_code (PdUnit *self)
{
  return self->entry != NULL ? self->entry->code : NULL;
}

/* The code without its crypto tail, for the list; the whole code for other kinds. */
const char *
pd_unit_get_short_code (PdUnit *self)
{
  return self->short_code;
}

/* The Market's verdict, where the badge repeats it. */
static const PdStatusInfo *
verdict (PdUnit *self)
{
  switch (self->state)
    {
    case PD_UNIT_STATE_CHECKING:
    case PD_UNIT_STATE_OK:
    case PD_UNIT_STATE_INVALID:
    case PD_UNIT_STATE_FAILED:
    case PD_UNIT_STATE_SUBMITTED:
      if (self->entry->status != NULL)
        return pd_status_catalogue_lookup (self->entry->kind, self->entry->status, self->entry->substatus);
      return NULL;
    case PD_UNIT_STATE_EMPTY:
    case PD_UNIT_STATE_CAPTURED:
    case PD_UNIT_STATE_SENDING:
    case PD_UNIT_STATE_REJECTED:
    case PD_UNIT_STATE_NOT_VERIFIED:
    default:
      return NULL;
    }
}

/* Whether the unit has a customs declaration whose country is still to come: a country code
 * completes it, and until then the unit is not done. */
gboolean
pd_unit_lacks_country (PdUnit *self)
{
  return self->entry != NULL && self->entry->kind == PD_CODE_KIND_GTD && self->entry->country_code == NULL;
}

/* Kept, but waiting for its country: what the badge says instead of "Captured". */
static gboolean
awaits_country (PdUnit *self)
{
  return pd_unit_lacks_country (self) && self->state == PD_UNIT_STATE_CAPTURED;
}

PdSeverity
pd_unit_get_severity (PdUnit *self)
{
  const PdStatusInfo *info = verdict (self);

  if (info != NULL)
    return pd_status_info_get_severity (info);
  if (awaits_country (self))
    return PD_SEVERITY_WARNING;
  switch (self->state)
    {
    case PD_UNIT_STATE_REJECTED:
      return PD_SEVERITY_ERROR;
    case PD_UNIT_STATE_EMPTY:
      /* An optional code is not done either: no tick, no alarm. */
      return pd_unit_is_optional (self) ? PD_SEVERITY_PENDING : PD_SEVERITY_WARNING;
    case PD_UNIT_STATE_SUBMITTED:
    case PD_UNIT_STATE_NOT_VERIFIED:
      return PD_SEVERITY_OK;
    case PD_UNIT_STATE_CAPTURED:
    case PD_UNIT_STATE_SENDING:
    case PD_UNIT_STATE_CHECKING:
    case PD_UNIT_STATE_OK:
    case PD_UNIT_STATE_INVALID:
    case PD_UNIT_STATE_FAILED:
    default:
      return PD_SEVERITY_PENDING;
    }
}

const char *
pd_unit_get_badge (PdUnit *self)
{
  const PdStatusInfo *info = verdict (self);

  if (info != NULL)
    return pd_status_info_get_badge (info);
  if (awaits_country (self))
    return C_("badge", "Needs country");
  switch (self->state)
    {
    case PD_UNIT_STATE_EMPTY:
      return pd_unit_is_optional (self) ? C_("badge", "Optional") : C_("badge", "Scan code");
    case PD_UNIT_STATE_CAPTURED:
      return C_("badge", "Captured");
    case PD_UNIT_STATE_SENDING:
      return C_("badge", "Sending");
    case PD_UNIT_STATE_CHECKING:
      return C_("badge", "Checking");
    case PD_UNIT_STATE_REJECTED:
      return C_("badge", "Rejected");
    case PD_UNIT_STATE_NOT_VERIFIED:
      return C_("badge", "Not verified for DBS");
    case PD_UNIT_STATE_SUBMITTED:
    case PD_UNIT_STATE_OK:
    case PD_UNIT_STATE_INVALID:
    case PD_UNIT_STATE_FAILED:
    default:
      return C_("badge", "Sent");
    }
}

const char *
pd_unit_get_explanation (PdUnit *self)
{
  const PdStatusInfo *info = verdict (self);

  if (info != NULL)
    return pd_status_info_get_explanation (info);
  if (awaits_country (self))
    return _("The declaration is kept; it goes to the Market with its country of origin.");
  switch (self->state)
    {
    case PD_UNIT_STATE_EMPTY:
      return pd_unit_is_optional (self)
             ? _("The Market does not require this code yet, but will soon.")
             : _("This unit still needs its code.");
    case PD_UNIT_STATE_CAPTURED:
      return _("The code is saved on this computer and goes to the Market with the order’s other codes.");
    case PD_UNIT_STATE_SENDING:
      return _("The code is on its way to the Market.");
    case PD_UNIT_STATE_REJECTED:
      return self->entry->reason;
    case PD_UNIT_STATE_NOT_VERIFIED:
      return _("The Market does not verify codes of DBS orders; it has this code.");
    case PD_UNIT_STATE_CHECKING:
      return _("The Market is checking the code.");
    case PD_UNIT_STATE_SUBMITTED:
    case PD_UNIT_STATE_OK:
    case PD_UNIT_STATE_INVALID:
    case PD_UNIT_STATE_FAILED:
    default:
      return _("The Market has this code.");
    }
}

/* What an empty unit asks for, by the kind of code its item needs. */
static const char *
empty_action (PdUnit *self)
{
  PdInstanceTypes types = pd_order_item_get_required_types (self->item);

  if (types & PD_INSTANCE_TYPE_UIN)
    return _("Scan or type the UIN from the jewelry’s tag.");
  if (types & PD_INSTANCE_TYPE_RNPT)
    return _("Scan or type the RNPT, the item’s traceability number.");
  if (types & PD_INSTANCE_TYPE_GTD)
    return _("Scan or type the customs declaration number, then its country code.");
  return _("Scan the DataMatrix code on this unit.");
}

const char *
pd_unit_get_action (PdUnit *self)
{
  const PdStatusInfo *info = verdict (self);

  if (info != NULL)
    return pd_status_info_get_action (info);
  if (awaits_country (self))
    return _("Scan or type the country code of the declaration, such as CN.");
  switch (self->state)
    {
    case PD_UNIT_STATE_EMPTY:
      return empty_action (self);
    case PD_UNIT_STATE_REJECTED:
      return _("Rescan the code from the label, or remove it and scan the right one.");
    case PD_UNIT_STATE_CAPTURED:
    case PD_UNIT_STATE_SENDING:
    case PD_UNIT_STATE_CHECKING:
    case PD_UNIT_STATE_NOT_VERIFIED:
    case PD_UNIT_STATE_SUBMITTED:
    case PD_UNIT_STATE_OK:
    case PD_UNIT_STATE_INVALID:
    case PD_UNIT_STATE_FAILED:
    default:
      return NULL;
    }
}

/* Whether the unit belongs on the review page. */
gboolean
pd_unit_is_problem (PdUnit *self)
{
  return self->state == PD_UNIT_STATE_INVALID || self->state == PD_UNIT_STATE_FAILED
         || self->state == PD_UNIT_STATE_REJECTED;
}

const char *
pd_unit_state_to_string (PdUnitState state)
{
  return pd_enum_to_nick (PD_TYPE_UNIT_STATE, state);
}
