/* bench-code-check.c — how many scans the marking-code engine checks per second on one core,
 * over the public corpus's inputs (valid codes, manglings, mistakes, GS reconstruction).
 * Prints figures only; the target (over 1,000,000 per second) is read by people, not asserted. */
#include "config.h"

#include <string.h>

#include "pd-code.h"

static GPtrArray *
load_inputs (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *inputs = g_ptr_array_new_with_free_func (g_free);

  if (!g_file_get_contents (path, &contents, NULL, &error))
    g_error ("%s", error->message);
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      g_auto(GStrv) columns = g_strsplit (lines[i], "\t", -1);
      g_autoptr(GString) input = NULL;

      if (g_strv_length (columns) < 4)
        continue;
      input = g_string_new (columns[3]);
      g_string_replace (input, "\\x1d", "\x1d", 0);
      g_string_replace (input, "\\r", "\r", 0);
      g_string_replace (input, "\\n", "\n", 0);
      g_string_replace (input, "\\t", "\t", 0);
      g_ptr_array_add (inputs, g_string_free (g_steal_pointer (&input), FALSE));
    }

  return inputs;
}

static double
run (GPtrArray *inputs,
     guint      rounds)
{
  g_autoptr(GTimer) timer = g_timer_new ();
  guint valid = 0;

  for (guint r = 0; r < rounds; r++)
    for (guint i = 0; i < inputs->len; i++)
      {
        PdCode *code = pd_code_check (g_ptr_array_index (inputs, i), PD_CODE_KIND_NONE, 0);
        valid += pd_code_is_valid (code);
        pd_code_unref (code);
      }

  g_assert_cmpuint (valid, >, 0);
  return g_timer_elapsed (timer, NULL);
}

int
main (int   argc,
      char *argv[])
{
  const char *dir = argc > 1 ? argv[1] : g_getenv ("PD_TEST_DATA_DIR");
  g_autofree char *path = g_build_filename (dir != NULL ? dir : "tests/data", "code-corpus.tsv", NULL);
  g_autoptr(GPtrArray) inputs = load_inputs (path);
  double best = G_MAXDOUBLE;
  guint rounds = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 4000;

  run (inputs, 100);  /* warm caches and the enum classes */
  for (guint i = 0; i < 5; i++)
    best = MIN (best, run (inputs, rounds));

  g_print ("code check: %u inputs x %u rounds, best of 5: %.3f s\n", inputs->len, rounds, best);
  g_print ("code check throughput: %.0f codes/s on one core (%.2f us per code)\n",
           inputs->len * rounds / best, best * 1e6 / (inputs->len * rounds));
  return 0;
}
