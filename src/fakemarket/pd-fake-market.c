/* pd-fake-market.c — the Market Packdesk's demo mode and tests talk to. It follows the
 * specification: the same paths and envelopes, the Api-Key check (401/403), unknown ids (404),
 * the documented 400 messages for bad codes and layouts, READY_TO_SHIP refused until every
 * required code of an FBS/Express order is verified, rate limits with their headers and 420,
 * and faults switched on by a test or PACKDESK_FAKE_FAULTS.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "pd-code.h"
#include "pd-country.h"
#include "pd-fake-demo-store.h"
#include "pd-fake-labels.h"
#include "pd-fake-market.h"
#include "pd-market-client.h"
#include "pd-market-json.h"

#define HOUR_USEC ((gint64) G_USEC_PER_SEC * 3600)

typedef enum
{
  FAULT_HTTP_500,
  FAULT_HTTP_503,
  FAULT_DROP,
  FAULT_TRUNCATE,
  FAULT_NOT_JSON,
  FAULT_HUGE,
  FAULT_DEEP,
} Fault;

/* The Market's check of one code. */
typedef struct
{
  char   *status;
  char   *substatus;
  gint64  ready_at;  /* monotonic µs when IN_PROGRESS ends */
  guint   attempts;
} Verification;

typedef struct
{
  guint  per_hour;
  guint  used;
  gint64 window_start;  /* real time, µs */
} Limit;

struct _PdFakeMarket
{
  GObject      parent_instance;

  SoupServer  *server;
  char        *api_key;
  GPtrArray   *campaigns;
  GPtrArray   *orders;
  GHashTable  *verifications;  /* "order/item/value" → Verification */
  GHashTable  *limits;         /* method → Limit */
  GHashTable  *request_counts; /* method → count */
  GQueue       faults;
  guint        latency_ms;
  guint        verification_delay_ms;
  gint64       next_box_id;
  guint        active;
  guint        peak_active;
  GHashTable  *submissions;    /* order id → GPtrArray of the sets it accepted, in order */
};

G_DEFINE_FINAL_TYPE (PdFakeMarket, pd_fake_market, G_TYPE_OBJECT)

static void
verification_free (Verification *v)
{
  g_free (v->status);
  g_free (v->substatus);
  g_free (v);
}

static void
pd_fake_market_finalize (GObject *object)
{
  PdFakeMarket *self = PD_FAKE_MARKET (object);

  if (self->server != NULL)
    soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_free (self->api_key);
  g_ptr_array_unref (self->campaigns);
  g_ptr_array_unref (self->orders);
  g_hash_table_unref (self->verifications);
  g_hash_table_unref (self->limits);
  g_hash_table_unref (self->request_counts);
  g_hash_table_unref (self->submissions);
  g_queue_clear (&self->faults);

  G_OBJECT_CLASS (pd_fake_market_parent_class)->finalize (object);
}

static void
pd_fake_market_class_init (PdFakeMarketClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_fake_market_finalize;
}

static void
pd_fake_market_init (PdFakeMarket *self)
{
  self->campaigns = g_ptr_array_new_with_free_func (g_object_unref);
  self->orders = g_ptr_array_new_with_free_func (g_object_unref);
  self->verifications = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                               (GDestroyNotify) verification_free);
  self->limits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->request_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->submissions = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                             (GDestroyNotify) g_ptr_array_unref);
  self->verification_delay_ms = 2000;
  self->next_box_id = 900001;
}

/* ---- Verification: decided by the code itself. ---- */

static char *
verification_key (PdOrder    *order,
                  gint64      item_id,
                  const char *value)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT "/%s",
                          pd_order_get_id (order), item_id, value);
}

static void
decide (PdCodeKind    kind,
        const char   *value,
        guint         attempts,
        const char  **status,
        const char  **substatus)
{
  *status = "OK";
  *substatus = NULL;

  if (kind == PD_CODE_KIND_UIN)
    {
      char last = value[strlen (value) - 1];

      if (last == '9' || last == '8')
        {
          *status = "FAILED";
          *substatus = last == '9' ? "UIN_NO_DATA" : "UIN_MERCHANT_MISMATCH";
        }
      return;
    }

  {
    g_autoptr(PdCode) code = pd_code_check (value, PD_CODE_KIND_CIS, 0);
    const char *serial = pd_code_get_serial (code);
    char last = *serial != '\0' ? serial[strlen (serial) - 1] : '\0';

    if (last == 'I' || last == 'S')
      {
        *status = "INVALID";
        *substatus = last == 'I' ? "INVALID_CRYPTO_TAIL" : "ITEM_SOLD";
      }
    else if (last == 'F' && attempts <= 1)
      *status = "FAILED";
  }
}

static void
start_verification (PdFakeMarket *self,
                    PdOrder      *order,
                    gint64        item_id,
                    const char   *value,
                    gint64        ready_at)
{
  g_autofree char *key = verification_key (order, item_id, value);
  Verification *v = g_hash_table_lookup (self->verifications, key);

  if (v == NULL)
    {
      v = g_new0 (Verification, 1);
      g_hash_table_insert (self->verifications, g_steal_pointer (&key), v);
    }
  g_free (v->status);
  g_clear_pointer (&v->substatus, g_free);
  v->status = g_strdup ("IN_PROGRESS");
  v->ready_at = ready_at;
  v->attempts++;
}

/* The state of one code now, moving IN_PROGRESS on when its time has come. */
static Verification *
current_verification (PdFakeMarket   *self,
                      PdOrder        *order,
                      gint64          item_id,
                      PdItemInstance *instance)
{
  g_autofree char *key = verification_key (order, item_id, pd_item_instance_get_value (instance));
  Verification *v = g_hash_table_lookup (self->verifications, key);

  if (v != NULL && g_str_equal (v->status, "IN_PROGRESS") && g_get_monotonic_time () >= v->ready_at)
    {
      const char *status, *substatus;

      decide (pd_item_instance_get_kind (instance), pd_item_instance_get_value (instance),
              v->attempts, &status, &substatus);
      g_free (v->status);
      v->status = g_strdup (status);
      v->substatus = g_strdup (substatus);
    }
  return v;
}

static gboolean
is_verified_kind (PdCodeKind kind)
{
  return kind == PD_CODE_KIND_CIS || kind == PD_CODE_KIND_UIN;
}

static void
verify_existing_codes (PdFakeMarket *self)
{
  for (guint i = 0; i < self->orders->len; i++)
    {
      PdOrder *order = g_ptr_array_index (self->orders, i);
      GPtrArray *items = pd_order_get_items (order);

      if (pd_order_is_dbs (order))
        continue;
      for (guint j = 0; j < items->len; j++)
        {
          PdOrderItem *item = g_ptr_array_index (items, j);
          GPtrArray *instances = pd_order_item_get_instances (item);

          for (guint k = 0; k < instances->len; k++)
            if (is_verified_kind (pd_item_instance_get_kind (g_ptr_array_index (instances, k))))
              start_verification (self, order, pd_order_item_get_id (item),
                                  pd_item_instance_get_value (g_ptr_array_index (instances, k)), 0);
        }
    }
}

/* ---- Set-up. ---- */

PdFakeMarket *
pd_fake_market_new (const char *api_key,
                    guint32     seed,
                    guint       n_orders)
{
  PdFakeMarket *self = g_object_new (PD_TYPE_FAKE_MARKET, NULL);

  self->api_key = g_strdup (api_key != NULL ? api_key : PD_FAKE_MARKET_DEFAULT_KEY);
  pd_fake_demo_store_populate (seed, n_orders, self->campaigns, self->orders);
  verify_existing_codes (self);
  pd_fake_market_set_limit (self, "getOrderIdentifiersStatus", 1000);
  pd_fake_market_set_limit (self, "getCampaigns", 1000);
  return self;
}

void
pd_fake_market_set_verification_delay (PdFakeMarket *self,
                                       guint         delay_ms)
{
  self->verification_delay_ms = delay_ms;
}

/* Requests per hour METHOD (an operation name of the specification) may take; 0: unlimited. */
void
pd_fake_market_set_limit (PdFakeMarket *self,
                          const char   *method,
                          guint         per_hour)
{
  Limit *limit = g_new0 (Limit, 1);

  limit->per_hour = per_hour;
  g_hash_table_replace (self->limits, g_strdup (method), limit);
}

/**
 * pd_fake_market_add_faults:
 * @spec: comma-separated: "500", "503", "drop", "truncate", "notjson", "huge", "deep" (each optionally
 *   "xN" for the next N requests), "latency=MS" for every request
 *
 * Faults hit the next requests in the order given.
 */
gboolean
pd_fake_market_add_faults (PdFakeMarket  *self,
                           const char    *spec,
                           GError       **error)
{
  static const struct { const char *name; Fault fault; } names[] = {
    { "500", FAULT_HTTP_500 }, { "503", FAULT_HTTP_503 }, { "drop", FAULT_DROP },
    { "truncate", FAULT_TRUNCATE }, { "notjson", FAULT_NOT_JSON }, { "huge", FAULT_HUGE },
    { "deep", FAULT_DEEP },
  };
  g_auto(GStrv) parts = g_strsplit (spec, ",", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_auto(GStrv) repeat = g_strsplit (g_strstrip (parts[i]), "x", 2);
      guint times = repeat[1] != NULL ? (guint) g_ascii_strtoull (repeat[1], NULL, 10) : 1;
      gboolean known = FALSE;

      if (*parts[i] == '\0')
        continue;
      if (g_str_has_prefix (parts[i], "latency="))
        {
          self->latency_ms = g_ascii_strtoull (parts[i] + strlen ("latency="), NULL, 10);
          continue;
        }
      for (guint n = 0; n < G_N_ELEMENTS (names); n++)
        if (g_str_equal (repeat[0], names[n].name))
          {
            for (guint t = 0; t < times; t++)
              g_queue_push_tail (&self->faults, GINT_TO_POINTER (names[n].fault));
            known = TRUE;
          }
      if (!known)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "unknown fault “%s” (known: 500, 503, drop, truncate, notjson, huge, deep, latency=MS)",
                       parts[i]);
          return FALSE;
        }
    }

  return TRUE;
}

/* Faults not yet injected are dropped; latency stays. */
void
pd_fake_market_clear_faults (PdFakeMarket *self)
{
  g_queue_clear (&self->faults);
}

/* The most requests that were being answered at once. */
guint
pd_fake_market_get_peak_concurrency (PdFakeMarket *self)
{
  return self->peak_active;
}

guint
pd_fake_market_get_request_count (PdFakeMarket *self,
                                  const char   *method)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->request_counts, method));
}

/* Returns: (transfer none) (nullable) */
PdOrder *
pd_fake_market_lookup_order (PdFakeMarket *self,
                             gint64        order_id)
{
  for (guint i = 0; i < self->orders->len; i++)
    if (pd_order_get_id (g_ptr_array_index (self->orders, i)) == order_id)
      return g_ptr_array_index (self->orders, i);

  return NULL;
}

/* A new empty PROCESSING/STARTED order for a test to fill with items.
 * Returns: (transfer none) */
PdOrder *
pd_fake_market_add_order (PdFakeMarket *self,
                          gint64        campaign_id,
                          const char   *program_type)
{
  static gint64 next_id = 99000001;
  PdOrder *order = pd_order_new (next_id++, campaign_id, "PROCESSING", "STARTED", program_type);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *created = g_date_time_format_iso8601 (now);

  pd_order_set_creation_date (order, created);
  pd_order_set_buyer_type (order, "BUSINESS");
  g_ptr_array_add (self->orders, order);
  return order;
}

/* ---- Answers. ---- */

static void
respond_json (SoupServerMessage *msg,
              guint              status,
              JsonNode          *root)
{
  g_autofree char *text = json_to_string (root, FALSE);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, text, strlen (text));
}

static void
respond_error (SoupServerMessage *msg,
               guint              status,
               const char        *code,
               const char        *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, "ERROR");
  json_builder_set_member_name (builder, "errors");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  respond_json (msg, status, root);
}

static void G_GNUC_PRINTF (2, 3)
bad_request (SoupServerMessage *msg,
             const char        *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  respond_error (msg, SOUP_STATUS_BAD_REQUEST, "BAD_REQUEST", message);
}

/* {"status":"OK","result":RESULT}, taking RESULT. */
static void
respond_wrapped (SoupServerMessage *msg,
                 JsonNode          *result)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (object, "status", "OK");
  json_object_set_member (object, "result", result);
  json_node_set_object (root, object);
  respond_json (msg, SOUP_STATUS_OK, root);
}

/* Counts the request against its method's hourly limit and says so in the headers.
 * Returns FALSE after answering 420. */
static gboolean
take_limit (PdFakeMarket      *self,
            SoupServerMessage *msg,
            const char        *method,
            const char        *entity)
{
  Limit *limit = g_hash_table_lookup (self->limits, method);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  gint64 now = g_get_real_time ();
  g_autoptr(GDateTime) until = NULL;
  g_autofree char *until_text = NULL;
  g_autofree char *number = NULL;

  g_hash_table_replace (self->request_counts, g_strdup (method),
                        GUINT_TO_POINTER (pd_fake_market_get_request_count (self, method) + 1));
  if (limit == NULL || limit->per_hour == 0)
    return TRUE;

  if (limit->window_start == 0 || now - limit->window_start >= HOUR_USEC)
    {
      limit->window_start = now;
      limit->used = 0;
    }
  until = g_date_time_new_from_unix_utc ((limit->window_start + HOUR_USEC) / G_USEC_PER_SEC);
  until_text = soup_date_time_to_string (until, SOUP_DATE_HTTP);
  number = g_strdup_printf ("%u", limit->per_hour);
  soup_message_headers_replace (headers, "X-RateLimit-Resource-Limit", number);
  soup_message_headers_replace (headers, "X-RateLimit-Resource-Until", until_text);

  if (limit->used >= limit->per_hour)
    {
      g_autofree char *message = g_strdup_printf ("Hit rate limit of '%u' requests per 'hour' "
                                                  "for resource '%s' for %s",
                                                  limit->per_hour, method, entity);
      soup_message_headers_replace (headers, "X-RateLimit-Resource-Remaining", "0");
      respond_error (msg, 420, "REQUEST_LIMIT_EXCEEDED", message);
      return FALSE;
    }

  limit->used++;
  g_free (number);
  number = g_strdup_printf ("%u", limit->per_hour - limit->used);
  soup_message_headers_replace (headers, "X-RateLimit-Resource-Remaining", number);
  return TRUE;
}

static gboolean
check_api_key (PdFakeMarket      *self,
               SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *key = soup_message_headers_get_one (headers, "Api-Key");

  if (key == NULL)
    respond_error (msg, SOUP_STATUS_UNAUTHORIZED, "UNAUTHORIZED", "Api-Key token is not specified");
  else if (g_str_has_prefix (key, "Bearer "))
    respond_error (msg, SOUP_STATUS_UNAUTHORIZED, "UNAUTHORIZED", "Api-Key token prefix invalid");
  else if (!g_str_equal (key, self->api_key))
    respond_error (msg, SOUP_STATUS_UNAUTHORIZED, "UNAUTHORIZED", "Api-Key token is invalid");
  else
    return TRUE;

  return FALSE;
}

static JsonObject *
request_object (SoupServerMessage  *msg,
                JsonNode          **root)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(GError) error = NULL;

  *root = pd_market_json_parse_body (bytes, &error);
  if (*root == NULL || !JSON_NODE_HOLDS_OBJECT (*root))
    {
      bad_request (msg, "JSON: the request body is not a JSON object");
      return NULL;
    }
  return json_node_get_object (*root);
}

/* Page offset from a pageToken we issued ("o" + offset). */
static guint
page_offset (GHashTable *query)
{
  const char *token = query != NULL ? g_hash_table_lookup (query, "pageToken") : NULL;

  return token != NULL && token[0] == 'o' ? (guint) g_ascii_strtoull (token + 1, NULL, 10) : 0;
}

static guint
page_limit (GHashTable *query,
            guint       max)
{
  const char *text = query != NULL ? g_hash_table_lookup (query, "limit") : NULL;
  guint limit = text != NULL ? (guint) g_ascii_strtoull (text, NULL, 10) : max;

  return CLAMP (limit, 1, max);
}

static void
add_paging (JsonBuilder *builder,
            guint        next,
            guint        total)
{
  json_builder_set_member_name (builder, "paging");
  json_builder_begin_object (builder);
  if (next < total)
    {
      g_autofree char *token = g_strdup_printf ("o%u", next);
      json_builder_set_member_name (builder, "nextPageToken");
      json_builder_add_string_value (builder, token);
    }
  json_builder_end_object (builder);
}

/* ---- Endpoints. ---- */

static void
get_campaigns (PdFakeMarket      *self,
               SoupServerMessage *msg,
               GHashTable        *query)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  guint offset = page_offset (query);
  guint limit = page_limit (query, 100);
  guint end = MIN (offset + limit, self->campaigns->len);

  if (!take_limit (self, msg, "getCampaigns", "the token"))
    return;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "campaigns");
  json_builder_begin_array (builder);
  for (guint i = offset; i < end; i++)
    pd_market_json_add_campaign (builder, g_ptr_array_index (self->campaigns, i));
  json_builder_end_array (builder);
  add_paging (builder, end, self->campaigns->len);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  respond_json (msg, SOUP_STATUS_OK, root);
}

static gboolean
array_has_int (JsonArray *array,
               gint64     value)
{
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    if (json_array_get_int_element (array, i) == value)
      return TRUE;
  return FALSE;
}

static gboolean
array_has_string (JsonArray  *array,
                  const char *value)
{
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    if (g_strcmp0 (json_array_get_string_element (array, i), value) == 0)
      return TRUE;
  return FALSE;
}

/* dates.updateDateFrom: the order changed at or after that moment. */
static gboolean
updated_since (PdOrder    *order,
               JsonObject *dates)
{
  const char *from_text = dates != NULL ? pd_market_json_get_string (dates, "updateDateFrom") : NULL;
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) updated = NULL;

  if (from_text == NULL)
    return TRUE;
  from = g_date_time_new_from_iso8601 (from_text, NULL);
  updated = pd_order_get_update_date (order) != NULL
            ? g_date_time_new_from_iso8601 (pd_order_get_update_date (order), NULL) : NULL;
  return from == NULL || (updated != NULL && g_date_time_compare (updated, from) >= 0);
}

static gboolean
order_matches (PdOrder    *order,
               JsonObject *filter)
{
  JsonArray *ids = pd_market_json_get_array (filter, "orderIds");
  JsonArray *campaigns = pd_market_json_get_array (filter, "campaignIds");
  JsonArray *statuses = pd_market_json_get_array (filter, "statuses");
  JsonArray *substatuses = pd_market_json_get_array (filter, "substatuses");

  return (ids == NULL || array_has_int (ids, pd_order_get_id (order)))
         && (campaigns == NULL || array_has_int (campaigns, pd_order_get_campaign_id (order)))
         && (statuses == NULL || array_has_string (statuses, pd_order_get_status (order)))
         && (substatuses == NULL || array_has_string (substatuses, pd_order_get_substatus (order)))
         && updated_since (order, pd_market_json_get_object (filter, "dates"));
}

/* The fields the Market always sends and Packdesk does not model: payment and delivery. The
 * delivery date is the day after the order was created. */
static void
add_order_details (JsonArray *orders,
                   guint      index,
                   JsonNode  *node,
                   gpointer   data)
{
  JsonObject *order = json_node_get_object (node);
  JsonObject *delivery = json_object_get_object_member (order, "delivery");
  JsonObject *dates = json_object_new ();
  g_autoptr(GDateTime) created = g_date_time_new_from_iso8601 (
    json_object_get_string_member (order, "creationDate"), NULL);
  g_autoptr(GDateTime) due = created != NULL ? g_date_time_add_days (created, 1) : NULL;
  g_autofree char *from_date = due != NULL ? g_date_time_format (due, "%Y-%m-%d")
                                           : g_strdup ("2026-11-24");

  json_object_set_string_member (order, "paymentType", "PREPAID");
  json_object_set_string_member (order, "paymentMethod", "YANDEX");
  json_object_set_boolean_member (order, "fake", FALSE);
  json_object_set_string_member (delivery, "type", "DELIVERY");
  json_object_set_string_member (delivery, "serviceName", "Доставка Маркета");
  json_object_set_int_member (delivery, "deliveryServiceId", 1006360);
  json_object_set_string_member (delivery, "deliveryPartnerType", "YANDEX_MARKET");
  json_object_set_string_member (dates, "fromDate", from_date);
  json_object_set_object_member (delivery, "dates", dates);
}

static void
get_business_orders (PdFakeMarket      *self,
                     SoupServerMessage *msg,
                     GHashTable        *query,
                     gint64             business_id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) matching = g_ptr_array_new ();
  JsonObject *filter;
  guint offset = page_offset (query);
  guint limit = page_limit (query, 50);
  guint end;

  if (business_id != PD_FAKE_BUSINESS_ID)
    {
      respond_error (msg, SOUP_STATUS_FORBIDDEN, "FORBIDDEN", "Access denied");
      return;
    }
  if (!take_limit (self, msg, "getBusinessOrders", "businessId")
      || (filter = request_object (msg, &request)) == NULL)
    return;

  for (guint i = 0; i < self->orders->len; i++)
    if (order_matches (g_ptr_array_index (self->orders, i), filter))
      g_ptr_array_add (matching, g_ptr_array_index (self->orders, i));
  end = MIN (offset + limit, matching->len);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "orders");
  json_builder_begin_array (builder);
  for (guint i = offset; i < end; i++)
    pd_market_json_add_order (builder, g_ptr_array_index (matching, i));
  json_builder_end_array (builder);
  add_paging (builder, end, matching->len);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_array_foreach_element (json_object_get_array_member (json_node_get_object (root), "orders"),
                              add_order_details, NULL);
  respond_json (msg, SOUP_STATUS_OK, root);
}

/* Checks one instance of a request the way the Market does; returns it, or NULL after 400. */
static PdItemInstance *
check_instance (SoupServerMessage *msg,
                gint64             item_id,
                JsonObject        *object)
{
  g_autoptr(PdItemInstance) instance = pd_market_json_parse_instance (object, NULL);
  const char *country = instance != NULL ? pd_item_instance_get_country_code (instance) : NULL;
  g_autoptr(PdCode) code = NULL;
  PdCodeKind kind;

  if (instance == NULL || json_object_get_size (object) > 2)
    {
      bad_request (msg, "Invalid instance for item with id = %" G_GINT64_FORMAT ": fill exactly one field", item_id);
      return NULL;
    }

  kind = pd_item_instance_get_kind (instance);
  code = pd_code_check (pd_item_instance_get_value (instance), kind, 0);
  /* The Market repairs nothing: the code must already be exactly right. */
  if (!pd_code_is_valid (code) || pd_code_get_repairs (code) != 0
      || !g_str_equal (pd_code_get_normalized (code), pd_item_instance_get_value (instance)))
    {
      if (kind == PD_CODE_KIND_CIS)
        bad_request (msg, "Invalid incoming cis for item with id = %" G_GINT64_FORMAT " for reason: %s",
                     item_id, pd_code_error_to_string (pd_code_get_error (code)));
      else if (kind == PD_CODE_KIND_COUNTRY)
        bad_request (msg, "String (%s) is not a valid country code according to ISO 3166-1 alpha-2",
                     pd_item_instance_get_value (instance));
      else
        bad_request (msg, "'%s' must match '%s' (rejected value: '%s')",
                     pd_code_kind_to_string (kind),
                     kind == PD_CODE_KIND_UIN ? "^\\d{16}$"
                     : kind == PD_CODE_KIND_RNPT ? "^\\d{8}/\\d{6}/\\d{7}/\\d{3}$" : "^\\d{8}/\\d{6}/\\d{7}$",
                     pd_item_instance_get_value (instance));
      return NULL;
    }
  if (country != NULL && !pd_country_code_is_assigned (country))
    {
      bad_request (msg, "String (%s) is not a valid country code according to ISO 3166-1 alpha-2", country);
      return NULL;
    }

  return g_steal_pointer (&instance);
}

/* An order takes new codes only while PROCESSING/STARTED. */
static gboolean
check_order_open (SoupServerMessage *msg,
                  PdOrder           *order)
{
  if (g_strcmp0 (pd_order_get_substatus (order), "READY_TO_SHIP") == 0)
    bad_request (msg, "Attempt to change order items or instances after READY_TO_SHIP");
  else if (g_strcmp0 (pd_order_get_status (order), "PROCESSING") != 0
           || g_strcmp0 (pd_order_get_substatus (order), "STARTED") != 0)
    bad_request (msg, "Action is not allowed for order '%" G_GINT64_FORMAT "' with status '%s' and substatus '%s'",
                 pd_order_get_id (order), pd_order_get_status (order), pd_order_get_substatus (order));
  else
    return TRUE;

  return FALSE;
}

/* Reads an instances array into CODES; EXPECTED is how many there must be (one per unit). */
static gboolean
read_instances (SoupServerMessage *msg,
                gint64             item_id,
                JsonArray         *array,
                guint              expected,
                GHashTable        *codes)
{
  if (array == NULL)
    return TRUE;
  if (json_array_get_length (array) != expected)
    {
      bad_request (msg, "Invalid incoming cis for item with id = %" G_GINT64_FORMAT
                   " for reason: %u codes for %u units, one code per unit is expected",
                   item_id, json_array_get_length (array), expected);
      return FALSE;
    }

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      PdItemInstance *instance = JSON_NODE_HOLDS_OBJECT (node)
        ? check_instance (msg, item_id, json_node_get_object (node)) : NULL;

      if (instance == NULL)
        {
          if (!JSON_NODE_HOLDS_OBJECT (node))
            bad_request (msg, "Illegal input at 'instances'");
          return FALSE;
        }
      pd_market_codes_add (codes, item_id, instance);
    }
  return TRUE;
}

static gboolean
check_no_duplicates (SoupServerMessage *msg,
                     GHashTable        *codes)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, codes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    for (guint i = 0; i < ((GPtrArray *) value)->len; i++)
      {
        PdItemInstance *instance = g_ptr_array_index ((GPtrArray *) value, i);
        g_autoptr(PdCode) code = pd_code_check (pd_item_instance_get_value (instance), PD_CODE_KIND_NONE, 0);
        char *dedup = pd_code_dup_dedup_key (code);

        if (dedup != NULL && g_hash_table_contains (seen, dedup))
          {
            bad_request (msg, "Invalid incoming cis for item with id = %" G_GINT64_FORMAT
                         " for reason: duplicate code %s", *(gint64 *) key,
                         pd_item_instance_get_value (instance));
            g_free (dedup);
            return FALSE;
          }
        if (dedup != NULL)
          g_hash_table_add (seen, dedup);
      }
  return TRUE;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Keeps the order's whole set of codes, one per line in sorted order, as accepted. */
static void
record_submission (PdFakeMarket *self,
                   PdOrder      *order)
{
  GPtrArray *items = pd_order_get_items (order);
  g_autoptr(GPtrArray) values = g_ptr_array_new ();
  gint64 id = pd_order_get_id (order);
  GPtrArray *sets = g_hash_table_lookup (self->submissions, &id);

  for (guint i = 0; i < items->len; i++)
    {
      GPtrArray *instances = pd_order_item_get_instances (g_ptr_array_index (items, i));

      for (guint k = 0; k < instances->len; k++)
        g_ptr_array_add (values, (gpointer) pd_item_instance_get_value (g_ptr_array_index (instances, k)));
    }
  g_ptr_array_sort (values, compare_strings);
  g_ptr_array_add (values, NULL);
  if (sets == NULL)
    {
      sets = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (self->submissions, g_memdup2 (&id, sizeof id), sets);
    }
  g_ptr_array_add (sets, g_strjoinv ("\n", (char **) values->pdata));
}

/**
 * pd_fake_market_get_submissions:
 *
 * Returns: (transfer none) (nullable) (element-type utf8): every set of codes the Market took for
 *   the order, in the order it took them; each is the codes, sorted, one per line
 */
GPtrArray *
pd_fake_market_get_submissions (PdFakeMarket *self,
                                gint64        order_id)
{
  return g_hash_table_lookup (self->submissions, &order_id);
}

/* Replaces the codes of every item in CODES (and, when ALL_ITEMS, clears the others). */
static void
store_codes (PdFakeMarket *self,
             PdOrder      *order,
             GHashTable   *codes,
             gboolean      all_items)
{
  GPtrArray *items = pd_order_get_items (order);
  gint64 ready_at = g_get_monotonic_time () + self->verification_delay_ms * (gint64) 1000;

  for (guint i = 0; i < items->len; i++)
    {
      PdOrderItem *item = g_ptr_array_index (items, i);
      gint64 id = pd_order_item_get_id (item);
      GPtrArray *sent = g_hash_table_lookup (codes, &id);
      GPtrArray *instances = pd_order_item_get_instances (item);

      if (sent == NULL && !all_items)
        continue;
      g_ptr_array_set_size (instances, 0);
      for (guint k = 0; sent != NULL && k < sent->len; k++)
        {
          PdItemInstance *instance = g_ptr_array_index (sent, k);

          pd_order_item_add_instance (item, pd_item_instance_copy (instance));
          if (!pd_order_is_dbs (order) && is_verified_kind (pd_item_instance_get_kind (instance)))
            start_verification (self, order, id, pd_item_instance_get_value (instance), ready_at);
        }
    }
  record_submission (self, order);
}

static void
respond_layout (PdFakeMarket      *self,
                SoupServerMessage *msg,
                PdOrder           *order)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "boxes");
  pd_market_json_add_layout (builder, order, FALSE);
  json_builder_end_object (builder);
  respond_wrapped (msg, json_builder_get_root (builder));
}

/* One item of one box: its units and its codes. Returns FALSE after answering 400. */
static gboolean
read_box_item (SoupServerMessage *msg,
               PdOrder           *order,
               JsonObject        *entry,
               guint              box_index,
               gint64             box_id,
               GHashTable        *units,
               GHashTable        *codes,
               GArray            *slots)
{
  JsonObject *partial = pd_market_json_get_object (entry, "partialCount");
  PdBoxSlot slot = { box_id, box_index, 0, 0, 0, 0 };
  gint64 full = 0, current = 0, total = 0;
  guint counted;

  if (!pd_market_json_get_int (entry, "id", &slot.item_id) || pd_order_find_item (order, slot.item_id) == NULL)
    {
      bad_request (msg, "Invalid order boxes layout request. Violations: [item %" G_GINT64_FORMAT
                   " is not in the order]", slot.item_id);
      return FALSE;
    }
  if (pd_market_json_get_int (entry, "fullCount", &full) == (partial != NULL)
      || (partial != NULL && (!pd_market_json_get_int (partial, "current", &current)
                              || !pd_market_json_get_int (partial, "total", &total)
                              || total < 2 || current < 1 || current > total))
      || (partial == NULL && full < 1))
    {
      bad_request (msg, "Invalid order boxes layout request. Violations: [item %" G_GINT64_FORMAT
                   ": give fullCount >= 1 or partialCount {current, total >= 2}]", slot.item_id);
      return FALSE;
    }

  slot.full_count = full;
  slot.partial_current = current;
  slot.partial_total = total;
  g_array_append_val (slots, slot);

  /* A part-box repeats the code of the unit it holds; it is counted with the first part. */
  counted = GPOINTER_TO_UINT (g_hash_table_lookup (units, &slot.item_id));
  g_hash_table_replace (units, g_memdup2 (&slot.item_id, sizeof slot.item_id),
                        GUINT_TO_POINTER (counted + (partial != NULL ? (current == 1) : full)));
  if (partial != NULL && current != 1)
    return TRUE;
  return read_instances (msg, slot.item_id, pd_market_json_get_array (entry, "instances"),
                         partial != NULL ? 1 : full, codes);
}

static void
put_boxes (PdFakeMarket      *self,
           SoupServerMessage *msg,
           PdOrder           *order)
{
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(GHashTable) codes = pd_market_codes_new ();
  g_autoptr(GHashTable) units = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GArray) slots = g_array_new (FALSE, TRUE, sizeof (PdBoxSlot));
  g_autoptr(GArray) removed = g_array_new (FALSE, FALSE, sizeof (gint64));
  GPtrArray *items = pd_order_get_items (order);
  gboolean allow_remove = FALSE;
  JsonObject *body;
  JsonArray *boxes;

  if (!take_limit (self, msg, "setOrderBoxLayout", "campaignId") || !check_order_open (msg, order)
      || (body = request_object (msg, &request)) == NULL)
    return;

  boxes = pd_market_json_get_array (body, "boxes");
  if (boxes == NULL || json_array_get_length (boxes) == 0)
    {
      bad_request (msg, "'boxes' size must be between 1 and 2147483647");
      return;
    }

  for (guint b = 0; b < json_array_get_length (boxes); b++)
    {
      JsonNode *box_node = json_array_get_element (boxes, b);
      JsonArray *box_items = JSON_NODE_HOLDS_OBJECT (box_node)
        ? pd_market_json_get_array (json_node_get_object (box_node), "items") : NULL;

      if (box_items == NULL || json_array_get_length (box_items) == 0)
        {
          bad_request (msg, "'boxes[%u].items' size must be between 1 and 2147483647", b);
          return;
        }
      for (guint i = 0; i < json_array_get_length (box_items); i++)
        {
          JsonNode *node = json_array_get_element (box_items, i);

          if (!JSON_NODE_HOLDS_OBJECT (node)
              || !read_box_item (msg, order, json_node_get_object (node), b,
                                 self->next_box_id + b, units, codes, slots))
            {
              if (!JSON_NODE_HOLDS_OBJECT (node))
                bad_request (msg, "Illegal input at 'boxes[%u].items[%u]'", b, i);
              return;
            }
        }
    }

  if (json_object_has_member (body, "allowRemove"))
    allow_remove = json_object_get_boolean_member_with_default (body, "allowRemove", FALSE);
  for (guint i = 0; i < items->len; i++)
    {
      PdOrderItem *item = g_ptr_array_index (items, i);
      gint64 id = pd_order_item_get_id (item);
      guint placed = GPOINTER_TO_UINT (g_hash_table_lookup (units, &id));

      /* allowRemove: an item left out is one the seller has not got. */
      if (placed == 0 && allow_remove)
        {
          g_array_append_val (removed, id);
          continue;
        }
      if (placed != pd_order_item_get_count (item))
        {
          bad_request (msg, "Invalid order boxes layout request. Violations: [item %" G_GINT64_FORMAT
                       ": %u of %u units are in boxes]", id, placed, pd_order_item_get_count (item));
          return;
        }
    }
  if (!check_no_duplicates (msg, codes))
    return;
  if (removed->len == items->len)
    {
      bad_request (msg, "Invalid order boxes layout request. Violations: [cannot remove every item; "
                   "cancel the order instead]");
      return;
    }

  for (guint i = 0; i < removed->len; i++)
    pd_order_remove_item (order, g_array_index (removed, gint64, i));
  self->next_box_id += json_array_get_length (boxes);
  store_codes (self, order, codes, TRUE);
  g_array_set_size (pd_order_get_box_slots (order), 0);
  for (guint i = 0; i < slots->len; i++)
    pd_order_add_box_slot (order, &g_array_index (slots, PdBoxSlot, i));
  respond_layout (self, msg, order);
}

static void
put_identifiers (PdFakeMarket      *self,
                 SoupServerMessage *msg,
                 PdOrder           *order)
{
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(GHashTable) codes = pd_market_codes_new ();
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  JsonObject *body;
  JsonArray *items;

  if (!take_limit (self, msg, "provideOrderItemIdentifiers", "campaignId")
      || !check_order_open (msg, order) || (body = request_object (msg, &request)) == NULL)
    return;
  if (!pd_order_is_dbs (order))
    {
      bad_request (msg, "Action is not allowed for order '%" G_GINT64_FORMAT "': FBS and Express "
                   "orders send codes with PUT v2/campaigns/{campaignId}/orders/{orderId}/boxes",
                   pd_order_get_id (order));
      return;
    }

  items = pd_market_json_get_array (body, "items");
  if (items == NULL)
    {
      bad_request (msg, "'items' must not be null");
      return;
    }
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *node = json_array_get_element (items, i);
      JsonObject *entry = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      PdOrderItem *item = NULL;
      gint64 id = 0;

      if (entry == NULL || !pd_market_json_get_int (entry, "id", &id)
          || (item = pd_order_find_item (order, id)) == NULL)
        {
          bad_request (msg, "Item %" G_GINT64_FORMAT " is not in order %" G_GINT64_FORMAT, id,
                       pd_order_get_id (order));
          return;
        }
      if (!read_instances (msg, id, pd_market_json_get_array (entry, "instances"),
                           pd_order_item_get_count (item), codes))
        return;
    }
  if (!check_no_duplicates (msg, codes))
    return;

  store_codes (self, order, codes, FALSE);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < pd_order_get_items (order)->len; i++)
    {
      PdOrderItem *item = g_ptr_array_index (pd_order_get_items (order), i);
      GPtrArray *instances = pd_order_item_get_instances (item);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, pd_order_item_get_id (item));
      json_builder_set_member_name (builder, "count");
      json_builder_add_int_value (builder, pd_order_item_get_count (item));
      json_builder_set_member_name (builder, "offerId");
      json_builder_add_string_value (builder, pd_order_item_get_offer_id (item));
      json_builder_set_member_name (builder, "offerName");
      json_builder_add_string_value (builder, pd_order_item_get_offer_name (item));
      if (instances->len > 0)
        {
          json_builder_set_member_name (builder, "instances");
          json_builder_begin_array (builder);
          for (guint k = 0; k < instances->len; k++)
            pd_market_json_add_instance (builder, g_ptr_array_index (instances, k));
          json_builder_end_array (builder);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  respond_wrapped (msg, json_builder_get_root (builder));
}

static void
add_status_list (PdFakeMarket *self,
                 JsonBuilder  *builder,
                 PdOrder      *order,
                 PdOrderItem  *item,
                 PdCodeKind    kind)
{
  GPtrArray *instances = pd_order_item_get_instances (item);
  gboolean open = FALSE;

  for (guint k = 0; k < instances->len; k++)
    {
      PdItemInstance *instance = g_ptr_array_index (instances, k);
      Verification *v;
      g_autoptr(PdIdentifierStatus) status = NULL;

      if (pd_item_instance_get_kind (instance) != kind)
        continue;
      if (!open)
        {
          json_builder_set_member_name (builder, kind == PD_CODE_KIND_CIS ? "cis" : "uin");
          json_builder_begin_array (builder);
          open = TRUE;
        }
      v = pd_order_is_dbs (order) ? NULL
          : current_verification (self, order, pd_order_item_get_id (item), instance);
      status = pd_identifier_status_new (pd_order_item_get_id (item), kind,
                                         pd_item_instance_get_value (instance),
                                         v != NULL ? v->status : "NOT_ON_VALIDATION",
                                         v != NULL ? v->substatus : NULL);
      pd_market_json_add_status (builder, status);
    }
  if (open)
    json_builder_end_array (builder);
}

static void
post_identifier_statuses (PdFakeMarket      *self,
                          SoupServerMessage *msg,
                          PdOrder           *order)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GPtrArray *items = pd_order_get_items (order);

  if (!take_limit (self, msg, "getOrderIdentifiersStatus", "campaignId"))
    return;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < items->len; i++)
    {
      PdOrderItem *item = g_ptr_array_index (items, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, pd_order_item_get_id (item));
      add_status_list (self, builder, order, item, PD_CODE_KIND_CIS);
      add_status_list (self, builder, order, item, PD_CODE_KIND_UIN);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  respond_wrapped (msg, json_builder_get_root (builder));
}

/* Whether ITEM has every required CIS/UIN and, outside DBS, each passed verification. */
static gboolean
item_is_ready (PdFakeMarket *self,
               PdOrder      *order,
               PdOrderItem  *item)
{
  PdInstanceTypes types = pd_order_item_get_required_types (item);
  GPtrArray *instances = pd_order_item_get_instances (item);
  guint present = 0;

  if (!(types & (PD_INSTANCE_TYPE_CIS | PD_INSTANCE_TYPE_UIN)))
    return TRUE;

  for (guint k = 0; k < instances->len; k++)
    {
      PdItemInstance *instance = g_ptr_array_index (instances, k);
      Verification *v;

      if (!is_verified_kind (pd_item_instance_get_kind (instance)))
        continue;
      present++;
      v = current_verification (self, order, pd_order_item_get_id (item), instance);
      if (!pd_order_is_dbs (order) && (v == NULL || !g_str_equal (v->status, "OK")))
        return FALSE;
    }
  return present >= pd_order_item_get_count (item);
}

static void
add_member (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

/* The older OrderDTO that updateOrderStatus answers with: dates as DD-MM-YYYY in Moscow time,
 * and the money and delivery fields it requires. The fake store has no prices, so every unit
 * costs the same. */
static void
add_order_dto (JsonBuilder *builder,
               PdOrder     *order)
{
  static const double unit_price = 1990.0;
  GPtrArray *items = pd_order_get_items (order);
  g_autoptr(GTimeZone) moscow = g_time_zone_new_identifier ("Europe/Moscow");
  g_autoptr(GDateTime) created_utc = g_date_time_new_from_iso8601 (pd_order_get_creation_date (order), NULL);
  g_autoptr(GDateTime) created = created_utc != NULL && moscow != NULL
                                 ? g_date_time_to_timezone (created_utc, moscow) : g_date_time_new_now_utc ();
  g_autoptr(GDateTime) due = g_date_time_add_days (created, 1);
  g_autofree char *created_text = g_date_time_format (created, "%d-%m-%Y %H:%M:%S");
  g_autofree char *due_text = g_date_time_format (due, "%d-%m-%Y");
  double total = 0;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, pd_order_get_id (order));
  add_member (builder, "status", pd_order_get_status (order));
  add_member (builder, "substatus", pd_order_get_substatus (order));
  add_member (builder, "creationDate", created_text);
  add_member (builder, "currency", "RUR");
  add_member (builder, "paymentType", "PREPAID");
  add_member (builder, "paymentMethod", "YANDEX");
  add_member (builder, "taxSystem", "USN");
  json_builder_set_member_name (builder, "fake");
  json_builder_add_boolean_value (builder, FALSE);

  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < items->len; i++)
    {
      PdOrderItem *item = g_ptr_array_index (items, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, pd_order_item_get_id (item));
      add_member (builder, "offerId", pd_order_item_get_offer_id (item));
      add_member (builder, "offerName", pd_order_item_get_offer_name (item));
      json_builder_set_member_name (builder, "count");
      json_builder_add_int_value (builder, pd_order_item_get_count (item));
      json_builder_set_member_name (builder, "price");
      json_builder_add_double_value (builder, unit_price);
      json_builder_set_member_name (builder, "buyerPrice");
      json_builder_add_double_value (builder, unit_price);
      json_builder_set_member_name (builder, "buyerPriceBeforeDiscount");
      json_builder_add_double_value (builder, unit_price);
      json_builder_end_object (builder);
      total += unit_price * pd_order_item_get_count (item);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "itemsTotal");
  json_builder_add_double_value (builder, total);
  json_builder_set_member_name (builder, "buyerItemsTotalBeforeDiscount");
  json_builder_add_double_value (builder, total);
  json_builder_set_member_name (builder, "deliveryTotal");
  json_builder_add_double_value (builder, 0);

  json_builder_set_member_name (builder, "delivery");
  json_builder_begin_object (builder);
  add_member (builder, "type", "DELIVERY");
  add_member (builder, "serviceName", "Доставка Маркета");
  add_member (builder, "deliveryPartnerType", "YANDEX_MARKET");
  json_builder_set_member_name (builder, "deliveryServiceId");
  json_builder_add_int_value (builder, 1006360);
  json_builder_set_member_name (builder, "dates");
  json_builder_begin_object (builder);
  add_member (builder, "fromDate", due_text);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "buyer");
  json_builder_begin_object (builder);
  add_member (builder, "type", pd_order_get_buyer_type (order) != NULL ? pd_order_get_buyer_type (order)
                                                                       : "PERSON");
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

static void
put_order_status (PdFakeMarket      *self,
                  SoupServerMessage *msg,
                  PdOrder           *order)
{
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  JsonObject *body, *change;
  const char *status, *substatus;
  GPtrArray *items = pd_order_get_items (order);

  if (!take_limit (self, msg, "updateOrderStatus", "campaignId")
      || (body = request_object (msg, &request)) == NULL)
    return;

  change = pd_market_json_get_object (body, "order");
  status = change != NULL ? pd_market_json_get_string (change, "status") : NULL;
  substatus = change != NULL ? pd_market_json_get_string (change, "substatus") : NULL;
  if (g_strcmp0 (status, "PROCESSING") != 0 || g_strcmp0 (substatus, "READY_TO_SHIP") != 0)
    {
      bad_request (msg, "Status not allowed: '%s/%s'", status != NULL ? status : "",
                   substatus != NULL ? substatus : "");
      return;
    }
  if (g_strcmp0 (pd_order_get_substatus (order), "STARTED") != 0)
    {
      bad_request (msg, "No transition found: '%s/%s' -> 'PROCESSING/READY_TO_SHIP'",
                   pd_order_get_status (order), pd_order_get_substatus (order));
      return;
    }
  for (guint i = 0; i < items->len; i++)
    if (!item_is_ready (self, order, g_ptr_array_index (items, i)))
      {
        bad_request (msg, "Transition 'PROCESSING/STARTED' -> 'PROCESSING/READY_TO_SHIP' is not "
                     "allowed. Reason: item %" G_GINT64_FORMAT " has marking codes missing or not "
                     "verified", pd_order_item_get_id (g_ptr_array_index (items, i)));
        return;
      }

  pd_order_set_substatus (order, "READY_TO_SHIP");
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autofree char *now_text = g_date_time_format_iso8601 (now);

    pd_order_set_update_date (order, now_text);
  }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "order");
  add_order_dto (builder, order);
  json_builder_end_object (builder);
  {
    g_autoptr(JsonNode) root = json_builder_get_root (builder);
    respond_json (msg, SOUP_STATUS_OK, root);
  }
}

/* ---- Labels. ---- */

static gboolean
parse_id (const char *text,
          gint64     *id)
{
  return g_ascii_string_to_signed (text, 10, 1, G_MAXINT64, id, NULL);
}

/* The order's boxes in layout order; an order never laid out is one box, as at the Market. */
static GArray *
order_boxes (PdOrder *order)
{
  GArray *boxes = g_array_new (FALSE, TRUE, sizeof (PdFakeLabelBox));
  GArray *slots = pd_order_get_box_slots (order);

  for (guint i = 0; i < slots->len; i++)
    {
      const PdBoxSlot *slot = &g_array_index (slots, PdBoxSlot, i);

      if (pd_box_slot_starts_box (slots, i))
        {
          PdFakeLabelBox box = { slot->box_id, boxes->len + 1 };
          g_array_append_val (boxes, box);
        }
    }
  if (boxes->len == 0)
    {
      PdFakeLabelBox box = { 0, 1 };
      g_array_append_val (boxes, box);
    }
  return boxes;
}

/* GET …/delivery/labels (BOX_TEXT NULL) or …/shipments/{id}/boxes/{id}/label. */
static void
get_labels (PdFakeMarket      *self,
            SoupServerMessage *msg,
            PdOrder           *order,
            GHashTable        *query,
            const char        *shipment_text,
            const char        *box_text)
{
  g_autoptr(GArray) boxes = order_boxes (order);
  const char *format = query != NULL ? g_hash_table_lookup (query, "format") : NULL;
  g_autofree char *shipment_date = NULL;
  const char *date = pd_order_get_shipment_date (order);
  PdFakeLabelOrder label = { pd_order_get_id (order), "ООО «Пакдеск Демо»", "Доставка Маркета" };
  g_autoptr(GBytes) pdf = NULL;
  guint first = 0, n = boxes->len;
  gint64 id = 0;

  if (!take_limit (self, msg, box_text != NULL ? "generateOrderLabel" : "generateOrderLabels",
                   "campaignId"))
    return;
  if (box_text != NULL)
    {
      /* The shipment in the path is any number, as the Market no longer reads it. */
      if (!parse_id (shipment_text, &id) || !parse_id (box_text, &id))
        id = -1;
      for (first = 0; first < boxes->len; first++)
        if (id > 0 && g_array_index (boxes, PdFakeLabelBox, first).box_id == id)
          break;
      if (first == boxes->len)
        {
          respond_error (msg, SOUP_STATUS_NOT_FOUND, "NOT_FOUND", "Box not found");
          return;
        }
      n = 1;
    }

  /* The label prints the day as dd.MM.yyyy, as ParcelBoxLabelDTO says. */
  if (date != NULL && strlen (date) == 10)
    label.shipment_date = shipment_date = g_strdup_printf ("%.2s.%.2s.%.4s", date + 8, date + 5, date);
  pdf = pd_fake_labels_render (&label, &g_array_index (boxes, PdFakeLabelBox, first), n,
                               boxes->len, format);
  if (pdf == NULL)
    {
      bad_request (msg, "Illegal value '%s' for parameter 'format'", format);
      return;
    }
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/pdf", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf));
}

/* ---- Routing. ---- */

static PdOrder *
find_campaign_order (PdFakeMarket      *self,
                     SoupServerMessage *msg,
                     const char        *campaign_text,
                     const char        *order_text)
{
  gint64 campaign_id = 0, order_id = 0;
  gboolean known_campaign = FALSE;
  PdOrder *order;

  if (parse_id (campaign_text, &campaign_id))
    for (guint i = 0; i < self->campaigns->len; i++)
      known_campaign |= pd_campaign_get_id (g_ptr_array_index (self->campaigns, i)) == campaign_id;
  if (!known_campaign)
    {
      respond_error (msg, SOUP_STATUS_FORBIDDEN, "FORBIDDEN", "Access denied");
      return NULL;
    }

  order = parse_id (order_text, &order_id) ? pd_fake_market_lookup_order (self, order_id) : NULL;
  if (order == NULL || pd_order_get_campaign_id (order) != campaign_id)
    {
      g_autofree char *message = g_strdup_printf ("Order not found: partnerId = %" G_GINT64_FORMAT
                                                  ", orderId = %s", campaign_id, order_text);
      respond_error (msg, SOUP_STATUS_NOT_FOUND, "NOT_FOUND", message);
      return NULL;
    }
  return order;
}

static void
route (PdFakeMarket      *self,
       SoupServerMessage *msg,
       const char        *path,
       GHashTable        *query)
{
  const char *method = soup_server_message_get_method (msg);
  g_auto(GStrv) parts = g_strsplit (path + (path[0] == '/'), "/", -1);
  guint n = g_strv_length (parts);
  gint64 business_id = 0;
  PdOrder *order;

  if (n == 2 && g_str_equal (parts[0], "v2") && g_str_equal (parts[1], "campaigns")
      && g_str_equal (method, "GET"))
    return get_campaigns (self, msg, query);

  if (n == 4 && g_str_equal (parts[0], "v1") && g_str_equal (parts[1], "businesses")
      && g_str_equal (parts[3], "orders") && g_str_equal (method, "POST"))
    {
      if (!parse_id (parts[2], &business_id))
        business_id = 0;
      return get_business_orders (self, msg, query, business_id);
    }

  if (n >= 6 && g_str_equal (parts[0], "v2") && g_str_equal (parts[1], "campaigns")
      && g_str_equal (parts[3], "orders"))
    {
      const char *what = n == 6 ? parts[5] : NULL;
      gboolean status_call = n == 7 && g_str_equal (parts[5], "identifiers")
                             && g_str_equal (parts[6], "status") && g_str_equal (method, "POST");

      if (status_call || (n == 6 && g_str_equal (method, "PUT")
                          && (g_str_equal (what, "boxes") || g_str_equal (what, "identifiers")
                              || g_str_equal (what, "status"))))
        {
          if ((order = find_campaign_order (self, msg, parts[2], parts[4])) == NULL)
            return;
          if (status_call)
            return post_identifier_statuses (self, msg, order);
          if (g_str_equal (what, "boxes"))
            return put_boxes (self, msg, order);
          if (g_str_equal (what, "identifiers"))
            return put_identifiers (self, msg, order);
          return put_order_status (self, msg, order);
        }

      /* …/delivery/labels and …/delivery/shipments/{id}/boxes/{id}/label */
      if (g_str_equal (method, "GET") && g_str_equal (parts[5], "delivery")
          && ((n == 7 && g_str_equal (parts[6], "labels"))
              || (n == 11 && g_str_equal (parts[6], "shipments") && g_str_equal (parts[8], "boxes")
                  && g_str_equal (parts[10], "label"))))
        {
          if ((order = find_campaign_order (self, msg, parts[2], parts[4])) == NULL)
            return;
          return get_labels (self, msg, order, query, n == 11 ? parts[7] : NULL,
                             n == 11 ? parts[9] : NULL);
        }
    }

  respond_error (msg, SOUP_STATUS_NOT_FOUND, "NOT_FOUND", "Resource not found");
}

/* ---- Faults. ---- */

static void
close_stolen (GIOStream *stream,
              const char *partial_answer)
{
  if (partial_answer != NULL)
    g_output_stream_write_all (g_io_stream_get_output_stream (stream), partial_answer,
                               strlen (partial_answer), NULL, NULL, NULL);
  g_io_stream_close (stream, NULL, NULL);
}

/* Returns TRUE when FAULT took the request over. */
static gboolean
inject_fault (SoupServerMessage *msg,
              Fault              fault)
{
  switch (fault)
    {
    case FAULT_HTTP_500:
      respond_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "INTERNAL_ERROR", "Internal server error");
      return TRUE;
    case FAULT_HTTP_503:
      respond_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "SERVICE_UNAVAILABLE",
                     "Service temporarily unavailable. Please, try again later");
      return TRUE;
    case FAULT_NOT_JSON:
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC,
                                        "<html><body>502 Bad Gateway</body></html>", 40);
      return TRUE;
    case FAULT_HUGE:
      {
        /* Valid JSON, but over the 16 MiB a client should read. */
        gsize size = 17 * 1024 * 1024;
        char *body = g_malloc (size);

        memset (body, ' ', size);
        memcpy (body + size - 2, "{}", 2);
        soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
        soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, body, size);
        return TRUE;
      }
    case FAULT_DEEP:
      {
        /* 75,000 levels, which overflow a recursive parser's stack. */
        gsize depth = 75000;
        char *body = g_malloc (depth);

        memset (body, '[', depth);
        soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
        soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, body, depth);
        return TRUE;
      }
    case FAULT_DROP:
      {
        g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);
        close_stolen (stream, NULL);
        return TRUE;
      }
    case FAULT_TRUNCATE:
      {
        g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);
        close_stolen (stream, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                              "Content-Length: 4096\r\n\r\n{\"status\":\"OK\",\"res");
        return TRUE;
      }
    default:
      g_return_val_if_reached (FALSE);
    }
}

static gboolean
unpause (gpointer data)
{
  soup_server_message_unpause (data);
  return G_SOURCE_REMOVE;
}

static void
on_message_finished (SoupServerMessage *msg,
                     PdFakeMarket      *self)
{
  self->active--;
}

static void
handle_request (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           data)
{
  PdFakeMarket *self = data;

  if (self->faults.length > 0
      && inject_fault (msg, GPOINTER_TO_INT (g_queue_pop_head (&self->faults))))
    return;

  /* Only answered requests count: a stolen connection never finishes as a message. */
  self->active++;
  self->peak_active = MAX (self->peak_active, self->active);
  g_signal_connect (msg, "finished", G_CALLBACK (on_message_finished), self);

  if (check_api_key (self, msg))
    route (self, msg, path, query);

  if (self->latency_ms > 0)
    {
      soup_server_message_pause (msg);
      g_timeout_add_full (G_PRIORITY_DEFAULT, self->latency_ms, unpause, g_object_ref (msg),
                          g_object_unref);
    }
}

/* Listens on 127.0.0.1; PORT 0 picks a free one. */
gboolean
pd_fake_market_listen (PdFakeMarket  *self,
                       guint          port,
                       GError       **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);

  g_return_val_if_fail (self->server == NULL, FALSE);

  self->server = soup_server_new ("server-header", "packdesk-fake-market ", NULL);
  soup_server_add_handler (self->server, NULL, handle_request, self, NULL);
  return soup_server_listen (self->server, address, 0, error);
}

/* Returns: (transfer full): "http://127.0.0.1:PORT/" */
char *
pd_fake_market_dup_url (PdFakeMarket *self)
{
  GSList *uris = soup_server_get_uris (self->server);
  char *url = uris != NULL ? g_uri_to_string (uris->data) : NULL;

  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return url;
}
