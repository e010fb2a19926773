/* pd-scanner-input.c — a keyboard-wedge scanner's input anywhere in a window.
 *
 * A key controller in the capture phase sees every key before the focused widget does and feeds
 * PdWedgeDecoder. Text keys go on as usual, so typing is never delayed; when they turn out to
 * have been a scan, the entry they landed in gets back the text it had before the burst, and
 * the scan is handed on as "scanned". Ctrl+] and the key that ends a burst are swallowed. When
 * keys at a scanner's pace were cut off (a stall longer than the decoder forgives) and a burst
 * follows at once, the entry goes back to its text from before the first of them: a split scan
 * leaves nothing behind.
 *
 * A scanner that sends no suffix can be caught by the pause after its last key, but only when
 * asked for: the pause is measured on this process's clock, and a busy main loop can hold queued
 * keys back for longer than a scanner's gap, which would split a burst in two.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pd-scanner-input.h"

struct _PdScannerInput
{
  GObject         parent_instance;

  GtkWidget      *widget;        /* weak */
  PdWedgeDecoder *decoder;
  guint           pause_source;
  guint           pause_ms;      /* 0: a burst ends only on Enter, Tab or the suffix */
  guint32         last_time;
  guint32         paced_time;    /* the last key of a candidate at a scanner's pace */

  /* The focused entry as it was before the burst's first key. */
  GtkEditable    *editable;      /* weak */
  char           *editable_text;
  int             editable_position;
};

G_DEFINE_FINAL_TYPE (PdScannerInput, pd_scanner_input, G_TYPE_OBJECT)

enum
{
  SCANNED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
forget_editable (PdScannerInput *self)
{
  if (self->editable != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->editable), (gpointer *) &self->editable);
  self->editable = NULL;
  g_clear_pointer (&self->editable_text, g_free);
}

static void
remember_editable (PdScannerInput *self)
{
  GtkRoot *root = gtk_widget_get_root (self->widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  forget_editable (self);
  if (focus == NULL || !GTK_IS_EDITABLE (focus))
    return;
  self->editable = GTK_EDITABLE (focus);
  g_object_add_weak_pointer (G_OBJECT (self->editable), (gpointer *) &self->editable);
  self->editable_text = g_strdup (gtk_editable_get_text (self->editable));
  self->editable_position = gtk_editable_get_position (self->editable);
}

/* Takes the burst back out of the entry it was typed into. */
static void
restore_editable (PdScannerInput *self)
{
  if (self->editable != NULL && g_strcmp0 (gtk_editable_get_text (self->editable), self->editable_text) != 0)
    {
      gtk_editable_set_text (self->editable, self->editable_text);
      gtk_editable_set_position (self->editable, self->editable_position);
    }
  forget_editable (self);
}

static void
scanned (PdScannerInput *self,
         char           *burst)
{
  g_autofree char *text = burst;

  restore_editable (self);
  g_signal_emit (self, signals[SCANNED], 0, text);
}

static gboolean
on_pause (gpointer data)
{
  PdScannerInput *self = data;
  guint gap = pd_wedge_decoder_get_max_gap (self->decoder);
  /* At least this long has passed since the last key: the timer restarts with every key. */
  char *burst = pd_wedge_decoder_flush (self->decoder, (gint64) self->last_time + gap + 1);

  self->pause_source = 0;
  if (burst != NULL)
    scanned (self, burst);
  return G_SOURCE_REMOVE;
}

static void
wait_for_pause (PdScannerInput *self)
{
  if (self->pause_ms > 0)
    self->pause_source = g_timeout_add (self->pause_ms, on_pause, self);
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                PdScannerInput        *self)
{
  guint32 time = gtk_event_controller_get_current_event_time (GTK_EVENT_CONTROLLER (controller));
  PdWedgeModifiers modifiers = state & (PD_WEDGE_MODIFIER_SHIFT | PD_WEDGE_MODIFIER_CONTROL);
  gboolean after_paced = self->paced_time != 0 && time - self->paced_time <= PD_WEDGE_MAX_HICCUP_MS;
  PdWedgeKey key;

  key = pd_wedge_decoder_feed (self->decoder, keyval, gdk_keyval_to_unicode (keyval), modifiers, keycode, time);
  if (pd_wedge_decoder_get_pending (self->decoder) >= 2)
    self->paced_time = time;
  self->last_time = time;
  g_clear_handle_id (&self->pause_source, g_source_remove);

  switch (key)
    {
    case PD_WEDGE_KEY_BUFFERED:
      /* A new candidate right after keys at a scanner's pace may be the rest of their scan:
       * the entry's text from before those is kept to go back to. */
      if (pd_wedge_decoder_get_pending (self->decoder) == 1 && !(after_paced && self->editable_text != NULL))
        remember_editable (self);
      wait_for_pause (self);
      return GDK_EVENT_PROPAGATE;
    case PD_WEDGE_KEY_PREFIX:
      /* Swallowed: the entry keeps its text; the burst's first key remembers it. */
      return GDK_EVENT_STOP;
    case PD_WEDGE_KEY_GS:
      wait_for_pause (self);
      return GDK_EVENT_STOP;
    case PD_WEDGE_KEY_BURST:
      scanned (self, pd_wedge_decoder_take_burst (self->decoder));
      return GDK_EVENT_STOP;
    case PD_WEDGE_KEY_IGNORED:
    default:
      return GDK_EVENT_PROPAGATE;
    }
}

static void
pd_scanner_input_dispose (GObject *object)
{
  PdScannerInput *self = PD_SCANNER_INPUT (object);

  g_clear_handle_id (&self->pause_source, g_source_remove);
  forget_editable (self);
  g_clear_weak_pointer (&self->widget);
  g_clear_object (&self->decoder);

  G_OBJECT_CLASS (pd_scanner_input_parent_class)->dispose (object);
}

static void
pd_scanner_input_class_init (PdScannerInputClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = pd_scanner_input_dispose;

  /**
   * PdScannerInput::scanned:
   * @text: the burst as the scanner sent it (GS as U+001D)
   */
  signals[SCANNED] = g_signal_new ("scanned", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                   NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
pd_scanner_input_init (PdScannerInput *self)
{
  self->decoder = pd_wedge_decoder_new ();
}

/* Listens to every key WIDGET (a window) gets; the object lives as long as the caller keeps it. */
PdScannerInput *
pd_scanner_input_new (GtkWidget *widget)
{
  PdScannerInput *self = g_object_new (PD_TYPE_SCANNER_INPUT, NULL);
  GtkEventController *controller = gtk_event_controller_key_new ();

  g_set_weak_pointer (&self->widget, widget);
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "key-pressed", G_CALLBACK (on_key_pressed), self, 0);
  gtk_widget_add_controller (widget, controller);
  return self;
}

static void
on_settings_changed (GSettings      *settings,
                     const char     *key,
                     PdScannerInput *self)
{
  g_autofree char *suffix = g_settings_get_string (settings, "scanner-suffix");
  g_autofree char *prefix = g_settings_get_string (settings, "scanner-prefix");

  pd_wedge_decoder_set_max_gap (self->decoder, g_settings_get_uint (settings, "scanner-gap"));
  pd_wedge_decoder_set_suffix (self->decoder, g_utf8_get_char (suffix));
  pd_wedge_decoder_set_prefix (self->decoder, g_utf8_get_char (prefix));
  pd_wedge_decoder_set_layout_repair (self->decoder,
                                      g_settings_get_boolean (settings, "scanner-layout-repair"));
  /* How long the keys must stop for a burst without a suffix to end; 0 when the scanner ends
   * each code with Enter, Tab or its suffix. */
  self->pause_ms = g_settings_get_uint (settings, "scanner-pause");
}

/* Follows the scanner settings from now on. */
void
pd_scanner_input_follow_settings (PdScannerInput *self,
                                  GSettings      *settings)
{
  g_signal_connect_object (settings, "changed", G_CALLBACK (on_settings_changed), self, 0);
  on_settings_changed (settings, NULL, self);
}
