/* pd-market-json.c — the one place that reads and writes the Market's JSON. Answers come in
 * two envelopes (wrapped {"status","result"} and bare) and errors in two shapes (errors[] and
 * the legacy error); required fields that are missing or of the wrong type make a clear
 * PD_MARKET_ERROR_INVALID_RESPONSE instead of a crash. Every answer is bounded before it is
 * parsed (depth, values, string lengths) and every model after (ids, counts, code lengths), so a
 * hostile server can neither crash the parser nor make the desk build millions of units.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "pd-market-error.h"
#include "pd-market-json.h"

/* ---- Bounds. ---- */

/* What a real answer stays far below. json-glib's parser recurses once per level, so deep
 * nesting overflows the stack; it also spends about a hundred bytes per value, so the number
 * of values bounds its memory. */
#define MAX_DEPTH       64
#define MAX_VALUES      400000
#define MAX_STRING      (64 * 1024)
/* The longest code (a CIS with its crypto tail) is about 150 bytes. */
#define MAX_CODE        512
#define MAX_ITEMS       1000
#define MAX_UNITS       10000
#define MAX_ERRORS      20
#define MAX_MESSAGE     500

static gboolean
bounds_error (GError    **error,
              const char *message)
{
  g_set_error_literal (error, PD_MARKET_ERROR, PD_MARKET_ERROR_INVALID_RESPONSE, message);
  return FALSE;
}

/* One pass over the text before json-glib sees it: depth, number of values, string lengths,
 * and NUL, which json-glib would silently cut a string at. */
static gboolean
check_bounds (const char *data,
              gsize       size,
              GError    **error)
{
  guint depth = 0, values = 0;
  gsize string_start = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < size; i++)
    {
      char c = data[i];

      if (c == '\0' || (in_string && c == '\\' && i + 5 < size
                        && memcmp (data + i + 1, "u0000", 5) == 0))
        return bounds_error (error, _("The Market’s answer holds a NUL character; Packdesk "
                                      "does not read it."));
      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          if (i - string_start > MAX_STRING)
            return bounds_error (error, _("The Market’s answer holds a text longer than 64 KiB; "
                                          "Packdesk does not read it."));
          continue;
        }

      switch (c)
        {
        case '"':
          in_string = TRUE;
          string_start = i;
          values++;
          break;
        case '[':
        case '{':
          if (++depth > MAX_DEPTH)
            return bounds_error (error, _("The Market’s answer is nested too deeply; Packdesk "
                                          "does not read it."));
          values++;
          break;
        case ']':
        case '}':
          depth -= depth > 0;
          break;
        case ',':
          values++;
          break;
        default:
          break;
        }
      if (values > MAX_VALUES)
        return bounds_error (error, _("The Market’s answer holds too many values; Packdesk "
                                      "does not read it."));
    }

  return TRUE;
}

/* ---- Reading fields safely. ---- */

gboolean
pd_market_json_get_int (JsonObject *object,
                        const char *name,
                        gint64     *value)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;

  *value = json_node_get_int (node);
  return TRUE;
}

/* An id is a positive integer. json-glib reads one too large for 64 bits as G_MAXINT64 (older
 * versions as -1), so an overflowing id is refused here rather than taken as another. */
static gboolean
get_id (JsonObject *object,
        const char *name,
        gint64     *value)
{
  return pd_market_json_get_int (object, name, value) && *value > 0 && *value < G_MAXINT64;
}

/* A count between 0 and MAX. */
static gboolean
get_count (JsonObject *object,
           const char *name,
           gint64      max,
           gint64     *value)
{
  return pd_market_json_get_int (object, name, value) && *value >= 0 && *value <= max;
}

/* Returns: (nullable): the string member, or NULL when missing or not a string */
const char *
pd_market_json_get_string (JsonObject *object,
                           const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

JsonArray *
pd_market_json_get_array (JsonObject *object,
                          const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

JsonObject *
pd_market_json_get_object (JsonObject *object,
                           const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* Whether NAME is there but not an object: an optional part of the wrong type is as wrong as
 * a missing required one. */
static gboolean
is_not_object (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && !JSON_NODE_HOLDS_OBJECT (node) && !JSON_NODE_HOLDS_NULL (node);
}

static gpointer
shape_error (GError    **error,
             const char *what)
{
  /* Translators: %s names the part of the answer, e.g. "orders[].items" */
  g_set_error (error, PD_MARKET_ERROR, PD_MARKET_ERROR_INVALID_RESPONSE,
               _("The Market’s answer has an unexpected shape (%s). Try again later; if it "
                 "persists, update Packdesk."), what);
  return NULL;
}

/* Each element of ARRAY as an object, or NULL after setting ERROR. */
static JsonObject *
array_object (JsonArray  *array,
              guint       index,
              const char *what,
              GError    **error)
{
  JsonNode *node = json_array_get_element (array, index);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return shape_error (error, what);
  return json_node_get_object (node);
}

/* ---- Envelopes and errors. ---- */

/* Returns: (transfer full): the answer's root, once it has kept the bounds */
JsonNode *
pd_market_json_parse_body (GBytes  *body,
                           GError **error)
{
  /* Not json_parser_new_immutable (): json-glib 1.10 aborts on an assertion when such a parser
   * reads a value followed by an object ("1{}"), which it also takes as that object. */
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize size = 0;
  const char *data = g_bytes_get_data (body, &size);
  gsize start = 0;

  if (!check_bounds (data, size, error))
    return NULL;
  while (start < size && g_ascii_isspace (data[start]))
    start++;
  /* Every answer of the Market is an object. */
  if (start == size || data[start] != '{'
      || !json_parser_load_from_data (parser, data + start, size - start, NULL))
    {
      g_set_error (error, PD_MARKET_ERROR, PD_MARKET_ERROR_INVALID_RESPONSE,
                   _("The Market answered with something that is not JSON. Try again later."));
      return NULL;
    }

  return json_node_ref (json_parser_get_root (parser));
}

/* The result object of either envelope: {"status":"OK","result":{…}} or the bare object. */
JsonObject *
pd_market_json_unwrap (JsonNode  *root,
                       GError   **error)
{
  JsonObject *object;
  JsonObject *result;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    return shape_error (error, "root");

  object = json_node_get_object (root);
  result = pd_market_json_get_object (object, "result");
  if (result != NULL && g_strcmp0 (pd_market_json_get_string (object, "status"), "OK") == 0)
    return result;
  if (g_strcmp0 (pd_market_json_get_string (object, "status"), "ERROR") == 0)
    return shape_error (error, "status");

  return object;
}

/* At most MAX_MESSAGE characters of what the Market said, cut at a character boundary. */
static void
add_message (GStrvBuilder *builder,
             const char   *message)
{
  g_autofree char *valid = g_utf8_make_valid (message != NULL ? message : "", -1);

  if (g_utf8_strlen (valid, -1) > MAX_MESSAGE)
    {
      g_autofree char *cut = g_utf8_substring (valid, 0, MAX_MESSAGE);

      g_strv_builder_take (builder, g_strconcat (cut, "…", NULL));
      return;
    }
  g_strv_builder_add (builder, valid);
}

/* errors[] first (at most MAX_ERRORS of them); the legacy {"error":{"code","message"}} only
 * when there is none. */
void
pd_market_json_parse_errors (JsonNode *root,
                             GStrv    *codes,
                             GStrv    *messages)
{
  g_autoptr(GStrvBuilder) code_builder = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) message_builder = g_strv_builder_new ();
  JsonObject *object = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  JsonArray *errors = object != NULL ? pd_market_json_get_array (object, "errors") : NULL;
  JsonObject *legacy = object != NULL ? pd_market_json_get_object (object, "error") : NULL;
  guint n_errors = errors != NULL ? MIN (json_array_get_length (errors), MAX_ERRORS) : 0;

  for (guint i = 0; i < n_errors; i++)
    {
      JsonNode *node = json_array_get_element (errors, i);
      JsonObject *entry = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *code = entry != NULL ? pd_market_json_get_string (entry, "code") : NULL;

      add_message (code_builder, code);
      add_message (message_builder, entry != NULL ? pd_market_json_get_string (entry, "message") : NULL);
    }

  if (n_errors == 0 && legacy != NULL)
    {
      gint64 number = 0;
      g_autofree char *code = pd_market_json_get_int (legacy, "code", &number)
                              ? g_strdup_printf ("%" G_GINT64_FORMAT, number)
                              : g_strdup (pd_market_json_get_string (legacy, "code"));

      add_message (code_builder, code);
      add_message (message_builder, pd_market_json_get_string (legacy, "message"));
    }

  *codes = g_strv_builder_end (code_builder);
  *messages = g_strv_builder_end (message_builder);
}

/* Whether a 2xx answer is an error all the same: an envelope with status ERROR, or errors[]. */
gboolean
pd_market_json_is_error (JsonNode *root)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  JsonArray *errors = object != NULL ? pd_market_json_get_array (object, "errors") : NULL;

  return object != NULL
         && (g_strcmp0 (pd_market_json_get_string (object, "status"), "ERROR") == 0
             || (errors != NULL && json_array_get_length (errors) > 0));
}

static char *
next_page_token (JsonObject *result)
{
  JsonObject *paging = pd_market_json_get_object (result, "paging");
  const char *token = paging != NULL ? pd_market_json_get_string (paging, "nextPageToken") : NULL;

  return token != NULL && *token != '\0' ? g_strdup (token) : NULL;
}

/* ---- Models. ---- */

static PdCampaign *
parse_campaign (JsonObject  *object,
                GError     **error)
{
  JsonObject *business = pd_market_json_get_object (object, "business");
  gint64 id = 0, business_id = 0;

  if (!get_id (object, "id", &id))
    return shape_error (error, "campaigns[].id");
  if (is_not_object (object, "business")
      || (business != NULL && json_object_has_member (business, "id")
          && !get_id (business, "id", &business_id)))
    return shape_error (error, "campaigns[].business");

  return pd_campaign_new (id, pd_market_json_get_string (object, "domain"), business_id,
                          business != NULL ? pd_market_json_get_string (business, "name") : NULL,
                          pd_market_json_get_string (object, "placementType"),
                          pd_market_json_get_string (object, "apiAvailability"));
}

GPtrArray *
pd_market_json_parse_campaigns (JsonObject  *result,
                                char       **next_page,
                                GError     **error)
{
  g_autoptr(GPtrArray) campaigns = g_ptr_array_new_with_free_func (g_object_unref);
  JsonArray *array = pd_market_json_get_array (result, "campaigns");

  if (array == NULL)
    return shape_error (error, "campaigns");

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = array_object (array, i, "campaigns[]", error);
      PdCampaign *campaign = object != NULL ? parse_campaign (object, error) : NULL;

      if (campaign == NULL)
        return NULL;
      g_ptr_array_add (campaigns, campaign);
    }

  *next_page = next_page_token (result);
  return g_steal_pointer (&campaigns);
}

static PdCodeKind
instance_kind (JsonObject  *object,
               const char **value)
{
  static const struct { const char *field; PdCodeKind kind; } fields[] = {
    { "cis", PD_CODE_KIND_CIS }, { "uin", PD_CODE_KIND_UIN },
    { "rnpt", PD_CODE_KIND_RNPT }, { "gtd", PD_CODE_KIND_GTD },
    { "countryCode", PD_CODE_KIND_COUNTRY },
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if ((*value = pd_market_json_get_string (object, fields[i].field)) != NULL)
      return fields[i].kind;

  *value = pd_market_json_get_string (object, "cisFull");
  return *value != NULL ? PD_CODE_KIND_CIS : PD_CODE_KIND_NONE;
}

static gboolean
is_code_sized (const char *value)
{
  return value == NULL || strlen (value) <= MAX_CODE;
}

/* One BriefOrderItemInstanceDTO or OrderItemInstanceDTO. */
PdItemInstance *
pd_market_json_parse_instance (JsonObject  *object,
                               GError     **error)
{
  const char *value = NULL;
  PdCodeKind kind = instance_kind (object, &value);
  const char *cis_full = pd_market_json_get_string (object, "cisFull");
  const char *country = pd_market_json_get_string (object, "countryCode");
  PdItemInstance *instance;

  if (kind == PD_CODE_KIND_NONE || *value == '\0' || !is_code_sized (value)
      || !is_code_sized (cis_full) || !is_code_sized (country))
    return shape_error (error, "instances[]");

  instance = pd_item_instance_new (kind, value);
  pd_item_instance_set_cis_full (instance, cis_full);
  if (kind != PD_CODE_KIND_COUNTRY)
    pd_item_instance_set_country_code (instance, country);
  return instance;
}

static PdOrderItem *
parse_item (JsonObject  *object,
            GError     **error)
{
  g_autoptr(PdOrderItem) item = NULL;
  g_autoptr(GStrvBuilder) types = g_strv_builder_new ();
  g_auto(GStrv) type_names = NULL;
  JsonArray *required = pd_market_json_get_array (object, "requiredInstanceTypes");
  JsonArray *instances = pd_market_json_get_array (object, "instances");
  gint64 id = 0, count = 0;

  if (!get_id (object, "id", &id) || !get_count (object, "count", MAX_UNITS, &count))
    return shape_error (error, "orders[].items[].id/count");

  for (guint i = 0; required != NULL && i < json_array_get_length (required); i++)
    {
      JsonNode *node = json_array_get_element (required, i);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        g_strv_builder_add (types, json_node_get_string (node));
    }
  type_names = g_strv_builder_end (types);

  item = pd_order_item_new (id, pd_market_json_get_string (object, "offerId"),
                            pd_market_json_get_string (object, "offerName"), count,
                            (const char * const *) type_names);

  for (guint i = 0; instances != NULL && i < json_array_get_length (instances); i++)
    {
      JsonObject *entry = array_object (instances, i, "items[].instances[]", error);
      PdItemInstance *instance = entry != NULL ? pd_market_json_parse_instance (entry, error) : NULL;

      if (instance == NULL)
        return NULL;
      pd_order_item_add_instance (item, instance);
    }

  return g_steal_pointer (&item);
}

/* One slot of delivery.boxesLayout, or FALSE when it does not make sense for ORDER: the
 * layout is only kept to be sent back, so a slot the Market could not have meant is left out. */
static gboolean
parse_box_slot (PdOrder    *order,
                JsonObject *entry,
                PdBoxSlot  *slot)
{
  JsonObject *partial = pd_market_json_get_object (entry, "partialCount");
  PdOrderItem *item;
  gint64 full = 0, current = 0, total = 0;

  if (!get_id (entry, "id", &slot->item_id)
      || (item = pd_order_find_item (order, slot->item_id)) == NULL)
    return FALSE;
  if (partial != NULL)
    {
      if (!get_count (partial, "total", MAX_UNITS, &total)
          || !get_count (partial, "current", total, &current) || current == 0)
        return FALSE;
      slot->partial_current = current;
      slot->partial_total = total;
      return TRUE;
    }
  if (!get_count (entry, "fullCount", pd_order_item_get_count (item), &full) || full == 0)
    return FALSE;
  slot->full_count = full;
  return TRUE;
}

/* BOXES (delivery.boxesLayout, or the boxes of a setOrderBoxLayout answer) as ORDER's layout. */
static void
parse_boxes (PdOrder   *order,
             JsonArray *boxes)
{
  for (guint b = 0; boxes != NULL && b < json_array_get_length (boxes); b++)
    {
      JsonNode *box_node = json_array_get_element (boxes, b);
      JsonObject *box = JSON_NODE_HOLDS_OBJECT (box_node) ? json_node_get_object (box_node) : NULL;
      JsonArray *items = box != NULL ? pd_market_json_get_array (box, "items") : NULL;
      gint64 box_id = 0;

      if (box != NULL && !get_id (box, "boxId", &box_id))
        box_id = 0;
      for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
        {
          JsonNode *node = json_array_get_element (items, i);
          PdBoxSlot slot = { .box_id = box_id, .box_index = b };

          if (JSON_NODE_HOLDS_OBJECT (node) && parse_box_slot (order, json_node_get_object (node), &slot))
            pd_order_add_box_slot (order, &slot);
        }
    }
}

static void
parse_box_slots (PdOrder    *order,
                 JsonObject *object)
{
  JsonObject *delivery = pd_market_json_get_object (object, "delivery");

  parse_boxes (order, delivery != NULL ? pd_market_json_get_array (delivery, "boxesLayout") : NULL);
}

/**
 * pd_market_json_parse_layout:
 * @result: the result of setOrderBoxLayout
 *
 * The layout the Market took, with the ids it gave the boxes (labels are asked for by them),
 * becomes ORDER's. An answer without boxes leaves the order's layout as it was.
 */
void
pd_market_json_parse_layout (PdOrder    *order,
                             JsonObject *result)
{
  JsonArray *boxes = pd_market_json_get_array (result, "boxes");
  g_autoptr(PdOrder) parsed = NULL;
  GArray *slots;

  if (boxes == NULL || json_array_get_length (boxes) == 0)
    return;
  /* Read beside the order first: a nonsensical answer must not wipe the layout. */
  parsed = pd_order_new (pd_order_get_id (order), pd_order_get_campaign_id (order), NULL, NULL, NULL);
  for (guint i = 0; i < pd_order_get_items (order)->len; i++)
    pd_order_add_item (parsed, g_object_ref (g_ptr_array_index (pd_order_get_items (order), i)));
  parse_boxes (parsed, boxes);
  slots = pd_order_get_box_slots (parsed);
  if (slots->len == 0)
    return;
  g_array_set_size (pd_order_get_box_slots (order), 0);
  for (guint i = 0; i < slots->len; i++)
    pd_order_add_box_slot (order, &g_array_index (slots, PdBoxSlot, i));
}

/* delivery.shipment: kept only when its date is a date, so the list never sorts on nonsense. */
static void
parse_shipment (PdOrder    *order,
                JsonObject *object)
{
  JsonObject *delivery = pd_market_json_get_object (object, "delivery");
  JsonObject *shipment = delivery != NULL ? pd_market_json_get_object (delivery, "shipment") : NULL;
  const char *date = shipment != NULL ? pd_market_json_get_string (shipment, "shipmentDate") : NULL;
  gint64 id = 0;
  int year, month, day;

  if (date == NULL || strlen (date) != 10 || sscanf (date, "%4d-%2d-%2d", &year, &month, &day) != 3
      || !g_date_valid_dmy (day, month, year))
    return;
  if (!get_id (shipment, "id", &id))
    id = 0;
  pd_order_set_shipment (order, id, date, pd_market_json_get_string (shipment, "shipmentTime"));
}

static PdOrder *
parse_order (JsonObject  *object,
             GError     **error)
{
  g_autoptr(PdOrder) order = NULL;
  JsonArray *items = pd_market_json_get_array (object, "items");
  gint64 id = 0, campaign_id = 0;
  guint units = 0;

  if (!get_id (object, "orderId", &id) || !get_id (object, "campaignId", &campaign_id)
      || items == NULL || json_array_get_length (items) > MAX_ITEMS)
    return shape_error (error, "orders[].orderId/campaignId/items");

  order = pd_order_new (id, campaign_id, pd_market_json_get_string (object, "status"),
                        pd_market_json_get_string (object, "substatus"),
                        pd_market_json_get_string (object, "programType"));
  pd_order_set_buyer_type (order, pd_market_json_get_string (object, "buyerType"));
  pd_order_set_creation_date (order, pd_market_json_get_string (object, "creationDate"));
  pd_order_set_update_date (order, pd_market_json_get_string (object, "updateDate"));

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *entry = array_object (items, i, "orders[].items[]", error);
      PdOrderItem *item = entry != NULL ? parse_item (entry, error) : NULL;

      if (item == NULL)
        return NULL;
      pd_order_add_item (order, item);
      /* Every unit becomes a row at the desk: the order as a whole is bounded too. */
      units += pd_order_item_get_count (item);
      if (units > MAX_UNITS)
        return shape_error (error, "orders[].items[].count");
    }

  parse_box_slots (order, object);
  parse_shipment (order, object);
  return g_steal_pointer (&order);
}

GPtrArray *
pd_market_json_parse_orders (JsonObject  *result,
                             char       **next_page,
                             GError     **error)
{
  g_autoptr(GPtrArray) orders = g_ptr_array_new_with_free_func (g_object_unref);
  JsonArray *array = pd_market_json_get_array (result, "orders");

  if (array == NULL)
    return shape_error (error, "orders");

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = array_object (array, i, "orders[]", error);
      PdOrder *order = object != NULL ? parse_order (object, error) : NULL;

      if (order == NULL)
        return NULL;
      g_ptr_array_add (orders, order);
    }

  *next_page = next_page_token (result);
  return g_steal_pointer (&orders);
}

static gboolean
parse_status_list (GPtrArray   *statuses,
                   gint64       item_id,
                   JsonArray   *list,
                   PdCodeKind   kind,
                   GError     **error)
{
  for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
    {
      JsonObject *entry = array_object (list, i, "items[].cis/uin[]", error);
      const char *value = entry != NULL ? pd_market_json_get_string (entry, "value") : NULL;
      const char *status = entry != NULL ? pd_market_json_get_string (entry, "status") : NULL;

      if (entry == NULL)
        return FALSE;
      if (value == NULL || status == NULL || !is_code_sized (value))
        {
          shape_error (error, "items[].cis/uin[].value/status");
          return FALSE;
        }
      g_ptr_array_add (statuses,
                       pd_identifier_status_new (item_id, kind, value, status,
                                                 pd_market_json_get_string (entry, "substatus")));
    }

  return TRUE;
}

GPtrArray *
pd_market_json_parse_statuses (JsonObject  *result,
                               GError     **error)
{
  g_autoptr(GPtrArray) statuses = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_identifier_status_free);
  JsonArray *items = pd_market_json_get_array (result, "items");

  if (items == NULL)
    return shape_error (error, "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = array_object (items, i, "items[]", error);
      gint64 item_id = 0;

      if (item == NULL)
        return NULL;
      if (!get_id (item, "id", &item_id))
        return shape_error (error, "items[].id");
      if (!parse_status_list (statuses, item_id, pd_market_json_get_array (item, "cis"),
                              PD_CODE_KIND_CIS, error)
          || !parse_status_list (statuses, item_id, pd_market_json_get_array (item, "uin"),
                                 PD_CODE_KIND_UIN, error))
        return NULL;
    }

  return g_steal_pointer (&statuses);
}

/* ---- Writing. ---- */

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

/* The GS inside a CIS is written by json-glib as the escape \u001d, as the Market wants. */
void
pd_market_json_add_instance (JsonBuilder          *builder,
                             const PdItemInstance *instance)
{
  static const char *fields[] = {
    [PD_CODE_KIND_CIS] = "cis", [PD_CODE_KIND_UIN] = "uin", [PD_CODE_KIND_RNPT] = "rnpt",
    [PD_CODE_KIND_GTD] = "gtd", [PD_CODE_KIND_COUNTRY] = "countryCode",
  };
  PdCodeKind kind = pd_item_instance_get_kind (instance);

  g_return_if_fail (kind > PD_CODE_KIND_NONE && kind <= PD_CODE_KIND_COUNTRY);

  json_builder_begin_object (builder);
  add_string (builder, fields[kind], pd_item_instance_get_value (instance));
  add_string (builder, "cisFull", pd_item_instance_get_cis_full (instance));
  if (kind != PD_CODE_KIND_COUNTRY)
    add_string (builder, "countryCode", pd_item_instance_get_country_code (instance));
  json_builder_end_object (builder);
}

static void
add_instances (JsonBuilder *builder,
               GPtrArray   *instances,
               guint        from,
               guint        count)
{
  if (instances == NULL || from >= instances->len || count == 0)
    return;

  json_builder_set_member_name (builder, "instances");
  json_builder_begin_array (builder);
  for (guint i = from; i < instances->len && i < from + count; i++)
    pd_market_json_add_instance (builder, g_ptr_array_index (instances, i));
  json_builder_end_array (builder);
}

static GPtrArray *
codes_for (GHashTable *codes,
           gint64      item_id)
{
  return codes != NULL ? g_hash_table_lookup (codes, &item_id) : NULL;
}

/* One box with every item whole: the layout of an order packed in a single box. */
static void
add_single_box (JsonBuilder *builder,
                PdOrder     *order,
                GHashTable  *codes)
{
  GPtrArray *items = pd_order_get_items (order);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < items->len; i++)
    {
      PdOrderItem *item = g_ptr_array_index (items, i);

      json_builder_begin_object (builder);
      add_int (builder, "id", pd_order_item_get_id (item));
      add_int (builder, "fullCount", pd_order_item_get_count (item));
      add_instances (builder, codes_for (codes, pd_order_item_get_id (item)), 0, G_MAXUINT);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/* How much of its item SLOT holds: fullCount, or partialCount for a part of one unit. */
static void
add_slot_count (JsonBuilder     *builder,
                const PdBoxSlot *slot)
{
  if (slot->full_count > 0)
    {
      add_int (builder, "fullCount", slot->full_count);
      return;
    }
  json_builder_set_member_name (builder, "partialCount");
  json_builder_begin_object (builder);
  add_int (builder, "current", slot->partial_current);
  add_int (builder, "total", slot->partial_total);
  json_builder_end_object (builder);
}

/* The order's own boxes: whole items take their share of the codes in order; an item split
 * over boxes carries its code in every part, as the Market asks. */
static void
add_existing_boxes (JsonBuilder *builder,
                    PdOrder     *order,
                    GHashTable  *codes)
{
  GArray *slots = pd_order_get_box_slots (order);
  g_autoptr(GHashTable) used = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  for (guint i = 0; i < slots->len; i++)
    {
      const PdBoxSlot *slot = &g_array_index (slots, PdBoxSlot, i);
      GPtrArray *item_codes = codes_for (codes, slot->item_id);
      guint offset = GPOINTER_TO_UINT (g_hash_table_lookup (used, &slot->item_id));

      if (pd_box_slot_starts_box (slots, i))
        {
          if (i > 0)
            {
              json_builder_end_array (builder);
              json_builder_end_object (builder);
            }
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "items");
          json_builder_begin_array (builder);
        }

      json_builder_begin_object (builder);
      add_int (builder, "id", slot->item_id);
      add_slot_count (builder, slot);
      if (slot->full_count > 0)
        {
          add_instances (builder, item_codes, offset, slot->full_count);
          g_hash_table_replace (used, g_memdup2 (&slot->item_id, sizeof slot->item_id),
                                GUINT_TO_POINTER (offset + slot->full_count));
        }
      else
        add_instances (builder, item_codes, 0, G_MAXUINT);
      json_builder_end_object (builder);
    }

  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

static gboolean
leaves_out_items (PdOrder *order)
{
  GArray *slots = pd_order_get_box_slots (order);
  GPtrArray *items = pd_order_get_items (order);

  for (guint i = 0; pd_order_get_allow_remove (order) && slots->len > 0 && i < items->len; i++)
    {
      gint64 id = pd_order_item_get_id (g_ptr_array_index (items, i));
      gboolean placed = FALSE;

      for (guint k = 0; k < slots->len && !placed; k++)
        placed = g_array_index (slots, PdBoxSlot, k).item_id == id;
      if (!placed)
        return TRUE;
    }
  return FALSE;
}

/**
 * pd_market_json_build_boxes_request:
 * @codes: (element-type gint64 GPtrArray<PdItemInstance>): every code of the order, by item id
 *
 * The complete layout for PUT …/boxes: it replaces the previous one, so it always carries
 * every code, and keeps the order's existing boxes when there are any.
 */
JsonNode *
pd_market_json_build_boxes_request (PdOrder    *order,
                                    GHashTable *codes)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "boxes");
  json_builder_begin_array (builder);
  if (pd_order_get_box_slots (order)->len > 0)
    add_existing_boxes (builder, order, codes);
  else
    add_single_box (builder, order, codes);
  json_builder_end_array (builder);
  /* An item the packer took off the order and the layout leaves out: the Market removes it. */
  if (leaves_out_items (order))
    {
      json_builder_set_member_name (builder, "allowRemove");
      json_builder_add_boolean_value (builder, TRUE);
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* The body of PUT …/identifiers (DBS): every item that has codes, with all of them. */
JsonNode *
pd_market_json_build_identifiers_request (PdOrder    *order,
                                          GHashTable *codes)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  GPtrArray *items = pd_order_get_items (order);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < items->len; i++)
    {
      gint64 id = pd_order_item_get_id (g_ptr_array_index (items, i));
      GPtrArray *item_codes = codes_for (codes, id);

      if (item_codes == NULL || item_codes->len == 0)
        continue;
      json_builder_begin_object (builder);
      add_int (builder, "id", id);
      add_instances (builder, item_codes, 0, G_MAXUINT);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* ---- Models as JSON (the CLI and the fake Market), with the API's own field names. ---- */

void
pd_market_json_add_campaign (JsonBuilder *builder,
                             PdCampaign  *campaign)
{
  json_builder_begin_object (builder);
  add_int (builder, "id", pd_campaign_get_id (campaign));
  add_string (builder, "domain", pd_campaign_get_domain (campaign));
  json_builder_set_member_name (builder, "business");
  json_builder_begin_object (builder);
  add_int (builder, "id", pd_campaign_get_business_id (campaign));
  add_string (builder, "name", pd_campaign_get_business_name (campaign));
  json_builder_end_object (builder);
  add_string (builder, "placementType", pd_campaign_get_placement_type (campaign));
  add_string (builder, "apiAvailability", pd_campaign_get_api_availability (campaign));
  json_builder_end_object (builder);
}

static void
add_item (JsonBuilder *builder,
          PdOrderItem *item)
{
  const char * const *types = pd_order_item_get_required_instance_types (item);
  GPtrArray *instances = pd_order_item_get_instances (item);

  json_builder_begin_object (builder);
  add_int (builder, "id", pd_order_item_get_id (item));
  add_string (builder, "offerId", pd_order_item_get_offer_id (item));
  add_string (builder, "offerName", pd_order_item_get_offer_name (item));
  add_int (builder, "count", pd_order_item_get_count (item));
  if (types[0] != NULL)
    {
      json_builder_set_member_name (builder, "requiredInstanceTypes");
      json_builder_begin_array (builder);
      for (guint i = 0; types[i] != NULL; i++)
        json_builder_add_string_value (builder, types[i]);
      json_builder_end_array (builder);
    }
  add_instances (builder, instances, 0, G_MAXUINT);
  json_builder_end_object (builder);
}

/**
 * pd_market_json_add_layout:
 * @as_listed: with each box's barcode, as getBusinessOrders lists them (BusinessOrderBoxLayoutDTO);
 *   without, as setOrderBoxLayout answers (OrderBoxLayoutDTO)
 *
 * ORDER's boxes as an array of the API's box objects: boxId, and the items in each, whole
 * (fullCount) or a part of one (partialCount).
 */
void
pd_market_json_add_layout (JsonBuilder *builder,
                           PdOrder     *order,
                           gboolean     as_listed)
{
  GArray *slots = pd_order_get_box_slots (order);
  guint number = 0;

  json_builder_begin_array (builder);
  for (guint i = 0; i < slots->len; i++)
    {
      const PdBoxSlot *slot = &g_array_index (slots, PdBoxSlot, i);

      if (pd_box_slot_starts_box (slots, i))
        {
          if (i > 0)
            {
              json_builder_end_array (builder);
              json_builder_end_object (builder);
            }
          json_builder_begin_object (builder);
          add_int (builder, "boxId", slot->box_id);
          if (as_listed)
            {
              /* The box's fulfilmentId, ORDER-NUMBER, as its label prints it. */
              g_autofree char *barcode = g_strdup_printf ("%" G_GINT64_FORMAT "-%u",
                                                          pd_order_get_id (order), ++number);
              add_string (builder, "barcode", barcode);
            }
          json_builder_set_member_name (builder, "items");
          json_builder_begin_array (builder);
        }
      json_builder_begin_object (builder);
      add_int (builder, "id", slot->item_id);
      add_slot_count (builder, slot);
      json_builder_end_object (builder);
    }
  if (slots->len > 0)
    {
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

void
pd_market_json_add_order (JsonBuilder *builder,
                          PdOrder     *order)
{
  GPtrArray *items = pd_order_get_items (order);
  GArray *slots = pd_order_get_box_slots (order);

  json_builder_begin_object (builder);
  add_int (builder, "orderId", pd_order_get_id (order));
  add_int (builder, "campaignId", pd_order_get_campaign_id (order));
  add_string (builder, "programType", pd_order_get_program_type (order));
  add_string (builder, "status", pd_order_get_status (order));
  add_string (builder, "substatus", pd_order_get_substatus (order));
  add_string (builder, "creationDate", pd_order_get_creation_date (order));
  add_string (builder, "updateDate", pd_order_get_update_date (order));
  add_string (builder, "buyerType", pd_order_get_buyer_type (order));
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < items->len; i++)
    add_item (builder, g_ptr_array_index (items, i));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "delivery");
  json_builder_begin_object (builder);
  if (pd_order_get_shipment_date (order) != NULL)
    {
      json_builder_set_member_name (builder, "shipment");
      json_builder_begin_object (builder);
      if (pd_order_get_shipment_id (order) != 0)
        add_int (builder, "id", pd_order_get_shipment_id (order));
      add_string (builder, "shipmentDate", pd_order_get_shipment_date (order));
      add_string (builder, "shipmentTime", pd_order_get_shipment_time (order));
      json_builder_end_object (builder);
    }
  if (slots->len > 0)
    {
      json_builder_set_member_name (builder, "boxesLayout");
      pd_market_json_add_layout (builder, order, TRUE);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
}

/* The order as the Market would describe it, as one line of text: two listings of an order
 * give the same text exactly when nothing in it changed. */
char *
pd_market_json_order_to_string (PdOrder *order)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  pd_market_json_add_order (builder, order);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

void
pd_market_json_add_status (JsonBuilder              *builder,
                           const PdIdentifierStatus *status)
{
  json_builder_begin_object (builder);
  add_string (builder, "value", status->value);
  add_string (builder, "status", status->status);
  add_string (builder, "substatus", status->substatus);
  json_builder_end_object (builder);
}
