/* fuzz-market-json.c — libFuzzer target for every answer of the Market the client reads: the
 * body is parsed as the client parses it, unwrapped, then read as campaigns, orders, statuses
 * and errors. Parsed orders are written back as the requests that carry their codes, so what the
 * bounds let through is safe to send too. Besides not crashing, an order read from any input
 * stays within the desk's bounds. */
#include "config.h"

#include <stdint.h>

#include "pd-market-json.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
read_orders (JsonObject *result)
{
  g_autofree char *next = NULL;
  g_autoptr(GPtrArray) orders = pd_market_json_parse_orders (result, &next, NULL);

  for (guint i = 0; orders != NULL && i < orders->len; i++)
    {
      PdOrder *order = g_ptr_array_index (orders, i);
      GPtrArray *items = pd_order_get_items (order);
      g_autoptr(JsonNode) boxes = pd_market_json_build_boxes_request (order, NULL);
      g_autoptr(JsonNode) identifiers = pd_market_json_build_identifiers_request (order, NULL);
      guint units = 0;

      g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
      g_autoptr(GDateTime) due = pd_order_dup_ship_by (order, utc, NULL);

      /* The same answer read as the Market's reply to PUT …/boxes, which may replace the
       * layout: a reply of nonsense leaves a layout that still builds. */
      pd_market_json_parse_layout (order, result);
      g_clear_pointer (&boxes, json_node_unref);
      boxes = pd_market_json_build_boxes_request (order, NULL);
      g_assert_cmpint (pd_order_get_id (order), >, 0);
      for (guint j = 0; j < items->len; j++)
        units += pd_order_item_get_count (g_ptr_array_index (items, j));
      g_assert_cmpuint (units, <=, 10000);
      g_assert_nonnull (boxes);
      g_assert_nonnull (identifiers);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) body = g_bytes_new (data, size);
  g_autoptr(JsonNode) root = pd_market_json_parse_body (body, NULL);
  g_auto(GStrv) codes = NULL;
  g_auto(GStrv) messages = NULL;
  JsonObject *result;

  pd_market_json_parse_errors (root, &codes, &messages);
  g_assert_nonnull (codes);
  g_assert_cmpuint (g_strv_length (codes), ==, g_strv_length (messages));
  if (root == NULL)
    return 0;

  pd_market_json_is_error (root);
  result = pd_market_json_unwrap (root, NULL);
  if (result != NULL)
    {
      g_autofree char *next = NULL;
      g_autoptr(GPtrArray) campaigns = pd_market_json_parse_campaigns (result, &next, NULL);
      g_autoptr(GPtrArray) statuses = pd_market_json_parse_statuses (result, NULL);

      read_orders (result);
    }
  return 0;
}
