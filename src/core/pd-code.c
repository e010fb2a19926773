/* pd-code.c — turns a raw scan into a code the Market accepts, or a precise reason why not.
 * The steps run in a fixed order (marking-codes.md §6): whitespace, Russian layout, symbology
 * identifier, GS written as text, parenthesised AIs; then the scan is classified and, for
 * Chestny ZNAK codes, read by the CIS parser. Nothing is guessed silently: every change is
 * reported as a repair.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pd-cis-parser.h"
#include "pd-code.h"
#include "pd-enum-nick.h"
#include "pd-core-enums.h"
#include "pd-country.h"
#include "pd-gs1.h"
#include "pd-keyboard-layout.h"

struct _PdCode
{
  char          *input;
  char          *normalized;
  char          *wrong_kind_message;
  PdCodeKind     kind;
  PdCodeError    error;
  PdCodeRepair   repairs;
  PdCodeWarning  warnings;
  char           gtin[15];
  char           serial[21];
  char           short_code[39];  /* "01" + GTIN + "21" + serial of at most 20 */
};

G_DEFINE_BOXED_TYPE (PdCode, pd_code, pd_code_ref, pd_code_unref)

PdCode *
pd_code_ref (PdCode *self)
{
  return g_atomic_rc_box_acquire (self);
}

static void
pd_code_clear (PdCode *self)
{
  g_free (self->input);
  g_free (self->normalized);
  g_free (self->wrong_kind_message);
}

void
pd_code_unref (PdCode *self)
{
  g_atomic_rc_box_release_full (self, (GDestroyNotify) pd_code_clear);
}

/* ---- The repairs, in the order they run. ---- */

static gboolean
is_edge_space (char c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static gboolean
strip_whitespace (GString *s)
{
  gsize start = 0;
  gsize end = s->len;

  while (start < end && is_edge_space (s->str[start]))
    start++;
  while (end > start && is_edge_space (s->str[end - 1]))
    end--;
  if (start == 0 && end == s->len)
    return FALSE;

  g_string_truncate (s, end);
  g_string_erase (s, 0, start);
  return TRUE;
}

/* A leading "]" + letter + character is an AIM symbology identifier. Returns whether the
 * identifier announces GS1 data, after which the text is always read as GS1. */
static gboolean
strip_symbology_id (GString  *s,
                    gboolean *gs1_data)
{
  static const char *gs1_ids[] = { "]d2", "]Q3", "]C1", "]e0", "]J1" };

  *gs1_data = FALSE;
  if (s->len < 3 || s->str[0] != ']' || !g_ascii_isalpha (s->str[1]) || (guchar) s->str[2] >= 0x80)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (gs1_ids); i++)
    if (memcmp (s->str, gs1_ids[i], 3) == 0)
      *gs1_data = TRUE;

  g_string_erase (s, 0, 3);
  return TRUE;
}

/* Texts that stand for GS: what label software, caret notation, escapes and the Unicode
 * "symbol for group separator" write in its place. */
static const struct
{
  const char *text;
  gsize       len;
} gs_texts[] = {
  { "<GS>", 4 }, { "\\x1d", 4 }, { "\\x1D", 4 }, { "\\u001d", 6 }, { "\\u001D", 6 },
  { "^]", 2 }, { "~1", 2 }, { "\xe2\x90\x9d", 3 },
};

static gsize
gs_text_at (const char *p,
            gsize       left,
            const char *substitute,
            gsize       substitute_len)
{
  if (substitute_len > 0 && substitute_len <= left && memcmp (p, substitute, substitute_len) == 0)
    return substitute_len;

  if (*p != '<' && *p != '\\' && *p != '^' && *p != '~' && *p != '\xe2')
    return 0;

  for (guint i = 0; i < G_N_ELEMENTS (gs_texts); i++)
    if (gs_texts[i].len <= left && memcmp (p, gs_texts[i].text, gs_texts[i].len) == 0)
      return gs_texts[i].len;

  return 0;
}

static gboolean
replace_gs_text (GString  *s,
                 gunichar  substitute)
{
  char substitute_utf8[8];
  gsize substitute_len = substitute != 0 ? g_unichar_to_utf8 (substitute, substitute_utf8) : 0;
  gboolean replaced = FALSE;
  gsize out = 0;

  for (gsize in = 0; in < s->len; )
    {
      gsize match = gs_text_at (s->str + in, s->len - in, substitute_utf8, substitute_len);

      if (match > 0)
        {
          s->str[out++] = PD_GS1_GS;
          in += match;
          replaced = TRUE;
        }
      else
        s->str[out++] = s->str[in++];
    }

  g_string_truncate (s, out);
  return replaced;
}

/* "(01)…(21)…(93)…", the human-readable form, becomes the element string. A GS goes before
 * an AI unless the element before it has a predefined length. Only a text that opens with a
 * parenthesis is in that form: a serial may hold "(21)" of its own. */
static gboolean
convert_parentheses (GString *s)
{
  g_autoptr(GString) out = NULL;
  gboolean previous_predefined = TRUE;
  gboolean converted = FALSE;

  if (s->len == 0 || s->str[0] != '(')
    return FALSE;

  out = g_string_sized_new (s->len);
  for (gsize i = 0; i < s->len; )
    {
      const PdGs1Ai *ai = NULL;

      if (s->str[i] == '(')
        ai = pd_gs1_ai_lookup (s->str + i + 1, s->len - i - 1);

      if (ai != NULL && i + 1 + ai->ai_len < s->len && s->str[i + 1 + ai->ai_len] == ')')
        {
          if (!previous_predefined)
            g_string_append_c (out, PD_GS1_GS);
          g_string_append_len (out, ai->ai, ai->ai_len);
          previous_predefined = ai->predefined;
          converted = TRUE;
          i += ai->ai_len + 2;
        }
      else
        g_string_append_c (out, s->str[i++]);
    }

  g_string_assign (s, out->str);
  return converted;
}

/* Leading and trailing GS (FNC1 sent as GS) and doubled GS carry nothing. */
static void
tidy_separators (GString *s)
{
  gsize out = 0;

  for (gsize in = 0; in < s->len; in++)
    {
      if (s->str[in] == PD_GS1_GS && (out == 0 || s->str[out - 1] == PD_GS1_GS))
        continue;
      s->str[out++] = s->str[in];
    }
  if (out > 0 && s->str[out - 1] == PD_GS1_GS)
    out--;

  g_string_truncate (s, out);
}

/* ---- Verdicts. ---- */

static void
set_valid (PdCode     *self,
           PdCodeKind  kind,
           const char *normalized)
{
  self->kind = kind;
  self->error = PD_CODE_ERROR_NONE;
  self->normalized = g_strdup (normalized);
}

static void
set_error (PdCode      *self,
           PdCodeKind   kind,
           PdCodeError  error)
{
  self->kind = kind;
  self->error = error;
}

static gboolean
is_real_date (const char *ddmmyy)
{
  guint day = (ddmmyy[0] - '0') * 10 + (ddmmyy[1] - '0');
  guint month = (ddmmyy[2] - '0') * 10 + (ddmmyy[3] - '0');
  guint year = 2000 + (ddmmyy[4] - '0') * 10 + (ddmmyy[5] - '0');

  return g_date_valid_dmy (day, month, year);
}

/* RNPT: 8/6/7/3 digits; GTD: 8/6/7 digits; the middle group is the date DDMMYY. */
static void
check_declaration (PdCode     *self,
                   const char *text)
{
  static const guint group_lengths[] = { 8, 6, 7, 3 };
  g_auto(GStrv) groups = g_strsplit (text, "/", -1);
  guint n_groups = g_strv_length (groups);
  PdCodeKind kind = n_groups == 4 ? PD_CODE_KIND_RNPT : PD_CODE_KIND_GTD;
  PdCodeError error = n_groups == 4 ? PD_CODE_ERROR_BAD_RNPT : PD_CODE_ERROR_BAD_GTD;

  if (n_groups != 3 && n_groups != 4)
    {
      set_error (self, PD_CODE_KIND_NONE, PD_CODE_ERROR_NOT_A_CODE);
      return;
    }

  for (guint i = 0; i < n_groups; i++)
    if (strlen (groups[i]) != group_lengths[i] || !pd_gs1_all_digits (groups[i], group_lengths[i]))
      {
        set_error (self, kind, error);
        return;
      }

  if (!is_real_date (groups[1]))
    set_error (self, kind, error);
  else
    set_valid (self, kind, text);
}

/* Bare digits: a UIN, a product barcode or an SSCC. Returns FALSE when none fits. */
static gboolean
check_digits (PdCode     *self,
              const char *digits,
              gsize       len)
{
  switch (len)
    {
    case 16:
      set_valid (self, PD_CODE_KIND_UIN, digits);
      return TRUE;

    case 8:
    case 12:
    case 13:
    case 14:
      set_error (self, PD_CODE_KIND_NONE,
                 pd_gs1_check_digit_ok (digits, len) ? PD_CODE_ERROR_PRODUCT_BARCODE
                                                     : PD_CODE_ERROR_BAD_CHECK_DIGIT);
      return TRUE;

    case 20:
      if (memcmp (digits, "00", 2) != 0)
        return FALSE;
      set_error (self, PD_CODE_KIND_NONE,
                 pd_gs1_check_digit_ok (digits + 2, 18) ? PD_CODE_ERROR_SSCC
                                                        : PD_CODE_ERROR_BAD_CHECK_DIGIT);
      return TRUE;

    default:
      return FALSE;
    }
}

/* UIN, RNPT and GTD never hold whitespace, so spaces typed between groups are dropped.
 * Returns TRUE when TEXT was one of them (or a broken one). */
static gboolean
check_plain_number (PdCode     *self,
                    const char *text,
                    gsize       len)
{
  char compact[PD_CODE_MAX_LENGTH + 1];
  gboolean declaration = FALSE;
  gsize n = 0;

  if (len > PD_CODE_MAX_LENGTH)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    {
      if (text[i] == ' ' || text[i] == '\t')
        continue;
      if (!g_ascii_isdigit (text[i]) && text[i] != '/')
        return FALSE;
      declaration |= text[i] == '/';
      compact[n++] = text[i];
    }
  compact[n] = '\0';

  /* A GS1 string ("01" + GTIN + "21" + serial) may have '/' in its serial; a customs number
   * never starts that way, its first group being 8 digits. */
  if (declaration && n > 18 && g_str_has_prefix (compact, "01") && compact[8] != '/')
    return FALSE;
  if (declaration)
    check_declaration (self, compact);
  else if (!check_digits (self, compact, n))
    return FALSE;

  if (n != len)
    self->repairs |= PD_CODE_REPAIR_TRAILING_WHITESPACE;
  return TRUE;
}

static void
check_country (PdCode     *self,
               const char *text)
{
  if (pd_country_code_is_assigned (text))
    set_valid (self, PD_CODE_KIND_COUNTRY, text);
  else
    set_error (self, PD_CODE_KIND_COUNTRY, PD_CODE_ERROR_BAD_COUNTRY);
}

static void
check_cis (PdCode     *self,
           const char *text,
           gsize       len,
           gboolean    separated)
{
  PdCisParse parse = { .normalized = g_string_sized_new (len + 4) };

  pd_cis_parse (text, len, separated, &parse);

  /* The parser produces ASCII only, so bytes are characters here. */
  if (parse.error != PD_CODE_ERROR_NONE)
    set_error (self, parse.kind, parse.error);
  else if (parse.normalized->len > PD_CODE_MAX_LENGTH)
    set_error (self, PD_CODE_KIND_NONE, PD_CODE_ERROR_TOO_LONG);
  else
    {
      self->kind = PD_CODE_KIND_CIS;
      self->normalized = g_string_free (g_steal_pointer (&parse.normalized), FALSE);
      memcpy (self->gtin, parse.gtin, sizeof self->gtin);
      memcpy (self->serial, parse.serial, sizeof self->serial);
      g_snprintf (self->short_code, sizeof self->short_code, "01%s21%s", parse.gtin, parse.serial);
      if (!parse.has_tail)
        self->warnings |= PD_CODE_WARNING_NO_CRYPTO_TAIL;
      if (parse.reconstructed)
        self->repairs |= PD_CODE_REPAIR_GS_RECONSTRUCTED;
    }

  if (parse.normalized != NULL)
    g_string_free (parse.normalized, TRUE);
}

static gboolean
is_ascii (const char *text,
          gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if ((guchar) text[i] >= 0x80)
      return FALSE;

  return TRUE;
}

/* What the scan is, whatever kind was asked for. */
static void
check_any_kind (PdCode   *self,
                gunichar  gs_substitute)
{
  g_autoptr(GString) s = g_string_new (self->input);
  gboolean gs1_data = FALSE;
  gboolean separated;
  gboolean ascii;

  if (strip_whitespace (s))
    self->repairs |= PD_CODE_REPAIR_TRAILING_WHITESPACE;
  if (s->len == 0)
    {
      set_error (self, PD_CODE_KIND_NONE, PD_CODE_ERROR_EMPTY);
      return;
    }
  /* Nearly every scan is plain ASCII; only others need UTF-8 checks and layout repair. */
  ascii = is_ascii (s->str, s->len);
  if (!ascii && !g_utf8_validate (s->str, s->len, NULL))
    {
      set_error (self, PD_CODE_KIND_NONE, PD_CODE_ERROR_NOT_A_CODE);
      return;
    }

  if (!ascii && pd_keyboard_layout_is_russian_text (s->str, s->len))
    {
      g_autofree char *latin = pd_keyboard_layout_russian_to_us (s->str, s->len);

      g_string_assign (s, latin);
      self->repairs |= PD_CODE_REPAIR_CYRILLIC_LAYOUT;
    }
  if (strip_symbology_id (s, &gs1_data))
    self->repairs |= PD_CODE_REPAIR_SYMBOLOGY_ID;
  if (replace_gs_text (s, gs_substitute))
    self->repairs |= PD_CODE_REPAIR_GS_TEXT;
  separated = convert_parentheses (s);
  if (separated)
    self->repairs |= PD_CODE_REPAIR_PARENTHESES;
  tidy_separators (s);

  if (s->len == 0)
    {
      set_error (self, PD_CODE_KIND_NONE, PD_CODE_ERROR_EMPTY);
      return;
    }
  if ((ascii ? s->len : (gsize) g_utf8_strlen (s->str, s->len)) > PD_CODE_MAX_LENGTH)
    {
      set_error (self, PD_CODE_KIND_NONE, PD_CODE_ERROR_TOO_LONG);
      return;
    }

  /* GS1 data announced by the scanner, parentheses or a GS is never a bare number. */
  if (!gs1_data && !separated && memchr (s->str, PD_GS1_GS, s->len) == NULL)
    {
      if (check_plain_number (self, s->str, s->len))
        return;
      if (s->len == 2 && g_ascii_isalpha (s->str[0]) && g_ascii_isalpha (s->str[1]))
        {
      check_country (self, s->str);
      return;
    }
    }

  check_cis (self, s->str, s->len, separated);
}


static PdCodeError
bad_error_for_kind (PdCodeKind kind)
{
  switch (kind)
    {
    case PD_CODE_KIND_UIN:
      return PD_CODE_ERROR_BAD_UIN;
    case PD_CODE_KIND_RNPT:
      return PD_CODE_ERROR_BAD_RNPT;
    case PD_CODE_KIND_GTD:
      return PD_CODE_ERROR_BAD_GTD;
    case PD_CODE_KIND_COUNTRY:
      return PD_CODE_ERROR_BAD_COUNTRY;
    case PD_CODE_KIND_NONE:
    case PD_CODE_KIND_CIS:
    default:
      g_return_val_if_reached (PD_CODE_ERROR_NOT_A_CODE);
    }
}

/* Narrows the verdict to the kind the unit needs (marking-codes.md §6.8). */
static void
apply_asked_kind (PdCode     *self,
                  PdCodeKind  asked)
{
  if (asked == PD_CODE_KIND_NONE)
    return;

  if (self->error == PD_CODE_ERROR_NONE)
    {
      if (self->kind != asked)
        {
          self->error = PD_CODE_ERROR_WRONG_KIND;
          /* Translators: the first %s is what was scanned, the second what the unit needs,
           * e.g. "This is a jewelry UIN, but this unit needs a Chestny ZNAK code." */
          self->wrong_kind_message =
            g_strdup_printf (_("This is a %1$s, but this unit needs a %2$s. Scan the right code."),
                             pd_code_kind_get_name (self->kind), pd_code_kind_get_name (asked));
        }
      return;
    }

  switch (self->error)
    {
    case PD_CODE_ERROR_EMPTY:
    case PD_CODE_ERROR_TOO_LONG:
    case PD_CODE_ERROR_PRODUCT_BARCODE:
    case PD_CODE_ERROR_SSCC:
      return;

    default:
      if (asked != PD_CODE_KIND_CIS)
        set_error (self, asked, bad_error_for_kind (asked));
    }
}

/**
 * pd_code_check:
 * @input: the scan as received (UTF-8; anything else is reported as not a code)
 * @asked: the kind the unit needs, or %PD_CODE_KIND_NONE for any
 * @gs_substitute: the character the scanner sends for GS, or 0
 *
 * Returns: (transfer full): the verdict; never %NULL.
 */
PdCode *
pd_code_check (const char *input,
               PdCodeKind  asked,
               gunichar    gs_substitute)
{
  PdCode *self = g_atomic_rc_box_new0 (PdCode);

  g_return_val_if_fail (input != NULL, self);

  self->input = g_strdup (input);
  check_any_kind (self, gs_substitute);
  apply_asked_kind (self, asked);

  /* Repairs and warnings describe a code; an invalid scan has none to describe. */
  if (self->error != PD_CODE_ERROR_NONE)
    {
      self->repairs = PD_CODE_REPAIR_NONE;
      self->warnings = PD_CODE_WARNING_NONE;
      g_clear_pointer (&self->normalized, g_free);
      self->gtin[0] = self->serial[0] = self->short_code[0] = '\0';
    }

  return self;
}

gboolean
pd_code_is_valid (const PdCode *self)
{
  return self->error == PD_CODE_ERROR_NONE;
}

const char *
pd_code_get_input (const PdCode *self)
{
  return self->input;
}

PdCodeKind
pd_code_get_kind (const PdCode *self)
{
  return self->kind;
}

/* The code as the Market wants it (GS as U+001D), or "" when invalid. */
const char *
pd_code_get_normalized (const PdCode *self)
{
  return self->normalized != NULL ? self->normalized : "";
}

/* 01 + GTIN + 21 + serial for a Chestny ZNAK code, else "". */
const char *
pd_code_get_short (const PdCode *self)
{
  return self->short_code;
}

const char *
pd_code_get_gtin (const PdCode *self)
{
  return self->gtin;
}

const char *
pd_code_get_serial (const PdCode *self)
{
  return self->serial;
}

PdCodeError
pd_code_get_error (const PdCode *self)
{
  return self->error;
}

PdCodeRepair
pd_code_get_repairs (const PdCode *self)
{
  return self->repairs;
}

PdCodeWarning
pd_code_get_warnings (const PdCode *self)
{
  return self->warnings;
}

/**
 * pd_code_dup_dedup_key:
 *
 * The same unit scanned twice gives the same key, with or without its crypto tail.
 *
 * Returns: (transfer full) (nullable): the key, or %NULL for an invalid code
 */
char *
pd_code_dup_dedup_key (const PdCode *self)
{
  if (self->error != PD_CODE_ERROR_NONE)
    return NULL;
  if (self->kind == PD_CODE_KIND_CIS)
    return g_strconcat ("cis:", self->gtin, ":", self->serial, NULL);

  return g_strconcat (pd_code_kind_to_string (self->kind), ":", self->normalized, NULL);
}

/* ---- Words. ---- */

/* The kind in the packer's words ("Chestny ZNAK code", "jewelry UIN", …). */
const char *
pd_code_kind_get_name (PdCodeKind kind)
{
  switch (kind)
    {
    case PD_CODE_KIND_CIS:
      return _("Chestny ZNAK code");
    case PD_CODE_KIND_UIN:
      return _("jewelry UIN");
    case PD_CODE_KIND_RNPT:
      return _("RNPT");
    case PD_CODE_KIND_GTD:
      return _("customs declaration number");
    case PD_CODE_KIND_COUNTRY:
      return _("country code");
    case PD_CODE_KIND_NONE:
    default:
      return _("code");
    }
}

static const char *
valid_message (const PdCode *self)
{
  if (self->warnings & PD_CODE_WARNING_NO_CRYPTO_TAIL)
    return _("This code has no crypto tail. The Market accepts it, but FBS and Express orders "
             "need the full code to pass verification: scan the DataMatrix itself, not the "
             "printed text.");

  switch (self->kind)
    {
    case PD_CODE_KIND_CIS:
      return _("A valid Chestny ZNAK code.");
    case PD_CODE_KIND_UIN:
      return _("A valid jewelry UIN.");
    case PD_CODE_KIND_RNPT:
      return _("A valid RNPT.");
    case PD_CODE_KIND_GTD:
      return _("A valid customs declaration number.");
    case PD_CODE_KIND_COUNTRY:
      return _("A valid country code.");
    case PD_CODE_KIND_NONE:
    default:
      g_return_val_if_reached ("");
    }
}

static const char *
error_message (PdCodeError error)
{
  switch (error)
    {
    case PD_CODE_ERROR_EMPTY:
      return _("Nothing was scanned. Scan the code again.");
    case PD_CODE_ERROR_NOT_A_CODE:
      return _("This is not a marking code. Scan the DataMatrix code on the item’s label.");
    case PD_CODE_ERROR_PRODUCT_BARCODE:
      return _("This is the product barcode, not the marking code. Scan the square DataMatrix "
               "code next to it.");
    case PD_CODE_ERROR_SSCC:
      return _("This is a box or pallet label (SSCC). Scan the code on the item itself.");
    case PD_CODE_ERROR_BAD_CHECK_DIGIT:
      return _("The check digit does not match: the code was misread or mistyped. Scan it "
               "again.");
    case PD_CODE_ERROR_BAD_SERIAL:
      return _("The serial number has the wrong length or characters. Scan the DataMatrix "
               "again; if it fails again, the label is damaged.");
    case PD_CODE_ERROR_AMBIGUOUS_GS:
      return _("The scanner drops the GS separator, and this code can be read more than one "
               "way. Turn on GS (FNC1) transmission in the scanner’s settings, or set its "
               "substitute character in Preferences, then scan again.");
    case PD_CODE_ERROR_UNSUPPORTED_AI:
      return _("The code holds data the Market does not accept, such as a price, batch or "
               "expiry date before the crypto tail. The item cannot be sold on the Market with "
               "this code; contact Market support.");
    case PD_CODE_ERROR_TOO_LONG:
      return _("The scan is longer than 256 characters, the most the Market accepts. Scan one "
               "code at a time.");
    case PD_CODE_ERROR_BAD_UIN:
      return _("A jewelry UIN is exactly 16 digits. Scan the code on the tag again.");
    case PD_CODE_ERROR_BAD_RNPT:
      return _("An RNPT is four groups of 8, 6, 7 and 3 digits with a real date, like "
               "10702030/250123/0012345/001. Check it against the documents.");
    case PD_CODE_ERROR_BAD_GTD:
      return _("A customs declaration number is three groups of 8, 6 and 7 digits with a real "
               "date, like 10702030/250123/0012345. Check it against the declaration.");
    case PD_CODE_ERROR_BAD_COUNTRY:
      return _("This is not a country code. Enter the two capital letters of the country of "
               "origin, like CN or RU.");
    case PD_CODE_ERROR_NONE:
    case PD_CODE_ERROR_WRONG_KIND:
    default:
      g_return_val_if_reached ("");
    }
}

/**
 * pd_code_get_message:
 *
 * Returns: the translated explanation of the verdict and what to do about it
 */
const char *
pd_code_get_message (const PdCode *self)
{
  if (self->error == PD_CODE_ERROR_NONE)
    return valid_message (self);

  if (self->error == PD_CODE_ERROR_WRONG_KIND)
    return self->wrong_kind_message;

  return error_message (self->error);
}

const char *
pd_code_repair_describe (PdCodeRepair repair)
{
  switch (repair)
    {
    case PD_CODE_REPAIR_TRAILING_WHITESPACE:
      return _("Removed spaces and line breaks");
    case PD_CODE_REPAIR_CYRILLIC_LAYOUT:
      return _("Undid the Russian keyboard layout");
    case PD_CODE_REPAIR_SYMBOLOGY_ID:
      return _("Removed the scanner’s symbology prefix");
    case PD_CODE_REPAIR_GS_TEXT:
      return _("Turned written separators into GS");
    case PD_CODE_REPAIR_PARENTHESES:
      return _("Converted the printed (AI) form");
    case PD_CODE_REPAIR_GS_RECONSTRUCTED:
      return _("Put back the GS separators the scanner dropped");
    case PD_CODE_REPAIR_NONE:
    default:
      g_return_val_if_reached ("");
    }
}

/* ---- The stable vocabulary: enum nicks. ---- */

const char *
pd_code_kind_to_string (PdCodeKind kind)
{
  return pd_enum_to_nick (PD_TYPE_CODE_KIND, kind);
}

gboolean
pd_code_kind_from_string (const char *text,
                          PdCodeKind *kind)
{
  int value = pd_enum_from_nick (PD_TYPE_CODE_KIND, text, -1);

  if (value >= 0)
    *kind = value;
  return value >= 0;
}

/* An empty error is the vocabulary's "no error", not the nick "none". */
const char *
pd_code_error_to_string (PdCodeError error)
{
  return error == PD_CODE_ERROR_NONE ? "" : pd_enum_to_nick (PD_TYPE_CODE_ERROR, error);
}

static GStrv
flags_to_strv (GType type,
               guint flags)
{
  g_autoptr(GFlagsClass) klass = g_type_class_ref (type);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < klass->n_values; i++)
    if (flags & klass->values[i].value)
      g_strv_builder_add (builder, klass->values[i].value_nick);

  return g_strv_builder_end (builder);
}

GStrv
pd_code_repairs_to_strv (PdCodeRepair repairs)
{
  return flags_to_strv (PD_TYPE_CODE_REPAIR, repairs);
}

GStrv
pd_code_warnings_to_strv (PdCodeWarning warnings)
{
  return flags_to_strv (PD_TYPE_CODE_WARNING, warnings);
}
