/* pd-keyboard-layout.c — a keyboard-wedge scanner types key positions; with the Russian
 * ЙЦУКЕН layout active the host turns them into Cyrillic and Russian punctuation. This maps
 * every character back to what the same physical key types on US QWERTY (Windows "Russian"
 * and xkb "ru"; other variants are not recognised).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pd-keyboard-layout.h"

typedef struct
{
  gunichar ru;
  char     us;
} KeyPair;

static const KeyPair key_pairs[] = {
  { 0x0439, 'q' }, { 0x0446, 'w' }, { 0x0443, 'e' }, { 0x043A, 'r' }, { 0x0435, 't' },
  { 0x043D, 'y' }, { 0x0433, 'u' }, { 0x0448, 'i' }, { 0x0449, 'o' }, { 0x0437, 'p' },
  { 0x0445, '[' }, { 0x044A, ']' }, { 0x0444, 'a' }, { 0x044B, 's' }, { 0x0432, 'd' },
  { 0x0430, 'f' }, { 0x043F, 'g' }, { 0x0440, 'h' }, { 0x043E, 'j' }, { 0x043B, 'k' },
  { 0x0434, 'l' }, { 0x0436, ';' }, { 0x044D, '\'' }, { 0x044F, 'z' }, { 0x0447, 'x' },
  { 0x0441, 'c' }, { 0x043C, 'v' }, { 0x0438, 'b' }, { 0x0442, 'n' }, { 0x044C, 'm' },
  { 0x0431, ',' }, { 0x044E, '.' }, { 0x0451, '`' },
  { 0x0419, 'Q' }, { 0x0426, 'W' }, { 0x0423, 'E' }, { 0x041A, 'R' }, { 0x0415, 'T' },
  { 0x041D, 'Y' }, { 0x0413, 'U' }, { 0x0428, 'I' }, { 0x0429, 'O' }, { 0x0417, 'P' },
  { 0x0425, '{' }, { 0x042A, '}' }, { 0x0424, 'A' }, { 0x042B, 'S' }, { 0x0412, 'D' },
  { 0x0410, 'F' }, { 0x041F, 'G' }, { 0x0420, 'H' }, { 0x041E, 'J' }, { 0x041B, 'K' },
  { 0x0414, 'L' }, { 0x0416, ':' }, { 0x042D, '"' }, { 0x042F, 'Z' }, { 0x0427, 'X' },
  { 0x0421, 'C' }, { 0x041C, 'V' }, { 0x0418, 'B' }, { 0x0422, 'N' }, { 0x042C, 'M' },
  { 0x0411, '<' }, { 0x042E, '>' }, { 0x0401, '~' },
  /* Punctuation that sits on other keys in the Russian layout. */
  { '"', '@' }, { 0x2116, '#' }, { ';', '$' }, { ':', '^' }, { '?', '&' }, { '/', '|' },
  { '.', '/' }, { ',', '?' },
};

static gboolean
is_russian_only (gunichar c)
{
  return (c >= 0x0400 && c <= 0x04FF) || c == 0x2116;
}

gboolean
pd_keyboard_layout_is_russian_text (const char *text,
                                    gssize      len)
{
  const char *end = text + (len < 0 ? (gssize) strlen (text) : len);

  for (const char *p = text; p < end; p++)
    {
      /* Cyrillic is U+0400–U+04FF (lead bytes 0xD0–0xD3), № is U+2116 (0xE2 0x84 0x96). */
      if ((guchar) *p >= 0xD0 && (guchar) *p <= 0xD3)
        return TRUE;
      if ((guchar) *p == 0xE2 && is_russian_only (g_utf8_get_char_validated (p, end - p)))
        return TRUE;
    }

  return FALSE;
}

static gunichar
russian_key_to_us (gunichar c)
{
  for (guint i = 0; i < G_N_ELEMENTS (key_pairs); i++)
    if (key_pairs[i].ru == c)
      return key_pairs[i].us;

  return c;
}

/* Maps every character of TEXT (valid UTF-8) key by key to US QWERTY. */
char *
pd_keyboard_layout_russian_to_us (const char *text,
                                  gssize      len)
{
  const char *end = text + (len < 0 ? (gssize) strlen (text) : len);
  GString *out = g_string_sized_new (end - text);

  for (const char *p = text; p < end; p = g_utf8_next_char (p))
    g_string_append_unichar (out, russian_key_to_us (g_utf8_get_char (p)));

  return g_string_free (out, FALSE);
}
