/* test-hostile-market.c — PdMarketClient against servers that mean harm: answers too deep, too
 * large, too slow or endless, redirects that would carry the key away, wrong types and
 * overflowing numbers, errors dressed as successes, 420s far in the future, and a Market that
 * fails every request for an hour. Each case must end with a clear error within a stated bound,
 * with no crash and the key sent nowhere but the configured address.
 *
 * The servers are plain sockets on loopback, one thread per connection, so that a test can
 * write what no HTTP library would: half an answer, a byte at a time, nothing at all. */
#include "config.h"

#include <string.h>

#include "pd-market-client.h"
#include "pd-market-json.h"
#include "pd-test-market.h"

#define KEY "hostile-test-key"

typedef struct _Server Server;

typedef struct
{
  const char *method;
  const char *path;
  guint       number;  /* 1 for the first request the server sees */
} Request;

typedef void (*Reply) (Server *server, const Request *request, GOutputStream *out);

struct _Server
{
  GSocketService *service;
  guint16         port;
  Reply           reply;
  gconstpointer   data;
  GMutex          lock;
  guint           requests;
  guint           keys;  /* requests that carried the Api-Key */
  gint            active;
  gboolean        stopping;
};

/* ---- The server. ---- */

static gboolean
read_request (GDataInputStream *in,
              char            **method,
              char            **path,
              gboolean         *has_key)
{
  g_autofree char *line = g_data_input_stream_read_line_utf8 (in, NULL, NULL, NULL);
  g_auto(GStrv) parts = line != NULL ? g_strsplit (line, " ", 3) : NULL;
  gsize length = 0;

  if (parts == NULL || g_strv_length (parts) < 2)
    return FALSE;
  *method = g_strdup (parts[0]);
  *path = g_strdup (parts[1]);
  *has_key = FALSE;

  for (;;)
    {
      g_autofree char *header = g_data_input_stream_read_line_utf8 (in, NULL, NULL, NULL);

      if (header == NULL)
        return FALSE;
      g_strchomp (header);
      if (*header == '\0')
        break;
      if (g_ascii_strncasecmp (header, "Api-Key:", 8) == 0)
        *has_key = strstr (header, KEY) != NULL;
      if (g_ascii_strncasecmp (header, "Content-Length:", 15) == 0)
        length = g_ascii_strtoull (header + 15, NULL, 10);
    }
  if (length > 0)
    {
      g_autofree char *body = g_malloc (length);

      if (!g_input_stream_read_all (G_INPUT_STREAM (in), body, length, NULL, NULL, NULL))
        return FALSE;
    }
  return TRUE;
}

static gboolean
on_connection (GThreadedSocketService *service,
               GSocketConnection      *connection,
               GObject                *source,
               gpointer                data)
{
  Server *server = data;
  g_autoptr(GDataInputStream) in = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  g_autofree char *method = NULL;
  g_autofree char *path = NULL;
  gboolean has_key = FALSE;
  Request request;

  g_atomic_int_inc (&server->active);
  g_data_input_stream_set_newline_type (in, G_DATA_STREAM_NEWLINE_TYPE_CR_LF);
  if (read_request (in, &method, &path, &has_key))
    {
      g_mutex_lock (&server->lock);
      request = (Request) { method, path, ++server->requests };
      server->keys += has_key;
      g_mutex_unlock (&server->lock);
      server->reply (server, &request, g_io_stream_get_output_stream (G_IO_STREAM (connection)));
    }
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
  g_atomic_int_dec_and_test (&server->active);
  return TRUE;
}

static Server *
server_new (Reply         reply,
            gconstpointer data)
{
  Server *server = g_new0 (Server, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_mutex_init (&server->lock);
  server->reply = reply;
  server->data = data;
  server->service = g_threaded_socket_service_new (16);
  g_socket_listener_add_address (G_SOCKET_LISTENER (server->service), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  server->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_signal_connect (server->service, "run", G_CALLBACK (on_connection), server);
  g_socket_service_start (server->service);
  return server;
}

static gboolean
server_is_idle (gpointer data)
{
  Server *server = data;

  return g_atomic_int_get (&server->active) == 0;
}

static void
server_free (Server *server)
{
  g_atomic_int_set (&server->stopping, TRUE);
  g_socket_service_stop (server->service);
  g_socket_listener_close (G_SOCKET_LISTENER (server->service));
  g_assert_true (pd_test_wait_until (server_is_idle, server));
  g_object_unref (server->service);
  g_mutex_clear (&server->lock);
  g_free (server);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Server, server_free)

static guint
server_requests (Server *server)
{
  guint requests;

  g_mutex_lock (&server->lock);
  requests = server->requests;
  g_mutex_unlock (&server->lock);
  return requests;
}

/* Sleeps up to MS, waking early when the server stops. */
static void
server_sleep (Server *server,
              guint   ms)
{
  for (guint slept = 0; slept < ms && !g_atomic_int_get (&server->stopping); slept += 10)
    g_usleep (10 * 1000);
}

static void
write_answer (GOutputStream *out,
              guint          status,
              const char    *headers,
              const char    *body,
              gsize          length)
{
  g_autofree char *head = g_strdup_printf ("HTTP/1.1 %u Hostile\r\nContent-Type: application/json\r\n"
                                           "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                                           "Connection: close\r\n%s\r\n",
                                           status, length, headers != NULL ? headers : "");

  g_output_stream_write_all (out, head, strlen (head), NULL, NULL, NULL);
  g_output_stream_write_all (out, body, length, NULL, NULL, NULL);
}

static void
write_json (GOutputStream *out,
            guint          status,
            const char    *body)
{
  write_answer (out, status, NULL, body, strlen (body));
}

static PdMarketClient *
client_for (Server *server)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/", server->port);
  g_autoptr(GError) error = NULL;
  PdMarketClient *client = pd_market_client_new (url, KEY, &error);

  g_assert_no_error (error);
  pd_market_client_set_retry_policy (client, 4, 1);
  pd_market_client_set_attempt_timeout (client, 1000);
  return client;
}

static PdOrder *
some_order (void)
{
  return pd_order_new (52000001, 1001, "PROCESSING", "STARTED", "FBS");
}

/* ---- Replies. ---- */

/* The body in the test's data, whatever was asked, with the status in the data's first line. */
static void
reply_fixed (Server        *server,
             const Request *request,
             GOutputStream *out)
{
  const char *answer = server->data;
  guint status = g_ascii_strtoull (answer, NULL, 10);

  write_json (out, status, strchr (answer, '\n') + 1);
}

static void
reply_deep (Server        *server,
            const Request *request,
            GOutputStream *out)
{
  gsize depth = 75000;
  g_autofree char *body = g_malloc (depth);

  memset (body, '[', depth);
  write_answer (out, GPOINTER_TO_UINT (server->data), NULL, body, depth);
}

static void
reply_huge (Server        *server,
            const Request *request,
            GOutputStream *out)
{
  gsize size = 17 * 1024 * 1024;
  g_autofree char *body = g_malloc (size);

  memset (body, ' ', size);
  body[0] = '{';
  body[size - 1] = '}';
  write_answer (out, 200, NULL, body, size);
}

/* Headers at once, then the body a byte every 50 ms: never silent, never done. */
static void
reply_drip (Server        *server,
            const Request *request,
            GOutputStream *out)
{
  const char *head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n";

  g_output_stream_write_all (out, head, strlen (head), NULL, NULL, NULL);
  while (!g_atomic_int_get (&server->stopping)
         && g_output_stream_write_all (out, " ", 1, NULL, NULL, NULL))
    server_sleep (server, 50);
}

static void
reply_silence (Server        *server,
               const Request *request,
               GOutputStream *out)
{
  server_sleep (server, 30000);
}

/* Full pages of campaigns; the token is the same each time or new, as the data says. */
static void
reply_pages (Server        *server,
             const Request *request,
             GOutputStream *out)
{
  gboolean repeat = GPOINTER_TO_INT (server->data);
  g_autoptr(GString) body = g_string_new ("{\"campaigns\":[");

  for (guint i = 0; i < 100; i++)
    g_string_append_printf (body, "%s{\"id\":%u}", i > 0 ? "," : "", request->number * 1000 + i + 1);
  g_string_append_printf (body, "],\"paging\":{\"nextPageToken\":\"%s%u\"}}", "token-",
                          repeat ? 1 : request->number);
  write_json (out, 200, body->str);
}

static void
reply_redirect (Server        *server,
                const Request *request,
                GOutputStream *out)
{
  static const guint statuses[] = { 301, 302, 303, 307, 308 };
  const Server *elsewhere = server->data;
  guint status = statuses[(request->number - 1) % G_N_ELEMENTS (statuses)];
  g_autofree char *headers = g_strdup_printf ("Location: http://127.0.0.1:%u/v2/campaigns\r\n", elsewhere->port);
  write_answer (out, status, headers, "{}", 2);
}

static void
reply_never_called (Server        *server,
                    const Request *request,
                    GOutputStream *out)
{
  write_json (out, 200, "{\"campaigns\":[]}");
}

static void
reply_limited (Server        *server,
               const Request *request,
               GOutputStream *out)
{
  static const char body[] = "{\"status\":\"ERROR\",\"errors\":[{\"code\":\"LIMIT\"}]}";
  g_autofree char *headers = g_strdup_printf ("X-RateLimit-Resource-Until: %s\r\n",
                                              (const char *) server->data);

  write_answer (out, 420, headers, body, strlen (body));
}

/* "Hit rate limit of 4 parallel requests": a 420 with no time in it. */
static void
reply_limited_unsaid (Server        *server,
                      const Request *request,
                      GOutputStream *out)
{
  write_json (out, 420, "{\"status\":\"ERROR\",\"errors\":[{\"code\":\"LIMIT\"}]}");
}

static void
reply_unavailable (Server        *server,
                   const Request *request,
                   GOutputStream *out)
{
  write_json (out, 503, "{\"status\":\"ERROR\",\"errors\":[{\"code\":\"UNAVAILABLE\"}]}");
}

/* ---- Tests. ---- */

static void
assert_campaigns_fail (Server     *server,
                       GQuark      domain,
                       gint        code,
                       const char *words)
{
  g_autoptr(PdMarketClient) client = client_for (server);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) campaigns = pd_test_list_campaigns (client, &error);

  g_assert_null (campaigns);
  g_assert_error (error, domain, code);
  if (words != NULL && strstr (error->message, words) == NULL)
    g_error ("“%s” does not say “%s”", error->message, words);
  g_assert_null (strstr (error->message, KEY));
}

static void
test_deep (void)
{
  g_autoptr(Server) ok = server_new (reply_deep, GUINT_TO_POINTER (200));
  g_autoptr(Server) failing = server_new (reply_deep, GUINT_TO_POINTER (503));

  /* 75,000 levels would overflow the parser's stack: refused before it. */
  assert_campaigns_fail (ok, PD_MARKET_ERROR, PD_MARKET_ERROR_INVALID_RESPONSE, "nested");
  assert_campaigns_fail (failing, PD_MARKET_ERROR, PD_MARKET_ERROR_SERVER, "503");
}

static void
test_huge (void)
{
  g_autoptr(Server) server = server_new (reply_huge, NULL);

  assert_campaigns_fail (server, PD_MARKET_ERROR, PD_MARKET_ERROR_INVALID_RESPONSE, "16 MiB");
  g_assert_cmpuint (server_requests (server), ==, 1);
}

/* A server that drips or says nothing costs one attempt's deadline (1 s here), not retries. */
static void
test_slow (void)
{
  Reply replies[] = { reply_drip, reply_silence };

  for (guint i = 0; i < G_N_ELEMENTS (replies); i++)
    {
      g_autoptr(Server) server = server_new (replies[i], NULL);
      gint64 start = g_get_monotonic_time ();

      assert_campaigns_fail (server, PD_MARKET_ERROR, PD_MARKET_ERROR_NETWORK, "within 1 s");
      g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
      g_assert_cmpuint (server_requests (server), ==, 1);
    }
}

static void
test_endless_pages (void)
{
  g_autoptr(Server) repeating = server_new (reply_pages, GINT_TO_POINTER (TRUE));
  g_autoptr(Server) endless = server_new (reply_pages, GINT_TO_POINTER (FALSE));

  assert_campaigns_fail (repeating, PD_MARKET_ERROR, PD_MARKET_ERROR_INVALID_RESPONSE, "same page");
  g_assert_cmpuint (server_requests (repeating), ==, 2);
  assert_campaigns_fail (endless, PD_MARKET_ERROR, PD_MARKET_ERROR_INVALID_RESPONSE, "100 pages");
  g_assert_cmpuint (server_requests (endless), ==, 100);
}

static void
test_short_page_ends (void)
{
  static const char answer[] = "200\n{\"campaigns\":[{\"id\":5}],\"paging\":{\"nextPageToken\":\"more\"}}";
  g_autoptr(Server) server = server_new (reply_fixed, answer);
  g_autoptr(PdMarketClient) client = client_for (server);
  g_autoptr(GPtrArray) campaigns = pd_test_list_campaigns (client, NULL);

  g_assert_nonnull (campaigns);
  g_assert_cmpuint (campaigns->len, ==, 1);
  g_assert_cmpuint (server_requests (server), ==, 1);
}

/* Every redirect status, to another port of this computer: never followed, so the other
 * server gets nothing, the key least of all. */
static void
test_redirects (void)
{
  g_autoptr(Server) elsewhere = server_new (reply_never_called, NULL);
  g_autoptr(Server) server = server_new (reply_redirect, elsewhere);

  for (guint i = 0; i < 5; i++)
    assert_campaigns_fail (server, PD_MARKET_ERROR, PD_MARKET_ERROR_HTTP, "elsewhere");
  g_assert_cmpuint (server_requests (server), ==, 5);
  g_assert_cmpuint (server->keys, ==, 5);
  g_assert_cmpuint (server_requests (elsewhere), ==, 0);
}

/* Answers of the right envelope with the wrong insides: each is refused as a whole. */
static void
test_wrong_shapes (void)
{
  static const char * const answers[] = {
    "200\n{\"campaigns\":[{\"id\":99999999999999999999999}]}",
    "200\n{\"campaigns\":[{\"id\":-5}]}",
    "200\n{\"campaigns\":[{\"id\":\"7\"}]}",
    "200\n{\"campaigns\":[{\"id\":7,\"business\":\"business\"}]}",
    "200\n{\"campaigns\":[{\"id\":7,\"business\":{\"id\":1.5}}]}",
    "200\n{\"campaigns\":{\"id\":7}}",
    "200\n{\"campaigns\":[{\"id\":7,\"domain\":\"shop\\u0000evil\"}]}",
    "200\n{\"status\":\"OK\",\"result\":{\"campaigns\":[7]}}",
    "200\n[]",
    "200\n\"campaigns\"",
    /* json-glib takes this for the object, and its immutable parser aborts on it. */
    "200\n1{\"campaigns\":[]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      g_autoptr(Server) server = server_new (reply_fixed, answers[i]);

      assert_campaigns_fail (server, PD_MARKET_ERROR, PD_MARKET_ERROR_INVALID_RESPONSE, NULL);
    }
}

static gboolean
statuses_fail (Server  *server,
               GError **error)
{
  g_autoptr(PdMarketClient) client = client_for (server);
  g_autoptr(PdOrder) order = some_order ();
  g_autoptr(GPtrArray) statuses = pd_test_get_statuses (client, order, error);

  return statuses == NULL;
}

static void
test_success_with_errors (void)
{
  static const char * const answers[] = {
    "200\n{\"status\":\"ERROR\",\"errors\":[{\"code\":\"BAD\",\"message\":\"no such order\"}]}",
    "200\n{\"items\":[],\"errors\":[{\"code\":\"BAD\",\"message\":\"no such order\"}]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      g_autoptr(Server) server = server_new (reply_fixed, answers[i]);
      g_autoptr(GError) error = NULL;

      g_assert_true (statuses_fail (server, &error));
      g_assert_error (error, PD_MARKET_ERROR, PD_MARKET_ERROR_HTTP);
      g_assert_nonnull (strstr (error->message, "no such order"));
      g_assert_cmpuint (server_requests (server), ==, 1);
    }
}

/* 50,000,000 units of one item would be 50,000,000 rows at the desk. */
static void
test_overflowing_counts (void)
{
  static const char answer[] =
    "200\n{\"orders\":[{\"orderId\":1,\"campaignId\":2,\"items\":[{\"id\":3,\"count\":50000000}]}]}";
  g_autoptr(Server) server = server_new (reply_fixed, answer);
  g_autoptr(PdMarketClient) client = client_for (server);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) orders = pd_test_list_orders (client, 7, NULL, &error);

  g_assert_null (orders);
  g_assert_error (error, PD_MARKET_ERROR, PD_MARKET_ERROR_INVALID_RESPONSE);
  g_assert_nonnull (strstr (error->message, "count"));
}

/* A 5 MB error message is cut to a few hundred characters. */
static void
test_long_error_message (void)
{
  g_autoptr(GString) answer = g_string_new ("400\n{\"errors\":[{\"code\":\"BAD\",\"message\":\"");
  g_autoptr(Server) server = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 5 * 1024 * 1024 / 60; i++)
    g_string_append (answer, "Очень длинное сообщение об ошибке, повторённое много раз. ");
  g_string_append (answer, "\"}]}");
  server = server_new (reply_fixed, answer->str);

  /* Over the string bound the answer is not read; its status still says enough. */
  g_assert_true (statuses_fail (server, &error));
  g_assert_error (error, PD_MARKET_ERROR, PD_MARKET_ERROR_BAD_REQUEST);
  g_assert_cmpuint (strlen (error->message), <, 200);
  g_clear_error (&error);

  /* Within the string bound, a long message still reaches the packer cut short. */
  g_string_assign (answer, "400\n{\"errors\":[{\"code\":\"BAD\",\"message\":\"");
  for (guint i = 0; i < 1000; i++)
    g_string_append (answer, "длинно ");
  g_string_append (answer, "\"}]}");
  g_clear_pointer (&server, server_free);
  server = server_new (reply_fixed, answer->str);
  g_assert_true (statuses_fail (server, &error));
  g_assert_error (error, PD_MARKET_ERROR, PD_MARKET_ERROR_BAD_REQUEST);
  g_assert_cmpuint (g_utf8_strlen (error->message, -1), <, 700);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

/* A 420 that names the year 2100 holds status checks back for an hour, says both times, and
 * holds nothing else. */
static void
test_far_420 (void)
{
  g_autoptr(Server) server = server_new (reply_limited, "Fri, 01 Jan 2100 00:00:00 GMT");
  g_autoptr(PdMarketClient) client = client_for (server);
  g_autoptr(PdOrder) order = some_order ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) statuses = pd_test_get_statuses (client, order, &error);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  GDateTime *until;

  g_assert_null (statuses);
  g_assert_error (error, PD_MARKET_ERROR, PD_MARKET_ERROR_RATE_LIMITED);
  until = pd_market_error_get_limited_until (error);
  g_assert_cmpint (g_date_time_to_unix (until), >=, now + 3599);
  g_assert_cmpint (g_date_time_to_unix (until), <=, now + 3601);
  g_assert_nonnull (strstr (error->message, "2100"));
  g_assert_nonnull (strstr (error->message, "status checks"));
  g_clear_error (&error);

  g_assert_null (pd_test_get_statuses (client, order, &error));
  g_assert_error (error, PD_MARKET_ERROR, PD_MARKET_ERROR_RATE_LIMITED);
  g_assert_cmpuint (server_requests (server), ==, 1);
  /* The window's banner says the pause as the error does. */
  g_assert_cmpint (pd_market_client_get_state (client), ==, PD_MARKET_STATE_LIMITED);
  {
    g_autofree char *words = pd_market_client_describe_state (client);

    g_assert_nonnull (strstr (words, "2100"));
  }

  /* Another method still goes (and gets its own 420 here). */
  g_assert_null (pd_test_list_campaigns (client, NULL));
  g_assert_cmpuint (server_requests (server), ==, 2);
}

/* A 420 that names no time holds its method a minute, not an hour. */
static void
test_unsaid_420 (void)
{
  g_autoptr(Server) server = server_new (reply_limited_unsaid, NULL);
  g_autoptr(PdMarketClient) client = client_for (server);
  g_autoptr(PdOrder) order = some_order ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) statuses = pd_test_get_statuses (client, order, &error);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_assert_null (statuses);
  g_assert_error (error, PD_MARKET_ERROR, PD_MARKET_ERROR_RATE_LIMITED);
  g_assert_cmpint (g_date_time_to_unix (pd_market_error_get_limited_until (error)), >=, now + 59);
  g_assert_cmpint (g_date_time_to_unix (pd_market_error_get_limited_until (error)), <=, now + 61);
}

typedef struct
{
  PdMarketClient *client;
  guint           pending;
} Round;

static void
on_round_status (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  Round *round = data;
  g_autoptr(GPtrArray) statuses =
    pd_market_client_get_identifier_statuses_finish (PD_MARKET_CLIENT (source), result, NULL);

  g_assert_null (statuses);
  round->pending--;
}

static gboolean
round_done (gpointer data)
{
  return ((Round *) data)->pending == 0;
}

/* 200 open orders polled every simulated minute for an hour while the Market answers 503:
 * with retries, 48,000 attempts would go; the budget lets the spec's 1,000 through. */
static void
test_rate_budget (void)
{
  g_autoptr(Server) server = server_new (reply_unavailable, NULL);
  g_autoptr(PdMarketClient) client = client_for (server);
  gint64 offset = 0;
  Round round = { client, 0 };

  pd_market_client_set_clock (client, pd_test_clock, &offset);
  for (guint minute = 0; minute < 60; minute++)
    {
      offset = (gint64) minute * 60 * G_USEC_PER_SEC;
      for (guint order = 0; order < 200; order++)
        {
          round.pending++;
          pd_market_client_get_identifier_statuses_async (client, 1001, 52000000 + order, NULL,
                                                          on_round_status, &round);
        }
      g_assert_true (pd_test_wait_until (round_done, &round));
    }
  g_test_message ("%u status requests in the simulated hour", server_requests (server));
  g_assert_cmpuint (server_requests (server), ==, 1000);

  /* The next hour has a budget of its own. */
  offset = (gint64) 3600 * G_USEC_PER_SEC + 60 * G_USEC_PER_SEC;
  round.pending++;
  pd_market_client_get_identifier_statuses_async (client, 1001, 52000000, NULL, on_round_status, &round);
  g_assert_true (pd_test_wait_until (round_done, &round));
  g_assert_cmpuint (server_requests (server), >, 1000);
  pd_market_client_set_clock (client, NULL, NULL);
}

/* The client says whether the Market answers: not at all (a closed port), badly (503 after the
 * retries), or again; each change once, with words and a time for the packer. */
static void
test_market_state (void)
{
  g_autoptr(Server) failing = server_new (reply_unavailable, NULL);
  g_autoptr(Server) fine = server_new (reply_never_called, NULL);
  g_autoptr(GSocketListener) closed = g_socket_listener_new ();
  g_autoptr(PdMarketClient) down = NULL;
  g_autoptr(PdMarketClient) unwell = client_for (failing);
  g_autoptr(PdMarketClient) well = client_for (fine);
  g_autofree char *closed_url = NULL;
  g_autofree char *words = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  guint changes = 0;
  guint16 port = g_socket_listener_add_any_inet_port (closed, NULL, NULL);

  /* A port nobody listens on any more. */
  g_socket_listener_close (closed);
  closed_url = g_strdup_printf ("http://127.0.0.1:%u/", port);
  down = pd_market_client_new (closed_url, KEY, NULL);
  pd_market_client_set_retry_policy (down, 2, 1);
  g_signal_connect_swapped (down, "state-changed", G_CALLBACK (pd_test_count), &changes);
  g_assert_cmpint (pd_market_client_get_state (down), ==, PD_MARKET_STATE_UNKNOWN);
  g_assert_null (pd_test_list_campaigns (down, NULL));
  g_assert_null (pd_test_list_campaigns (down, NULL));
  g_assert_cmpint (pd_market_client_get_state (down), ==, PD_MARKET_STATE_UNREACHABLE);
  g_assert_cmpuint (changes, ==, 1);
  words = pd_market_client_describe_state (down);
  g_assert_nonnull (strstr (words, "cannot be reached since"));
  g_clear_pointer (&words, g_free);

  g_assert_null (pd_test_list_campaigns (unwell, NULL));
  g_assert_cmpint (pd_market_client_get_state (unwell), ==, PD_MARKET_STATE_FAILING);
  words = pd_market_client_describe_state (unwell);
  g_assert_nonnull (strstr (words, "not been answering properly"));

  listed = pd_test_list_campaigns (well, NULL);
  g_assert_nonnull (listed);
  g_assert_cmpint (pd_market_client_get_state (well), ==, PD_MARKET_STATE_REACHABLE);
  g_assert_null (pd_market_client_describe_state (well));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hostile-market/deep", test_deep);
  g_test_add_func ("/hostile-market/huge", test_huge);
  g_test_add_func ("/hostile-market/slow", test_slow);
  g_test_add_func ("/hostile-market/endless-pages", test_endless_pages);
  g_test_add_func ("/hostile-market/short-page-ends", test_short_page_ends);
  g_test_add_func ("/hostile-market/redirects", test_redirects);
  g_test_add_func ("/hostile-market/wrong-shapes", test_wrong_shapes);
  g_test_add_func ("/hostile-market/success-with-errors", test_success_with_errors);
  g_test_add_func ("/hostile-market/overflowing-counts", test_overflowing_counts);
  g_test_add_func ("/hostile-market/long-error-message", test_long_error_message);
  g_test_add_func ("/hostile-market/far-420", test_far_420);
  g_test_add_func ("/hostile-market/unsaid-420", test_unsaid_420);
  g_test_add_func ("/hostile-market/rate-budget", test_rate_budget);
  g_test_add_func ("/hostile-market/market-state", test_market_state);

  return g_test_run ();
}
