/* pd-desk-resume.c — picking up after a restart: what the desk learnt, the outbox, and every
 * order the journal says still needs something.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pd-desk-private.h"

/* ---- Resuming after a restart. ---- */

typedef struct
{
  gint64  business_id;
  GArray *outbox;     /* PdOutboxEntry */
  GArray *order_ids;  /* gint64, to fetch and open */
  guint   next;       /* the next order id to fetch */
  guint   opening;    /* orders of the last page still being opened */
  GError *error;      /* the first that failed to open */
} Resume;

static void
resume_free (Resume *resume)
{
  g_clear_pointer (&resume->outbox, g_array_unref);
  g_clear_pointer (&resume->order_ids, g_array_unref);
  g_clear_error (&resume->error);
  g_free (resume);
}

static void fetch_next_orders (GTask *task);

/* The outbox as the journal left it goes on; sets of orders no longer open for changes leave. */
static void
resume_outbox (PdDesk *self,
               Resume *resume)
{
  for (guint i = 0; i < resume->outbox->len; i++)
    {
      const PdOutboxEntry *entry = &g_array_index (resume->outbox, PdOutboxEntry, i);
      PdPackingOrder *packing = pd_desk_lookup_order (self, entry->order_id);

      if (packing != NULL && pd_packing_order_is_locked (packing))
        pd_journal_submitted_async (self->journal, entry, FALSE, NULL, NULL, NULL);
      else
        pd_desk_outbox_put (self, entry);
    }
  pd_desk_send_next (self);
}

static void
on_resume_opened (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr(GTask) task = data;
  g_autoptr(PdPackingOrder) packing = NULL;
  Resume *resume;
  GError *error = NULL;

  resume = g_task_get_task_data (task);
  packing = pd_desk_open_order_finish (PD_DESK (source), result, &error);
  /* The first failure is the answer, once the other orders of the page are open. */
  if (packing == NULL && resume->error == NULL)
    resume->error = error;
  else
    g_clear_error (&error);
  if (--resume->opening > 0)
    return;
  if (resume->error != NULL)
    g_task_return_error (task, g_steal_pointer (&resume->error));
  else
    fetch_next_orders (g_steal_pointer (&task));
}

static void
on_resume_orders (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr(GTask) task = data;
  PdDesk *self = g_task_get_source_object (task);
  g_autoptr(GPtrArray) orders = NULL;
  GError *error = NULL;

  orders = pd_market_client_list_orders_finish (PD_MARKET_CLIENT (source), result, &error);
  if (orders == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (orders->len == 0)
    {
      fetch_next_orders (g_steal_pointer (&task));
      return;
    }
  ((Resume *) g_task_get_task_data (task))->opening = orders->len;
  for (guint i = 0; i < orders->len; i++)
    pd_desk_open_order_async (self, g_ptr_array_index (orders, i), NULL, on_resume_opened, g_object_ref (task));
}

/* The Market takes 50 order ids a request. */
static void
fetch_next_orders (GTask *task)
{
  PdDesk *self = g_task_get_source_object (task);
  Resume *resume = g_task_get_task_data (task);
  guint count = MIN (50, resume->order_ids->len - resume->next);
  PdOrderFilter filter = { 0 };

  if (count == 0)
    {
      resume_outbox (self, resume);
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  filter.order_ids = &g_array_index (resume->order_ids, gint64, resume->next);
  filter.n_order_ids = count;
  resume->next += count;
  pd_market_client_list_orders_async (self->client, resume->business_id, &filter,
                                      g_task_get_cancellable (task), on_resume_orders, task);
}

static void
add_order_id (GArray *ids,
              gint64  order_id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == order_id)
      return;
  g_array_append_val (ids, order_id);
}

static void
on_resume_unfinished (GObject      *source,
                      GAsyncResult *result,
                      gpointer      data)
{
  GTask *task = data;
  Resume *resume = g_task_get_task_data (task);
  g_autoptr(GPtrArray) unfinished = NULL;
  GError *error = NULL;

  unfinished = pd_journal_load_unfinished_finish (PD_JOURNAL (source), result, &error);
  if (unfinished == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  for (guint i = 0; i < resume->outbox->len; i++)
    add_order_id (resume->order_ids, g_array_index (resume->outbox, PdOutboxEntry, i).order_id);
  for (guint i = 0; i < unfinished->len; i++)
    add_order_id (resume->order_ids, ((PdJournalEntry *) g_ptr_array_index (unfinished, i))->order_id);
  fetch_next_orders (task);
}

static void
on_resume_outbox (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  GTask *task = data;
  Resume *resume = g_task_get_task_data (task);
  GError *error = NULL;

  resume->outbox = pd_journal_load_outbox_finish (PD_JOURNAL (source), result, &error);
  if (resume->outbox == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  pd_journal_load_unfinished_async (PD_JOURNAL (source), NULL, on_resume_unfinished, task);
}

static void
on_resume_gtins (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  GTask *task = data;
  PdDesk *self = g_task_get_source_object (task);
  g_autoptr(GHashTable) gtins = NULL;
  GError *error = NULL;

  gtins = pd_journal_load_gtins_finish (PD_JOURNAL (source), result, &error);
  if (gtins == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  g_hash_table_unref (self->gtins);
  self->gtins = g_steal_pointer (&gtins);
  pd_journal_load_outbox_async (PD_JOURNAL (source), NULL, on_resume_outbox, task);
}

/**
 * pd_desk_resume_async:
 * @business_id: the business whose orders the desk works on
 *
 * Picks up where the desk stopped: what it learnt of offers' GTINs, the orders still in the
 * outbox (sent again), and every order with codes that were never sent (a complete one is
 * queued as it opens), are rejected, failed or still checked (opened, so the review lists them
 * and polling goes on).
 */
void
pd_desk_resume_async (PdDesk              *self,
                      gint64               business_id,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Resume *resume = g_new0 (Resume, 1);

  resume->business_id = business_id;
  resume->order_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_task_set_source_tag (task, pd_desk_resume_async);
  g_task_set_task_data (task, resume, (GDestroyNotify) resume_free);
  pd_journal_load_gtins_async (self->journal, NULL, on_resume_gtins, task);
}

gboolean
pd_desk_resume_finish (PdDesk        *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
