/* pd-gs1.c — the GS1 application identifiers Packdesk meets on marking codes and the
 * GS1 check digit shared by GTIN-8/12/13/14 and SSCC-18.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pd-gs1.h"

/* From the GS1 syntax dictionary. The set is prefix-free, as GS1 guarantees, so the first
 * entry whose digits start the text is the only one. */
static const PdGs1Ai ai_table[] = {
  { "00",   2, 18, 18, TRUE,  TRUE  },  /* SSCC */
  { "01",   2, 14, 14, TRUE,  TRUE  },  /* GTIN */
  { "02",   2, 14, 14, TRUE,  TRUE  },  /* GTIN of contained items */
  { "10",   2,  1, 20, FALSE, FALSE },  /* batch or lot */
  { "11",   2,  6,  6, TRUE,  TRUE  },  /* production date */
  { "12",   2,  6,  6, TRUE,  TRUE  },  /* due date */
  { "13",   2,  6,  6, TRUE,  TRUE  },  /* packaging date */
  { "15",   2,  6,  6, TRUE,  TRUE  },  /* best before */
  { "16",   2,  6,  6, TRUE,  TRUE  },  /* sell by */
  { "17",   2,  6,  6, TRUE,  TRUE  },  /* expiry */
  { "21",   2,  1, 20, FALSE, FALSE },  /* serial */
  { "240",  3,  1, 30, FALSE, FALSE },  /* additional product id */
  { "3100", 4,  6,  6, TRUE,  TRUE  },  /* net weight, kg */
  { "3101", 4,  6,  6, TRUE,  TRUE  },
  { "3102", 4,  6,  6, TRUE,  TRUE  },
  { "3103", 4,  6,  6, TRUE,  TRUE  },
  { "3104", 4,  6,  6, TRUE,  TRUE  },
  { "3105", 4,  6,  6, TRUE,  TRUE  },
  { "7003", 4, 10, 10, TRUE,  FALSE },  /* expiry date and time */
  { "8005", 4,  6,  6, TRUE,  FALSE },  /* price per unit */
  { "91",   2,  1, 90, FALSE, FALSE },  /* company internal: Chestny ZNAK key */
  { "92",   2,  1, 90, FALSE, FALSE },  /* company internal: Chestny ZNAK crypto */
  { "93",   2,  1, 90, FALSE, FALSE },  /* company internal: Chestny ZNAK crypto code */
  { "94",   2,  1, 90, FALSE, FALSE },
  { "95",   2,  1, 90, FALSE, FALSE },
  { "96",   2,  1, 90, FALSE, FALSE },
  { "97",   2,  1, 90, FALSE, FALSE },
  { "98",   2,  1, 90, FALSE, FALSE },
  { "99",   2,  1, 90, FALSE, FALSE },
};

const PdGs1Ai *
pd_gs1_ai_lookup (const char *text,
                  gsize       len)
{
  if (len < 2 || !g_ascii_isdigit (text[0]))
    return NULL;

  for (guint i = 0; i < G_N_ELEMENTS (ai_table); i++)
    {
      const PdGs1Ai *ai = &ai_table[i];

      /* Compared by hand: this runs for every element of every scan. */
      if (ai->ai[0] != text[0] || ai->ai[1] != text[1] || ai->ai_len > len)
        continue;
      if (ai->ai_len == 2 || memcmp (text + 2, ai->ai + 2, ai->ai_len - 2) == 0)
        return ai;
    }

  return NULL;
}

gboolean
pd_gs1_all_digits (const char *text,
                   gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;

  return TRUE;
}

/* Weights 3,1,3,… from the digit left of the check digit; GTIN-8/12/13/14 and SSCC alike. */
gboolean
pd_gs1_check_digit_ok (const char *digits,
                       gsize       len)
{
  guint sum = 0;

  if (len < 2 || !pd_gs1_all_digits (digits, len))
    return FALSE;

  for (gsize i = 0; i + 1 < len; i++)
    {
      guint digit = digits[len - 2 - i] - '0';
      sum += (i % 2 == 0) ? 3 * digit : digit;
    }

  return (10 - sum % 10) % 10 == (guint) (digits[len - 1] - '0');
}

/* Printable ASCII without space, `[!-~]` in the API's expression for serials. */
gboolean
pd_gs1_is_printable (const char *text,
                     gsize       len)
{
  for (gsize i = 0; i < len; i++)
    if (text[i] < '!' || text[i] > '~')
      return FALSE;

  return TRUE;
}
