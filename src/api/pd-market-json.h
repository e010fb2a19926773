/* pd-market-json.h — the Market's JSON: envelopes, errors, models, request bodies.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "pd-campaign.h"
#include "pd-identifier-status.h"
#include "pd-order.h"

G_BEGIN_DECLS

JsonNode       *pd_market_json_parse_body            (GBytes      *body,
                                                      GError     **error);
JsonObject     *pd_market_json_unwrap                (JsonNode    *root,
                                                      GError     **error);
gboolean        pd_market_json_is_error              (JsonNode    *root);
void            pd_market_json_parse_errors          (JsonNode    *root,
                                                      GStrv       *codes,
                                                      GStrv       *messages);

GPtrArray      *pd_market_json_parse_campaigns       (JsonObject  *result,
                                                      char       **next_page_token,
                                                      GError     **error);
GPtrArray      *pd_market_json_parse_orders          (JsonObject  *result,
                                                      char       **next_page_token,
                                                      GError     **error);
GPtrArray      *pd_market_json_parse_statuses        (JsonObject  *result,
                                                      GError     **error);
void            pd_market_json_add_layout            (JsonBuilder *builder,
                                                      PdOrder     *order,
                                                      gboolean     as_listed);
void            pd_market_json_parse_layout          (PdOrder     *order,
                                                      JsonObject  *result);
PdItemInstance *pd_market_json_parse_instance        (JsonObject  *object,
                                                      GError     **error);

void            pd_market_json_add_instance          (JsonBuilder *builder,
                                                      const PdItemInstance *instance);
void            pd_market_json_add_order             (JsonBuilder *builder,
                                                      PdOrder     *order);
char           *pd_market_json_order_to_string       (PdOrder     *order);
void            pd_market_json_add_campaign          (JsonBuilder *builder,
                                                      PdCampaign  *campaign);
void            pd_market_json_add_status            (JsonBuilder *builder,
                                                      const PdIdentifierStatus *status);

JsonNode       *pd_market_json_build_boxes_request   (PdOrder     *order,
                                                      GHashTable  *codes);
JsonNode       *pd_market_json_build_identifiers_request (PdOrder *order,
                                                      GHashTable  *codes);

gboolean        pd_market_json_get_int               (JsonObject  *object,
                                                      const char  *name,
                                                      gint64      *value);
const char     *pd_market_json_get_string            (JsonObject  *object,
                                                      const char  *name);
JsonArray      *pd_market_json_get_array             (JsonObject  *object,
                                                      const char  *name);
JsonObject     *pd_market_json_get_object            (JsonObject  *object,
                                                      const char  *name);

G_END_DECLS
