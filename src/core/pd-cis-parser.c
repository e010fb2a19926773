/* pd-cis-parser.c — a Chestny ZNAK code is 01 + GTIN, 21 + serial, an optional 240, then the
 * 91/93 crypto tail. This reads that structure, checks it against the rules of the Market's
 * regular expression (and a little stricter: GTIN check digit, printable ASCII, 91/93 only),
 * and, where a scanner dropped every GS, puts them back only when exactly one reading fits.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pd-cis-parser.h"
#include "pd-gs1.h"

#define GTIN_END 16  /* "01" + 14 digits */

static const guint serial_lengths[] = { 6, 7, 8, 13, 20 };

static gboolean
is_serial_length (gsize len)
{
  for (guint i = 0; i < G_N_ELEMENTS (serial_lengths); i++)
    if (serial_lengths[i] == len)
      return TRUE;

  return FALSE;
}

static gboolean
is_tail_ai (const PdGs1Ai *ai)
{
  return strcmp (ai->ai, "91") == 0 || strcmp (ai->ai, "93") == 0;
}

static void
fail (PdCisParse  *result,
      PdCodeError  error,
      PdCodeKind   kind)
{
  result->error = error;
  result->kind = kind;
  g_string_truncate (result->normalized, 0);
}

/* One element of a reading: its AI and where its value lies in the text. */
typedef struct
{
  const PdGs1Ai *ai;
  gsize          value_start;
  gsize          value_len;
} Element;

/* Checks the order the Market allows after the serial: at most one 240, then 91 or 93,
 * after which anything may follow. Returns the index of the tail element, or -1 after
 * setting the error. */
static int
check_element_order (const Element *elements,
                     guint          n_elements,
                     PdCisParse    *result)
{
  gboolean seen_240 = FALSE;

  for (guint i = 0; i < n_elements; i++)
    {
      if (is_tail_ai (elements[i].ai))
        return i;

      if (strcmp (elements[i].ai->ai, "240") != 0 || seen_240)
        {
          fail (result, PD_CODE_ERROR_UNSUPPORTED_AI, PD_CODE_KIND_CIS);
          return -1;
        }
      seen_240 = TRUE;
    }

  /* Elements after the serial but no crypto tail. */
  fail (result, PD_CODE_ERROR_UNSUPPORTED_AI, PD_CODE_KIND_CIS);
  return -1;
}

static void
append_identification (PdCisParse *result)
{
  g_string_append (result->normalized, "01");
  g_string_append (result->normalized, result->gtin);
  g_string_append (result->normalized, "21");
  g_string_append (result->normalized, result->serial);
}

static gboolean
set_serial (PdCisParse *result,
            const char *serial,
            gsize       len)
{
  if (!is_serial_length (len) || !pd_gs1_is_printable (serial, len))
    {
      fail (result, PD_CODE_ERROR_BAD_SERIAL, PD_CODE_KIND_CIS);
      return FALSE;
    }

  memcpy (result->serial, serial, len);
  result->serial[len] = '\0';
  return TRUE;
}

/* ---- The scan kept its separators: split on GS. ---- */

#define MAX_ELEMENTS 8

static void
parse_separated (const char *text,
                 gsize       len,
                 gsize       pos,
                 PdCisParse *result)
{
  const char *gs = memchr (text + pos, PD_GS1_GS, len - pos);
  gsize serial_end = gs != NULL ? (gsize) (gs - text) : len;
  Element elements[MAX_ELEMENTS];
  guint n_elements = 0;
  int tail;

  if (!set_serial (result, text + pos, serial_end - pos))
    return;

  append_identification (result);
  if (serial_end == len)
    return;

  for (pos = serial_end + 1; pos < len; )
    {
      const PdGs1Ai *ai = pd_gs1_ai_lookup (text + pos, len - pos);
      const char *next;
      gsize end;

      if (ai == NULL)
        {
          fail (result, PD_CODE_ERROR_NOT_A_CODE, PD_CODE_KIND_NONE);
          return;
        }
      if (n_elements == MAX_ELEMENTS)
        {
          fail (result, PD_CODE_ERROR_UNSUPPORTED_AI, PD_CODE_KIND_CIS);
          return;
        }

      next = memchr (text + pos + ai->ai_len, PD_GS1_GS, len - pos - ai->ai_len);
      end = next != NULL ? (gsize) (next - text) : len;
      elements[n_elements++] = (Element) { ai, pos + ai->ai_len, end - pos - ai->ai_len };

      /* The crypto tail and whatever rides after it are kept as scanned. */
      if (is_tail_ai (ai))
        break;
      pos = end + 1;
    }

  tail = check_element_order (elements, n_elements, result);
  if (tail < 0)
    return;

  for (int i = 0; i < tail; i++)
    {
      const Element *e = &elements[i];

      if (e->value_len < e->ai->min_len || e->value_len > e->ai->max_len
          || !pd_gs1_is_printable (text + e->value_start, e->value_len))
        {
          fail (result, PD_CODE_ERROR_NOT_A_CODE, PD_CODE_KIND_NONE);
          return;
        }
      g_string_append_c (result->normalized, PD_GS1_GS);
      g_string_append_len (result->normalized, text + e->value_start - e->ai->ai_len,
                           e->ai->ai_len + e->value_len);
    }

  /* The tail must carry something, and only printable ASCII and GS. */
  {
    gsize tail_start = elements[tail].value_start - elements[tail].ai->ai_len;

    if (elements[tail].value_len == 0)
      {
        fail (result, PD_CODE_ERROR_NOT_A_CODE, PD_CODE_KIND_NONE);
        return;
      }
    for (gsize i = tail_start; i < len; i++)
      if (text[i] != PD_GS1_GS && !pd_gs1_is_printable (text + i, 1))
        {
          fail (result, PD_CODE_ERROR_NOT_A_CODE, PD_CODE_KIND_NONE);
          return;
        }

    g_string_append_c (result->normalized, PD_GS1_GS);
    g_string_append_len (result->normalized, text + tail_start, len - tail_start);
    result->has_tail = TRUE;
  }
}

/* ---- The scanner dropped every GS: count the readings that fit. ---- */

/* Elements whose length is known, so their end can be found without a separator. */
typedef struct
{
  const char *ai;
  guint8      ai_len;
  guint8      min_len;
  guint8      max_len;
  gboolean    numeric;
} RunAi;

static const RunAi run_ais[] = {
  { "91",   2,  4,  4, FALSE },
  { "92",   2, 44, 44, FALSE },
  { "93",   2,  4,  4, FALSE },
  { "240",  3,  1, 30, FALSE },  /* variable, so never the last element */
  { "3100", 4,  6,  6, TRUE },
  { "3101", 4,  6,  6, TRUE },
  { "3102", 4,  6,  6, TRUE },
  { "3103", 4,  6,  6, TRUE },
  { "3104", 4,  6,  6, TRUE },
  { "3105", 4,  6,  6, TRUE },
  { "17",   2,  6,  6, TRUE },
  { "7003", 4, 10, 10, TRUE },
  { "8005", 4,  6,  6, TRUE },
};

#define UNKNOWN 0xFF

typedef struct
{
  const char *text;
  gsize       len;
  guint8      memo[PD_CODE_MAX_LENGTH + 1];  /* readings from a position, capped at 2 */
} Runs;

static guint count_runs (Runs *runs, gsize pos);

/* Readings that start with run_ais[which] at POS, its value VALUE_LEN long. */
static guint
count_with (Runs  *runs,
            gsize  pos,
            guint  which,
            gsize  value_len)
{
  const RunAi *ai = &run_ais[which];
  gsize value = pos + ai->ai_len;
  gsize end = value + value_len;
  gboolean variable = ai->min_len != ai->max_len;

  if (end > runs->len || (variable && end == runs->len))
    return 0;
  if (ai->numeric ? !pd_gs1_all_digits (runs->text + value, value_len)
                  : !pd_gs1_is_printable (runs->text + value, value_len))
    return 0;

  return end == runs->len ? 1 : count_runs (runs, end);
}

static guint
count_runs (Runs  *runs,
            gsize  pos)
{
  guint count = 0;

  if (runs->memo[pos] != UNKNOWN)
    return runs->memo[pos];

  for (guint i = 0; i < G_N_ELEMENTS (run_ais) && count < 2; i++)
    {
      gsize ai_len = run_ais[i].ai_len;

      if (pos + ai_len > runs->len || memcmp (runs->text + pos, run_ais[i].ai, ai_len) != 0)
        continue;
      for (gsize n = run_ais[i].min_len; n <= run_ais[i].max_len && count < 2; n++)
        count += count_with (runs, pos, i, n);
    }

  runs->memo[pos] = MIN (count, 2);
  return runs->memo[pos];
}

/* Follows the one reading from POS, filling ELEMENTS. */
static guint
walk_unique_run (Runs    *runs,
                 gsize    pos,
                 Element *elements,
                 guint    n_elements)
{
  while (pos < runs->len)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (run_ais) && !found; i++)
        {
          gsize ai_len = run_ais[i].ai_len;

          if (pos + ai_len > runs->len || memcmp (runs->text + pos, run_ais[i].ai, ai_len) != 0)
            continue;
          for (gsize n = run_ais[i].min_len; n <= run_ais[i].max_len && !found; n++)
            if (count_with (runs, pos, i, n) == 1)
              {
                g_assert (n_elements < PD_CODE_MAX_LENGTH / 4);
                elements[n_elements++] = (Element) {
                  pd_gs1_ai_lookup (run_ais[i].ai, ai_len), pos + ai_len, n };
                pos += ai_len + n;
                found = TRUE;
              }
        }
      g_assert (found);
    }

  return n_elements;
}

static void
parse_reconstructing (const char *text,
                      gsize       len,
                      gsize       pos,
                      PdCisParse *result)
{
  Runs runs = { text, len, { 0 } };
  Element elements[PD_CODE_MAX_LENGTH / 4];
  guint readings = 0;
  gsize serial_len = 0;
  guint n_elements;
  int tail;

  memset (runs.memo, UNKNOWN, sizeof runs.memo);

  for (guint i = 0; i < G_N_ELEMENTS (serial_lengths) && readings < 2; i++)
    {
      gsize n = serial_lengths[i];
      guint found;

      if (pos + n > len || !pd_gs1_is_printable (text + pos, n))
        continue;
      found = pos + n == len ? 1 : count_runs (&runs, pos + n);
      if (found > 0)
        serial_len = n;
      readings += found;
    }

  if (readings == 0)
    {
      fail (result, PD_CODE_ERROR_BAD_SERIAL, PD_CODE_KIND_CIS);
      return;
    }
  if (readings > 1)
    {
      fail (result, PD_CODE_ERROR_AMBIGUOUS_GS, PD_CODE_KIND_CIS);
      return;
    }

  set_serial (result, text + pos, serial_len);
  append_identification (result);
  if (pos + serial_len == len)
    return;

  n_elements = walk_unique_run (&runs, pos + serial_len, elements, 0);
  tail = check_element_order (elements, n_elements, result);
  if (tail < 0)
    return;

  /* A GS after every element that is not of predefined length, when another follows. */
  for (guint i = 0; i < n_elements; i++)
    {
      const Element *e = &elements[i];

      if (i == 0 || !elements[i - 1].ai->predefined)
        g_string_append_c (result->normalized, PD_GS1_GS);
      g_string_append_len (result->normalized, text + e->value_start - e->ai->ai_len,
                           e->ai->ai_len + e->value_len);
    }

  result->has_tail = TRUE;
  result->reconstructed = TRUE;
}

void
pd_cis_parse (const char *text,
              gsize       len,
              gboolean    separated,
              PdCisParse *result)
{
  const PdGs1Ai *ai;
  gsize pos = GTIN_END;

  result->error = PD_CODE_ERROR_NONE;
  result->kind = PD_CODE_KIND_CIS;
  result->has_tail = FALSE;
  result->reconstructed = FALSE;
  result->gtin[0] = result->serial[0] = '\0';
  g_string_truncate (result->normalized, 0);

  /* Within the character limit yet longer in bytes: it holds non-ASCII, which no code does. */
  if (len > PD_CODE_MAX_LENGTH)
    {
      fail (result, PD_CODE_ERROR_NOT_A_CODE, PD_CODE_KIND_NONE);
      return;
    }

  /* A box or pallet label. */
  if (len >= 20 && memcmp (text, "00", 2) == 0 && pd_gs1_all_digits (text, 20))
    {
      fail (result, pd_gs1_check_digit_ok (text + 2, 18) ? PD_CODE_ERROR_SSCC
                                                          : PD_CODE_ERROR_BAD_CHECK_DIGIT,
            PD_CODE_KIND_NONE);
      return;
    }

  if (len < GTIN_END || memcmp (text, "01", 2) != 0 || !pd_gs1_all_digits (text + 2, 14))
    {
      fail (result, PD_CODE_ERROR_NOT_A_CODE, PD_CODE_KIND_NONE);
      return;
    }

  /* 01 + GTIN and nothing else is the product's own barcode (DataBar, GS1-128). */
  if (len == GTIN_END)
    {
      fail (result, pd_gs1_check_digit_ok (text + 2, 14) ? PD_CODE_ERROR_PRODUCT_BARCODE
                                                         : PD_CODE_ERROR_BAD_CHECK_DIGIT,
            PD_CODE_KIND_NONE);
      return;
    }

  if (!pd_gs1_check_digit_ok (text + 2, 14))
    {
      fail (result, PD_CODE_ERROR_BAD_CHECK_DIGIT, PD_CODE_KIND_CIS);
      return;
    }
  memcpy (result->gtin, text + 2, 14);
  result->gtin[14] = '\0';

  /* 01 is of predefined length; a GS after it (label software) is tolerated. */
  if (text[pos] == PD_GS1_GS)
    pos++;

  ai = pd_gs1_ai_lookup (text + pos, len - pos);
  if (ai == NULL)
    {
      fail (result, PD_CODE_ERROR_NOT_A_CODE, PD_CODE_KIND_NONE);
      return;
    }
  if (strcmp (ai->ai, "21") != 0)
    {
      fail (result, PD_CODE_ERROR_UNSUPPORTED_AI, PD_CODE_KIND_CIS);
      return;
    }
  pos += ai->ai_len;

  if (separated || memchr (text + pos, PD_GS1_GS, len - pos) != NULL)
    parse_separated (text, len, pos, result);
  else
    parse_reconstructing (text, len, pos, result);
}
