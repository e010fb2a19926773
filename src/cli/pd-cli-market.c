/* pd-cli-market.c — the Market from a terminal: campaigns, orders, statuses, submitting codes
 * and marking an order ready. Output is JSON with the API's own field names; failures print a
 * clear message on standard error and exit 1 (2 for usage errors). The key comes from
 * PACKDESK_API_KEY or the keyring, the address from --api-url, PACKDESK_API_URL or the Market's own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "pd-api-key.h"
#include "pd-cli-market.h"
#include "pd-code.h"
#include "pd-market-client.h"
#include "pd-market-json.h"

static char *api_url;

static const GOptionEntry common_entries[] = {
  { "api-url", 0, 0, G_OPTION_ARG_STRING, &api_url,
    N_("The Market API’s address (default: PACKDESK_API_URL or the Market)"), N_("URL") },
  { NULL }
};

static int
fail (const char *command,
      const char *message)
{
  g_printerr ("packdesk-cli %s: %s\n", command, message);
  return 1;
}

static int
usage (const char *command,
       const char *message)
{
  g_printerr ("packdesk-cli %s: %s\n", command, message);
  return 2;
}

/* Parses the options and the positional ids; returns FALSE after printing a usage error. */
static gboolean
parse_arguments (const char         *command,
                 const char         *parameters,
                 const GOptionEntry *extra,
                 int                *argc,
                 char             ***argv,
                 guint               n_ids,
                 gint64             *ids)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameters);
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, common_entries, GETTEXT_PACKAGE);
  if (extra != NULL)
    g_option_context_add_main_entries (context, extra, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      usage (command, error->message);
      return FALSE;
    }
  if ((guint) *argc < n_ids + 1)
    {
      usage (command, _("missing arguments; see --help"));
      return FALSE;
    }
  for (guint i = 0; i < n_ids; i++)
    if (!g_ascii_string_to_signed ((*argv)[i + 1], 10, 1, G_MAXINT64, &ids[i], NULL))
      {
        g_autofree char *message = g_strdup_printf (_("“%s” is not a number"), (*argv)[i + 1]);
        usage (command, message);
        return FALSE;
      }
  return TRUE;
}

static PdMarketClient *
open_client (const char  *command,
             int         *status)
{
  const char *url = api_url != NULL ? api_url : g_getenv ("PACKDESK_API_URL");
  g_autofree char *key = g_strdup (g_getenv ("PACKDESK_API_KEY"));
  g_autoptr(GError) error = NULL;
  PdMarketClient *client;

  if (key == NULL || *key == '\0')
    {
      g_free (key);
      key = pd_api_key_lookup_sync (NULL, NULL);
    }
  if (key == NULL || *key == '\0')
    {
      *status = fail (command, _("no API key: set PACKDESK_API_KEY or connect the store in Packdesk"));
      return NULL;
    }
  client = pd_market_client_new (url, key, &error);
  if (client == NULL)
    *status = fail (command, error->message);
  return client;
}

/* Runs the main loop until an async call has answered. */
static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
keep_result (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  *(GAsyncResult **) data = g_object_ref (result);
}

static void
print_json (JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = json_to_string (root, TRUE);

  g_print ("%s\n", text);
}

static GPtrArray *
fetch_campaigns (PdMarketClient *client,
                 GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  pd_market_client_list_campaigns_async (client, NULL, keep_result, &result);
  return pd_market_client_list_campaigns_finish (client, wait_for (&result), error);
}

static PdCampaign *
find_campaign (PdMarketClient *client,
               gint64          campaign_id,
               GError        **error)
{
  g_autoptr(GPtrArray) campaigns = fetch_campaigns (client, error);

  for (guint i = 0; campaigns != NULL && i < campaigns->len; i++)
    if (pd_campaign_get_id (g_ptr_array_index (campaigns, i)) == campaign_id)
      return g_object_ref (g_ptr_array_index (campaigns, i));

  if (campaigns != NULL)
    {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, campaign_id);
      g_set_error (error, PD_MARKET_ERROR, PD_MARKET_ERROR_NOT_FOUND,
                   _("The API key has no campaign %s."), id);
    }
  return NULL;
}

static GPtrArray *
fetch_orders (PdMarketClient      *client,
              gint64               campaign_id,
              const PdOrderFilter *filter,
              GError             **error)
{
  g_autoptr(PdCampaign) campaign = find_campaign (client, campaign_id, error);
  g_autoptr(GAsyncResult) result = NULL;

  if (campaign == NULL)
    return NULL;
  pd_market_client_list_orders_async (client, pd_campaign_get_business_id (campaign), filter,
                                      NULL, keep_result, &result);
  return pd_market_client_list_orders_finish (client, wait_for (&result), error);
}

/* The order, as the Market has it now. Returns NULL after setting ERROR. */
static PdOrder *
fetch_order (PdMarketClient *client,
             gint64          campaign_id,
             gint64          order_id,
             GError        **error)
{
  g_autoptr(GPtrArray) orders = NULL;
  PdOrderFilter filter = { 0 };

  filter.order_ids = &order_id;
  filter.n_order_ids = 1;
  if ((orders = fetch_orders (client, campaign_id, &filter, error)) == NULL)
    return NULL;
  if (orders->len == 0)
    {
      g_set_error_literal (error, PD_MARKET_ERROR, PD_MARKET_ERROR_NOT_FOUND,
                           _("the campaign has no such order"));
      return NULL;
    }
  return g_object_ref (g_ptr_array_index (orders, 0));
}

int
pd_cli_campaigns (int    argc,
                  char **argv)
{
  g_autoptr(PdMarketClient) client = NULL;
  g_autoptr(GPtrArray) campaigns = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GError) error = NULL;
  int status = 0;

  if (!parse_arguments ("campaigns", _("— list the campaigns of the API key’s business"), NULL,
                        &argc, &argv, 0, NULL))
    return 2;
  if ((client = open_client ("campaigns", &status)) == NULL)
    return status;
  if ((campaigns = fetch_campaigns (client, &error)) == NULL)
    return fail ("campaigns", error->message);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "campaigns");
  json_builder_begin_array (builder);
  for (guint i = 0; i < campaigns->len; i++)
    pd_market_json_add_campaign (builder, g_ptr_array_index (campaigns, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  print_json (builder);
  return 0;
}

int
pd_cli_orders (int    argc,
               char **argv)
{
  g_auto(GStrv) statuses = NULL;
  g_auto(GStrv) substatuses = NULL;
  const GOptionEntry entries[] = {
    { "status", 0, 0, G_OPTION_ARG_STRING_ARRAY, &statuses, N_("Only orders with this status"), N_("S") },
    { "substatus", 0, 0, G_OPTION_ARG_STRING_ARRAY, &substatuses, N_("Only orders with this substatus"), N_("S") },
    { NULL }
  };
  g_autoptr(PdMarketClient) client = NULL;
  g_autoptr(GPtrArray) orders = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GError) error = NULL;
  PdOrderFilter filter = { 0 };
  gint64 campaign_id = 0;
  int status = 0;

  if (!parse_arguments ("orders", _("CAMPAIGN — list a campaign’s orders"), entries, &argc, &argv,
                        1, &campaign_id))
    return 2;
  if ((client = open_client ("orders", &status)) == NULL)
    return status;

  filter.statuses = (const char * const *) statuses;
  filter.substatuses = (const char * const *) substatuses;
  filter.campaign_ids = &campaign_id;
  filter.n_campaign_ids = 1;
  if ((orders = fetch_orders (client, campaign_id, &filter, &error)) == NULL)
    return fail ("orders", error->message);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "orders");
  json_builder_begin_array (builder);
  for (guint i = 0; i < orders->len; i++)
    pd_market_json_add_order (builder, g_ptr_array_index (orders, i));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  print_json (builder);
  return 0;
}

int
pd_cli_status (int    argc,
               char **argv)
{
  g_autoptr(PdMarketClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) statuses = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GError) error = NULL;
  gint64 ids[2];
  int status = 0;

  if (!parse_arguments ("status", _("CAMPAIGN ORDER — the verification status of an order’s codes"),
                        NULL, &argc, &argv, 2, ids))
    return 2;
  if ((client = open_client ("status", &status)) == NULL)
    return status;

  pd_market_client_get_identifier_statuses_async (client, ids[0], ids[1], NULL, keep_result, &result);
  statuses = pd_market_client_get_identifier_statuses_finish (client, wait_for (&result), &error);
  if (statuses == NULL)
    return fail ("status", error->message);

  /* Grouped by item as the Market sends them: items[].cis[] and items[].uin[]. */
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < statuses->len; )
    {
      gint64 item_id = ((PdIdentifierStatus *) g_ptr_array_index (statuses, i))->item_id;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, item_id);
      for (PdCodeKind kind = PD_CODE_KIND_CIS; kind <= PD_CODE_KIND_UIN; kind++)
        {
          gboolean open = FALSE;

          for (guint j = i; j < statuses->len; j++)
            {
              PdIdentifierStatus *entry = g_ptr_array_index (statuses, j);

              if (entry->item_id != item_id || entry->kind != kind)
                continue;
              if (!open)
                {
                  json_builder_set_member_name (builder, pd_code_kind_to_string (kind));
                  json_builder_begin_array (builder);
                  open = TRUE;
                }
              pd_market_json_add_status (builder, entry);
            }
          if (open)
            json_builder_end_array (builder);
        }
      json_builder_end_object (builder);
      while (i < statuses->len && ((PdIdentifierStatus *) g_ptr_array_index (statuses, i))->item_id == item_id)
        i++;
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  print_json (builder);
  return 0;
}

/* ITEM=CODE pairs, each checked like a scan; the order's other codes on the Market are kept,
 * because a submission replaces them all. */
static GHashTable *
collect_codes (PdOrder  *order,
               int       argc,
               char    **argv,
               GError  **error)
{
  g_autoptr(GHashTable) codes = pd_market_codes_new ();
  g_autoptr(GHashTable) given = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  GPtrArray *items = pd_order_get_items (order);

  for (int i = 3; i < argc; i++)
    {
      g_auto(GStrv) pair = g_strsplit (argv[i], "=", 2);
      g_autoptr(PdCode) code = NULL;
      gint64 item_id = 0;

      if (pair[1] == NULL || !g_ascii_string_to_signed (pair[0], 10, 1, G_MAXINT64, &item_id, NULL)
          || pd_order_find_item (order, item_id) == NULL)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("“%s” is not ITEM=CODE for an item of this order"), argv[i]);
          return NULL;
        }
      code = pd_code_check (pair[1], PD_CODE_KIND_NONE, 0);
      if (!pd_code_is_valid (code))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "%s: %s", pair[1],
                       pd_code_get_message (code));
          return NULL;
        }
      g_hash_table_add (given, g_memdup2 (&item_id, sizeof item_id));
      pd_market_codes_add (codes, item_id,
                           pd_item_instance_new (pd_code_get_kind (code), pd_code_get_normalized (code)));
    }

  for (guint i = 0; i < items->len; i++)
    {
      PdOrderItem *item = g_ptr_array_index (items, i);
      gint64 item_id = pd_order_item_get_id (item);
      GPtrArray *known = pd_order_item_get_instances (item);

      if (g_hash_table_contains (given, &item_id))
        continue;
      for (guint k = 0; k < known->len; k++)
        {
          PdItemInstance *copy = pd_item_instance_copy (g_ptr_array_index (known, k));

          /* The Market returns the full code apart; send the full one back. */
          if (pd_item_instance_get_cis_full (copy) != NULL)
            {
              PdItemInstance *full = pd_item_instance_new (PD_CODE_KIND_CIS, pd_item_instance_get_cis_full (copy));
              pd_item_instance_free (copy);
              copy = full;
            }
          pd_market_codes_add (codes, item_id, copy);
        }
    }

  return g_steal_pointer (&codes);
}

static guint
count_codes (GHashTable *codes)
{
  GHashTableIter iter;
  gpointer value;
  guint n = 0;

  g_hash_table_iter_init (&iter, codes);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    n += ((GPtrArray *) value)->len;
  return n;
}

int
pd_cli_submit (int    argc,
               char **argv)
{
  g_autoptr(PdMarketClient) client = NULL;
  g_autoptr(GHashTable) codes = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(PdOrder) order = NULL;
  gboolean dbs, sent;
  gint64 ids[2];
  int status = 0;

  if (!parse_arguments ("submit", _("CAMPAIGN ORDER ITEM=CODE… — send an order’s codes"), NULL,
                        &argc, &argv, 2, ids))
    return 2;
  if (argc < 4)
    return usage ("submit", _("give at least one ITEM=CODE"));
  if ((client = open_client ("submit", &status)) == NULL)
    return status;

  if ((order = fetch_order (client, ids[0], ids[1], &error)) == NULL)
    return fail ("submit", error->message);
  if ((codes = collect_codes (order, argc, argv, &error)) == NULL)
    return usage ("submit", error->message);

  /* FBS and Express send codes in the box layout; DBS through identifiers. */
  dbs = pd_order_is_dbs (order);
  if (dbs)
    pd_market_client_provide_identifiers_async (client, order, codes, NULL, keep_result, &result);
  else
    pd_market_client_set_box_layout_async (client, order, codes, NULL, keep_result, &result);
  sent = dbs ? pd_market_client_provide_identifiers_finish (client, wait_for (&result), &error)
             : pd_market_client_set_box_layout_finish (client, wait_for (&result), &error);
  if (!sent)
    return fail ("submit", error->message);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "orderId");
  json_builder_add_int_value (builder, ids[1]);
  json_builder_set_member_name (builder, "method");
  json_builder_add_string_value (builder, dbs ? "provideOrderItemIdentifiers" : "setOrderBoxLayout");
  json_builder_set_member_name (builder, "instances");
  json_builder_add_int_value (builder, count_codes (codes));
  json_builder_end_object (builder);
  print_json (builder);
  return 0;
}

int
pd_cli_ready (int    argc,
              char **argv)
{
  g_autoptr(PdMarketClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GError) error = NULL;
  gint64 ids[2];
  int status = 0;

  if (!parse_arguments ("ready", _("CAMPAIGN ORDER — mark an order ready to ship"), NULL,
                        &argc, &argv, 2, ids))
    return 2;
  if ((client = open_client ("ready", &status)) == NULL)
    return status;

  pd_market_client_set_ready_to_ship_async (client, ids[0], ids[1], NULL, keep_result, &result);
  if (!pd_market_client_set_ready_to_ship_finish (client, wait_for (&result), &error))
    return fail ("ready", error->message);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "orderId");
  json_builder_add_int_value (builder, ids[1]);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, "PROCESSING");
  json_builder_set_member_name (builder, "substatus");
  json_builder_add_string_value (builder, "READY_TO_SHIP");
  json_builder_end_object (builder);
  print_json (builder);
  return 0;
}

int
pd_cli_labels (int    argc,
               char **argv)
{
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  gint64 box_id = 0;
  const GOptionEntry entries[] = {
    { "box", 0, 0, G_OPTION_ARG_INT64, &box_id, N_("Only this box’s label (its boxId)"), N_("ID") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format,
      N_("Page format: A9_HORIZONTALLY, A9, A7 (the default) or A4"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Where to write the PDF"), N_("FILE") },
    { NULL }
  };
  g_autoptr(PdMarketClient) client = NULL;
  g_autoptr(PdOrder) order = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GError) error = NULL;
  gint64 ids[2];
  int status = 0;

  if (!parse_arguments ("labels", _("CAMPAIGN ORDER -o FILE.pdf — download an order’s box labels"),
                        entries, &argc, &argv, 2, ids))
    return 2;
  if (output == NULL)
    return usage ("labels", _("give the file to write with -o FILE.pdf"));
  if (format != NULL && !g_strv_contains (pd_market_client_get_label_formats (), format))
    return usage ("labels", _("the format is one of A9_HORIZONTALLY, A9, A7 and A4"));
  if (box_id < 0)
    return usage ("labels", _("a box id is a positive number"));
  if ((client = open_client ("labels", &status)) == NULL)
    return status;
  /* The labels are asked for by the order's number alone: no need to fetch it first. */
  order = pd_order_new (ids[1], ids[0], NULL, NULL, NULL);

  pd_market_client_get_labels_async (client, order, box_id, format, NULL, keep_result, &result);
  if ((pdf = pd_market_client_get_labels_finish (client, wait_for (&result), &error)) == NULL)
    return fail ("labels", error->message);
  if (!g_file_set_contents (output, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), &error))
    return fail ("labels", error->message);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "orderId");
  json_builder_add_int_value (builder, ids[1]);
  if (box_id != 0)
    {
      json_builder_set_member_name (builder, "boxId");
      json_builder_add_int_value (builder, box_id);
    }
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, format != NULL ? format : "A7");
  json_builder_set_member_name (builder, "file");
  json_builder_add_string_value (builder, output);
  json_builder_set_member_name (builder, "bytes");
  json_builder_add_int_value (builder, g_bytes_get_size (pdf));
  json_builder_end_object (builder);
  print_json (builder);
  return 0;
}

/* A layout as --layout gives it: the API's "boxes" array, or an object holding it. */
static gboolean
read_layout (PdOrder     *order,
             const char  *text,
             GError     **error)
{
  g_autoptr(JsonNode) root = json_from_string (text, error);
  g_autoptr(JsonObject) wrapper = NULL;
  JsonObject *result;

  if (root == NULL)
    return FALSE;
  if (JSON_NODE_HOLDS_ARRAY (root))
    {
      wrapper = json_object_new ();
      json_object_set_array_member (wrapper, "boxes", json_array_ref (json_node_get_array (root)));
      result = wrapper;
    }
  else if (JSON_NODE_HOLDS_OBJECT (root))
    result = json_node_get_object (root);
  else
    result = NULL;

  g_array_set_size (pd_order_get_box_slots (order), 0);
  if (result != NULL)
    pd_market_json_parse_layout (order, result);
  if (pd_order_get_box_slots (order)->len == 0)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("the layout names no box with an item of this order; give the "
                             "API’s boxes, such as [{\"items\":[{\"id\":ITEM,\"fullCount\":1}]}]"));
      return FALSE;
    }
  return TRUE;
}

int
pd_cli_boxes (int    argc,
              char **argv)
{
  g_autofree char *layout = NULL;
  const GOptionEntry entries[] = {
    { "layout", 0, 0, G_OPTION_ARG_STRING, &layout,
      N_("Set this layout (the API’s boxes as JSON); the order’s codes go with it"), N_("JSON") },
    { NULL }
  };
  g_autoptr(PdMarketClient) client = NULL;
  g_autoptr(PdOrder) order = NULL;
  g_autoptr(GHashTable) codes = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GError) error = NULL;
  gint64 ids[2];
  int status = 0;

  if (!parse_arguments ("boxes", _("CAMPAIGN ORDER — show an order’s boxes, or lay it out anew"),
                        entries, &argc, &argv, 2, ids))
    return 2;
  if ((client = open_client ("boxes", &status)) == NULL)
    return status;
  if ((order = fetch_order (client, ids[0], ids[1], &error)) == NULL)
    return fail ("boxes", error->message);

  if (layout != NULL)
    {
      if (!read_layout (order, layout, &error))
        return usage ("boxes", error->message);
      /* A layout replaces the one before, codes and all: the order's codes are sent again. */
      codes = collect_codes (order, 3, argv, NULL);
      pd_market_client_set_box_layout_async (client, order, codes, NULL, keep_result, &result);
      if (!pd_market_client_set_box_layout_finish (client, wait_for (&result), &error))
        return fail ("boxes", error->message);
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "orderId");
  json_builder_add_int_value (builder, ids[1]);
  json_builder_set_member_name (builder, "boxes");
  pd_market_json_add_layout (builder, order, FALSE);
  json_builder_end_object (builder);
  print_json (builder);
  return 0;
}
