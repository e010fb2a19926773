/* pd-fake-labels.c — the box labels the fake Market serves: a PDF drawn with cairo, one page a
 * box, in the four page formats of the API. Like the Market's, a label names the order and the
 * box ("place 1/2"), the delivery service and the shipment day, and carries the box's
 * fulfilmentId ("ORDER-BOX") as a Code 128 barcode a desk scanner reads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <cairo-pdf.h>
#include <string.h>

#include "pd-fake-labels.h"

#define MM_TO_PT(mm) ((mm) * 72.0 / 25.4)

/* Code 128: the bar and space widths of every symbol value, in modules; 106 is the stop. */
static const char code128_patterns[107][8] = {
  "212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312", "132212",
  "221213", "221312", "231212", "112232", "122132", "122231", "113222", "123122", "123221",
  "223211", "221132", "221231", "213212", "223112", "312131", "311222", "321122", "321221",
  "312212", "322112", "322211", "212123", "212321", "232121", "111323", "131123", "131321",
  "112313", "132113", "132311", "211313", "231113", "231311", "112133", "112331", "132131",
  "113123", "113321", "133121", "313121", "211331", "231131", "213113", "213311", "213131",
  "311123", "311321", "331121", "312113", "312311", "332111", "314111", "221411", "431111",
  "111224", "111422", "121124", "121421", "141122", "141221", "112214", "112412", "122114",
  "122411", "142112", "142211", "241211", "221114", "413111", "241112", "134111", "111242",
  "121142", "121241", "114212", "124112", "124211", "411212", "421112", "421211", "212141",
  "214121", "412121", "111143", "111341", "131141", "114113", "114311", "411113", "411311",
  "113141", "114131", "311141", "411131", "211412", "211214", "211232", "2331112",
};

#define CODE128_START_B 104
#define CODE128_STOP    106

/* TEXT in code set B (printable ASCII) as symbol values: start, data, check, stop. */
static GArray *
code128_encode (const char *text)
{
  GArray *values = g_array_new (FALSE, FALSE, sizeof (guint));
  guint value = CODE128_START_B;
  guint check = CODE128_START_B;

  g_array_append_val (values, value);
  for (guint i = 0; text[i] != '\0'; i++)
    {
      g_return_val_if_fail (text[i] >= ' ' && text[i] < 127, values);
      value = text[i] - ' ';
      check += (i + 1) * value;
      g_array_append_val (values, value);
    }
  value = check % 103;
  g_array_append_val (values, value);
  value = CODE128_STOP;
  g_array_append_val (values, value);
  return values;
}

/* The barcode of TEXT with its left edge at X, filling WIDTH, HEIGHT tall; ten modules of
 * quiet zone on either side are part of WIDTH. */
static void
draw_code128 (cairo_t    *cr,
              const char *text,
              double      x,
              double      y,
              double      width,
              double      height)
{
  g_autoptr(GArray) values = code128_encode (text);
  guint modules = 20;
  double module, at;

  for (guint i = 0; i < values->len; i++)
    for (const char *w = code128_patterns[g_array_index (values, guint, i)]; *w != '\0'; w++)
      modules += *w - '0';
  module = width / modules;
  at = x + 10 * module;

  for (guint i = 0; i < values->len; i++)
    {
      gboolean bar = TRUE;

      for (const char *w = code128_patterns[g_array_index (values, guint, i)]; *w != '\0'; w++)
        {
          if (bar)
            cairo_rectangle (cr, at, y, module * (*w - '0'), height);
          at += module * (*w - '0');
          bar = !bar;
        }
    }
  cairo_fill (cr);
}

static void
show_line (cairo_t    *cr,
           double      x,
           double      y,
           double      size,
           gboolean    bold,
           const char *text)
{
  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL,
                          bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, size);
  cairo_move_to (cr, x, y);
  cairo_show_text (cr, text);
}

/* One label in a WIDTH × HEIGHT (points) area at the current origin. */
static void
draw_label (cairo_t                 *cr,
            const PdFakeLabelBox    *box,
            guint                    n_boxes,
            const PdFakeLabelOrder  *order,
            double                   width,
            double                   height)
{
  g_autofree char *fulfilment_id = g_strdup_printf ("%" G_GINT64_FORMAT "-%u", order->order_id,
                                                    box->number);
  g_autofree char *order_line = g_strdup_printf ("Заказ %" G_GINT64_FORMAT, order->order_id);
  g_autofree char *place = g_strdup_printf ("Место %u/%u", box->number, n_boxes);
  g_autofree char *shipment = g_strdup_printf ("Отгрузка %s", order->shipment_date != NULL
                                                              ? order->shipment_date : "—");
  /* Text sizes follow the smaller side, so the A9 labels stay legible and the A7 not huge. */
  double unit = MIN (width, height) / 20.0;
  double margin = unit;

  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_line_width (cr, unit * 0.15);
  cairo_rectangle (cr, margin / 2, margin / 2, width - margin, height - margin);
  cairo_stroke (cr);

  show_line (cr, margin * 1.5, margin + unit * 2.2, unit * 2.0, TRUE, order_line);
  show_line (cr, margin * 1.5, margin + unit * 4.4, unit * 1.6, TRUE, place);
  show_line (cr, margin * 1.5, margin + unit * 6.2, unit * 1.1, FALSE, order->supplier_name);
  show_line (cr, margin * 1.5, margin + unit * 7.6, unit * 1.1, FALSE, order->delivery_service);
  show_line (cr, margin * 1.5, margin + unit * 9.0, unit * 1.1, FALSE, shipment);

  draw_code128 (cr, fulfilment_id, margin, height - margin * 1.5 - unit * 6.5,
                width - 2 * margin, unit * 5.0);
  show_line (cr, width / 2 - unit * 0.35 * strlen (fulfilment_id), height - margin * 1.6,
             unit * 1.2, FALSE, fulfilment_id);
}

static const struct
{
  const char *name;
  double      width_mm, height_mm;   /* the page */
  double      label_w_mm, label_h_mm;
} formats[] = {
  { "A9_HORIZONTALLY", 58, 40, 58, 40 },
  { "A9", 40, 58, 40, 58 },
  { "A7", 80.4, 125.6, 75, 120 },
  /* A sheet with the label of the cabinet's format; the fake cabinet's is A7. */
  { "A4", 210, 297, 75, 120 },
};

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/**
 * pd_fake_labels_render:
 * @boxes: (array length=n_boxes): the boxes whose labels are drawn, one a page
 * @n_total: how many boxes the order has (the "N" of "place 1/N")
 * @format: (nullable): a PageFormatType; NULL for A7, as the Market
 *
 * Returns: (transfer full) (nullable): the PDF, or NULL for a format the API does not have
 */
GBytes *
pd_fake_labels_render (const PdFakeLabelOrder *order,
                       const PdFakeLabelBox   *boxes,
                       guint                   n_boxes,
                       guint                   n_total,
                       const char             *format)
{
  g_autoptr(GByteArray) pdf = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_t *cr;
  guint f;

  for (f = 0; f < G_N_ELEMENTS (formats); f++)
    if (g_strcmp0 (formats[f].name, format != NULL ? format : "A7") == 0)
      break;
  if (f == G_N_ELEMENTS (formats))
    return NULL;

  surface = cairo_pdf_surface_create_for_stream (append_bytes, pdf, MM_TO_PT (formats[f].width_mm),
                                                 MM_TO_PT (formats[f].height_mm));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, "Ярлыки");
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "packdesk-fake-market");
  cr = cairo_create (surface);
  for (guint i = 0; i < n_boxes; i++)
    {
      cairo_save (cr);
      /* The label sits centred on its page, as the Market's A7 with its margins does. */
      cairo_translate (cr, MM_TO_PT (formats[f].width_mm - formats[f].label_w_mm) / 2,
                       MM_TO_PT (MIN (formats[f].height_mm - formats[f].label_h_mm, 10)) / 2);
      draw_label (cr, &boxes[i], n_total, order, MM_TO_PT (formats[f].label_w_mm),
                  MM_TO_PT (formats[f].label_h_mm));
      cairo_restore (cr);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);

  return g_byte_array_free_to_bytes (g_steal_pointer (&pdf));
}
