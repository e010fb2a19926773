/* test-order-words.c — every order status of the official specification has words for the
 * packer, never the API's capitals; a status the Market adds later is said to be unknown. */
#include "config.h"

#include <string.h>

#include "pd-order.h"
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

static char *
ship_by (const char *date,
         const char *time)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) now = g_date_time_new (utc, 2026, 12, 1, 12, 0, 0);
  g_autoptr(PdOrder) order = pd_order_new (1, 2, "PROCESSING", "STARTED", "FBS");
  g_autoptr(GDateTime) due = NULL;
  gboolean has_time = FALSE;

  pd_order_set_shipment (order, 0, date, time);
  due = pd_order_dup_ship_by (order, utc, &has_time);
  return due != NULL ? pd_order_words_ship_by (due, now, has_time) : NULL;
}

/* The day an order must go, said relative to today; a day without a time lasts to its end. */
static void
test_ship_by (void)
{
  struct { const char *date, *time, *words; } cases[] = {
    { "2026-12-01", "14:30:00", "ship today by 14:30" },
    { "2026-12-01", "11:45", "overdue since 11:45" },
    { "2026-12-01", NULL, "ship today" },
    { "2026-12-02", "09:15:00", "ship tomorrow by 09:15" },
    { "2026-12-02", NULL, "ship tomorrow" },
    { "2026-11-30", NULL, "overdue since yesterday" },
    { "2026-11-27", NULL, "overdue since Fri 27 Nov" },
    { "2026-12-03", NULL, "ship Thu 3 Dec" },
    /* A time that is none is the end of the day. */
    { "2026-12-01", "25:99", "ship today" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *words = ship_by (cases[i].date, cases[i].time);

      g_assert_cmpstr (words, ==, cases[i].words);
    }
  g_assert_null (ship_by ("2026-02-30", NULL));
  g_assert_null (ship_by ("soon", NULL));
}

/* What a scan of an order number or a box label gives; nothing else is taken for one. */
static void
test_order_references (void)
{
  struct { const char *text; gint64 id; } cases[] = {
    { "52000468", 52000468 }, { "52000468-2", 52000468 }, { "7206821-1", 7206821 },
    { "4607258546067", 0 }, { "52000468-", 0 }, { "52000468-2-1", 0 }, { "-2", 0 },
    { "0104601234567893215Tq", 0 }, { "1234", 0 }, { "52000468-0", 0 }, { "", 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      gint64 id = 0;
      gboolean found = pd_order_parse_reference (cases[i].text, &id);

      g_assert_cmpint (found, ==, cases[i].id != 0);
      if (found)
        g_assert_cmpint (id, ==, cases[i].id);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/order-words/every-status", test_every_status);
  g_test_add_func ("/order-words/packing-substatuses", test_packing_substatuses);
  g_test_add_func ("/order-words/ship-by", test_ship_by);
  g_test_add_func ("/order-words/order-references", test_order_references);

  return g_test_run ();
}
