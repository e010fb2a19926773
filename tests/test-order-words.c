/* test-order-words.c — every order status of the official specification has words for the
 * packer, never the API's capitals; a status the Market adds later is said to be unknown. */
#include "config.h"

#include <string.h>

#include "pd-order-words.h"

/* The values of the enum in a schema file of the specification. */
static GStrv
spec_enum (const char *schema)
{
  g_autofree char *path = g_build_filename (g_getenv ("PD_TEST_DATA_DIR"), "yandex-market-openapi",
                                            "openapi", "components", "schemas", schema, NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GStrvBuilder) values = g_strv_builder_new ();
  gboolean in_enum = FALSE;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "enum:"))
        in_enum = TRUE;
      else if (in_enum && g_str_has_prefix (lines[i], "  - "))
        g_strv_builder_add (values, g_strstrip (lines[i] + 4));
      else if (in_enum)
        in_enum = FALSE;
    }
  return g_strv_builder_end (values);
}

static void
test_every_status (void)
{
  g_auto(GStrv) statuses = spec_enum ("OrderStatusType.yaml");

  g_assert_cmpuint (g_strv_length (statuses), >=, 10);
  for (guint i = 0; statuses[i] != NULL; i++)
    {
      const char *words = pd_order_words_status (statuses[i], NULL);

      g_assert_cmpstr (words, !=, statuses[i]);
      g_assert_null (strchr (words, '_'));
    }
}

static void
test_packing_substatuses (void)
{
  g_assert_cmpstr (pd_order_words_status ("PROCESSING", "STARTED"), ==, "To pack");
  g_assert_cmpstr (pd_order_words_status ("PROCESSING", "READY_TO_SHIP"), ==, "Ready to ship");
  g_assert_cmpstr (pd_order_words_status ("PROCESSING", "SHIPPED"), ==, "Handed over");
  g_assert_cmpstr (pd_order_words_status ("PROCESSING", "SOMETHING_NEW"), ==, "In progress");
  g_assert_cmpstr (pd_order_words_status ("TELEPORTED", NULL), ==, "Status unknown");
  g_assert_cmpstr (pd_order_words_program ("EXPRESS"), ==, "Express");
  g_assert_cmpstr (pd_order_words_program ("FBS"), ==, "FBS");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/order-words/every-status", test_every_status);
  g_test_add_func ("/order-words/packing-substatuses", test_packing_substatuses);

  return g_test_run ();
}
