/* pd-desk.c — the packing workflow.
 *
 * A scan becomes a unit's code only once the journal has it on the disk. Edits (capture,
 * replace, remove) run one after another, so two quick scans never race for the same unit.
 * When an order has every required code, its complete set goes to the outbox — in the journal
 * first, so it survives a restart — and the outbox sends one order at a time, oldest first,
 * waiting longer after each failure and as long as a 420 says. After an FBS or Express
 * submission the desk polls the verification statuses with growing intervals, all orders
 * sharing one budget well under the Market's 1,000 requests an hour.
 *
 * This file holds the object, the review, opening orders, edits and readiness; each other
 * concern has a file of its own (see pd-desk-private.h).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pd-desk-private.h"

static const PdDeskTiming default_timing = {
  .first_poll_ms = 5000,
  .max_poll_ms = 120000,
  .first_retry_ms = 5000,
  .max_retry_ms = 300000,
  .polls_per_hour = 500,
};

G_DEFINE_FINAL_TYPE (PdDesk, pd_desk, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_OUTBOX_LENGTH,
  PROP_NEXT_ATTEMPT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SURVEYED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* For the survey, which tells when the Market's verdicts on an order not open here arrive. */
void
pd_desk_emit_surveyed (PdDesk *self)
{
  g_signal_emit (self, signals[SURVEYED], 0);
}

/* The outbox waits until NEXT_ATTEMPT (real time, µs; 0: it does not wait), and says so. */
void
pd_desk_set_next_attempt (PdDesk *self,
                          gint64  next_attempt)
{
  if (self->next_attempt == next_attempt)
    return;
  self->next_attempt = next_attempt;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_ATTEMPT]);
}

/**
 * pd_desk_get_next_attempt:
 *
 * Returns: when (real time, µs) the outbox tries again after a failure or a pause, 0 while it
 *   does not wait
 */
gint64
pd_desk_get_next_attempt (PdDesk *self)
{
  return self->next_attempt;
}

/* For the outbox, which tells when its length changes. */
GParamSpec *
pd_desk_outbox_length_pspec (void)
{
  return properties[PROP_OUTBOX_LENGTH];
}


static void
pd_desk_dispose (GObject *object)
{
  PdDesk *self = PD_DESK (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->outbox_source, g_source_remove);
  g_clear_handle_id (&self->survey_source, g_source_remove);
  g_hash_table_remove_all (self->polls);

  G_OBJECT_CLASS (pd_desk_parent_class)->dispose (object);
}

static void
pd_desk_finalize (GObject *object)
{
  PdDesk *self = PD_DESK (object);

  g_queue_clear_full (&self->outbox, g_free);
  g_clear_object (&self->client);
  g_clear_object (&self->journal);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->orders, g_hash_table_unref);
  g_clear_pointer (&self->gtins, g_hash_table_unref);
  g_clear_pointer (&self->polls, g_hash_table_unref);
  g_clear_pointer (&self->surveyed, g_hash_table_unref);
  g_queue_clear_full (&self->survey_queue, g_free);
  g_clear_object (&self->survey_orders);
  g_clear_object (&self->review);
  g_free (self->packer);

  G_OBJECT_CLASS (pd_desk_parent_class)->finalize (object);
}

static void
pd_desk_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  PdDesk *self = PD_DESK (object);

  switch (prop_id)
    {
    case PROP_OUTBOX_LENGTH:
      g_value_set_uint (value, pd_desk_get_outbox_length (self));
      break;
    case PROP_NEXT_ATTEMPT:
      g_value_set_int64 (value, self->next_attempt);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_desk_class_init (PdDeskClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pd_desk_dispose;
  object_class->finalize = pd_desk_finalize;
  object_class->get_property = pd_desk_get_property;

  properties[PROP_OUTBOX_LENGTH] = g_param_spec_uint ("outbox-length", NULL, NULL, 0, G_MAXUINT, 0,
                                                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NEXT_ATTEMPT] = g_param_spec_int64 ("next-attempt", NULL, NULL, 0, G_MAXINT64, 0,
                                                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * PdDesk::surveyed:
   *
   * The Market's verdicts on the codes of an order not open at this desk came in
   * (pd_desk_survey()); the order's PdOrder:verdicts has them.
   */
  signals[SURVEYED] = g_signal_new ("surveyed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
pd_desk_init (PdDesk *self)
{
  self->timing = default_timing;
  self->cancellable = g_cancellable_new ();
  self->orders = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->gtins = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->review = g_list_store_new (PD_TYPE_UNIT);
  self->polls = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) pd_desk_poll_free);
  self->surveyed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, pd_desk_surveyed_free);
  self->poll_tokens = POLL_BURST;
  self->poll_tokens_at = g_get_monotonic_time ();
  self->retry_ms = self->timing.first_retry_ms;
}

PdDesk *
pd_desk_new (PdMarketClient *client,
             PdJournal      *journal)
{
  PdDesk *self = g_object_new (PD_TYPE_DESK, NULL);

  self->client = g_object_ref (client);
  self->journal = g_object_ref (journal);
  return self;
}

void
pd_desk_set_timing (PdDesk             *self,
                    const PdDeskTiming *timing)
{
  self->timing = *timing;
  self->retry_ms = timing->first_retry_ms;
}

/* The character the scanner sends instead of GS, or 0 (see the preferences). */
void
pd_desk_set_gs_substitute (PdDesk   *self,
                           gunichar  gs_substitute)
{
  self->gs_substitute = gs_substitute;
}

/**
 * pd_desk_set_packer:
 * @packer: (nullable): who works at the desk, as Preferences says
 *
 * The codes captured from now on, and every event the journal records, name PACKER.
 */
void
pd_desk_set_packer (PdDesk     *self,
                    const char *packer)
{
  g_autofree char *name = g_strstrip (g_strdup (packer != NULL ? packer : ""));

  g_free (self->packer);
  self->packer = *name != '\0' ? g_steal_pointer (&name) : NULL;
  pd_journal_set_packer (self->journal, self->packer);
}

/**
 * pd_desk_set_confirm_unmarked:
 *
 * Whether each unit of an order's goods without marking must be scanned by its barcode before
 * the order may be marked ready to ship; for the open orders and those opened later.
 */
void
pd_desk_set_confirm_unmarked (PdDesk   *self,
                              gboolean  confirm)
{
  GHashTableIter iter;
  gpointer packing;

  self->confirm_unmarked = confirm;
  g_hash_table_iter_init (&iter, self->orders);
  while (g_hash_table_iter_next (&iter, NULL, &packing))
    pd_packing_order_set_confirm_unmarked (packing, confirm);
}

/**
 * pd_desk_lookup_gtin:
 *
 * Returns: (nullable): the GTIN the desk has seen on OFFER_ID's codes, here or at the Market
 */
const char *
pd_desk_lookup_gtin (PdDesk     *self,
                     const char *offer_id)
{
  return offer_id != NULL ? g_hash_table_lookup (self->gtins, offer_id) : NULL;
}

/* Returns: (transfer none): every rejected, INVALID or FAILED code of the open orders, a
 *   GListModel of PdUnit */
GListModel *
pd_desk_get_review (PdDesk *self)
{
  return G_LIST_MODEL (self->review);
}

guint
pd_desk_get_outbox_length (PdDesk *self)
{
  return self->outbox.length;
}

/* Returns: (transfer none) (nullable) */
PdPackingOrder *
pd_desk_lookup_order (PdDesk *self,
                      gint64  order_id)
{
  return g_hash_table_lookup (self->orders, &order_id);
}

GError *
pd_desk_locked_error (void)
{
  return g_error_new_literal (PD_DESK_ERROR, PD_DESK_ERROR_LOCKED,
                              _("This order is already ready to ship; its codes can no longer change."));
}

/* ---- The review. ---- */

/* A problem being sent or checked again stays listed until the Market's verdict: resending an
 * order must not make its rows vanish under the packer's pointer for seconds. */
static gboolean
on_its_way (PdUnit *unit)
{
  switch (pd_unit_get_state (unit))
    {
    case PD_UNIT_STATE_CAPTURED:
    case PD_UNIT_STATE_SENDING:
    case PD_UNIT_STATE_SUBMITTED:
    case PD_UNIT_STATE_CHECKING:
      return TRUE;
    case PD_UNIT_STATE_EMPTY:
    case PD_UNIT_STATE_OK:
    case PD_UNIT_STATE_INVALID:
    case PD_UNIT_STATE_FAILED:
    case PD_UNIT_STATE_REJECTED:
    case PD_UNIT_STATE_NOT_VERIFIED:
    default:
      return FALSE;
    }
}

static void
on_unit_state (PdUnit     *unit,
               GParamSpec *pspec,
               PdDesk     *self)
{
  guint position;
  gboolean listed = g_list_store_find (self->review, unit, &position);

  if (pd_unit_is_problem (unit) && !listed)
    g_list_store_append (self->review, unit);
  else if (!pd_unit_is_problem (unit) && listed && !on_its_way (unit))
    g_list_store_remove (self->review, position);
}

/* ---- Units and the journal. ---- */

/* Copies of ENTRIES' new state go to their units; the order works out readiness again. */
void
pd_desk_apply_entries (PdPackingOrder *packing,
                       GPtrArray      *entries)
{
  for (guint i = 0; i < entries->len; i++)
    {
      const PdJournalEntry *entry = g_ptr_array_index (entries, i);
      PdUnit *unit = pd_packing_order_find_unit (packing, entry->item_id, entry->unit);

      if (unit != NULL)
        pd_unit_set_entry (unit, entry);
    }
  pd_packing_order_update (packing);
}

/* The in-memory side of set_order_state() in the journal: QUEUED takes every filled unit but the
 * rejected ones, any other state only the queued ones; with FORGET_VERDICT only OK verdicts
 * stand. */
void
pd_desk_set_submit_state (PdPackingOrder *packing,
                          PdSubmitState   state,
                          gboolean        forget_verdict)
{
  GListModel *units = pd_packing_order_get_units (packing);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_journal_entry_free);

  for (guint i = 0; i < g_list_model_get_n_items (units); i++)
    {
      g_autoptr(PdUnit) unit = g_list_model_get_item (units, i);
      const PdJournalEntry *entry = pd_unit_get_entry (unit);
      PdJournalEntry *copy;

      if (entry == NULL || entry->submit_state == PD_SUBMIT_STATE_REJECTED
          || (state != PD_SUBMIT_STATE_QUEUED && entry->submit_state != PD_SUBMIT_STATE_QUEUED))
        continue;
      copy = pd_journal_entry_copy (entry);
      copy->submit_state = state;
      if (forget_verdict && g_strcmp0 (copy->status, "OK") != 0)
        {
          g_clear_pointer (&copy->status, g_free);
          g_clear_pointer (&copy->substatus, g_free);
        }
      g_ptr_array_add (entries, copy);
    }
  pd_desk_apply_entries (packing, entries);
}

/* ---- Opening an order. ---- */

/* Codes the Market already has for the order that this desk did not capture: from another desk
 * or an earlier install. They fill the first free units that take them. */
static GPtrArray *
merge_market_codes (PdPackingOrder *packing)
{
  PdOrder *order = pd_packing_order_get_order (packing);
  GPtrArray *items = pd_order_get_items (order);
  GPtrArray *merged = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_journal_entry_free);

  for (guint i = 0; i < items->len; i++)
    {
      PdOrderItem *item = g_ptr_array_index (items, i);
      GPtrArray *instances = pd_order_item_get_instances (item);

      for (guint k = 0; k < instances->len; k++)
        {
          const PdItemInstance *instance = g_ptr_array_index (instances, k);
          const char *value = pd_item_instance_get_cis_full (instance) != NULL
                              ? pd_item_instance_get_cis_full (instance) : pd_item_instance_get_value (instance);
          g_autoptr(PdCode) code = pd_code_check (value, pd_item_instance_get_kind (instance), 0);
          PdUnit *unit;
          PdJournalEntry *entry;

          if (!pd_code_is_valid (code))
            continue;
          unit = pd_packing_order_choose_unit (packing, code, pd_order_item_get_id (item), NULL, NULL);
          if (unit == NULL)  /* already here, or more codes than units */
            continue;
          entry = pd_unit_new_entry (unit, code, PD_CAPTURE_SOURCE_MARKET);
          entry->submit_state = PD_SUBMIT_STATE_SUBMITTED;
          pd_journal_entry_set_string (&entry->country_code, pd_item_instance_get_country_code (instance));
          pd_unit_set_entry (unit, entry);
          g_ptr_array_add (merged, entry);
        }
    }
  pd_packing_order_update (packing);
  return merged;
}

static gboolean
has_unsent_codes (PdPackingOrder *packing)
{
  GListModel *units = pd_packing_order_get_units (packing);

  for (guint i = 0; i < g_list_model_get_n_items (units); i++)
    {
      g_autoptr(PdUnit) unit = g_list_model_get_item (units, i);

      if (pd_unit_get_state (unit) == PD_UNIT_STATE_CAPTURED)
        return TRUE;
    }
  return FALSE;
}

static void
watch_units (PdDesk         *self,
             PdPackingOrder *packing)
{
  GListModel *units = pd_packing_order_get_units (packing);

  for (guint i = 0; i < g_list_model_get_n_items (units); i++)
    {
      g_autoptr(PdUnit) unit = g_list_model_get_item (units, i);

      g_signal_connect_object (unit, "notify::state", G_CALLBACK (on_unit_state), self, 0);
      on_unit_state (unit, NULL, self);
    }
}

static void
on_merged_recorded (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  g_autoptr(GTask) task = data;
  PdPackingOrder *packing = g_task_get_task_data (task);
  GError *error = NULL;

  if (!pd_journal_record_finish (PD_JOURNAL (source), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_object_ref (packing), g_object_unref);
}

static void
on_order_loaded (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  g_autoptr(GTask) task = data;
  PdDesk *self = g_task_get_source_object (task);
  PdPackingOrder *packing = g_task_get_task_data (task);
  gint64 order_id = pd_order_get_id (pd_packing_order_get_order (packing));
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) merged = NULL;
  GError *error = NULL;

  entries = pd_journal_load_order_finish (PD_JOURNAL (source), result, &error);
  if (entries == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* Another open of the same order may have finished first; that one wins. */
  if (pd_desk_lookup_order (self, order_id) != NULL)
    {
      g_task_return_pointer (task, g_object_ref (pd_desk_lookup_order (self, order_id)), g_object_unref);
      return;
    }

  pd_packing_order_set_confirm_unmarked (packing, self->confirm_unmarked);
  pd_desk_apply_entries (packing, entries);
  merged = merge_market_codes (packing);
  g_hash_table_insert (self->orders, g_memdup2 (&order_id, sizeof order_id), g_object_ref (packing));
  watch_units (self, packing);
  if (pd_packing_order_is_checking (packing))
    pd_desk_poll_later (self, order_id, self->timing.first_poll_ms);
  /* A code captured just before the desk stopped may never have been queued. */
  if (has_unsent_codes (packing))
    pd_desk_submit_if_complete (self, packing);

  if (merged->len == 0)
    g_task_return_pointer (task, g_object_ref (packing), g_object_unref);
  else
    pd_journal_record_async (self->journal, PD_JOURNAL_EVENT_CAPTURED, merged, NULL,
                             on_merged_recorded, g_steal_pointer (&task));
}

/* The boxes as the packer left them, then the codes. */
static void
on_layout_loaded (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  GTask *task = data;
  PdPackingOrder *packing = g_task_get_task_data (task);
  g_autofree char *layout = NULL;
  GError *error = NULL;

  layout = pd_journal_load_layout_finish (PD_JOURNAL (source), result, &error);
  if (layout == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  if (*layout != '\0')
    pd_box_layout_load (pd_packing_order_get_layout (packing), layout);
  pd_journal_load_order_async (PD_JOURNAL (source), pd_order_get_id (pd_packing_order_get_order (packing)),
                               NULL, on_order_loaded, task);
}

/**
 * pd_desk_open_order_async:
 *
 * Puts ORDER on the desk: its units with the codes the journal has for it and those the Market
 * already has. Opening an open order gives the same PdPackingOrder.
 */
void
pd_desk_open_order_async (PdDesk              *self,
                          PdOrder             *order,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  PdPackingOrder *open = pd_desk_lookup_order (self, pd_order_get_id (order));

  g_task_set_source_tag (task, pd_desk_open_order_async);
  if (open != NULL)
    {
      g_task_return_pointer (task, g_object_ref (open), g_object_unref);
      g_object_unref (task);
      return;
    }
  g_task_set_task_data (task, pd_packing_order_new (order), g_object_unref);
  pd_journal_load_layout_async (self->journal, pd_order_get_id (order), NULL, on_layout_loaded, task);
}

/* Returns: (transfer full) (nullable) */
PdPackingOrder *
pd_desk_open_order_finish (PdDesk        *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- Edits: capture, replace, remove. ---- */


static void
edit_free (Edit *edit)
{
  g_clear_object (&edit->packing);
  g_clear_object (&edit->unit);
  g_free (edit->raw);
  g_clear_pointer (&edit->entry, pd_journal_entry_free);
  g_free (edit);
}

static void run_next_edit (PdDesk *self);

static void
edit_done (PdDesk *self)
{
  self->editing = FALSE;
  run_next_edit (self);
}

static void
on_edit_recorded (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr(GTask) task = data;
  PdDesk *self = g_task_get_source_object (task);
  Edit *edit = g_task_get_task_data (task);
  GError *error = NULL;

  if (!pd_journal_record_finish (PD_JOURNAL (source), result, &error))
    {
      g_task_return_error (task, error);
      edit_done (self);
      return;
    }

  /* Only now, with the code on the disk, does the unit show it. */
  pd_unit_set_entry (edit->unit, edit->kind == EDIT_REMOVE ? NULL : edit->entry);
  if (edit->entry->gtin != NULL && edit->entry->offer_id != NULL)
    g_hash_table_replace (self->gtins, g_strdup (edit->entry->offer_id), g_strdup (edit->entry->gtin));
  pd_packing_order_update (edit->packing);
  if (edit->kind == EDIT_CAPTURE)
    pd_desk_place_captured (self, edit->packing, edit->unit);
  if (edit->kind != EDIT_REMOVE)
    pd_desk_submit_if_complete (self, edit->packing);
  g_task_return_pointer (task, g_object_ref (edit->unit), g_object_unref);
  edit_done (self);
}

/* The GTIN of a product's barcode (EAN-13, UPC-A, GTIN-14: zeros in front make its 14 digits),
 * or NULL for other barcodes (EAN-8 names no GTIN-14 a code carries). */
static char *
barcode_gtin (const char *raw)
{
  g_autofree char *digits = g_strstrip (g_strdup (raw));
  gsize length = strlen (digits);

  if (length < 12 || length > 14 || strspn (digits, "0123456789") != length)
    return NULL;
  return g_strconcat (&"00"[length - 12], digits, NULL);
}

/* A product's barcode (EAN-13, UPC-A, GTIN-14) scanned for an order with an item of that
 * product, by the GTIN the desk has seen on its codes: the next codes go to that item.
 * Returns FALSE when RAW is no such barcode. */
static gboolean
pick_item_by_barcode (PdDesk          *self,
                      PdPackingOrder  *packing,
                      const char      *gtin,
                      GError         **error)
{
  GPtrArray *items = pd_order_get_items (pd_packing_order_get_order (packing));

  for (guint i = 0; i < items->len; i++)
    {
      PdOrderItem *item = g_ptr_array_index (items, i);
      const char *learnt = pd_desk_lookup_gtin (self, pd_order_item_get_offer_id (item));

      if (g_strcmp0 (learnt, gtin) != 0 || pd_order_item_get_required_types (item) == PD_INSTANCE_TYPE_NONE)
        continue;
      pd_packing_order_set_selected_item (packing, pd_order_item_get_id (item));
      g_set_error (error, PD_DESK_ERROR, PD_DESK_ERROR_ITEM_PICKED,
                   _("That is the barcode of “%s”: its marking codes come next. Scan the DataMatrix "
                     "code on the unit."), pd_order_item_get_offer_name (item));
      return TRUE;
    }
  return FALSE;
}

/* With confirmation asked for, a product's barcode counts one unit of the unmarked item that
 * has that barcode — or, while the desk has not seen it, of the first unmarked item still short
 * of units, whose barcode it then is (for this session). FALSE when it counts nothing. */
static gboolean
confirm_by_barcode (PdDesk          *self,
                    PdPackingOrder  *packing,
                    const char      *gtin,
                    GError         **error)
{
  GPtrArray *items = pd_order_get_items (pd_packing_order_get_order (packing));
  PdOrderItem *target = NULL;
  guint done;

  if (!pd_packing_order_get_confirm_unmarked (packing))
    return FALSE;
  for (guint i = 0; i < items->len && target == NULL; i++)
    {
      PdOrderItem *item = g_ptr_array_index (items, i);

      if (pd_order_item_get_required_types (item) == PD_INSTANCE_TYPE_NONE
          && g_strcmp0 (pd_desk_lookup_gtin (self, pd_order_item_get_offer_id (item)), gtin) == 0)
        target = item;
    }
  if (target == NULL)
    {
      target = pd_packing_order_get_unconfirmed (packing);
      if (target == NULL || pd_desk_lookup_gtin (self, pd_order_item_get_offer_id (target)) != NULL
          || pd_order_item_get_offer_id (target) == NULL)
        return FALSE;
      g_hash_table_replace (self->gtins, g_strdup (pd_order_item_get_offer_id (target)), g_strdup (gtin));
    }
  if (!pd_packing_order_confirm_unit (packing, pd_order_item_get_id (target)))
    {
      g_set_error (error, PD_DESK_ERROR, PD_DESK_ERROR_TOO_MANY,
                   _("Every unit of “%s” is scanned already."), pd_order_item_get_offer_name (target));
      return TRUE;
    }
  done = pd_packing_order_get_confirmed (packing, pd_order_item_get_id (target));
  g_set_error (error, PD_DESK_ERROR, PD_DESK_ERROR_CONFIRMED, _("“%s”: %u of %u packed."),
               pd_order_item_get_offer_name (target), done, pd_order_item_get_count (target));
  return TRUE;
}

/* The code of a scan, or an error that says what is wrong with it. */
static PdCode *
check_scan (PdDesk          *self,
            PdPackingOrder  *packing,
            const char      *raw,
            GError         **error)
{
  g_autoptr(PdCode) code = pd_code_check (raw, PD_CODE_KIND_NONE, self->gs_substitute);
  g_autofree char *gtin = NULL;

  if (!pd_code_is_valid (code))
    {
      if (pd_code_get_error (code) == PD_CODE_ERROR_PRODUCT_BARCODE && (gtin = barcode_gtin (raw)) != NULL
          && (pick_item_by_barcode (self, packing, gtin, error)
              || confirm_by_barcode (self, packing, gtin, error)))
        return NULL;
      g_set_error_literal (error, PD_DESK_ERROR, PD_DESK_ERROR_INVALID_CODE, pd_code_get_message (code));
      return NULL;
    }
  return g_steal_pointer (&code);
}

/* Works out the edit's unit and entry; FALSE with ERROR when the edit is refused. */
static gboolean
prepare_edit (PdDesk  *self,
              Edit    *edit,
              GError **error)
{
  g_autoptr(PdCode) code = NULL;
  const PdJournalEntry *current;
  PdJournalEntry *entry;

  if (pd_packing_order_is_locked (edit->packing))
    {
      g_propagate_error (error, pd_desk_locked_error ());
      return FALSE;
    }
  if (edit->kind == EDIT_REMOVE)
    {
      if (pd_unit_get_entry (edit->unit) == NULL)
        {
          g_set_error (error, PD_DESK_ERROR, PD_DESK_ERROR_TOO_MANY, _("This unit has no code to remove."));
          return FALSE;
        }
      edit->entry = pd_journal_entry_copy (pd_unit_get_entry (edit->unit));
      return TRUE;
    }

  if ((code = check_scan (self, edit->packing, edit->raw, error)) == NULL)
    return FALSE;
  if (edit->kind == EDIT_CAPTURE)
    {
      PdUnit *unit = pd_packing_order_choose_unit (edit->packing, code, edit->item_id, self->gtins, error);

      if (unit == NULL)
        return FALSE;
      edit->unit = g_object_ref (unit);
    }
  else if (pd_code_get_kind (code) == PD_CODE_KIND_COUNTRY
           ? !pd_unit_lacks_country (edit->unit)
           : !pd_unit_accepts (edit->unit, pd_code_get_kind (code)))
    {
      g_set_error (error, PD_DESK_ERROR, PD_DESK_ERROR_WRONG_KIND,
                   _("“%s” does not need this kind of code. Scan the code from this unit’s label."),
                   pd_order_item_get_offer_name (pd_unit_get_item (edit->unit)));
      return FALSE;
    }

  current = pd_unit_get_entry (edit->unit);
  if (pd_code_get_kind (code) == PD_CODE_KIND_COUNTRY)
    {
      /* The country completes the declaration already on the unit. */
      entry = pd_journal_entry_copy (current);
      pd_journal_entry_set_string (&entry->country_code, pd_code_get_normalized (code));
      entry->submit_state = PD_SUBMIT_STATE_CAPTURED;
      edit->kind = EDIT_REPLACE;
    }
  else
    entry = pd_unit_new_entry (edit->unit, code, edit->source);
  pd_journal_entry_set_string (&entry->packer, self->packer);
  if (edit->kind == EDIT_REPLACE && current == NULL)
    edit->kind = EDIT_CAPTURE;
  edit->entry = entry;
  return TRUE;
}

static void
run_next_edit (PdDesk *self)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  static const PdJournalEvent events[] = {
    [EDIT_CAPTURE] = PD_JOURNAL_EVENT_CAPTURED,
    [EDIT_REPLACE] = PD_JOURNAL_EVENT_REPLACED,
    [EDIT_REMOVE] = PD_JOURNAL_EVENT_REMOVED,
  };
  Edit *edit;
  GError *error = NULL;

  if (self->editing || (task = g_queue_pop_head (&self->edits)) == NULL)
    return;
  edit = g_task_get_task_data (task);
  if (!prepare_edit (self, edit, &error))
    {
      g_task_return_error (task, error);
      run_next_edit (self);
      return;
    }

  self->editing = TRUE;
  entries = g_ptr_array_new ();
  g_ptr_array_add (entries, edit->entry);
  pd_journal_record_async (self->journal, events[edit->kind], entries, NULL, on_edit_recorded,
                           g_steal_pointer (&task));
}

void
pd_desk_queue_edit (PdDesk              *self,
                    Edit                *edit,
                    gpointer             source_tag,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, edit, (GDestroyNotify) edit_free);
  g_queue_push_tail (&self->edits, task);
  run_next_edit (self);
}

/**
 * pd_desk_capture_async:
 * @raw: the scan as it arrived
 *
 * Checks the scan, chooses its unit (see pd_packing_order_choose_unit()) and writes it to the
 * journal; finishes with the unit once the code is on the disk. A complete order is then
 * submitted by itself.
 */
void
pd_desk_capture_async (PdDesk              *self,
                       PdPackingOrder      *packing,
                       const char          *raw,
                       PdCaptureSource      source,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  Edit *edit = g_new0 (Edit, 1);

  edit->kind = EDIT_CAPTURE;
  edit->packing = g_object_ref (packing);
  edit->raw = g_strdup (raw);
  edit->source = source;
  pd_desk_queue_edit (self, edit, pd_desk_capture_async, cancellable, callback, user_data);
}

/* Returns: (transfer full) (nullable): the unit that took the code */
PdUnit *
pd_desk_capture_finish (PdDesk        *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static PdPackingOrder *
packing_of (PdDesk *self,
            PdUnit *unit)
{
  return pd_desk_lookup_order (self, pd_unit_get_order_id (unit));
}

/* Puts the code of RAW on UNIT instead of the one it has (a rescan from the review). */
void
pd_desk_replace_async (PdDesk              *self,
                       PdUnit              *unit,
                       const char          *raw,
                       PdCaptureSource      source,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  Edit *edit = g_new0 (Edit, 1);

  g_return_if_fail (packing_of (self, unit) != NULL);

  edit->kind = EDIT_REPLACE;
  edit->packing = g_object_ref (packing_of (self, unit));
  edit->unit = g_object_ref (unit);
  edit->raw = g_strdup (raw);
  edit->source = source;
  pd_desk_queue_edit (self, edit, pd_desk_replace_async, cancellable, callback, user_data);
}

PdUnit *
pd_desk_replace_finish (PdDesk        *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  return pd_desk_capture_finish (self, result, error);
}

/* Takes the code off UNIT. */
void
pd_desk_remove_async (PdDesk              *self,
                      PdUnit              *unit,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  Edit *edit = g_new0 (Edit, 1);

  g_return_if_fail (packing_of (self, unit) != NULL);

  edit->kind = EDIT_REMOVE;
  edit->packing = g_object_ref (packing_of (self, unit));
  edit->unit = g_object_ref (unit);
  pd_desk_queue_edit (self, edit, pd_desk_remove_async, cancellable, callback, user_data);
}

gboolean
pd_desk_remove_finish (PdDesk        *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_autoptr(PdUnit) unit = pd_desk_capture_finish (self, result, error);

  return unit != NULL;
}

/* ---- Ready to ship. ---- */

static void
on_ready_recorded (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  g_autoptr(GTask) task = data;
  GError *error = NULL;

  if (!pd_journal_record_finish (PD_JOURNAL (source), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
on_ready_set (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(GTask) task = data;
  PdDesk *self = g_task_get_source_object (task);
  PdPackingOrder *packing = g_task_get_task_data (task);
  PdOrder *order = pd_packing_order_get_order (packing);
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_journal_entry_free);
  GError *error = NULL;

  if (!pd_market_client_set_ready_to_ship_finish (PD_MARKET_CLIENT (source), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  pd_order_set_substatus (order, "READY_TO_SHIP");
  pd_packing_order_update (packing);
  g_ptr_array_add (entries, pd_journal_entry_new (pd_order_get_campaign_id (order), pd_order_get_id (order), 0, 0));
  pd_journal_record_async (self->journal, PD_JOURNAL_EVENT_READY, entries, NULL, on_ready_recorded,
                           g_steal_pointer (&task));
}

/* Sets the order to PROCESSING/READY_TO_SHIP; refused with the reason while it is not ready. */
void
pd_desk_mark_ready_async (PdDesk              *self,
                          PdPackingOrder      *packing,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  PdOrder *order = pd_packing_order_get_order (packing);

  g_task_set_source_tag (task, pd_desk_mark_ready_async);
  g_task_set_task_data (task, g_object_ref (packing), g_object_unref);
  if (!pd_packing_order_is_ready (packing))
    {
      g_task_return_new_error (task, PD_DESK_ERROR, PD_DESK_ERROR_NOT_READY, "%s",
                               pd_packing_order_get_blocker (packing));
      g_object_unref (task);
      return;
    }
  pd_market_client_set_ready_to_ship_async (self->client, pd_order_get_campaign_id (order),
                                            pd_order_get_id (order), cancellable, on_ready_set, task);
}

gboolean
pd_desk_mark_ready_finish (PdDesk        *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
