/* pd-wedge-decoder.c — tells a keyboard-wedge scanner's bursts from a person's typing.
 *
 * A scanner "types" a whole code in a few milliseconds and ends it with Enter or Tab; a person
 * leaves 60 ms or more between keys. So: keys closer together than the maximum gap build up a
 * candidate; Enter, Tab or the configured suffix ends it, and it is a burst when it is long
 * enough; a longer gap starts a new candidate (what came before was typing), except for one
 * stall of a candidate already at a scanner's pace (PD_WEDGE_MAX_HICCUP_MS). The text keys are
 * never held back, so typing is never delayed; the window removes a burst from whatever entry
 * it landed in. Ctrl+] is GS. With a Russian layout active the hardware keycode gives back the
 * Latin character the scanner meant.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pd-wedge-decoder.h"

/* X11 keysyms, so that no GTK header is needed. */
#define KEY_TAB           0xff09
#define KEY_RETURN        0xff0d
#define KEY_KP_ENTER      0xff8d
#define KEY_ISO_LEFT_TAB  0xfe20
#define KEY_BRACKETRIGHT  0x005d
#define KEY_SHIFT_L       0xffe1
#define KEY_HYPER_R       0xffee
#define KEY_ISO_LEVEL3    0xfe03

/* X11 keycodes (evdev + 8) of a pc105 keyboard and what they type in the US layout. */
#define KEYCODE_BRACKETRIGHT 35

static const struct
{
  guint       first;
  const char *plain;
  const char *shifted;
} us_rows[] = {
  { 10, "1234567890-=", "!@#$%^&*()_+" },
  { 24, "qwertyuiop[]", "QWERTYUIOP{}" },
  { 38, "asdfghjkl;'`", "ASDFGHJKL:\"~" },
  { 51, "\\zxcvbnm,./", "|ZXCVBNM<>?" },
};

struct _PdWedgeDecoder
{
  GObject   parent_instance;

  guint     max_gap_ms;
  guint     min_length;
  gunichar  suffix;
  gunichar  prefix;
  gboolean  prefixed;      /* the candidate began with the prefix: a scan, whatever its pace */
  gboolean  stalled;       /* the candidate has had its one stall */
  gboolean  layout_repair;

  GString  *buffer;      /* the candidate, as UTF-8 */
  guint     n_chars;
  gint64    last_ms;
  char     *burst;       /* the last burst, until taken */
};

G_DEFINE_FINAL_TYPE (PdWedgeDecoder, pd_wedge_decoder, G_TYPE_OBJECT)

static void
pd_wedge_decoder_finalize (GObject *object)
{
  PdWedgeDecoder *self = PD_WEDGE_DECODER (object);

  g_string_free (self->buffer, TRUE);
  g_free (self->burst);

  G_OBJECT_CLASS (pd_wedge_decoder_parent_class)->finalize (object);
}

static void
pd_wedge_decoder_class_init (PdWedgeDecoderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_wedge_decoder_finalize;
}

static void
pd_wedge_decoder_init (PdWedgeDecoder *self)
{
  self->max_gap_ms = PD_WEDGE_DEFAULT_MAX_GAP_MS;
  self->min_length = PD_WEDGE_DEFAULT_MIN_LENGTH;
  self->layout_repair = TRUE;
  self->buffer = g_string_new (NULL);
}

PdWedgeDecoder *
pd_wedge_decoder_new (void)
{
  return g_object_new (PD_TYPE_WEDGE_DECODER, NULL);
}

/* The longest pause between two keys of one burst. */
void
pd_wedge_decoder_set_max_gap (PdWedgeDecoder *self,
                              guint           max_gap_ms)
{
  self->max_gap_ms = max_gap_ms;
}

guint
pd_wedge_decoder_get_max_gap (PdWedgeDecoder *self)
{
  return self->max_gap_ms;
}

/* Fewer characters than this are never a scan (the shortest code, a country, is not scanned). */
void
pd_wedge_decoder_set_min_length (PdWedgeDecoder *self,
                                 guint           min_length)
{
  self->min_length = min_length;
}

/* A character the scanner sends after each code instead of (or besides) Enter; 0 for none. */
void
pd_wedge_decoder_set_suffix (PdWedgeDecoder *self,
                             gunichar        suffix)
{
  self->suffix = suffix;
}

/* A character the scanner sends before each code (0 for none). A burst that starts with it is a
 * scan even when its keys come slower than the gap (a Bluetooth scanner out of range). */
void
pd_wedge_decoder_set_prefix (PdWedgeDecoder *self,
                             gunichar        prefix)
{
  self->prefix = prefix;
}

/* Whether letters typed while another layout is active (Russian) are taken from the key's
 * place on a US keyboard; on by default — marking codes are Latin. */
void
pd_wedge_decoder_set_layout_repair (PdWedgeDecoder *self,
                                    gboolean        repair)
{
  self->layout_repair = repair;
}

/* How many characters the current candidate holds. */
guint
pd_wedge_decoder_get_pending (PdWedgeDecoder *self)
{
  return self->n_chars;
}

static void
reset (PdWedgeDecoder *self)
{
  g_string_truncate (self->buffer, 0);
  self->n_chars = 0;
  self->prefixed = FALSE;
  self->stalled = FALSE;
}

/* Whether a key at TIME_MS goes on with the candidate: within the gap, or the candidate's one
 * stall once it has shown a scanner's pace. */
static gboolean
in_time (PdWedgeDecoder *self,
         gint64          time_ms)
{
  gint64 gap = time_ms - self->last_ms;

  if (self->prefixed || (self->n_chars > 0 && gap <= self->max_gap_ms))
    return TRUE;
  if (self->stalled || self->n_chars < PD_WEDGE_HICCUP_MIN_CHARS || gap > PD_WEDGE_MAX_HICCUP_MS)
    return FALSE;
  self->stalled = TRUE;
  return TRUE;
}

/* The Latin character of KEYCODE, for a scan typed while another layout is active. */
static gunichar
latin_of (guint            keycode,
          PdWedgeModifiers modifiers)
{
  if (keycode == 65)
    return ' ';
  for (guint i = 0; i < G_N_ELEMENTS (us_rows); i++)
    {
      guint offset = keycode - us_rows[i].first;

      if (keycode >= us_rows[i].first && offset < strlen (us_rows[i].plain))
        return (modifiers & PD_WEDGE_MODIFIER_SHIFT) ? us_rows[i].shifted[offset] : us_rows[i].plain[offset];
    }
  return 0;
}

static gboolean
is_modifier_key (guint keyval)
{
  return (keyval >= KEY_SHIFT_L && keyval <= KEY_HYPER_R) || keyval == KEY_ISO_LEVEL3;
}

static gboolean
ends_burst (PdWedgeDecoder *self,
            guint           keyval,
            gunichar        unicode)
{
  return keyval == KEY_RETURN || keyval == KEY_KP_ENTER || keyval == KEY_TAB || keyval == KEY_ISO_LEFT_TAB
         || (self->suffix != 0 && unicode == self->suffix);
}

static void
append (PdWedgeDecoder *self,
        gunichar        c,
        gint64          time_ms)
{
  g_string_append_unichar (self->buffer, c);
  self->n_chars++;
  self->last_ms = time_ms;
}

/**
 * pd_wedge_decoder_feed:
 * @keyval: the key's keysym in the active layout
 * @unicode: the character it types, or 0
 * @keycode: the hardware keycode (X11 numbering), or 0 when unknown
 * @time_ms: when it was pressed
 *
 * Returns: what the key was; after %PD_WEDGE_KEY_BURST, pd_wedge_decoder_take_burst() has the
 *   scan
 */
PdWedgeKey
pd_wedge_decoder_feed (PdWedgeDecoder   *self,
                       guint             keyval,
                       gunichar          unicode,
                       PdWedgeModifiers  modifiers,
                       guint             keycode,
                       gint64            time_ms)
{
  gboolean timely;

  /* Scanners press Shift for capitals; it belongs to the burst. */
  if (is_modifier_key (keyval))
    return PD_WEDGE_KEY_IGNORED;
  if (self->prefix != 0 && unicode == self->prefix)
    {
      reset (self);
      self->prefixed = TRUE;
      self->last_ms = time_ms;
      return PD_WEDGE_KEY_PREFIX;
    }
  timely = in_time (self, time_ms);
  if (self->n_chars > 0 && !timely)
    reset (self);

  if (modifiers & PD_WEDGE_MODIFIER_CONTROL)
    {
      /* Ctrl+] is GS whatever the layout puts on that key (ъ in Russian). */
      if (keyval == KEY_BRACKETRIGHT || keycode == KEYCODE_BRACKETRIGHT)
        {
          append (self, 0x1d, time_ms);
          return PD_WEDGE_KEY_GS;
        }
      reset (self);
      return PD_WEDGE_KEY_IGNORED;
    }

  if (ends_burst (self, keyval, unicode))
    {
      gboolean burst = timely && self->n_chars >= self->min_length;

      if (burst)
        {
          g_free (self->burst);
          self->burst = g_strndup (self->buffer->str, self->buffer->len);
        }
      reset (self);
      return burst ? PD_WEDGE_KEY_BURST : PD_WEDGE_KEY_IGNORED;
    }

  if (unicode < 0x20 || unicode == 0x7f)
    {
      reset (self);
      return PD_WEDGE_KEY_IGNORED;
    }
  if (self->layout_repair && unicode >= 0x80 && latin_of (keycode, modifiers) != 0)
    unicode = latin_of (keycode, modifiers);
  append (self, unicode, time_ms);
  return PD_WEDGE_KEY_BUFFERED;
}

/**
 * pd_wedge_decoder_flush:
 * @now_ms: the time now
 *
 * For a scanner set to send no suffix: once the keys have stopped for longer than the gap, a
 * long enough candidate is a burst.
 *
 * Returns: (transfer full) (nullable): the burst
 */
char *
pd_wedge_decoder_flush (PdWedgeDecoder *self,
                        gint64          now_ms)
{
  char *burst = NULL;

  if (self->n_chars == 0 || now_ms - self->last_ms <= self->max_gap_ms)
    return NULL;
  if (self->n_chars >= self->min_length)
    burst = g_strndup (self->buffer->str, self->buffer->len);
  reset (self);
  return burst;
}

/* Returns: (transfer full) (nullable): the burst the last key ended */
char *
pd_wedge_decoder_take_burst (PdWedgeDecoder *self)
{
  return g_steal_pointer (&self->burst);
}
