/* pd-market-client.c — the Market Partner API over libsoup 3. Every call goes through one
 * path: a per-campaign queue (the Market allows four parallel requests per campaign), the
 * method's rate budget, the request with its deadline, a bounded read of the answer, rate-limit
 * bookkeeping, the envelope, and retries with exponential backoff and jitter for failures where
 * repeating is safe (no answer, 5xx, 499).
 * The API key goes into one header and nowhere else: not into errors, not into logs, and never
 * to another address — redirects are not followed, as the Market's API does not redirect.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "pd-market-client.h"
#include "pd-market-json.h"
#include "pd-rate-budget.h"

#define MAX_IN_FLIGHT     4
#define MAX_ANSWER_BYTES  (16 * 1024 * 1024)
#define READ_CHUNK        (64 * 1024)
#define CAMPAIGNS_PAGE    100
#define ORDERS_PAGE       50
/* 10,000 campaigns, 50,000 orders: more means a server that pages without end. */
#define CAMPAIGN_PAGES    100
#define ORDER_PAGES       1000
/* How long one attempt may take from sending to the last byte of the answer; retries are
 * scheduled only while the call as a whole stays within CALL_ATTEMPTS_SPAN of them. */
#define ATTEMPT_TIMEOUT_MS 20000
#define CALL_ATTEMPTS_SPAN 3

struct _PdMarketClient
{
  GObject      parent_instance;

  SoupSession *session;
  GUri        *base_uri;
  char        *base_url;
  char        *api_key;
  guint        max_attempts;
  guint        base_delay_ms;
  guint        attempt_timeout_ms;
  GHashTable  *queues;  /* queue key → Queue */
  GHashTable  *limits;  /* method name → PdRateLimit */
  PdRateBudget *budget;
  PdMarketState state;
  gint64        state_since;  /* µs, the budget's clock */
  char         *limited;      /* the last 420's words, while LIMITED */
};

enum
{
  STATE_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (PdMarketClient, pd_market_client, G_TYPE_OBJECT)

typedef struct
{
  guint   in_flight;
  GQueue  waiting;  /* of GTask */
} Queue;

/* One HTTP call, retried as a whole. */
typedef struct
{
  char        *http_method;
  char        *path;
  char        *limit_name;
  char        *queue_key;
  GBytes      *body;
  gboolean     wants_pdf;  /* the answer is a PDF file, not JSON */
  guint        attempt;
  gint64       started;  /* monotonic, of the first attempt */
  SoupMessage *message;
  GByteArray  *answer;
  GSource     *retry_timeout;
  GSource     *retry_cancelled;
  /* The attempt under way: cancelled by the caller's cancellable or by its deadline. */
  GCancellable *attempt_cancellable;
  gulong        cancel_handler;
  GSource      *deadline;
  gboolean      timed_out;
} Call;

static void
destroy_source (GSource *source)
{
  g_source_destroy (source);
  g_source_unref (source);
}

static void
attempt_end (Call         *call,
             GCancellable *cancellable)
{
  g_clear_pointer (&call->deadline, destroy_source);
  /* Not g_cancellable_disconnect (), which deadlocks when the end of the attempt comes from
   * within the caller's cancellation; everything here runs on the caller's thread. */
  g_clear_signal_handler (&call->cancel_handler, cancellable);
  g_clear_object (&call->attempt_cancellable);
}

static void
call_free (Call *call)
{
  g_assert (call->attempt_cancellable == NULL);
  g_free (call->http_method);
  g_free (call->path);
  g_free (call->limit_name);
  g_free (call->queue_key);
  g_clear_pointer (&call->body, g_bytes_unref);
  g_clear_object (&call->message);
  g_clear_pointer (&call->answer, g_byte_array_unref);
  g_free (call);
}

static void
queue_free (Queue *queue)
{
  g_warn_if_fail (queue->in_flight == 0 && queue->waiting.length == 0);
  g_free (queue);
}

static void
rate_limit_free (PdRateLimit *limit)
{
  g_clear_pointer (&limit->until, g_date_time_unref);
  g_free (limit);
}

static void
pd_market_client_finalize (GObject *object)
{
  PdMarketClient *self = PD_MARKET_CLIENT (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->base_uri, g_uri_unref);
  g_free (self->base_url);
  g_free (self->api_key);
  g_hash_table_unref (self->queues);
  g_hash_table_unref (self->limits);
  pd_rate_budget_free (self->budget);
  g_free (self->limited);

  G_OBJECT_CLASS (pd_market_client_parent_class)->finalize (object);
}

static void
pd_market_client_class_init (PdMarketClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_market_client_finalize;

  /**
   * PdMarketClient::state-changed:
   *
   * The Market became reachable, unreachable or failing (see pd_market_client_get_state()).
   */
  signals[STATE_CHANGED] = g_signal_new ("state-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                         NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
pd_market_client_init (PdMarketClient *self)
{
  /* The queues keep each campaign to MAX_IN_FLIGHT; the session must not be the narrower limit. */
  self->session = soup_session_new_with_options ("user-agent", "Packdesk/" PACKAGE_VERSION " ",
                                                 "timeout", ATTEMPT_TIMEOUT_MS / 1000,
                                                 "max-conns-per-host", 4 * MAX_IN_FLIGHT,
                                                 "max-conns", 8 * MAX_IN_FLIGHT,
                                                 NULL);
  self->max_attempts = 4;
  self->base_delay_ms = 500;
  self->attempt_timeout_ms = ATTEMPT_TIMEOUT_MS;
  self->budget = pd_rate_budget_new ();
  self->queues = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) queue_free);
  self->limits = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) rate_limit_free);
}

static gboolean
is_loopback_host (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autofree char *bare = NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  bare = g_strdup (host[0] == '[' ? host + 1 : host);
  if (g_str_has_suffix (bare, "]"))
    bare[strlen (bare) - 1] = '\0';
  address = g_inet_address_new_from_string (bare);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/**
 * pd_market_client_new:
 * @base_url: (nullable): the API's address; %NULL for the Market itself
 * @api_key: the Api-Key
 *
 * Plain http is refused unless the host is a loopback address (the fake Market).
 */
PdMarketClient *
pd_market_client_new (const char  *base_url,
                      const char  *api_key,
                      GError     **error)
{
  g_autoptr(PdMarketClient) self = g_object_new (PD_TYPE_MARKET_CLIENT, NULL);
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  g_return_val_if_fail (api_key != NULL, NULL);

  if (base_url == NULL || *base_url == '\0')
    base_url = PD_MARKET_DEFAULT_URL;
  uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;

  if (scheme == NULL || (g_ascii_strcasecmp (scheme, "https") != 0
                         && (g_ascii_strcasecmp (scheme, "http") != 0
                             || !is_loopback_host (g_uri_get_host (uri)))))
    {
      g_set_error (error, PD_MARKET_ERROR, PD_MARKET_ERROR_INSECURE_URL,
                   _("“%s” is not a safe address for the Market: use https (plain http is "
                     "allowed only for this computer)."), base_url);
      return NULL;
    }

  self->base_uri = g_steal_pointer (&uri);
  self->base_url = g_strdup (base_url);
  self->api_key = g_strdup (api_key);
  return g_steal_pointer (&self);
}

const char *
pd_market_client_get_base_url (PdMarketClient *self)
{
  return self->base_url;
}

/* How often a failed call is tried in all, and the first backoff delay (doubling after). */
void
pd_market_client_set_retry_policy (PdMarketClient *self,
                                   guint           max_attempts,
                                   guint           base_delay_ms)
{
  self->max_attempts = MAX (max_attempts, 1);
  self->base_delay_ms = base_delay_ms;
}

/* How long one attempt may take in all, for tests that must not wait 20 s. */
void
pd_market_client_set_attempt_timeout (PdMarketClient *self,
                                      guint           timeout_ms)
{
  self->attempt_timeout_ms = MAX (timeout_ms, 1);
}

/* The clock of the rate budget, for tests that live through an hour in a second. */
void
pd_market_client_set_clock (PdMarketClient *self,
                            PdClockFunc     clock,
                            gpointer        user_data)
{
  pd_rate_budget_set_clock (self->budget, clock, user_data);
}

PdMarketState
pd_market_client_get_state (PdMarketClient *self)
{
  return self->state;
}

/**
 * pd_market_client_describe_state:
 *
 * Returns: (transfer full) (nullable): what a packer should know of the Market's state, since
 *   when, in words; %NULL while it answers
 */
char *
pd_market_client_describe_state (PdMarketClient *self)
{
  g_autoptr(GDateTime) since = g_date_time_new_from_unix_utc_usec (self->state_since);
  g_autofree char *when = pd_rate_budget_format_time (self->budget, since);

  switch (self->state)
    {
    case PD_MARKET_STATE_UNREACHABLE:
      return g_strdup_printf (_("The Market cannot be reached since %s. Captured codes are kept "
                                "and go as soon as it answers."), when);
    case PD_MARKET_STATE_FAILING:
      return g_strdup_printf (_("The Market has not been answering properly since %s. Packdesk "
                                "keeps trying; captured codes are kept."), when);
    case PD_MARKET_STATE_LIMITED:
      return g_strdup (self->limited);
    case PD_MARKET_STATE_UNKNOWN:
    case PD_MARKET_STATE_REACHABLE:
    default:
      return NULL;
    }
}

/* What the end of a call says of the Market; a local refusal or a cancellation says nothing. */
static void
follow_state (PdMarketClient *self,
              const GError   *error)
{
  PdMarketState state;

  if (error == NULL)
    state = PD_MARKET_STATE_REACHABLE;
  else if (error->domain != PD_MARKET_ERROR
           || (g_error_matches (error, PD_MARKET_ERROR, PD_MARKET_ERROR_RATE_LIMITED)
               && pd_market_error_get_http_status (error) == 0))
    return;
  else if (g_error_matches (error, PD_MARKET_ERROR, PD_MARKET_ERROR_NETWORK))
    state = PD_MARKET_STATE_UNREACHABLE;
  else if (g_error_matches (error, PD_MARKET_ERROR, PD_MARKET_ERROR_SERVER))
    state = PD_MARKET_STATE_FAILING;
  else if (g_error_matches (error, PD_MARKET_ERROR, PD_MARKET_ERROR_RATE_LIMITED))
    state = PD_MARKET_STATE_LIMITED;
  else
    state = PD_MARKET_STATE_REACHABLE;

  /* Each 420 says its own pause; the words change with it. */
  if (state == PD_MARKET_STATE_LIMITED && g_strcmp0 (self->limited, error->message) != 0)
    {
      g_free (self->limited);
      self->limited = g_strdup (error->message);
      self->state = PD_MARKET_STATE_UNKNOWN;
    }
  if (state == self->state)
    return;
  self->state = state;
  self->state_since = pd_rate_budget_now (self->budget);
  g_signal_emit (self, signals[STATE_CHANGED], 0);
}

/**
 * pd_market_client_get_rate_limit:
 * @method: the operation's name in the specification, e.g. "getOrderIdentifiersStatus"
 *
 * Returns: whether the Market has reported a limit for @method; @limit's until stays owned
 */
gboolean
pd_market_client_get_rate_limit (PdMarketClient *self,
                                 const char     *method,
                                 PdRateLimit    *limit)
{
  PdRateLimit *known = g_hash_table_lookup (self->limits, method);

  if (known == NULL)
    return FALSE;
  *limit = *known;
  return TRUE;
}

/* ---- The call path. ---- */

static void call_send (GTask *task);

static Queue *
queue_for (PdMarketClient *self,
           const char     *key)
{
  Queue *queue = g_hash_table_lookup (self->queues, key);

  if (queue == NULL)
    {
      queue = g_new0 (Queue, 1);
      g_hash_table_insert (self->queues, g_strdup (key), queue);
    }
  return queue;
}

/* Sends what the queue allows. A call may end at once (its budget is spent, or it was
 * cancelled) and so release its place and dispatch again from within call_send, even free the
 * queue: it is looked up anew each time round. */
static void
queue_dispatch (PdMarketClient *self,
                const char     *key)
{
  Queue *queue;

  while ((queue = g_hash_table_lookup (self->queues, key)) != NULL
         && queue->in_flight < MAX_IN_FLIGHT && queue->waiting.length > 0)
    {
      queue->in_flight++;
      call_send (g_queue_pop_head (&queue->waiting));
    }
}

/* Frees the call's place in its queue and lets the next one in. */
static void
queue_release (PdMarketClient *self,
               const char     *key)
{
  Queue *queue = g_hash_table_lookup (self->queues, key);

  queue->in_flight--;
  queue_dispatch (self, key);
  queue = g_hash_table_lookup (self->queues, key);
  if (queue != NULL && queue->in_flight == 0 && queue->waiting.length == 0)
    g_hash_table_remove (self->queues, key);
}

/* Ends the call with its answer: a JsonNode, or GBytes for a PDF. */
static void
call_return (GTask    *task,
             gpointer  answer,
             GError   *error)
{
  PdMarketClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  g_autofree char *key = g_strdup (call->queue_key);

  follow_state (self, error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, answer, call->wants_pdf ? (GDestroyNotify) g_bytes_unref
                                                         : (GDestroyNotify) json_node_unref);

  queue_release (self, key);
  g_object_unref (task);
}

static void
record_rate_limit (PdMarketClient *self,
                   Call           *call)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (call->message);
  const char *limit = soup_message_headers_get_one (headers, "X-RateLimit-Resource-Limit");
  const char *remaining = soup_message_headers_get_one (headers, "X-RateLimit-Resource-Remaining");
  const char *until = soup_message_headers_get_one (headers, "X-RateLimit-Resource-Until");
  PdRateLimit *known;

  if (limit == NULL && remaining == NULL && until == NULL)
    return;

  known = g_new0 (PdRateLimit, 1);
  known->limit = limit != NULL ? g_ascii_strtoll (limit, NULL, 10) : -1;
  known->remaining = remaining != NULL ? g_ascii_strtoll (remaining, NULL, 10) : -1;
  known->until = until != NULL ? soup_date_time_new_from_http_string (until) : NULL;
  /* The last request of the hour: the next would be a 420, so it is not sent. */
  if (known->remaining == 0 && known->until != NULL)
    g_error_free (pd_rate_budget_hold (self->budget, call->limit_name, known->until));
  g_hash_table_replace (self->limits, g_strdup (call->limit_name), known);
}

static gboolean
is_retryable_status (guint status)
{
  return status >= 500 || status == 499;
}

static void
call_retry_now (GTask *task)
{
  Call *call = g_task_get_task_data (task);

  g_clear_pointer (&call->retry_timeout, destroy_source);
  g_clear_pointer (&call->retry_cancelled, destroy_source);
  call->attempt++;
  call_send (task);
}

static gboolean
on_retry_timeout (gpointer data)
{
  call_retry_now (data);
  return G_SOURCE_REMOVE;
}

static gboolean
on_retry_cancelled (GCancellable *cancellable,
                    gpointer      data)
{
  /* call_send notices the cancellation and returns it. */
  call_retry_now (data);
  return G_SOURCE_REMOVE;
}

/* Retries after a backoff of base × 2^attempt, ±50 % jitter so desks do not retry in step.
 * Returns FALSE when the attempts are used up. */
static gboolean
call_schedule_retry (GTask *task)
{
  PdMarketClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  guint delay;

  if (call->attempt + 1 >= self->max_attempts)
    return FALSE;

  delay = self->base_delay_ms * (1u << MIN (call->attempt, 10));
  delay = delay / 2 + g_random_int_range (0, delay + 1);
  if (g_get_monotonic_time () - call->started + (gint64) delay * 1000
      > (gint64) CALL_ATTEMPTS_SPAN * self->attempt_timeout_ms * 1000)
    return FALSE;
  g_clear_object (&call->message);
  g_clear_pointer (&call->answer, g_byte_array_unref);

  call->retry_timeout = g_timeout_source_new (delay);
  g_source_set_callback (call->retry_timeout, on_retry_timeout, task, NULL);
  g_source_attach (call->retry_timeout, g_task_get_context (task));
  if (cancellable != NULL)
    {
      call->retry_cancelled = g_cancellable_source_new (cancellable);
      g_source_set_callback (call->retry_cancelled, G_SOURCE_FUNC (on_retry_cancelled), task, NULL);
      g_source_attach (call->retry_cancelled, g_task_get_context (task));
    }
  return TRUE;
}

static char *
join_messages (GStrv messages)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; messages != NULL && messages[i] != NULL; i++)
    if (*messages[i] != '\0')
      g_string_append_printf (text, "%s%s", text->len > 0 ? "; " : "", messages[i]);

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static GError *
http_error (PdMarketClient *self,
            Call           *call,
            guint           status,
            JsonNode       *root)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (call->message);
  const char *until_header = soup_message_headers_get_one (headers, "X-RateLimit-Resource-Until");
  g_autoptr(GDateTime) until = until_header != NULL ? soup_date_time_new_from_http_string (until_header) : NULL;
  g_autofree char *said = NULL;
  g_autoptr(GDateTime) held = NULL;
  GStrv codes = NULL;
  GStrv messages = NULL;
  GError *error;

  pd_market_json_parse_errors (root, &codes, &messages);
  said = join_messages (messages);
  if (*said == '\0' && soup_status_get_phrase (status) != NULL)
    {
      g_free (said);
      said = g_strdup (soup_status_get_phrase (status));
    }

  switch (status)
    {
    case SOUP_STATUS_BAD_REQUEST:
      error = g_error_new (PD_MARKET_ERROR, PD_MARKET_ERROR_BAD_REQUEST,
                           _("The Market refused the request: %s"), said);
      break;
    case SOUP_STATUS_UNAUTHORIZED:
      error = g_error_new (PD_MARKET_ERROR, PD_MARKET_ERROR_UNAUTHORIZED,
                           _("The Market did not accept the API key (%s). Check the key in "
                             "Preferences."), said);
      break;
    case SOUP_STATUS_FORBIDDEN:
      error = g_error_new (PD_MARKET_ERROR, PD_MARKET_ERROR_FORBIDDEN,
                           _("The Market refused access (%s). Check that the API key may "
                             "process orders."), said);
      break;
    case SOUP_STATUS_NOT_FOUND:
      error = g_error_new (PD_MARKET_ERROR, PD_MARKET_ERROR_NOT_FOUND,
                           _("The Market does not know this store or order (%s). Refresh the "
                             "orders."), said);
      break;
    case 420:
      /* The method is held back for a bounded time; the error says until when it really is. */
      error = pd_rate_budget_hold (self->budget, call->limit_name, until);
      held = g_date_time_ref (pd_market_error_get_limited_until (error));
      g_clear_pointer (&until, g_date_time_unref);
      until = g_steal_pointer (&held);
      break;
    case SOUP_STATUS_OK:
    case SOUP_STATUS_CREATED:
    case SOUP_STATUS_ACCEPTED:
      /* An envelope that says ERROR: what it says, not the status's phrase ("OK"). */
      g_free (said);
      said = join_messages (messages);
      error = *said != '\0'
        ? g_error_new (PD_MARKET_ERROR, PD_MARKET_ERROR_HTTP,
                       _("The Market answered with an error: %s"), said)
        : g_error_new_literal (PD_MARKET_ERROR, PD_MARKET_ERROR_HTTP,
                               _("The Market answered with an error and did not say what went "
                                 "wrong. Try again later."));
      break;
    default:
      if (SOUP_STATUS_IS_REDIRECTION (status))
        {
          error = g_error_new (PD_MARKET_ERROR, PD_MARKET_ERROR_HTTP,
                               _("The Market’s address sent Packdesk elsewhere (HTTP %u). The "
                                 "Market’s API does not do that, so Packdesk did not follow, "
                                 "and the API key went nowhere else. Check the address in "
                                 "Preferences."), status);
          break;
        }
      error = is_retryable_status (status)
        ? g_error_new (PD_MARKET_ERROR, PD_MARKET_ERROR_SERVER,
                       _("The Market is not answering properly (HTTP %u: %s). Try again later."),
                       status, said)
        : g_error_new (PD_MARKET_ERROR, PD_MARKET_ERROR_HTTP,
                       _("The Market answered HTTP %u: %s"), status, said);
      break;
    }

  pd_market_error_set_details (error, status, codes, messages, until);
  return error;
}

/* Retries when that is safe and attempts remain; otherwise the task ends with ERROR (GTask turns
 * it into G_IO_ERROR_CANCELLED when the caller cancelled). */
static void
call_failed (GTask    *task,
             GError   *error,
             gboolean  retryable)
{
  attempt_end (g_task_get_task_data (task), g_task_get_cancellable (task));
  if (retryable && !g_cancellable_is_cancelled (g_task_get_cancellable (task))
      && call_schedule_retry (task))
    {
      g_error_free (error);
      return;
    }

  call_return (task, NULL, error);
}

/* A labels answer: said to be a PDF, and starting as one. */
static gboolean
is_pdf (SoupMessage *message,
        GBytes      *body)
{
  const char *type = soup_message_headers_get_content_type (soup_message_get_response_headers (message),
                                                            NULL);
  gsize size = 0;
  const char *data = g_bytes_get_data (body, &size);

  return g_strcmp0 (type, "application/pdf") == 0 && size >= 5 && memcmp (data, "%PDF-", 5) == 0;
}

static void
call_answered (GTask *task)
{
  PdMarketClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  guint status = soup_message_get_status (call->message);
  g_autoptr(GBytes) body = g_byte_array_free_to_bytes (g_steal_pointer (&call->answer));
  g_autoptr(JsonNode) root = NULL;
  GError *error = NULL;

  attempt_end (call, g_task_get_cancellable (task));
  record_rate_limit (self, call);

  if (SOUP_STATUS_IS_SUCCESSFUL (status) && call->wants_pdf)
    {
      if (!is_pdf (call->message, body))
        call_failed (task, g_error_new_literal (PD_MARKET_ERROR, PD_MARKET_ERROR_INVALID_RESPONSE,
                                                _("The Market sent something other than a PDF "
                                                  "for the labels. Try again later.")),
                     FALSE);
      else
        call_return (task, g_steal_pointer (&body), NULL);
      return;
    }
  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      root = pd_market_json_parse_body (body, &error);
      if (root == NULL)
        call_failed (task, error, FALSE);
      else if (pd_market_json_is_error (root))
        call_failed (task, http_error (self, call, status, root), FALSE);
      else
        call_return (task, g_steal_pointer (&root), NULL);
      return;
    }

  /* An error answer need not be JSON (a proxy's page); its status still says enough. */
  root = pd_market_json_parse_body (body, NULL);
  call_failed (task, http_error (self, call, status, root), is_retryable_status (status));
}

/* The error for an attempt that failed with ERROR: the caller's cancellation as it is, the
 * deadline as a network failure that is not retried (a server that hangs once hangs again). */
static gboolean
attempt_failed (GTask   *task,
                GError  *error,
                GError **failure)
{
  PdMarketClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);

  if (call->timed_out)
    {
      *failure = g_error_new (PD_MARKET_ERROR, PD_MARKET_ERROR_NETWORK,
                              _("The Market did not answer within %u s. Check the internet "
                                "connection; Packdesk tries again later."),
                              (self->attempt_timeout_ms + 999) / 1000);
      return FALSE;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      *failure = g_error_copy (error);
      return FALSE;
    }
  *failure = NULL;
  return TRUE;
}

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  GTask *task = data;
  Call *call = g_task_get_task_data (task);
  GInputStream *stream = G_INPUT_STREAM (source);
  g_autoptr(GBytes) chunk = NULL;
  GError *error = NULL;

  chunk = g_input_stream_read_bytes_finish (stream, result, &error);
  if (chunk == NULL)
    {
      GError *failure = NULL;

      g_input_stream_close_async (stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      if (!attempt_failed (task, error, &failure))
        call_failed (task, failure, FALSE);
      else
        {
          g_prefix_error (&error, _("The connection to the Market broke off: "));
          call_failed (task, g_error_new_literal (PD_MARKET_ERROR, PD_MARKET_ERROR_NETWORK, error->message), TRUE);
        }
      g_error_free (error);
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      g_input_stream_close_async (stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      call_answered (task);
      return;
    }

  g_byte_array_append (call->answer, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  if (call->answer->len > MAX_ANSWER_BYTES)
    {
      g_input_stream_close_async (stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      call_failed (task, g_error_new (PD_MARKET_ERROR, PD_MARKET_ERROR_INVALID_RESPONSE,
                                      _("The Market’s answer is larger than %u MiB; Packdesk "
                                        "does not read it."), MAX_ANSWER_BYTES / (1024 * 1024)),
                   FALSE);
      return;
    }

  g_input_stream_read_bytes_async (stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   call->attempt_cancellable, on_read, task);
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  GTask *task = data;
  Call *call = g_task_get_task_data (task);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;

  stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (stream == NULL)
    {
      GError *failure = NULL;

      if (!attempt_failed (task, error, &failure))
        call_failed (task, failure, FALSE);
      else
        call_failed (task, g_error_new (PD_MARKET_ERROR, PD_MARKET_ERROR_NETWORK,
                                        _("Cannot reach the Market: %s. Check the internet "
                                          "connection."), error->message),
                     TRUE);
      return;
    }

  call->answer = g_byte_array_new ();
  g_input_stream_read_bytes_async (stream, READ_CHUNK, G_PRIORITY_DEFAULT,
                                   call->attempt_cancellable, on_read, task);
}

static gboolean
on_deadline (gpointer data)
{
  Call *call = data;

  call->timed_out = TRUE;
  g_cancellable_cancel (call->attempt_cancellable);
  return G_SOURCE_REMOVE;
}

static void
on_caller_cancelled (GCancellable *cancellable,
                     gpointer      data)
{
  g_cancellable_cancel (data);
}

/* The attempt's own cancellable: the caller's cancellation or the deadline ends it. */
static void
attempt_begin (GTask *task)
{
  PdMarketClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  call->timed_out = FALSE;
  call->attempt_cancellable = g_cancellable_new ();
  /* call_send has made sure the caller's cancellable is not cancelled yet. */
  if (cancellable != NULL)
    call->cancel_handler = g_signal_connect (cancellable, "cancelled", G_CALLBACK (on_caller_cancelled),
                                             call->attempt_cancellable);
  call->deadline = g_timeout_source_new (self->attempt_timeout_ms);
  g_source_set_callback (call->deadline, on_deadline, call, NULL);
  g_source_attach (call->deadline, g_task_get_context (task));
}

static void
call_send (GTask *task)
{
  PdMarketClient *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  g_autoptr(GUri) uri = NULL;
  SoupMessageHeaders *headers;
  GError *refusal = NULL;

  if (g_task_return_error_if_cancelled (task))
    {
      g_autofree char *key = g_strdup (call->queue_key);
      queue_release (self, key);
      g_object_unref (task);
      return;
    }
  /* Every attempt, retries too, comes out of the method's budget. */
  if (!pd_rate_budget_take (self->budget, call->limit_name, &refusal))
    {
      call_return (task, NULL, refusal);
      return;
    }

  uri = g_uri_parse_relative (self->base_uri, call->path, G_URI_FLAGS_ENCODED_QUERY, NULL);
  g_assert (uri != NULL);
  call->message = soup_message_new_from_uri (call->http_method, uri);
  soup_message_add_flags (call->message, SOUP_MESSAGE_NO_REDIRECT);
  headers = soup_message_get_request_headers (call->message);
  soup_message_headers_replace (headers, "Api-Key", self->api_key);
  soup_message_headers_replace (headers, "Accept",
                                call->wants_pdf ? "application/pdf, application/json"
                                                : "application/json");
  if (call->body != NULL)
    soup_message_set_request_body_from_bytes (call->message, "application/json", call->body);

  attempt_begin (task);
  soup_session_send_async (self->session, call->message, G_PRIORITY_DEFAULT,
                           call->attempt_cancellable, on_sent, task);
}

/* Queues one call; the task's result is the answer's JSON root (a JsonNode), or the PDF's
 * bytes (GBytes) when WANTS_PDF. */
static void
call_async (PdMarketClient      *self,
            const char          *http_method,
            const char          *path,
            const char          *limit_name,
            const char          *queue_key,
            JsonNode            *body,
            gboolean             wants_pdf,
            gpointer             source_tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Call *call = g_new0 (Call, 1);

  g_task_set_source_tag (task, source_tag);
  call->wants_pdf = wants_pdf;
  call->http_method = g_strdup (http_method);
  call->path = g_strdup (path);
  call->limit_name = g_strdup (limit_name);
  call->queue_key = g_strdup (queue_key);
  call->started = g_get_monotonic_time ();
  if (body != NULL)
    {
      gsize length = 0;
      char *text = json_to_string (body, FALSE);

      length = strlen (text);
      call->body = g_bytes_new_take (text, length);
    }
  g_task_set_task_data (task, call, (GDestroyNotify) call_free);

  g_queue_push_tail (&queue_for (self, queue_key)->waiting, task);
  queue_dispatch (self, queue_key);
}

static JsonObject *
call_finish (GAsyncResult  *result,
             JsonNode     **root,
             GError       **error)
{
  *root = g_task_propagate_pointer (G_TASK (result), error);
  return *root != NULL ? pd_market_json_unwrap (*root, error) : NULL;
}

/* ---- Paged lists: campaigns and orders. ---- */

typedef GPtrArray *(*PageParser) (JsonObject *result, char **next_page, GError **error);

typedef struct
{
  GPtrArray  *items;
  char       *path;
  char       *limit_name;
  char       *queue_key;
  char       *method;
  JsonNode   *body;
  PageParser  parse;
  guint       page_size;
  guint       max_pages;
  GHashTable *tokens;  /* every page token seen */
} Pager;

static void
pager_free (Pager *pager)
{
  g_ptr_array_unref (pager->items);
  g_free (pager->path);
  g_free (pager->limit_name);
  g_free (pager->queue_key);
  g_free (pager->method);
  g_clear_pointer (&pager->body, json_node_unref);
  g_hash_table_unref (pager->tokens);
  g_free (pager);
}

static void pager_fetch (GTask *task, const char *page_token);

static void
on_page (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  g_autoptr(GTask) task = data;
  Pager *pager = g_task_get_task_data (task);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) page = NULL;
  g_autofree char *next = NULL;
  GError *error = NULL;
  JsonObject *object = call_finish (result, &root, &error);
  gboolean short_page;

  if (object == NULL || (page = pager->parse (object, &next, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* A page shorter than asked for is the last, whatever token it carries. */
  short_page = page->len < pager->page_size;
  g_ptr_array_extend_and_steal (pager->items, g_steal_pointer (&page));
  if (next == NULL || short_page)
    g_task_return_pointer (task, g_ptr_array_ref (pager->items), (GDestroyNotify) g_ptr_array_unref);
  else if (g_hash_table_contains (pager->tokens, next))
    g_task_return_new_error (task, PD_MARKET_ERROR, PD_MARKET_ERROR_INVALID_RESPONSE,
                             _("The Market sent the same page twice; Packdesk stopped reading "
                               "after %u pages. Try again later."),
                             g_hash_table_size (pager->tokens) + 1);
  else if (g_hash_table_size (pager->tokens) + 1 >= pager->max_pages)
    g_task_return_new_error (task, PD_MARKET_ERROR, PD_MARKET_ERROR_INVALID_RESPONSE,
                             _("The Market’s list goes on past %u pages; Packdesk stopped "
                               "reading it. Try again later."), pager->max_pages);
  else
    pager_fetch (g_steal_pointer (&task), next);
}

static void
pager_fetch (GTask      *task,
             const char *page_token)
{
  Pager *pager = g_task_get_task_data (task);
  g_autofree char *escaped = page_token != NULL ? g_uri_escape_string (page_token, NULL, FALSE) : NULL;
  g_autofree char *path = g_strdup_printf ("%s?limit=%u%s%s", pager->path, pager->page_size,
                                           escaped != NULL ? "&pageToken=" : "",
                                           escaped != NULL ? escaped : "");

  if (page_token != NULL)
    g_hash_table_add (pager->tokens, g_strdup (page_token));
  call_async (g_task_get_source_object (task), pager->method, path, pager->limit_name,
              pager->queue_key, pager->body, FALSE, g_task_get_source_tag (task),
              g_task_get_cancellable (task), on_page, task);
}

/* Reads every page of PATH; the task's result is the items of all of them. */
static void
pager_start (PdMarketClient      *self,
             const char          *method,
             const char          *path,
             const char          *limit_name,
             const char          *queue_key,
             JsonNode            *body,
             PageParser           parse,
             guint                page_size,
             guint                max_pages,
             gpointer             source_tag,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Pager *pager = g_new0 (Pager, 1);

  g_task_set_source_tag (task, source_tag);
  pager->items = g_ptr_array_new_with_free_func (g_object_unref);
  pager->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  pager->path = g_strdup (path);
  pager->limit_name = g_strdup (limit_name);
  pager->queue_key = g_strdup (queue_key);
  pager->method = g_strdup (method);
  pager->body = body != NULL ? json_node_ref (body) : NULL;
  pager->parse = parse;
  pager->page_size = page_size;
  pager->max_pages = max_pages;
  g_task_set_task_data (task, pager, (GDestroyNotify) pager_free);
  pager_fetch (task, NULL);
}

void
pd_market_client_list_campaigns_async (PdMarketClient      *self,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  pager_start (self, "GET", "v2/campaigns", "getCampaigns", "token", NULL,
               pd_market_json_parse_campaigns, CAMPAIGNS_PAGE, CAMPAIGN_PAGES,
               pd_market_client_list_campaigns_async, cancellable, callback, user_data);
}

/* Returns: (transfer container) (element-type PdCampaign): every campaign of the key's business */
GPtrArray *
pd_market_client_list_campaigns_finish (PdMarketClient  *self,
                                        GAsyncResult    *result,
                                        GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
add_strv_member (JsonBuilder        *builder,
                 const char         *name,
                 const char * const *values)
{
  if (values == NULL || values[0] == NULL)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; values[i] != NULL; i++)
    json_builder_add_string_value (builder, values[i]);
  json_builder_end_array (builder);
}

static void
add_ids_member (JsonBuilder  *builder,
                const char   *name,
                const gint64 *ids,
                guint         n_ids)
{
  if (n_ids == 0)
    return;
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_ids; i++)
    json_builder_add_int_value (builder, ids[i]);
  json_builder_end_array (builder);
}

static JsonNode *
build_order_filter (const PdOrderFilter *filter)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  if (filter != NULL)
    {
      add_ids_member (builder, "orderIds", filter->order_ids, filter->n_order_ids);
      add_ids_member (builder, "campaignIds", filter->campaign_ids, filter->n_campaign_ids);
      add_strv_member (builder, "statuses", filter->statuses);
      add_strv_member (builder, "substatuses", filter->substatuses);
      if (filter->creation_date_from != NULL || filter->creation_date_to != NULL
          || filter->update_date_from != NULL)
        {
          json_builder_set_member_name (builder, "dates");
          json_builder_begin_object (builder);
          if (filter->creation_date_from != NULL)
            {
              json_builder_set_member_name (builder, "creationDateFrom");
              json_builder_add_string_value (builder, filter->creation_date_from);
            }
          if (filter->creation_date_to != NULL)
            {
              json_builder_set_member_name (builder, "creationDateTo");
              json_builder_add_string_value (builder, filter->creation_date_to);
            }
          if (filter->update_date_from != NULL)
            {
              json_builder_set_member_name (builder, "updateDateFrom");
              json_builder_add_string_value (builder, filter->update_date_from);
            }
          json_builder_end_object (builder);
        }
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

void
pd_market_client_list_orders_async (PdMarketClient      *self,
                                    gint64               business_id,
                                    const PdOrderFilter *filter,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autofree char *path = g_strdup_printf ("v1/businesses/%" G_GINT64_FORMAT "/orders", business_id);
  g_autofree char *key = g_strdup_printf ("business:%" G_GINT64_FORMAT, business_id);
  g_autoptr(JsonNode) body = build_order_filter (filter);

  pager_start (self, "POST", path, "getBusinessOrders", key, body, pd_market_json_parse_orders,
               ORDERS_PAGE, ORDER_PAGES, pd_market_client_list_orders_async, cancellable, callback, user_data);
}

/* How many orders one request of pd_market_client_list_orders_async() brings: N orders cost
 * N / this + 1 requests. */
guint
pd_market_client_get_orders_page_size (void)
{
  return ORDERS_PAGE;
}

/* Returns: (transfer container) (element-type PdOrder): every page of the business's orders */
GPtrArray *
pd_market_client_list_orders_finish (PdMarketClient  *self,
                                     GAsyncResult    *result,
                                     GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- Orders: codes, statuses, readiness. ---- */

static char *
order_path (gint64      campaign_id,
            gint64      order_id,
            const char *what)
{
  return g_strdup_printf ("v2/campaigns/%" G_GINT64_FORMAT "/orders/%" G_GINT64_FORMAT "/%s",
                          campaign_id, order_id, what);
}

static char *
campaign_key (gint64 campaign_id)
{
  return g_strdup_printf ("campaign:%" G_GINT64_FORMAT, campaign_id);
}

static void
on_order_call (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr(GTask) task = data;
  g_autoptr(JsonNode) root = NULL;
  GError *error = NULL;

  if (call_finish (result, &root, &error) == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&root), (GDestroyNotify) json_node_unref);
}

static void
order_call_async (PdMarketClient      *self,
                  const char          *http_method,
                  gint64               campaign_id,
                  gint64               order_id,
                  const char          *what,
                  const char          *limit_name,
                  JsonNode            *body,
                  gpointer             source_tag,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *path = order_path (campaign_id, order_id, what);
  g_autofree char *key = campaign_key (campaign_id);

  g_task_set_source_tag (task, source_tag);
  call_async (self, http_method, path, limit_name, key, body, FALSE, source_tag, cancellable,
              on_order_call, task);
}

static gboolean
order_call_finish (PdMarketClient  *self,
                   GAsyncResult    *result,
                   GError         **error)
{
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  root = g_task_propagate_pointer (G_TASK (result), error);
  return root != NULL;
}

static void
on_layout_set (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  g_autoptr(GTask) task = data;
  g_autoptr(JsonNode) root = NULL;
  GError *error = NULL;
  JsonObject *answer = call_finish (result, &root, &error);

  if (answer == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  pd_market_json_parse_layout (g_task_get_task_data (task), answer);
  g_task_return_boolean (task, TRUE);
}

/**
 * pd_market_client_set_box_layout_async:
 * @codes: every code of the order by item id (see pd_market_codes_new())
 *
 * PUT …/boxes for FBS and Express. The layout replaces the previous one, so @codes must be
 * the order's complete set; the order's own boxes are kept. Once the Market has taken it,
 * @order's layout is the Market's answer, with the box ids its labels are asked for by.
 */
void
pd_market_client_set_box_layout_async (PdMarketClient      *self,
                                       PdOrder             *order,
                                       GHashTable          *codes,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(JsonNode) body = pd_market_json_build_boxes_request (order, codes);
  g_autofree char *path = order_path (pd_order_get_campaign_id (order), pd_order_get_id (order), "boxes");
  g_autofree char *key = campaign_key (pd_order_get_campaign_id (order));

  g_task_set_source_tag (task, pd_market_client_set_box_layout_async);
  g_task_set_task_data (task, g_object_ref (order), g_object_unref);
  call_async (self, "PUT", path, "setOrderBoxLayout", key, body, FALSE,
              pd_market_client_set_box_layout_async, cancellable, on_layout_set, task);
}

gboolean
pd_market_client_set_box_layout_finish (PdMarketClient  *self,
                                        GAsyncResult    *result,
                                        GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- Labels. ---- */

static const char * const label_formats[] = { "A9_HORIZONTALLY", "A9", "A7", "A4", NULL };

/**
 * pd_market_client_get_label_formats:
 *
 * The page formats of the labels (PageFormatType): A9_HORIZONTALLY is 58 × 40 mm, A9 40 × 58 mm,
 * A7 75 × 120 mm, A4 a sheet with the label in the format chosen in the seller's cabinet.
 *
 * Returns: (transfer none): the API's names
 */
const char * const *
pd_market_client_get_label_formats (void)
{
  return label_formats;
}

/**
 * pd_market_client_get_labels_async:
 * @box_id: one box's label, or 0 for every box of the order
 * @format: (nullable): one of pd_market_client_get_label_formats(); NULL for the Market's A7
 *
 * GET …/delivery/labels, or …/delivery/shipments/{shipmentId}/boxes/{boxId}/label for one box:
 * the PDF the packer sticks on the boxes. Its result is the PDF's bytes.
 */
void
pd_market_client_get_labels_async (PdMarketClient      *self,
                                   PdOrder             *order,
                                   gint64               box_id,
                                   const char          *format,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autofree char *key = campaign_key (pd_order_get_campaign_id (order));
  g_autofree char *what = NULL;
  g_autofree char *path = NULL;

  g_return_if_fail (format == NULL || g_strv_contains (label_formats, format));
  /* The path still has a shipment, though the Market no longer reads it ("pass any number"). */
  what = box_id != 0
    ? g_strdup_printf ("delivery/shipments/%" G_GINT64_FORMAT "/boxes/%" G_GINT64_FORMAT "/label",
                       MAX (pd_order_get_shipment_id (order), 1), box_id)
    : g_strdup ("delivery/labels");
  path = order_path (pd_order_get_campaign_id (order), pd_order_get_id (order), what);
  if (format != NULL)
    {
      g_autofree char *with_format = g_strdup_printf ("%s?format=%s", path, format);
      g_free (path);
      path = g_steal_pointer (&with_format);
    }
  call_async (self, "GET", path, box_id != 0 ? "generateOrderLabel" : "generateOrderLabels", key,
              NULL, TRUE, pd_market_client_get_labels_async, cancellable, callback, user_data);
}

/* Returns: (transfer full): the PDF */
GBytes *
pd_market_client_get_labels_finish (PdMarketClient  *self,
                                    GAsyncResult    *result,
                                    GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* PUT …/identifiers for DBS orders: every item that has codes, with all of them. */
void
pd_market_client_provide_identifiers_async (PdMarketClient      *self,
                                            PdOrder             *order,
                                            GHashTable          *codes,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_autoptr(JsonNode) body = pd_market_json_build_identifiers_request (order, codes);

  order_call_async (self, "PUT", pd_order_get_campaign_id (order), pd_order_get_id (order),
                    "identifiers", "provideOrderItemIdentifiers", body,
                    pd_market_client_provide_identifiers_async, cancellable, callback, user_data);
}

gboolean
pd_market_client_provide_identifiers_finish (PdMarketClient  *self,
                                             GAsyncResult    *result,
                                             GError         **error)
{
  return order_call_finish (self, result, error);
}

/* POST …/identifiers/status: limited to 1,000 requests an hour, so callers poll sparingly. */
void
pd_market_client_get_identifier_statuses_async (PdMarketClient      *self,
                                                gint64               campaign_id,
                                                gint64               order_id,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data)
{
  order_call_async (self, "POST", campaign_id, order_id, "identifiers/status",
                    "getOrderIdentifiersStatus", NULL,
                    pd_market_client_get_identifier_statuses_async, cancellable, callback, user_data);
}

/* Returns: (transfer container) (element-type PdIdentifierStatus) */
GPtrArray *
pd_market_client_get_identifier_statuses_finish (PdMarketClient  *self,
                                                 GAsyncResult    *result,
                                                 GError         **error)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  root = g_task_propagate_pointer (G_TASK (result), error);
  object = root != NULL ? pd_market_json_unwrap (root, error) : NULL;
  return object != NULL ? pd_market_json_parse_statuses (object, error) : NULL;
}

/* PUT …/status to PROCESSING/READY_TO_SHIP. */
void
pd_market_client_set_ready_to_ship_async (PdMarketClient      *self,
                                          gint64               campaign_id,
                                          gint64               order_id,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "order");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, "PROCESSING");
  json_builder_set_member_name (builder, "substatus");
  json_builder_add_string_value (builder, "READY_TO_SHIP");
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  order_call_async (self, "PUT", campaign_id, order_id, "status", "updateOrderStatus", body,
                    pd_market_client_set_ready_to_ship_async, cancellable, callback, user_data);
}

gboolean
pd_market_client_set_ready_to_ship_finish (PdMarketClient  *self,
                                           GAsyncResult    *result,
                                           GError         **error)
{
  return order_call_finish (self, result, error);
}

/* ---- The codes of an order, by item. ---- */

/* Returns: (transfer full): item id → GPtrArray of PdItemInstance */
GHashTable *
pd_market_codes_new (void)
{
  return g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                (GDestroyNotify) g_ptr_array_unref);
}

/* Takes ownership of INSTANCE. */
void
pd_market_codes_add (GHashTable     *codes,
                     gint64          item_id,
                     PdItemInstance *instance)
{
  GPtrArray *list = g_hash_table_lookup (codes, &item_id);

  if (list == NULL)
    {
      list = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_item_instance_free);
      g_hash_table_insert (codes, g_memdup2 (&item_id, sizeof item_id), list);
    }
  g_ptr_array_add (list, instance);
}
