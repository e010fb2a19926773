/* test-status-catalogue.c — every status and substatus value in the Market's specification
 * (tests/data/yandex-market-openapi) has its own badge, explanation and action, and values the
 * Market adds later get a sensible fallback instead of a crash. */
#include "config.h"

#include "pd-status-catalogue.h"

/* The values listed under `enum:` in one schema file of the specification. */
static GStrv
spec_enum (const char *schema)
{
  g_autofree char *path = g_build_filename (g_getenv ("PD_TEST_DATA_DIR"), "yandex-market-openapi",
                                            "openapi", "components", "schemas", schema, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GStrvBuilder) values = g_strv_builder_new ();
  g_auto(GStrv) lines = NULL;
  gboolean in_enum = FALSE;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *line = g_strstrip (g_strdup (lines[i]));

      if (g_str_equal (line, "enum:"))
        in_enum = TRUE;
      else if (in_enum && g_str_has_prefix (line, "- "))
        g_strv_builder_add (values, line + 2);
      else if (in_enum)
        in_enum = FALSE;
    }

  return g_strv_builder_end (values);
}

static void
assert_described (const PdStatusInfo *info)
{
  g_assert_true (pd_status_info_is_known (info));
  g_assert_cmpstr (pd_status_info_get_badge (info), !=, "");
  g_assert_cmpstr (pd_status_info_get_explanation (info), !=, "");
  g_assert_cmpstr (pd_status_info_get_action (info), !=, "");
}

static void
check_family (PdCodeKind  kind,
              const char *status_schema,
              const char *substatus_schema,
              const char *status_with_substatus)
{
  g_auto(GStrv) statuses = spec_enum (status_schema);
  g_auto(GStrv) substatuses = spec_enum (substatus_schema);
  const PdStatusInfo *plain = pd_status_catalogue_lookup (kind, status_with_substatus, NULL);

  g_assert_cmpuint (g_strv_length (statuses), >=, 4);
  g_assert_cmpuint (g_strv_length (substatuses), >=, 3);

  for (guint i = 0; statuses[i] != NULL; i++)
    assert_described (pd_status_catalogue_lookup (kind, statuses[i], NULL));

  /* Each substatus says something of its own, beyond its status. */
  for (guint i = 0; substatuses[i] != NULL; i++)
    {
      const PdStatusInfo *info = pd_status_catalogue_lookup (kind, status_with_substatus,
                                                             substatuses[i]);
      assert_described (info);
      g_assert_true (info != plain);
    }
}

static void
test_cis (void)
{
  check_family (PD_CODE_KIND_CIS, "CisStatusType.yaml", "CisSubstatusType.yaml", "INVALID");

  g_assert_cmpint (pd_status_info_get_severity (pd_status_catalogue_lookup (PD_CODE_KIND_CIS, "OK", NULL)),
                   ==, PD_SEVERITY_OK);
  g_assert_cmpint (pd_status_info_get_severity (pd_status_catalogue_lookup (PD_CODE_KIND_CIS, "IN_PROGRESS", NULL)),
                   ==, PD_SEVERITY_PENDING);
  g_assert_cmpint (pd_status_info_get_severity (pd_status_catalogue_lookup (PD_CODE_KIND_CIS, "INVALID", "ITEM_SOLD")),
                   ==, PD_SEVERITY_ERROR);
}

static void
test_uin (void)
{
  check_family (PD_CODE_KIND_UIN, "UinStatusType.yaml", "UinSubstatusType.yaml", "FAILED");
}

static void
test_unknown_values (void)
{
  const PdStatusInfo *invalid = pd_status_catalogue_lookup (PD_CODE_KIND_CIS, "INVALID", NULL);

  /* A new substatus falls back to its status; a new status to the neutral entry. */
  g_assert_true (pd_status_catalogue_lookup (PD_CODE_KIND_CIS, "INVALID", "SOMETHING_NEW") == invalid);
  g_assert_false (pd_status_info_is_known (pd_status_catalogue_lookup (PD_CODE_KIND_CIS, "NEW_STATUS", NULL)));
  g_assert_false (pd_status_info_is_known (pd_status_catalogue_lookup (PD_CODE_KIND_UIN, NULL, NULL)));
  g_assert_cmpstr (pd_status_info_get_action (pd_status_catalogue_lookup (PD_CODE_KIND_UIN, "??", "??")), !=, "");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/status-catalogue/cis", test_cis);
  g_test_add_func ("/status-catalogue/uin", test_uin);
  g_test_add_func ("/status-catalogue/unknown-values", test_unknown_values);
  return g_test_run ();
}
