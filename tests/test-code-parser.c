/* test-code-parser.c — the marking-code engine accepts exactly what the Market's regular
 * expressions accept (and a little less), repairs every known mangling, names every mistake,
 * and never turns one code into another. */
#include "config.h"

#include <string.h>

#include "pd-code.h"
#include "pd-country.h"
#include "pd-gs1.h"

#define GS "\x1d"

/* The Market's expressions exactly as documented, with \u001D written as the GS itself
 * (GRegex has no \u escape); \d stays ASCII-only because the pattern is not in UCP mode. */
static const char *cis_full_pattern =
  "^(?=.{1,256}$)" GS "?(\\(?01\\)?\\d{14}\\(?21\\)?([!-~]{6,8}|[!-~]{13}|[!-~]{20})"
  "(" GS "\\(?240\\)?.{1,30})?" GS "\\(?9[1,3]\\)?.+)$";
static const char *cis_short_pattern =
  "^(?=[!-~]{1,256}$)(\\(?01\\)?\\d{14}\\(?21\\)?(.{6,8}|.{13}|.{20}))$";

static gboolean
matches (const char *pattern,
         const char *text)
{
  return g_regex_match_simple (pattern, text, G_REGEX_DOTALL, 0);
}

static PdCode *
check (const char *input)
{
  return pd_code_check (input, PD_CODE_KIND_NONE, 0);
}

static void
assert_valid_cis (const char *input,
                  const char *normalized,
                  PdCodeRepair repairs)
{
  g_autoptr(PdCode) code = check (input);

  g_assert_cmpstr (pd_code_error_to_string (pd_code_get_error (code)), ==, "");
  g_assert_cmpint (pd_code_get_kind (code), ==, PD_CODE_KIND_CIS);
  g_assert_cmpstr (pd_code_get_normalized (code), ==, normalized);
  g_assert_cmpint (pd_code_get_repairs (code), ==, repairs);
  g_assert_true (matches (cis_full_pattern, pd_code_get_normalized (code)));
  g_assert_true (matches (cis_short_pattern, pd_code_get_short (code)));
}

static void
assert_error (const char  *input,
              PdCodeKind   asked,
              PdCodeError  error,
              PdCodeKind   kind)
{
  g_autoptr(PdCode) code = pd_code_check (input, asked, 0);

  g_assert_cmpstr (pd_code_error_to_string (pd_code_get_error (code)), ==,
                   pd_code_error_to_string (error));
  g_assert_cmpint (pd_code_get_kind (code), ==, kind);
  g_assert_false (pd_code_is_valid (code));
  g_assert_cmpstr (pd_code_get_normalized (code), ==, "");
  g_assert_cmpint (pd_code_get_repairs (code), ==, 0);
  g_assert_cmpstr (pd_code_get_message (code), !=, "");
}

static void
test_check_digit (void)
{
  g_assert_true (pd_gs1_check_digit_ok ("4607258546067", 13));
  g_assert_true (pd_gs1_check_digit_ok ("04601234567893", 14));
  g_assert_true (pd_gs1_check_digit_ok ("96385074", 8));
  g_assert_true (pd_gs1_check_digit_ok ("036000291452", 12));
  g_assert_false (pd_gs1_check_digit_ok ("04601234567894", 14));
  g_assert_false (pd_gs1_check_digit_ok ("0460123456789x", 14));
  g_assert_false (pd_gs1_check_digit_ok ("4", 1));
}

/* Real-looking layouts of the product groups. */
static void
test_layouts (void)
{
  static const char *shoes =
    "0104601234567893" "21" "aB3%kL9-x_Q7p" GS "91" "EE10" GS
    "92" "dGhpcyBpcyBhIHRlc3Qgb2YgYSBjcnlwdG8gdGFpbC4u";
  g_autoptr(PdCode) code = NULL;

  assert_valid_cis (shoes, shoes, 0);
  /* water: 13-char serial and 93 */
  assert_valid_cis ("0104607000000014" "21" "5Tq!Ld8x,Wz0r" GS "93" "dGh5",
                    "0104607000000014" "21" "5Tq!Ld8x,Wz0r" GS "93" "dGh5", 0);
  /* milk: 6-char serial, 93 and a net weight after it */
  assert_valid_cis ("0104650000000010" "21" "k7;P=a" GS "93" "m/2Q" GS "3103" "000450",
                    "0104650000000010" "21" "k7;P=a" GS "93" "m/2Q" GS "3103" "000450", 0);
  /* beer: 7-char serial, the API's own example */
  assert_valid_cis ("01030410947874432155Qbag!" GS "93Zjqw",
                    "01030410947874432155Qbag!" GS "93Zjqw", 0);
  /* 8- and 20-char serials */
  assert_valid_cis ("0104601234567893" "21" "Ab3dE6g8" GS "93" "zzzz",
                    "0104601234567893" "21" "Ab3dE6g8" GS "93" "zzzz", 0);
  assert_valid_cis ("0104601234567893" "21" "ABCDEFGHIJ0123456789" GS "93" "zzzz",
                    "0104601234567893" "21" "ABCDEFGHIJ0123456789" GS "93" "zzzz", 0);
  /* 240 between serial and tail */
  assert_valid_cis ("0104601234567893" "21" "5Tq!Ld8x,Wz0r" GS "240" "A-15" GS "93" "dGh5",
                    "0104601234567893" "21" "5Tq!Ld8x,Wz0r" GS "240" "A-15" GS "93" "dGh5", 0);

  code = check (shoes);
  g_assert_cmpstr (pd_code_get_gtin (code), ==, "04601234567893");
  g_assert_cmpstr (pd_code_get_serial (code), ==, "aB3%kL9-x_Q7p");
  g_assert_cmpstr (pd_code_get_short (code), ==, "0104601234567893" "21" "aB3%kL9-x_Q7p");
}

static void
test_rejected_layouts (void)
{
  /* tobacco block: 8005 price before 93, which the API refuses */
  assert_error ("0104601234567893" "21" "J&g&h-v" GS "8005" "617898" GS "93" "15oX",
                PD_CODE_KIND_NONE, PD_CODE_ERROR_UNSUPPORTED_AI, PD_CODE_KIND_CIS);
  /* medicine: 17 and 10 before 91 */
  assert_error ("0104601234567893" "21" "3-?vyU21S2>3v" GS "17" "270131" "10" "50WRwz" GS
                "91" "F5JV" GS "92" "7sco53ZzuSYfzu7YMuwbNfoqozSd28I/EkXdcHDHw4vy",
                PD_CODE_KIND_NONE, PD_CODE_ERROR_UNSUPPORTED_AI, PD_CODE_KIND_CIS);
  /* 240 with no tail after it */
  assert_error ("0104601234567893" "21" "5Tq!Ld8x,Wz0r" GS "240" "A-15",
                PD_CODE_KIND_NONE, PD_CODE_ERROR_UNSUPPORTED_AI, PD_CODE_KIND_CIS);
  /* serial lengths 9 and 12, a space inside */
  assert_error ("0104601234567893" "21" "abcdefghi" GS "93" "dGh5",
                PD_CODE_KIND_NONE, PD_CODE_ERROR_BAD_SERIAL, PD_CODE_KIND_CIS);
  assert_error ("0104601234567893" "21" "abcdefghijkl" GS "93" "dGh5",
                PD_CODE_KIND_NONE, PD_CODE_ERROR_BAD_SERIAL, PD_CODE_KIND_CIS);
  assert_error ("0104601234567893" "21" "abcdef ghijkl" GS "93" "dGh5",
                PD_CODE_KIND_NONE, PD_CODE_ERROR_BAD_SERIAL, PD_CODE_KIND_CIS);
  /* wrong GTIN check digit */
  assert_error ("0104601234567894" "21" "5Tq!Ld8x,Wz0r" GS "93" "dGh5",
                PD_CODE_KIND_NONE, PD_CODE_ERROR_BAD_CHECK_DIGIT, PD_CODE_KIND_CIS);
  /* an empty crypto tail */
  assert_error ("0104601234567893" "21" "5Tq!Ld8x,Wz0r" GS "93",
                PD_CODE_KIND_NONE, PD_CODE_ERROR_NOT_A_CODE, PD_CODE_KIND_NONE);
}

static void
test_short_code (void)
{
  g_autoptr(PdCode) code = check ("0104601234567893" "21" "5Tq!Ld8x,Wz0r");

  g_assert_true (pd_code_is_valid (code));
  g_assert_cmpint (pd_code_get_warnings (code), ==, PD_CODE_WARNING_NO_CRYPTO_TAIL);
  g_assert_true (matches (cis_short_pattern, pd_code_get_normalized (code)));
  g_assert_false (matches (cis_full_pattern, pd_code_get_normalized (code)));
}

/* A serial of digits and '/' is still a serial, not a customs number (found by the fuzzer: the
 * normalized form of "(01)…(21)/13122" was then refused as "not a code"). */
static void
test_slash_serial (void)
{
  g_autoptr(PdCode) code = check ("010466905664011821/13122");
  g_autoptr(PdCode) declaration = check ("10702070/150523/3056789");
  g_autoptr(PdCode) broken = check ("1070207/150523/3056789");

  g_assert_true (pd_code_is_valid (code));
  g_assert_cmpint (pd_code_get_kind (code), ==, PD_CODE_KIND_CIS);
  g_assert_cmpstr (pd_code_get_serial (code), ==, "/13122");
  g_assert_cmpint (pd_code_get_kind (declaration), ==, PD_CODE_KIND_GTD);
  g_assert_true (pd_code_is_valid (declaration));
  g_assert_cmpint (pd_code_get_error (broken), ==, PD_CODE_ERROR_BAD_GTD);
}

static void
test_repairs (void)
{
  const char *water = "0104607000000014" "21" "5Tq!Ld8x,Wz0r" GS "93" "dGh5";
  const char *gs_texts[] = { "<GS>", "\\x1d", "\\x1D", "\\u001d", "\\u001D", "^]", "~1", "␝" };

  assert_valid_cis ("]d2" "0104607000000014" "21" "5Tq!Ld8x,Wz0r" GS "93" "dGh5", water,
                    PD_CODE_REPAIR_SYMBOLOGY_ID);
  assert_valid_cis (GS "0104607000000014" "21" "5Tq!Ld8x,Wz0r" GS GS "93" "dGh5" GS, water, 0);
  assert_valid_cis ("0104607000000014" "21" "5Tq!Ld8x,Wz0r" GS "93" "dGh5" "\r\n", water,
                    PD_CODE_REPAIR_TRAILING_WHITESPACE);
  assert_valid_cis ("(01)04607000000014(21)5Tq!Ld8x,Wz0r(93)dGh5", water,
                    PD_CODE_REPAIR_PARENTHESES);
  /* GS dropped: 13 + 93(4) can only be read one way */
  assert_valid_cis ("0104607000000014" "21" "5Tq!Ld8x,Wz0r" "93" "dGh5", water,
                    PD_CODE_REPAIR_GS_RECONSTRUCTED);
  /* typed through the Russian layout: "5Tq!Ld8x,Wz0r" and "dGh5" */
  assert_valid_cis ("0104607000000014" "21" "5Ей!Дв8чбЦя0к" GS "93" "вПр5", water,
                    PD_CODE_REPAIR_CYRILLIC_LAYOUT);

  for (guint i = 0; i < G_N_ELEMENTS (gs_texts); i++)
    {
      g_autofree char *input = g_strconcat ("0104607000000014" "21" "5Tq!Ld8x,Wz0r",
                                            gs_texts[i], "93" "dGh5", NULL);
      assert_valid_cis (input, water, PD_CODE_REPAIR_GS_TEXT);
    }

  /* a configured substitute */
  {
    g_autoptr(PdCode) code = pd_code_check ("0104607000000014" "21" "5Tq!Ld8x,Wz0r" "|" "93" "dGh5",
                                            PD_CODE_KIND_NONE, '|');
    g_assert_cmpstr (pd_code_get_normalized (code), ==, water);
    g_assert_cmpint (pd_code_get_repairs (code), ==, PD_CODE_REPAIR_GS_TEXT);
  }
}

static void
test_missing_gs (void)
{
  /* shoes without any GS: only one split of 13 + 91(4) + 92(44) adds up */
  assert_valid_cis ("0104601234567893" "21" "aB3%kL9-x_Q7p" "91" "EE10"
                    "92" "dGhpcyBpcyBhIHRlc3Qgb2YgYSBjcnlwdG8gdGFpbC4u",
                    "0104601234567893" "21" "aB3%kL9-x_Q7p" GS "91" "EE10" GS
                    "92" "dGhpcyBpcyBhIHRlc3Qgb2YgYSBjcnlwdG8gdGFpbC4u",
                    PD_CODE_REPAIR_GS_RECONSTRUCTED);
  /* dairy 6 + 93(4); a serial holding "93" is harmless when the lengths decide */
  assert_valid_cis ("0104650000000010" "21" "k93P=a" "93" "m/2Q",
                    "0104650000000010" "21" "k93P=a" GS "93" "m/2Q",
                    PD_CODE_REPAIR_GS_RECONSTRUCTED);
  /* 13 + 240 + 93 (with "A-15" as the 240 value, a 20-char serial would fit as well) */
  assert_valid_cis ("0104601234567893" "21" "5Tq!Ld8x,Wz0r" "240" "A-1" "93" "dGh5",
                    "0104601234567893" "21" "5Tq!Ld8x,Wz0r" GS "240" "A-1" GS "93" "dGh5",
                    PD_CODE_REPAIR_GS_RECONSTRUCTED);
  assert_error ("0104601234567893" "21" "5Tq!Ld8x,Wz0r" "240" "A-15" "93" "dGh5",
                PD_CODE_KIND_NONE, PD_CODE_ERROR_AMBIGUOUS_GS, PD_CODE_KIND_CIS);
  /* 7 + 93(4) is also a 13-char short code: never guess */
  assert_error ("01030410947874432155Qbag!93Zjqw",
                PD_CODE_KIND_NONE, PD_CODE_ERROR_AMBIGUOUS_GS, PD_CODE_KIND_CIS);
  /* the tobacco block without GS reads one way, and that way is refused */
  assert_error ("0104601234567893" "21" "J&g&h-v" "8005" "617898" "93" "15oX",
                PD_CODE_KIND_NONE, PD_CODE_ERROR_UNSUPPORTED_AI, PD_CODE_KIND_CIS);
  /* no split fits */
  assert_error ("0104601234567893" "21" "5DU_Qu+ke593mTu,",
                PD_CODE_KIND_NONE, PD_CODE_ERROR_BAD_SERIAL, PD_CODE_KIND_CIS);
  /* GS separators known from parentheses: no reconstruction */
  assert_error ("(01)04601234567893(21)5Tq!Ld8x,Wz0r93dGh5",
                PD_CODE_KIND_NONE, PD_CODE_ERROR_BAD_SERIAL, PD_CODE_KIND_CIS);
}

static void
test_mistaken_scans (void)
{
  assert_error ("4607258546067", PD_CODE_KIND_NONE, PD_CODE_ERROR_PRODUCT_BARCODE, PD_CODE_KIND_NONE);
  assert_error ("96385074", PD_CODE_KIND_NONE, PD_CODE_ERROR_PRODUCT_BARCODE, PD_CODE_KIND_NONE);
  assert_error ("036000291452", PD_CODE_KIND_NONE, PD_CODE_ERROR_PRODUCT_BARCODE, PD_CODE_KIND_NONE);
  assert_error ("]E04607258546067", PD_CODE_KIND_NONE, PD_CODE_ERROR_PRODUCT_BARCODE, PD_CODE_KIND_NONE);
  assert_error ("(01)04601234567893", PD_CODE_KIND_NONE, PD_CODE_ERROR_PRODUCT_BARCODE, PD_CODE_KIND_NONE);
  assert_error ("]C1" "00" "046012345678901239" "02" "04601234567893" "37" "12",
                PD_CODE_KIND_NONE, PD_CODE_ERROR_SSCC, PD_CODE_KIND_NONE);
  assert_error ("4607258546068", PD_CODE_KIND_NONE, PD_CODE_ERROR_BAD_CHECK_DIGIT, PD_CODE_KIND_NONE);
  assert_error ("https://example.com/item/1", PD_CODE_KIND_NONE, PD_CODE_ERROR_NOT_A_CODE, PD_CODE_KIND_NONE);
  assert_error ("00000044286179!gMGK?5ieOg'Veo", PD_CODE_KIND_NONE, PD_CODE_ERROR_NOT_A_CODE, PD_CODE_KIND_NONE);
  assert_error ("  \r\n", PD_CODE_KIND_NONE, PD_CODE_ERROR_EMPTY, PD_CODE_KIND_NONE);
  assert_error ("\xff\xfe", PD_CODE_KIND_NONE, PD_CODE_ERROR_NOT_A_CODE, PD_CODE_KIND_NONE);
  /* a UIN where a Chestny ZNAK code is needed, and the other way round */
  assert_error ("6413785666942205", PD_CODE_KIND_CIS, PD_CODE_ERROR_WRONG_KIND, PD_CODE_KIND_UIN);
  assert_error ("0104607000000014" "21" "5Tq!Ld8x,Wz0r" GS "93" "dGh5",
                PD_CODE_KIND_UIN, PD_CODE_ERROR_WRONG_KIND, PD_CODE_KIND_CIS);
  /* a broken CIS asked as a CIS keeps its reason; asked as a UIN it is a bad UIN */
  assert_error ("0104601234567894" "21" "5Tq!Ld8x,Wz0r" GS "93" "dGh5",
                PD_CODE_KIND_CIS, PD_CODE_ERROR_BAD_CHECK_DIGIT, PD_CODE_KIND_CIS);
  assert_error ("hello", PD_CODE_KIND_UIN, PD_CODE_ERROR_BAD_UIN, PD_CODE_KIND_UIN);
}

static void
test_too_long (void)
{
  g_autoptr(GString) s = g_string_new ("0104601234567893" "21" "5Tq!Ld8x,Wz0r" GS "92");

  while (s->len <= PD_CODE_MAX_LENGTH)
    g_string_append_c (s, 'x');
  assert_error (s->str, PD_CODE_KIND_NONE, PD_CODE_ERROR_TOO_LONG, PD_CODE_KIND_NONE);
}

static void
test_plain_kinds (void)
{
  g_autoptr(PdCode) uin = check ("0176 2628 8889 2467");
  g_autoptr(PdCode) rnpt = check ("10702030/250123/0012345/001");
  g_autoptr(PdCode) gtd = check ("10702030/290224/0012345");
  g_autoptr(PdCode) country = check ("CN");

  g_assert_cmpint (pd_code_get_kind (uin), ==, PD_CODE_KIND_UIN);
  g_assert_cmpstr (pd_code_get_normalized (uin), ==, "0176262888892467");
  g_assert_cmpint (pd_code_get_repairs (uin), ==, PD_CODE_REPAIR_TRAILING_WHITESPACE);
  g_assert_cmpint (pd_code_get_kind (rnpt), ==, PD_CODE_KIND_RNPT);
  g_assert_cmpint (pd_code_get_kind (gtd), ==, PD_CODE_KIND_GTD);  /* 29 February 2024 exists */
  g_assert_cmpint (pd_code_get_kind (country), ==, PD_CODE_KIND_COUNTRY);

  assert_error ("10702030/290223/0012345", PD_CODE_KIND_NONE, PD_CODE_ERROR_BAD_GTD, PD_CODE_KIND_GTD);
  assert_error ("10702030/250123/0012345/01", PD_CODE_KIND_NONE, PD_CODE_ERROR_BAD_RNPT, PD_CODE_KIND_RNPT);
  assert_error ("10702030/250123/0012345", PD_CODE_KIND_RNPT, PD_CODE_ERROR_WRONG_KIND, PD_CODE_KIND_GTD);
  assert_error ("XK", PD_CODE_KIND_NONE, PD_CODE_ERROR_BAD_COUNTRY, PD_CODE_KIND_COUNTRY);
  assert_error ("cn", PD_CODE_KIND_NONE, PD_CODE_ERROR_BAD_COUNTRY, PD_CODE_KIND_COUNTRY);
  assert_error ("China", PD_CODE_KIND_COUNTRY, PD_CODE_ERROR_BAD_COUNTRY, PD_CODE_KIND_COUNTRY);

  g_assert_true (pd_country_code_is_assigned ("RU"));
  g_assert_true (pd_country_code_is_assigned ("AX"));
  g_assert_false (pd_country_code_is_assigned ("EU"));
  g_assert_false (pd_country_code_is_assigned ("R"));
}

static void
test_dedup_key (void)
{
  g_autoptr(PdCode) full = check ("0104607000000014" "21" "5Tq!Ld8x,Wz0r" GS "93" "dGh5");
  g_autoptr(PdCode) brief = check ("(01)04607000000014(21)5Tq!Ld8x,Wz0r");
  g_autoptr(PdCode) other = check ("0104607000000014" "21" "5Tq!Ld8x,Wz0R" GS "93" "dGh5");
  g_autoptr(PdCode) broken = check ("4607258546067");
  g_autofree char *full_key = pd_code_dup_dedup_key (full);
  g_autofree char *brief_key = pd_code_dup_dedup_key (brief);
  g_autofree char *other_key = pd_code_dup_dedup_key (other);

  g_assert_cmpstr (full_key, ==, brief_key);
  g_assert_cmpstr (full_key, !=, other_key);
  g_assert_null (pd_code_dup_dedup_key (broken));
}

/* ---- Property tests over generated codes of every layout. ---- */

static const char cset82[] =
  "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";

static void
append_random (GString *s,
               const char *alphabet,
               guint n)
{
  for (guint i = 0; i < n; i++)
    g_string_append_c (s, alphabet[g_test_rand_int_range (0, strlen (alphabet))]);
}

static char *
random_code (void)
{
  static const guint serials[] = { 6, 7, 8, 13, 20 };
  GString *s = g_string_new ("01");
  guint sum = 0;

  g_string_append_c (s, '0');
  append_random (s, "0123456789", 12);
  for (guint i = 0; i < 13; i++)
    sum += (s->str[2 + 12 - i] - '0') * (i % 2 == 0 ? 3 : 1);
  g_string_append_c (s, '0' + (10 - sum % 10) % 10);
  g_string_append (s, "21");
  append_random (s, cset82, serials[g_test_rand_int_range (0, G_N_ELEMENTS (serials))]);
  if (g_test_rand_bit ())
    {
      g_string_append (s, GS "240");
      append_random (s, cset82, g_test_rand_int_range (1, 31));
    }
  if (g_test_rand_bit ())
    {
      g_string_append (s, GS "91");
      append_random (s, cset82, 4);
      g_string_append (s, GS "92");
      append_random (s, cset82, 44);
    }
  else
    {
      g_string_append (s, GS "93");
      append_random (s, cset82, 4);
    }

  return g_string_free (s, FALSE);
}

static char *
replace_gs (const char *code,
            const char *with)
{
  g_auto(GStrv) parts = g_strsplit (code, GS, -1);
  return g_strjoinv (with, parts);
}

/* A mangled code is either repaired to exactly the original or refused as ambiguous; never
 * another code. Returns whether it was repaired. */
static gboolean
assert_same_or_refused (const char *mangled,
                        const char *original)
{
  g_autoptr(PdCode) code = check (mangled);

  if (!pd_code_is_valid (code))
    {
      g_assert_cmpint (pd_code_get_error (code), ==, PD_CODE_ERROR_AMBIGUOUS_GS);
      return FALSE;
    }

  g_assert_cmpstr (pd_code_get_normalized (code), ==, original);
  return TRUE;
}

static void
test_generated_codes (void)
{
  guint rounds = 2000;
  guint reconstructed = 0;

  for (guint round = 0; round < rounds; round++)
    {
      g_autofree char *original = random_code ();
      g_autofree char *angle = replace_gs (original, "<GS>");
      g_autofree char *caret = replace_gs (original, "^]");
      g_autofree char *dropped = replace_gs (original, "");
      g_autofree char *prefixed = g_strconcat ("]d2", original, "\r\n", NULL);
      g_autoptr(PdCode) code = check (original);

      g_assert_true (pd_code_is_valid (code));
      g_assert_cmpstr (pd_code_get_normalized (code), ==, original);
      g_assert_true (matches (cis_full_pattern, original));

      g_assert_true (assert_same_or_refused (angle, original));
      g_assert_true (assert_same_or_refused (caret, original));
      g_assert_true (assert_same_or_refused (prefixed, original));
      reconstructed += assert_same_or_refused (dropped, original);
    }

  /* Most layouts survive a dropped GS; the 7-char beer serial and some 240s never do. */
  g_test_message ("%u of %u codes with every GS dropped were put back", reconstructed, rounds);
  g_assert_cmpuint (reconstructed, >, rounds / 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/code/check-digit", test_check_digit);
  g_test_add_func ("/code/layouts", test_layouts);
  g_test_add_func ("/code/rejected-layouts", test_rejected_layouts);
  g_test_add_func ("/code/short-code", test_short_code);
  g_test_add_func ("/code/slash-serial", test_slash_serial);
  g_test_add_func ("/code/repairs", test_repairs);
  g_test_add_func ("/code/missing-gs", test_missing_gs);
  g_test_add_func ("/code/mistaken-scans", test_mistaken_scans);
  g_test_add_func ("/code/too-long", test_too_long);
  g_test_add_func ("/code/plain-kinds", test_plain_kinds);
  g_test_add_func ("/code/dedup-key", test_dedup_key);
  g_test_add_func ("/code/generated", test_generated_codes);

  return g_test_run ();
}
