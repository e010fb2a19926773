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

/* U+0400–U+045F: what the same key types on US QWERTY; 0 where the layout has no such key. */
static const char cyrillic_keys[0x60] = {
  [0x01] = '~',  /* Ё */
  [0x10] = 'F',  /* А */
  [0x11] = '<',  /* Б */
  [0x12] = 'D',  /* В */
  [0x13] = 'U',  /* Г */
  [0x14] = 'L',  /* Д */
  [0x15] = 'T',  /* Е */
  [0x16] = ':',  /* Ж */
  [0x17] = 'P',  /* З */
  [0x18] = 'B',  /* И */
  [0x19] = 'Q',  /* Й */
  [0x1A] = 'R',  /* К */
  [0x1B] = 'K',  /* Л */
  [0x1C] = 'V',  /* М */
  [0x1D] = 'Y',  /* Н */
  [0x1E] = 'J',  /* О */
  [0x1F] = 'G',  /* П */
  [0x20] = 'H',  /* Р */
  [0x21] = 'C',  /* С */
  [0x22] = 'N',  /* Т */
  [0x23] = 'E',  /* У */
  [0x24] = 'A',  /* Ф */
  [0x25] = '{',  /* Х */
  [0x26] = 'W',  /* Ц */
  [0x27] = 'X',  /* Ч */
  [0x28] = 'I',  /* Ш */
  [0x29] = 'O',  /* Щ */
  [0x2A] = '}',  /* Ъ */
  [0x2B] = 'S',  /* Ы */
  [0x2C] = 'M',  /* Ь */
  [0x2D] = '"',  /* Э */
  [0x2E] = '>',  /* Ю */
  [0x2F] = 'Z',  /* Я */
  [0x30] = 'f',  /* а */
  [0x31] = ',',  /* б */
  [0x32] = 'd',  /* в */
  [0x33] = 'u',  /* г */
  [0x34] = 'l',  /* д */
  [0x35] = 't',  /* е */
  [0x36] = ';',  /* ж */
  [0x37] = 'p',  /* з */
  [0x38] = 'b',  /* и */
  [0x39] = 'q',  /* й */
  [0x3A] = 'r',  /* к */
  [0x3B] = 'k',  /* л */
  [0x3C] = 'v',  /* м */
  [0x3D] = 'y',  /* н */
  [0x3E] = 'j',  /* о */
  [0x3F] = 'g',  /* п */
  [0x40] = 'h',  /* р */
  [0x41] = 'c',  /* с */
  [0x42] = 'n',  /* т */
  [0x43] = 'e',  /* у */
  [0x44] = 'a',  /* ф */
  [0x45] = '[',  /* х */
  [0x46] = 'w',  /* ц */
  [0x47] = 'x',  /* ч */
  [0x48] = 'i',  /* ш */
  [0x49] = 'o',  /* щ */
  [0x4A] = ']',  /* ъ */
  [0x4B] = 's',  /* ы */
  [0x4C] = 'm',  /* ь */
  [0x4D] = '\'',  /* э */
  [0x4E] = '.',  /* ю */
  [0x4F] = 'z',  /* я */
  [0x51] = '`',  /* ё */
};

/* Punctuation that sits on other keys in the Russian layout. */
static const struct
{
  gunichar ru;
  char     us;
} punctuation_keys[] = {
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
  if (c >= 0x0400 && c < 0x0460)
    return cyrillic_keys[c - 0x0400] != '\0' ? (gunichar) cyrillic_keys[c - 0x0400] : c;

  for (guint i = 0; i < G_N_ELEMENTS (punctuation_keys); i++)
    if (punctuation_keys[i].ru == c)
      return punctuation_keys[i].us;

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
