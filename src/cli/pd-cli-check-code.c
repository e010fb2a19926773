/* pd-cli-check-code.c — `packdesk-cli check-code`: runs scans through the marking-code engine
 * and prints one JSON object per input, with the engine's stable vocabulary.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>

#include "pd-cli-check-code.h"
#include "pd-code.h"

static void
add_strv (JsonBuilder *builder,
          const char  *name,
          GStrv        values)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; values[i] != NULL; i++)
    json_builder_add_string_value (builder, values[i]);
  json_builder_end_array (builder);
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

JsonNode *
pd_cli_code_to_json (const PdCode *code)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_auto(GStrv) repairs = pd_code_repairs_to_strv (pd_code_get_repairs (code));
  g_auto(GStrv) warnings = pd_code_warnings_to_strv (pd_code_get_warnings (code));

  json_builder_begin_object (builder);
  add_string (builder, "input", pd_code_get_input (code));
  json_builder_set_member_name (builder, "valid");
  json_builder_add_boolean_value (builder, pd_code_is_valid (code));
  add_string (builder, "kind", pd_code_kind_to_string (pd_code_get_kind (code)));
  add_string (builder, "normalized", pd_code_get_normalized (code));
  add_string (builder, "short", pd_code_get_short (code));
  add_string (builder, "gtin", pd_code_get_gtin (code));
  add_string (builder, "serial", pd_code_get_serial (code));
  add_strv (builder, "repairs", repairs);
  add_strv (builder, "warnings", warnings);
  add_string (builder, "error", pd_code_error_to_string (pd_code_get_error (code)));
  add_string (builder, "message", pd_code_get_message (code));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* Prints the verdict on one scan; returns whether it was valid. */
static gboolean
check_one (const char *input,
           PdCodeKind  kind,
           gunichar    gs_substitute)
{
  g_autoptr(PdCode) code = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *json = NULL;

  /* JSON cannot carry invalid UTF-8; the engine reports such input as not a code. */
  if (g_utf8_validate (input, -1, NULL))
    code = pd_code_check (input, kind, gs_substitute);
  else
    {
      g_autofree char *valid = g_utf8_make_valid (input, -1);
      code = pd_code_check (valid, kind, gs_substitute);
    }

  node = pd_cli_code_to_json (code);
  json = json_to_string (node, FALSE);
  g_print ("%s\n", json);

  return pd_code_is_valid (code);
}

static gboolean
parse_gs_substitute (const char *text,
                     gunichar   *substitute,
                     GError    **error)
{
  if (text == NULL || *text == '\0')
    {
      *substitute = 0;
      return TRUE;
    }
  if (!g_utf8_validate (text, -1, NULL) || g_utf8_strlen (text, -1) != 1)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--gs-substitute takes a single character"));
      return FALSE;
    }

  *substitute = g_utf8_get_char (text);
  return TRUE;
}

/* Reads lines from standard input; a GS inside a line survives, the newline does not. */
static gboolean
check_stdin (PdCodeKind kind,
             gunichar   gs_substitute)
{
  g_autoptr(GIOChannel) channel = g_io_channel_unix_new (fileno (stdin));
  gboolean all_valid = TRUE;
  GIOStatus status;

  g_io_channel_set_encoding (channel, NULL, NULL);
  for (;;)
    {
      g_autofree char *line = NULL;
      gsize length = 0;
      gsize terminator = 0;

      status = g_io_channel_read_line (channel, &line, &length, &terminator, NULL);
      if (status != G_IO_STATUS_NORMAL)
        break;
      line[terminator] = '\0';
      all_valid &= check_one (line, kind, gs_substitute);
    }

  return all_valid;
}

int
pd_cli_check_code (int    argc,
                   char **argv)
{
  g_autofree char *kind_text = NULL;
  g_autofree char *substitute_text = NULL;
  const GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind_text,
      N_("The kind the unit needs: auto, cis, uin, rnpt, gtd or country"), N_("KIND") },
    { "gs-substitute", 0, 0, G_OPTION_ARG_STRING, &substitute_text,
      N_("The character the scanner sends in place of GS"), N_("C") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("[CODE…] — check marking codes"));
  g_autoptr(GError) error = NULL;
  PdCodeKind kind = PD_CODE_KIND_NONE;
  gunichar substitute = 0;
  gboolean all_valid = TRUE;

  g_option_context_set_summary (context,
                                _("Prints one JSON object per code. Without CODE, reads one code "
                                  "per line from standard input."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error)
      || !parse_gs_substitute (substitute_text, &substitute, &error))
    {
      g_printerr ("packdesk-cli check-code: %s\n", error->message);
      return 2;
    }

  if (kind_text != NULL && g_strcmp0 (kind_text, "auto") != 0
      && (!pd_code_kind_from_string (kind_text, &kind) || kind == PD_CODE_KIND_NONE))
    {
      g_printerr ("packdesk-cli check-code: %s\n",
                  _("--kind must be auto, cis, uin, rnpt, gtd or country"));
      return 2;
    }

  if (argc > 1)
    for (int i = 1; i < argc; i++)
      all_valid &= check_one (argv[i], kind, substitute);
  else
    all_valid = check_stdin (kind, substitute);

  return all_valid ? 0 : 1;
}
