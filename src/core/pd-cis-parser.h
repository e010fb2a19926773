/* pd-cis-parser.h — reading a GS1 element string as a Chestny ZNAK code (CIS).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "pd-code.h"

G_BEGIN_DECLS

typedef struct
{
  PdCodeError error;
  PdCodeKind  kind;           /* CIS, or NONE when it is no CIS at all */
  gboolean    has_tail;       /* a 91/93 crypto tail is present */
  gboolean    reconstructed;  /* the missing GS separators were put back */
  char        gtin[15];
  char        serial[21];
  GString    *normalized;     /* filled by the parser; the caller owns it */
} PdCisParse;

/* TEXT has had its repairs applied: GS is the real separator, no leading or doubled GS.
 * SEPARATED says the scan's element boundaries are known (parentheses were used), so a
 * string without GS must not be split by guesswork. */
void pd_cis_parse (const char *text,
                   gsize       len,
                   gboolean    separated,
                   PdCisParse *result);

G_END_DECLS
