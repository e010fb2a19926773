/* pd-gs1.h — GS1 application identifiers and check digits.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The group separator (ASCII 29) that ends a variable-length GS1 element. */
#define PD_GS1_GS '\x1d'

typedef struct
{
  const char *ai;
  guint8      ai_len;
  guint8      min_len;      /* of the value */
  guint8      max_len;
  guint8      numeric : 1;  /* value is digits only */
  guint8      predefined : 1; /* fixed length by its prefix: never followed by GS */
} PdGs1Ai;

const PdGs1Ai *pd_gs1_ai_lookup        (const char *text,
                                        gsize       len);
gboolean       pd_gs1_check_digit_ok   (const char *digits,
                                        gsize       len);
gboolean       pd_gs1_is_printable     (const char *text,
                                        gsize       len);
gboolean       pd_gs1_all_digits       (const char *text,
                                        gsize       len);

G_END_DECLS
