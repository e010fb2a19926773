/* pd-wedge-decoder.h — tells a keyboard-wedge scanner's bursts from a person's typing, key by
 * key, without GTK: the window feeds it key presses and acts on what it says.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The modifiers the decoder looks at (the same bits as GDK's). */
typedef enum /*< flags >*/
{
  PD_WEDGE_MODIFIER_NONE    = 0,       /*< skip >*/
  PD_WEDGE_MODIFIER_SHIFT   = 1 << 0,  /*< nick=shift >*/
  PD_WEDGE_MODIFIER_CONTROL = 1 << 2,  /*< nick=control >*/
} PdWedgeModifiers;

/* What became of one key press. */
typedef enum
{
  PD_WEDGE_KEY_IGNORED,   /*< nick=ignored >*/   /* not text; let it through */
  PD_WEDGE_KEY_BUFFERED,  /*< nick=buffered >*/  /* text that may be part of a burst; let it through */
  PD_WEDGE_KEY_GS,        /*< nick=gs >*/        /* Ctrl+] inside a burst: the GS separator; swallow it */
  PD_WEDGE_KEY_BURST,     /*< nick=burst >*/     /* the key ended a burst; swallow it, take the burst */
  PD_WEDGE_KEY_PREFIX,    /*< nick=prefix >*/    /* the scanner's prefix: a burst starts; swallow it */
} PdWedgeKey;

/* Defaults measured from the timing scanners and people have: a scanner sends a key every
 * 1–10 ms, a fast typist rarely less than 60 ms apart. */
#define PD_WEDGE_DEFAULT_MAX_GAP_MS    35
#define PD_WEDGE_DEFAULT_MIN_LENGTH    8
/* A scanner (its USB link, or the desktop under load) can stall once in the middle of a code;
 * no person types three keys at a scanner's pace, so a candidate that has done so survives one
 * pause up to this long. */
#define PD_WEDGE_MAX_HICCUP_MS         300
#define PD_WEDGE_HICCUP_MIN_CHARS      3

#define PD_TYPE_WEDGE_DECODER (pd_wedge_decoder_get_type ())

G_DECLARE_FINAL_TYPE (PdWedgeDecoder, pd_wedge_decoder, PD, WEDGE_DECODER, GObject)

PdWedgeDecoder *pd_wedge_decoder_new            (void);
void            pd_wedge_decoder_set_max_gap    (PdWedgeDecoder   *self,
                                                 guint             max_gap_ms);
guint           pd_wedge_decoder_get_max_gap    (PdWedgeDecoder   *self);
void            pd_wedge_decoder_set_min_length (PdWedgeDecoder   *self,
                                                 guint             min_length);
void            pd_wedge_decoder_set_suffix     (PdWedgeDecoder   *self,
                                                 gunichar          suffix);
void            pd_wedge_decoder_set_prefix     (PdWedgeDecoder   *self,
                                                 gunichar          prefix);
void            pd_wedge_decoder_set_layout_repair (PdWedgeDecoder *self,
                                                    gboolean        repair);
PdWedgeKey      pd_wedge_decoder_feed           (PdWedgeDecoder   *self,
                                                 guint             keyval,
                                                 gunichar          unicode,
                                                 PdWedgeModifiers  modifiers,
                                                 guint             keycode,
                                                 gint64            time_ms);
char           *pd_wedge_decoder_flush          (PdWedgeDecoder   *self,
                                                 gint64            now_ms);
char           *pd_wedge_decoder_take_burst     (PdWedgeDecoder   *self);
guint           pd_wedge_decoder_get_pending    (PdWedgeDecoder   *self);

G_END_DECLS
