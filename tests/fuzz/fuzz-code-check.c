/* fuzz-code-check.c — libFuzzer target for the marking-code engine. The first byte picks the
 * kind asked for and a GS substitute; the rest is the scan. Besides not crashing, a valid
 * verdict must be stable: checking its normalized code again gives the same code, or, for a
 * short code (no GS left to mark its boundaries), at worst "ambiguous" — never another code. */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "pd-code.h"

static const gunichar substitutes[] = { 0, '|', '#', 0x241D };

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *input = NULL;
  g_autoptr(PdCode) code = NULL;
  PdCodeKind asked;
  gunichar substitute;

  if (size == 0)
    return 0;

  asked = data[0] % (PD_CODE_KIND_COUNTRY + 1);
  substitute = substitutes[(data[0] >> 4) % G_N_ELEMENTS (substitutes)];
  input = g_strndup ((const char *) data + 1, size - 1);

  code = pd_code_check (input, asked, substitute);
  g_assert_nonnull (pd_code_get_message (code));
  g_strfreev (pd_code_repairs_to_strv (pd_code_get_repairs (code)));

  if (pd_code_is_valid (code))
    {
      g_autoptr(PdCode) again = pd_code_check (pd_code_get_normalized (code), asked, 0);

      if (pd_code_is_valid (again))
        g_assert_cmpstr (pd_code_get_normalized (again), ==, pd_code_get_normalized (code));
      else
        {
          g_assert_cmpint (pd_code_get_error (again), ==, PD_CODE_ERROR_AMBIGUOUS_GS);
          g_assert_null (strchr (pd_code_get_normalized (code), '\x1d'));
        }
      g_free (pd_code_dup_dedup_key (code));
    }

  return 0;
}
