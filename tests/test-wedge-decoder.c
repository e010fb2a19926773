/* test-wedge-decoder.c — PdWedgeDecoder on synthetic timed key streams: a scanner's bursts (with
 * and without GS, Enter or Tab, a pause instead of a suffix, capitals with Shift, a Russian layout)
 * are taken exactly, also across one stall of the scanner; a person's typing never is; a burst
 * broken by typing is not a burst. */
#include "config.h"

#include "pd-wedge-decoder.h"

#define KEY_RETURN       0xff0d
#define KEY_TAB          0xff09
#define KEY_SHIFT_L      0xffe1
#define KEY_BRACKETRIGHT 0x005d
#define GS "\x1d"

/* X11 keycodes of the US keys, for the Russian-layout stream. */
static guint
keycode_of (char c)
{
  static const char *rows[] = { "1234567890-=", "qwertyuiop[]", "asdfghjkl;'`", "\\zxcvbnm,./" };
  static const guint first[] = { 10, 24, 38, 51 };
  const char *shifted[] = { "!@#$%^&*()_+", "QWERTYUIOP{}", "ASDFGHJKL:\"~", "|ZXCVBNM<>?" };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    for (guint k = 0; rows[i][k] != '\0'; k++)
      if (rows[i][k] == c || shifted[i][k] == c)
        return first[i] + k;
  return 0;
}

typedef struct
{
  PdWedgeDecoder *decoder;
  gint64          now;
  GPtrArray      *bursts;
  guint           swallowed;
} Stream;

static void
stream_init (Stream *stream)
{
  stream->decoder = pd_wedge_decoder_new ();
  stream->now = 1000;
  stream->bursts = g_ptr_array_new_with_free_func (g_free);
  stream->swallowed = 0;
}

static void
stream_clear (Stream *stream)
{
  g_clear_object (&stream->decoder);
  g_clear_pointer (&stream->bursts, g_ptr_array_unref);
}

static void
key (Stream          *stream,
     guint            keyval,
     gunichar         unicode,
     PdWedgeModifiers modifiers,
     guint            keycode,
     guint            gap_ms)
{
  PdWedgeKey verdict;

  stream->now += gap_ms;
  verdict = pd_wedge_decoder_feed (stream->decoder, keyval, unicode, modifiers, keycode, stream->now);
  if (verdict == PD_WEDGE_KEY_BURST)
    g_ptr_array_add (stream->bursts, pd_wedge_decoder_take_burst (stream->decoder));
  if (verdict == PD_WEDGE_KEY_BURST || verdict == PD_WEDGE_KEY_GS || verdict == PD_WEDGE_KEY_PREFIX)
    stream->swallowed++;
}

/* Types TEXT a key every GAP_MS, as a scanner (or a person) would; "\x1d" is sent as Ctrl+],
 * capitals with Shift pressed just before. */
static void
type (Stream     *stream,
      const char *text,
      guint       gap_ms)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == 0x1d)
        key (stream, KEY_BRACKETRIGHT, 0, PD_WEDGE_MODIFIER_CONTROL, 35, gap_ms);
      else if (g_ascii_isupper (*p))
        {
          key (stream, KEY_SHIFT_L, 0, 0, 50, gap_ms);
          key (stream, (guchar) *p, (guchar) *p, PD_WEDGE_MODIFIER_SHIFT, keycode_of (*p), 0);
        }
      else
        key (stream, (guchar) *p, (guchar) *p, 0, keycode_of (*p), gap_ms);
    }
}

static void
test_scanner_bursts (void)
{
  Stream stream;
  const char *cis = "0104601234567893" "21" "5Tq!Ld8x,Wz0r" GS "93dGh5";

  stream_init (&stream);
  type (&stream, cis, 2);
  key (&stream, KEY_RETURN, '\r', 0, 36, 2);
  /* A second scan a second later, ended by Tab, 8 ms a key. */
  stream.now += 1000;
  type (&stream, "0176262888892467", 8);
  key (&stream, KEY_TAB, '\t', 0, 23, 8);

  g_assert_cmpuint (stream.bursts->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (stream.bursts, 0), ==, cis);
  g_assert_cmpstr (g_ptr_array_index (stream.bursts, 1), ==, "0176262888892467");
  /* GS and the two suffixes are swallowed; the text keys go on to the focused widget. */
  g_assert_cmpuint (stream.swallowed, ==, 3);
  stream_clear (&stream);
}

static void
test_typing_is_not_a_burst (void)
{
  Stream stream;

  stream_init (&stream);
  /* A fast typist: 70 ms a key, then Enter. */
  type (&stream, "0104601234567893215Tq!Ld8x", 70);
  key (&stream, KEY_RETURN, '\r', 0, 36, 70);
  g_assert_cmpuint (stream.bursts->len, ==, 0);
  g_assert_cmpuint (stream.swallowed, ==, 0);

  /* A short fast string (a barcode-looking word typed by a shortcut tool) is too short. */
  type (&stream, "CN", 2);
  key (&stream, KEY_RETURN, '\r', 0, 36, 2);
  g_assert_cmpuint (stream.bursts->len, ==, 0);
  stream_clear (&stream);
}

static void
test_interrupted_burst (void)
{
  Stream stream;

  stream_init (&stream);
  /* A burst that a person's keys break in the middle is not taken … */
  type (&stream, "01046012345", 2);
  type (&stream, "x", 150);
  type (&stream, "67893", 80);
  key (&stream, KEY_RETURN, '\r', 0, 36, 2);
  g_assert_cmpuint (stream.bursts->len, ==, 0);
  /* … and the next clean one is. */
  stream.now += 500;
  type (&stream, "0176262888892467", 3);
  key (&stream, KEY_RETURN, '\r', 0, 36, 3);
  g_assert_cmpuint (stream.bursts->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (stream.bursts, 0), ==, "0176262888892467");
  stream_clear (&stream);
}

/* A scanner that stalls once in the middle of a code (its USB link, a desktop under load): the
 * code is still one burst. Keys at a person's pace never get that grace, and a second stall, or
 * one before the scanner's pace was shown, starts anew. */
static void
test_stalled_burst (void)
{
  Stream stream;

  stream_init (&stream);
  type (&stream, "01046012345", 2);
  type (&stream, "67893", 0);
  stream.now += PD_WEDGE_MAX_HICCUP_MS - 2;
  type (&stream, "215Tq!Ld8x,Wz0r", 2);
  key (&stream, KEY_RETURN, '\r', 0, 36, 2);
  g_assert_cmpuint (stream.bursts->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (stream.bursts, 0), ==, "0104601234567893" "215Tq!Ld8x,Wz0r");

  /* Two stalls: only what came after the second is a burst. */
  stream.now += 1000;
  type (&stream, "AAAA", 2);
  stream.now += 200;
  type (&stream, "BBBB", 2);
  stream.now += 200;
  type (&stream, "CCCCCCCC", 2);
  key (&stream, KEY_RETURN, '\r', 0, 36, 2);
  g_assert_cmpuint (stream.bursts->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (stream.bursts, 1), ==, "CCCCCCCC");

  /* A stall longer than a scanner's, or after fewer than three keys. */
  stream.now += 1000;
  type (&stream, "DDDD", 2);
  stream.now += PD_WEDGE_MAX_HICCUP_MS + 1;
  type (&stream, "EEEEEEEE", 2);
  key (&stream, KEY_RETURN, '\r', 0, 36, 2);
  stream.now += 1000;
  type (&stream, "FF", 2);
  stream.now += 100;
  type (&stream, "GGGGGGGG", 2);
  key (&stream, KEY_RETURN, '\r', 0, 36, 2);
  g_assert_cmpuint (stream.bursts->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (stream.bursts, 2), ==, "EEEEEEEE");
  g_assert_cmpstr (g_ptr_array_index (stream.bursts, 3), ==, "GGGGGGGG");

  /* A person's keys 150 ms apart are not a scanner's, stall or not. */
  stream.now += 1000;
  type (&stream, "0104601234567893", 150);
  key (&stream, KEY_RETURN, '\r', 0, 36, 150);
  g_assert_cmpuint (stream.bursts->len, ==, 4);
  stream_clear (&stream);
}

static void
test_pause_ends_burst (void)
{
  Stream stream;
  g_autofree char *early = NULL;
  g_autofree char *burst = NULL;

  stream_init (&stream);
  /* A scanner set to send no suffix: the pause ends the burst. */
  type (&stream, "0176262888892467", 2);
  early = pd_wedge_decoder_flush (stream.decoder, stream.now + 10);
  g_assert_null (early);
  burst = pd_wedge_decoder_flush (stream.decoder, stream.now + PD_WEDGE_DEFAULT_MAX_GAP_MS + 1);
  g_assert_cmpstr (burst, ==, "0176262888892467");
  g_assert_cmpuint (pd_wedge_decoder_get_pending (stream.decoder), ==, 0);
  stream_clear (&stream);
}

static void
test_russian_layout (void)
{
  Stream stream;
  const char *latin = "0104601234567893" "21" "5Tq!Ld8x,Wz0r";
  /* What the same keys type with the Russian layout active. */
  const char *russian = "0104601234567893" "21" "5Ей!Дв8чбЦя0к";
  const char *p = russian;

  stream_init (&stream);
  for (const char *l = latin; *l != '\0'; l++, p = g_utf8_next_char (p))
    {
      gunichar typed = g_utf8_get_char (p);
      PdWedgeModifiers shift = g_ascii_isupper (*l) ? PD_WEDGE_MODIFIER_SHIFT : 0;

      key (&stream, typed < 0x80 ? typed : 0x6c0 + typed % 64, typed, shift, keycode_of (*l), 2);
    }
  key (&stream, KEY_BRACKETRIGHT, 0, PD_WEDGE_MODIFIER_CONTROL, 35, 2);
  type (&stream, "93", 2);
  /* d G h 5 in the Russian layout: в П р 5 */
  key (&stream, 0x6d7, 0x0432, 0, keycode_of ('d'), 2);
  key (&stream, 0x6f0, 0x041f, PD_WEDGE_MODIFIER_SHIFT, keycode_of ('G'), 2);
  key (&stream, 0x6d2, 0x0440, 0, keycode_of ('h'), 2);
  type (&stream, "5", 2);
  key (&stream, KEY_RETURN, '\r', 0, 36, 2);

  g_assert_cmpuint (stream.bursts->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (stream.bursts, 0), ==,
                   "0104601234567893" "21" "5Tq!Ld8x,Wz0r" GS "93dGh5");
  stream_clear (&stream);
}

static void
test_suffix_and_gap_settings (void)
{
  Stream stream;

  stream_init (&stream);
  pd_wedge_decoder_set_suffix (stream.decoder, '#');
  pd_wedge_decoder_set_max_gap (stream.decoder, 12);
  g_assert_cmpuint (pd_wedge_decoder_get_max_gap (stream.decoder), ==, 12);
  type (&stream, "0176262888892467#", 10);
  /* 20 ms apart is a person at this setting. */
  type (&stream, "0176262888892468#", 20);
  g_assert_cmpuint (stream.bursts->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (stream.bursts, 0), ==, "0176262888892467");
  stream_clear (&stream);
}

/* With a prefix set, a burst that starts with it is a scan even at a person's pace, and the
 * prefix is not part of the code; typing without it is still typing. */
static void
test_prefix (void)
{
  Stream stream;

  stream_init (&stream);
  pd_wedge_decoder_set_prefix (stream.decoder, '~');
  type (&stream, "~0104601234567893215Tq!Ld8x", 80);
  key (&stream, KEY_RETURN, '\r', 0, 36, 80);
  type (&stream, "0104601234567893215Tq!Ld8y", 80);
  key (&stream, KEY_RETURN, '\r', 0, 36, 80);
  g_assert_cmpuint (stream.bursts->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (stream.bursts, 0), ==, "0104601234567893215Tq!Ld8x");
  g_assert_cmpuint (stream.swallowed, ==, 2);
  stream_clear (&stream);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/wedge-decoder/scanner-bursts", test_scanner_bursts);
  g_test_add_func ("/wedge-decoder/typing-is-not-a-burst", test_typing_is_not_a_burst);
  g_test_add_func ("/wedge-decoder/interrupted-burst", test_interrupted_burst);
  g_test_add_func ("/wedge-decoder/stalled-burst", test_stalled_burst);
  g_test_add_func ("/wedge-decoder/pause-ends-burst", test_pause_ends_burst);
  g_test_add_func ("/wedge-decoder/russian-layout", test_russian_layout);
  g_test_add_func ("/wedge-decoder/suffix-and-gap-settings", test_suffix_and_gap_settings);
  g_test_add_func ("/wedge-decoder/prefix", test_prefix);
  return g_test_run ();
}
