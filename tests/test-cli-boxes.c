/* test-cli-boxes.c — `packdesk-cli boxes` and `packdesk-cli labels` against the fake Market: an
 * order laid out in three boxes (one item split over two), its codes kept, the layout read
 * back with the Market's box ids, and labels for every box and for one; a layout that is not
 * one is a usage error. */
#include "config.h"

#include <json-glib/json-glib.h>
#include <poppler.h>
#include <string.h>

#include "pd-fake-demo-store.h"
#include "pd-fake-market.h"
#include "pd-test-async.h"

typedef struct
{
  PdFakeMarket *market;
  char         *url;
  char         *dir;
  PdOrder      *order;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  const char *cis[] = { "CIS", NULL };
  g_autoptr(GError) error = NULL;

  fixture->market = pd_fake_market_new (NULL, 5, 10);
  pd_fake_market_listen (fixture->market, 0, &error);
  g_assert_no_error (error);
  fixture->url = pd_fake_market_dup_url (fixture->market);
  fixture->dir = g_dir_make_tmp ("packdesk-cli-boxes-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->order = pd_fake_market_add_order (fixture->market, PD_FAKE_CAMPAIGN_FBS, "FBS");
  pd_order_add_item (fixture->order, pd_order_item_new (961, "SHOE-42", "Кроссовки", 1, cis));
  pd_order_add_item (fixture->order, pd_order_item_new (962, "TV-55", "Телевизор 55\"", 1, NULL));
  pd_order_item_add_instance (g_ptr_array_index (pd_order_get_items (fixture->order), 0),
                              pd_item_instance_new (PD_CODE_KIND_CIS, "0104601234567893" "21"
                                                    "5Tq!Ld8x,Wz0k" "\x1d" "93dGh5"));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->market);
  pd_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->url);
}

/* Runs packdesk-cli with ARGS against the fake Market; its exit status, with what it printed. */
static int
run_cli (Fixture            *fixture,
         const char * const *args,
         JsonNode          **json)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GStrvBuilder) argv = g_strv_builder_new ();
  g_auto(GStrv) command = NULL;
  g_autoptr(GSubprocess) cli = NULL;
  g_autoptr(GAsyncResult) done = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_subprocess_launcher_setenv (launcher, "PACKDESK_API_URL", fixture->url, TRUE);
  g_subprocess_launcher_setenv (launcher, "PACKDESK_API_KEY", PD_FAKE_MARKET_DEFAULT_KEY, TRUE);
  g_strv_builder_add (argv, g_getenv ("PD_CLI"));
  g_strv_builder_addv (argv, (const char **) args);
  command = g_strv_builder_end (argv);
  cli = g_subprocess_launcher_spawnv (launcher, (const char * const *) command, &error);
  g_assert_no_error (error);
  /* The fake Market answers from this process's main loop while the CLI waits. */
  g_subprocess_communicate_utf8_async (cli, NULL, NULL, pd_test_keep_result, &done);
  g_subprocess_communicate_utf8_finish (cli, pd_test_wait_for (&done), &out, &err, &error);
  g_assert_no_error (error);
  if (g_subprocess_get_exit_status (cli) == 0 && json != NULL)
    {
      *json = json_from_string (out, &error);
      g_assert_no_error (error);
    }
  else if (g_subprocess_get_exit_status (cli) != 0)
    g_assert_true (g_str_has_prefix (err, "packdesk-cli "));
  return g_subprocess_get_exit_status (cli);
}

static JsonArray *
boxes_of (JsonNode *root)
{
  return json_object_get_array_member (json_node_get_object (root), "boxes");
}

static int
pdf_pages (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  PopplerDocument *document = poppler_document_new_from_file (uri, NULL, &error);
  int pages;

  g_assert_no_error (error);
  pages = poppler_document_get_n_pages (document);
  g_object_unref (document);
  return pages;
}

static void
test_layout_and_labels (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *order = g_strdup_printf ("%" G_GINT64_FORMAT, pd_order_get_id (fixture->order));
  /* The shoes in one box, the television split over two. */
  const char *layout = "[{\"items\":[{\"id\":961,\"fullCount\":1}]},"
                       "{\"items\":[{\"id\":962,\"partialCount\":{\"current\":1,\"total\":2}}]},"
                       "{\"items\":[{\"id\":962,\"partialCount\":{\"current\":2,\"total\":2}}]}]";
  const char *set[] = { "boxes", "1001", order, "--layout", layout, NULL };
  const char *show[] = { "boxes", "1001", order, NULL };
  g_autofree char *all_path = g_build_filename (fixture->dir, "all.pdf", NULL);
  g_autofree char *one_path = g_build_filename (fixture->dir, "one.pdf", NULL);
  const char *all[] = { "labels", "1001", order, "--format=A9_HORIZONTALLY", "-o", all_path, NULL };
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) shown = NULL;
  g_autoptr(JsonNode) printed = NULL;
  g_autofree char *box = NULL;
  JsonObject *part;

  g_assert_cmpint (run_cli (fixture, set, &answer), ==, 0);
  g_assert_cmpuint (json_array_get_length (boxes_of (answer)), ==, 3);
  part = json_array_get_object_element (json_object_get_array_member (
    json_array_get_object_element (boxes_of (answer), 2), "items"), 0);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (part, "partialCount"),
                                               "current"), ==, 2);
  /* The shoes' code went with the layout, in their box. */
  g_assert_cmpuint (pd_order_item_get_instances (g_ptr_array_index (pd_order_get_items (fixture->order), 0))->len, ==, 1);

  g_assert_cmpint (run_cli (fixture, show, &shown), ==, 0);
  g_assert_cmpuint (json_array_get_length (boxes_of (shown)), ==, 3);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (boxes_of (shown), 1), "boxId"), ==,
                   json_object_get_int_member (json_array_get_object_element (boxes_of (answer), 1), "boxId"));

  g_assert_cmpint (run_cli (fixture, all, &printed), ==, 0);
  g_assert_cmpint (pdf_pages (all_path), ==, 3);
  box = g_strdup_printf ("--box=%" G_GINT64_FORMAT,
                         json_object_get_int_member (json_array_get_object_element (boxes_of (answer), 2), "boxId"));
  {
    const char *one[] = { "labels", "1001", order, box, "-o", one_path, NULL };

    g_assert_cmpint (run_cli (fixture, one, NULL), ==, 0);
    g_assert_cmpint (pdf_pages (one_path), ==, 1);
  }
}

/* What is not a layout never reaches the Market; what the Market refuses says why. */
static void
test_bad_layouts (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *order = g_strdup_printf ("%" G_GINT64_FORMAT, pd_order_get_id (fixture->order));
  const char *not_json[] = { "boxes", "1001", order, "--layout", "{oops", NULL };
  const char *no_item[] = { "boxes", "1001", order, "--layout", "[{\"items\":[{\"id\":1,\"fullCount\":1}]}]", NULL };
  const char *too_many[] = { "boxes", "1001", order, "--layout",
                             "[{\"items\":[{\"id\":961,\"fullCount\":1},{\"id\":962,\"fullCount\":1}]},"
                             "{\"items\":[{\"id\":962,\"fullCount\":1}]}]", NULL };

  g_assert_cmpint (run_cli (fixture, not_json, NULL), ==, 2);
  g_assert_cmpint (run_cli (fixture, no_item, NULL), ==, 2);
  g_assert_cmpint (pd_fake_market_get_request_count (fixture->market, "setOrderBoxLayout"), ==, 0);
  g_assert_cmpint (run_cli (fixture, too_many, NULL), ==, 1);
  g_assert_cmpuint (pd_order_get_box_slots (fixture->order)->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add ("/cli-boxes/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("layout-and-labels", test_layout_and_labels);
  ADD ("bad-layouts", test_bad_layouts);
#undef ADD

  return g_test_run ();
}
