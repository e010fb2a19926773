/* pd-session.c — the store Packdesk works with, and the journal and desk on top of it.
 *
 * Starting goes: the API key (PACKDESK_API_KEY, else the keyring) → the client → the campaigns
 * (which also proves the key) → the journal → the desk, resumed. Without a key, or with
 * --demo, the client talks to a fake Market in this process on a loopback port, seeded with the
 * demo store, and the journal is a separate one, so demo codes never meet real ones.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pd-api-key.h"
#include "pd-campaign.h"
#include "pd-fake-demo-store.h"
#include "pd-fake-market.h"
#include "pd-market-json.h"
#include "pd-session.h"

#define DEMO_SEED   2026
#define DEMO_ORDERS 300
/* Long enough to watch the badges go through "checking". */
#define DEMO_VERIFICATION_MS 3000

struct _PdSession
{
  GObject         parent_instance;

  GSettings      *settings;
  PdFakeMarket   *demo_market;
  PdMarketClient *client;
  PdJournal      *journal;
  PdDesk         *desk;
  GListStore     *campaigns;
  GListStore     *orders;
  gboolean        ready;
};

G_DEFINE_FINAL_TYPE (PdSession, pd_session, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_DEMO,
  PROP_READY,
  PROP_MARKET_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
pd_session_dispose (GObject *object)
{
  PdSession *self = PD_SESSION (object);

  g_clear_object (&self->desk);
  g_clear_object (&self->journal);
  g_clear_object (&self->client);
  g_clear_object (&self->demo_market);

  G_OBJECT_CLASS (pd_session_parent_class)->dispose (object);
}

static void
pd_session_finalize (GObject *object)
{
  PdSession *self = PD_SESSION (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->campaigns);
  g_clear_object (&self->orders);

  G_OBJECT_CLASS (pd_session_parent_class)->finalize (object);
}

static void
pd_session_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_DEMO:
      g_value_set_boolean (value, pd_session_is_demo (PD_SESSION (object)));
      break;
    case PROP_READY:
      g_value_set_boolean (value, pd_session_is_ready (PD_SESSION (object)));
      break;
    case PROP_MARKET_STATE:
      g_value_take_string (value, pd_session_dup_market_state (PD_SESSION (object)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
pd_session_class_init (PdSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = pd_session_dispose;
  object_class->finalize = pd_session_finalize;
  object_class->get_property = pd_session_get_property;

  properties[PROP_DEMO] = g_param_spec_boolean ("demo", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_READY] = g_param_spec_boolean ("ready", NULL, NULL, FALSE,
                                                 G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * PdSession:market-state:
   *
   * Whether the Market answers, in words for the packer; %NULL while it does.
   */
  properties[PROP_MARKET_STATE] = g_param_spec_string ("market-state", NULL, NULL, NULL,
                                                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
pd_session_init (PdSession *self)
{
  self->campaigns = g_list_store_new (PD_TYPE_CAMPAIGN);
  self->orders = g_list_store_new (PD_TYPE_ORDER);
}

PdSession *
pd_session_new (GSettings *settings)
{
  PdSession *self = g_object_new (PD_TYPE_SESSION, NULL);

  self->settings = g_object_ref (settings);
  return self;
}

/* Whether starting finished: the desk is resumed and the orders are loaded. */
gboolean
pd_session_is_ready (PdSession *self)
{
  return self->ready;
}

gboolean
pd_session_is_demo (PdSession *self)
{
  return self->demo_market != NULL;
}

/* Returns: (nullable) (transfer none): the demo store's fake Market, in this process */
PdFakeMarket *
pd_session_get_demo_market (PdSession *self)
{
  return self->demo_market;
}

PdMarketClient *
pd_session_get_client (PdSession *self)
{
  return self->client;
}

PdDesk *
pd_session_get_desk (PdSession *self)
{
  return self->desk;
}

/* Returns: (transfer none): the campaigns of the key's business, a GListModel of PdCampaign */
GListModel *
pd_session_get_campaigns (PdSession *self)
{
  return G_LIST_MODEL (self->campaigns);
}

/* Returns: (transfer none): the orders being processed, a GListModel of PdOrder */
GListModel *
pd_session_get_orders (PdSession *self)
{
  return G_LIST_MODEL (self->orders);
}

gint64
pd_session_get_business_id (PdSession *self)
{
  g_autoptr(PdCampaign) first = g_list_model_get_item (G_LIST_MODEL (self->campaigns), 0);

  return first != NULL ? pd_campaign_get_business_id (first) : 0;
}

/* ---- Starting. ---- */

/* The orders model becomes FRESH, changing only what changed: an order the Market lists as it
 * was keeps its object and its place (so the packer's selection and scrolling stay, and what the
 * desk's survey told of it), one that changed is replaced where it stands, one no longer listed
 * is removed, and a new one is added at the end. */
static void
update_orders (PdSession *self,
               GPtrArray *fresh)
{
  g_autoptr(GHashTable) places = g_hash_table_new (g_int64_hash, g_int64_equal);  /* id → place + 1 */
  GListModel *model = G_LIST_MODEL (self->orders);
  g_autofree gint64 *ids = g_new (gint64, fresh->len);
  g_autofree gboolean *kept = g_new0 (gboolean, fresh->len);
  g_autoptr(GPtrArray) added = g_ptr_array_new ();

  for (guint i = 0; i < fresh->len; i++)
    {
      ids[i] = pd_order_get_id (g_ptr_array_index (fresh, i));
      g_hash_table_insert (places, &ids[i], GUINT_TO_POINTER (i + 1));
    }
  /* From the end, so that a removal moves none of the places still to look at. */
  for (guint i = g_list_model_get_n_items (model); i-- > 0;)
    {
      g_autoptr(PdOrder) old = g_list_model_get_item (model, i);
      gint64 id = pd_order_get_id (old);
      guint place = GPOINTER_TO_UINT (g_hash_table_lookup (places, &id));
      g_autofree char *was = NULL;
      g_autofree char *is = NULL;

      if (place == 0)
        {
          g_list_store_remove (self->orders, i);
          continue;
        }
      kept[place - 1] = TRUE;
      was = pd_market_json_order_to_string (old);
      is = pd_market_json_order_to_string (g_ptr_array_index (fresh, place - 1));
      if (!g_str_equal (was, is))
        g_list_store_splice (self->orders, i, 1, &g_ptr_array_index (fresh, place - 1), 1);
    }
  for (guint i = 0; i < fresh->len; i++)
    if (!kept[i])
      g_ptr_array_add (added, g_ptr_array_index (fresh, i));
  /* In one go: the first list is all new, and each change is work for every view of the list. */
  g_list_store_splice (self->orders, g_list_model_get_n_items (model), 0, added->pdata, added->len);
}

/* Both lists are in: the orders being packed and those shipped today, in one go. */
static void
on_shipped_orders (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  g_autoptr(GTask) task = data;
  PdSession *self = g_task_get_source_object (task);
  GPtrArray *orders = g_task_get_task_data (task);
  g_autoptr(GPtrArray) shipped = NULL;
  GError *error = NULL;

  shipped = pd_market_client_list_orders_finish (PD_MARKET_CLIENT (source), result, &error);
  if (shipped == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_ptr_array_extend_and_steal (orders, g_steal_pointer (&shipped));
  update_orders (self, orders);
  /* Problems at the Market with orders no one here has opened show in the list too. */
  pd_desk_survey (self->desk, G_LIST_MODEL (self->orders));
  if (!self->ready)
    {
      self->ready = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
    }
  g_task_return_boolean (task, TRUE);
}

/* Orders leave PROCESSING for DELIVERY or PICKUP when the courier takes them: those of today are
 * asked for by their update time, so the desk can show what was shipped today. */
static void
on_orders (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  g_autoptr(GTask) task = data;
  PdSession *self = g_task_get_source_object (task);
  static const char *const gone[] = { "DELIVERY", "PICKUP", NULL };
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (now),
                                                         g_date_time_get_month (now),
                                                         g_date_time_get_day_of_month (now), 0, 0, 0);
  g_autofree char *since = g_date_time_format_iso8601 (midnight);
  PdOrderFilter filter = { .statuses = gone, .update_date_from = since };
  /* Read before the task is handed on: argument order is not defined. */
  GCancellable *cancellable = g_task_get_cancellable (task);
  GPtrArray *orders;
  GError *error = NULL;

  orders = pd_market_client_list_orders_finish (PD_MARKET_CLIENT (source), result, &error);
  if (orders == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, orders, (GDestroyNotify) g_ptr_array_unref);
  pd_market_client_list_orders_async (self->client, pd_session_get_business_id (self), &filter,
                                      cancellable, on_shipped_orders, g_steal_pointer (&task));
}

/* The orders being packed: everything the Market has in PROCESSING for the business. */
static void
list_orders (PdSession *self,
             GTask     *task)
{
  static const char *const processing[] = { "PROCESSING", NULL };
  PdOrderFilter filter = { .statuses = processing };

  pd_market_client_list_orders_async (self->client, pd_session_get_business_id (self), &filter,
                                      g_task_get_cancellable (task), on_orders, task);
}

static void
on_resumed (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(GTask) task = data;
  PdSession *self = g_task_get_source_object (task);
  GError *error = NULL;

  if (!pd_desk_resume_finish (PD_DESK (source), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  list_orders (self, g_steal_pointer (&task));
}

/* The scanner's GS substitute applies from the next scan on. */
static void
follow_gs_substitute (PdSession *self)
{
  g_autofree char *gs = g_settings_get_string (self->settings, "gs-substitute");

  pd_desk_set_gs_substitute (self->desk, g_utf8_get_char (gs));
}

/* Who packs: named from the next event on; and whether unmarked goods are scanned too. */
static void
follow_packer (PdSession *self)
{
  g_autofree char *packer = g_settings_get_string (self->settings, "packer-name");

  pd_desk_set_packer (self->desk, packer);
  pd_desk_set_confirm_unmarked (self->desk, g_settings_get_boolean (self->settings, "confirm-unmarked"));
}

static void on_market_state_changed (PdSession *self);

static void
on_journal (GObject      *source,
            GAsyncResult *result,
            gpointer      data)
{
  g_autoptr(GTask) task = data;
  PdSession *self = g_task_get_source_object (task);
  GCancellable *cancellable;
  GError *error = NULL;

  self->journal = pd_journal_open_finish (result, &error);
  if (self->journal == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  self->desk = pd_desk_new (self->client, self->journal);
  g_signal_connect_object (self->desk, "notify::next-attempt", G_CALLBACK (on_market_state_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::gs-substitute",
                           G_CALLBACK (follow_gs_substitute), self, G_CONNECT_SWAPPED);
  follow_gs_substitute (self);
  g_signal_connect_object (self->settings, "changed::packer-name",
                           G_CALLBACK (follow_packer), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::confirm-unmarked",
                           G_CALLBACK (follow_packer), self, G_CONNECT_SWAPPED);
  follow_packer (self);
  cancellable = g_task_get_cancellable (task);
  pd_desk_resume_async (self->desk, pd_session_get_business_id (self), cancellable, on_resumed,
                        g_steal_pointer (&task));
}

/**
 * pd_session_refresh_async:
 *
 * Asks the Market for the orders again; when they are in, the orders model changes where they
 * changed.
 */
void
pd_session_refresh_async (PdSession           *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, pd_session_refresh_async);
  if (!self->ready)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING, _("Still connecting to the Market."));
      g_object_unref (task);
      return;
    }
  list_orders (self, task);
}

/* Fetches the window makes by itself stay under a tenth of getBusinessOrders' 10,000 requests
 * an hour, whatever the store's size. */
#define FETCH_REQUESTS_PER_HOUR 1000

/**
 * pd_session_get_fetch_spacing:
 *
 * Returns: the fewest seconds between two fetches made without the packer asking, for as many
 *   orders as the Market lists now: two listings (orders to pack, shipped today), a page each at
 *   least
 */
guint
pd_session_get_fetch_spacing (PdSession *self)
{
  guint requests = g_list_model_get_n_items (G_LIST_MODEL (self->orders))
                   / pd_market_client_get_orders_page_size () + 2;

  return requests * 3600 / FETCH_REQUESTS_PER_HOUR;
}

gboolean
pd_session_refresh_finish (PdSession     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Returns: (transfer full) (nullable): see PdSession:market-state */
char *
pd_session_dup_market_state (PdSession *self)
{
  g_autofree char *state = self->client != NULL ? pd_market_client_describe_state (self->client) : NULL;
  gint64 next = self->desk != NULL ? pd_desk_get_next_attempt (self->desk) : 0;
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *time = NULL;

  if (state == NULL || next <= g_get_real_time ())
    return g_steal_pointer (&state);
  /* And when the codes waiting in the outbox go again. */
  when = g_date_time_new_from_unix_local_usec (next);
  time = g_date_time_format (when, "%H:%M");
  return g_strdup_printf (_("%s The codes waiting go again at %s."), state, time);
}

static void
on_market_state_changed (PdSession *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MARKET_STATE]);
}

/* The client every call goes through, watched for whether the Market answers. */
static gboolean
set_client (PdSession       *self,
            PdMarketClient  *client)
{
  if (client == NULL)
    return FALSE;
  self->client = client;
  g_signal_connect_object (client, "state-changed", G_CALLBACK (on_market_state_changed), self,
                           G_CONNECT_SWAPPED);
  return TRUE;
}

/* The demo store keeps its own journal beside the real one. */
char *
pd_session_dup_journal_path (PdSession *self)
{
  g_autofree char *path = pd_journal_default_path ();
  g_autofree char *dir = NULL;

  if (!pd_session_is_demo (self))
    return g_steal_pointer (&path);
  dir = g_path_get_dirname (path);
  return g_build_filename (dir, "demo", "journal.sqlite3", NULL);
}

static void
on_campaigns (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  g_autoptr(GTask) task = data;
  PdSession *self = g_task_get_source_object (task);
  g_autoptr(GPtrArray) campaigns = NULL;
  g_autofree char *path = NULL;
  GCancellable *cancellable;
  GError *error = NULL;

  campaigns = pd_market_client_list_campaigns_finish (PD_MARKET_CLIENT (source), result, &error);
  if (campaigns == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_list_store_splice (self->campaigns, 0, g_list_model_get_n_items (G_LIST_MODEL (self->campaigns)),
                       campaigns->pdata, campaigns->len);
  /* Read before the task is handed on: argument order is not defined. */
  cancellable = g_task_get_cancellable (task);
  path = pd_session_dup_journal_path (self);
  pd_journal_open_async (path, cancellable, on_journal, g_steal_pointer (&task));
}

static gboolean
connect_demo (PdSession  *self,
              GError    **error)
{
  g_autofree char *url = NULL;

  self->demo_market = pd_fake_market_new (NULL, DEMO_SEED, DEMO_ORDERS);
  pd_fake_market_set_verification_delay (self->demo_market, DEMO_VERIFICATION_MS);
  if (!pd_fake_market_listen (self->demo_market, 0, error))
    return FALSE;
  url = pd_fake_market_dup_url (self->demo_market);
  set_client (self, pd_market_client_new (url, PD_FAKE_MARKET_DEFAULT_KEY, error));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEMO]);
  return self->client != NULL;
}

/* The Market's address: PACKDESK_API_URL wins over the setting. */
char *
pd_session_dup_api_url (GSettings *settings)
{
  const char *env_url = g_getenv ("PACKDESK_API_URL");

  return env_url != NULL && *env_url != '\0' ? g_strdup (env_url)
                                             : g_settings_get_string (settings, "api-url");
}

static void
connect_store (GTask      *task,
               const char *key)
{
  PdSession *self = g_task_get_source_object (task);
  g_autofree char *url = pd_session_dup_api_url (self->settings);
  GError *error = NULL;

  if (key == NULL || *key == '\0')
    {
      /* No store connected yet: the demo store shows what Packdesk does. */
      if (!connect_demo (self, &error))
        {
          g_task_return_error (task, error);
          g_object_unref (task);
          return;
        }
    }
  else if (!set_client (self, pd_market_client_new (url, key, &error)))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  pd_market_client_list_campaigns_async (self->client, g_task_get_cancellable (task), on_campaigns, task);
}

static void
on_key (GObject      *source,
        GAsyncResult *result,
        gpointer      data)
{
  GTask *task = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = pd_api_key_lookup_finish (result, &error);

  /* No keyring (a bare session) is the same as no key: the demo store. */
  if (error != NULL)
    g_message ("No API key: the keyring cannot be read (%s)", error->message);
  connect_store (task, key);
}

/**
 * pd_session_start_async:
 * @demo: use the demo store even when a key is configured
 * @key: (nullable): a key kept only in memory (the keyring would not keep it), else the
 *   environment's or the keyring's
 */
void
pd_session_start_async (PdSession           *self,
                        gboolean             demo,
                        const char          *key,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  const char *env_key = g_getenv ("PACKDESK_API_KEY");

  g_task_set_source_tag (task, pd_session_start_async);
  if (demo)
    connect_store (task, NULL);
  else if (key != NULL && *key != '\0')
    connect_store (task, key);
  else if (env_key != NULL && *env_key != '\0')
    connect_store (task, env_key);
  else
    pd_api_key_lookup_async (cancellable, on_key, task);
}

gboolean
pd_session_start_finish (PdSession     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
