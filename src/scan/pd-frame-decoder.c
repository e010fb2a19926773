/* pd-frame-decoder.c — every barcode in one grey frame.
 *
 * The locator names a few regions worth reading; each is copied out of the frame turned upright
 * and centred. A squarish one is first read as a DataMatrix by zxing-cpp (which zbar cannot read;
 * zxing-cpp 1.4 finds a DataMatrix only at the centre of what it is given and misses turned ones);
 * anything else, and a square that is no DataMatrix (a QR code), goes to zbar — on the region
 * only, since zbar on a whole noisy 720p frame takes longer than a camera frame lasts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pd-frame-decoder.h"

#include <math.h>
#include <string.h>
#include <zbar.h>

#include "pd-datamatrix.h"
#include "pd-symbol-locator.h"

/* More candidates than this in one frame are clutter; the strongest come first. */
#define MAX_CANDIDATES 6

struct _PdFrameDecoder
{
  GObject               parent_instance;
  zbar_image_scanner_t *scanner;
};

G_DEFINE_FINAL_TYPE (PdFrameDecoder, pd_frame_decoder, G_TYPE_OBJECT)

static void
pd_frame_decoder_finalize (GObject *object)
{
  PdFrameDecoder *self = PD_FRAME_DECODER (object);

  zbar_image_scanner_destroy (self->scanner);
  G_OBJECT_CLASS (pd_frame_decoder_parent_class)->finalize (object);
}

static void
pd_frame_decoder_class_init (PdFrameDecoderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_frame_decoder_finalize;
}

static void
pd_frame_decoder_init (PdFrameDecoder *self)
{
  static const zbar_symbol_type_t wanted[] = {
    ZBAR_EAN8, ZBAR_UPCE, ZBAR_EAN13, ZBAR_UPCA, ZBAR_CODE128, ZBAR_QRCODE,
  };

  self->scanner = zbar_image_scanner_create ();
  /* Everything off, then only what a packing desk meets: fewer symbologies, fewer false reads. */
  zbar_image_scanner_set_config (self->scanner, 0, ZBAR_CFG_ENABLE, 0);
  for (guint i = 0; i < G_N_ELEMENTS (wanted); i++)
    zbar_image_scanner_set_config (self->scanner, wanted[i], ZBAR_CFG_ENABLE, 1);
}

PdFrameDecoder *
pd_frame_decoder_new (void)
{
  return g_object_new (PD_TYPE_FRAME_DECODER, NULL);
}

static void
add_symbol (GPtrArray *found,
            PdSymbol  *symbol)
{
  /* A code split over two regions is read twice. */
  for (guint i = 0; i < found->len; i++)
    if (pd_symbol_equal (found->pdata[i], symbol))
      {
        pd_symbol_unref (symbol);
        return;
      }
  g_ptr_array_add (found, symbol);
}

/* What each region is read from: the symbol turned upright, in a rectangle of w × h pixels
 * centred on it. */
typedef struct
{
  const PdRegion *region;
  int             w, h;
  guint8         *pixels;
} Reading;

/* zxing-cpp reads best when the symbol fills most of what it is given, centred (it searches from
 * the centre): the symbol's side plus a quarter, plus two cells for a rough size estimate — which
 * also leaves zbar a QR code's quiet zone. A linear code needs ten modules of quiet zone beside
 * its bars. */
static void
reading_size (const PdRegion *region,
              int            *w,
              int            *h)
{
  double c = fabs (cos (region->angle)), s = fabs (sin (region->angle));
  double box = MAX (region->width, region->height);
  double a, b;

  if (region->square)
    {
      *w = *h = (int) (box / (c + s) * 5 / 4) + 32;
      return;
    }
  /* The upright sides a × b of a rectangle whose bounding box is width × height (a linear code is
   * read by zbar only within about 30° of upright, where this is well-conditioned). */
  a = (region->width * c - region->height * s) / (c * c - s * s);
  b = (region->height * c - region->width * s) / (c * c - s * s);
  *w = (int) (MAX (a, region->width / 2.0) + box / 4) + 16;
  *h = (int) (MAX (b, region->height / 2.0) + box / 4) + 16;
}

/* The region turned back by the symbol's rotation, sampled bilinearly; edge pixels repeat outside
 * the frame. zxing-cpp 1.4 misses turned symbols — most between 30° and 60°, some already at 10°
 * under noise — and zbar reads upright bars more often. */
static void
reading_init (Reading        *reading,
              const guint8   *pixels,
              int             width,
              int             height,
              int             stride,
              const PdRegion *region)
{
  double c = cos (region->angle), s = sin (region->angle);
  guint8 *out;

  reading->region = region;
  reading_size (region, &reading->w, &reading->h);
  out = reading->pixels = g_malloc ((gsize) reading->w * reading->h);
  for (int v = 0; v < reading->h; v++)
    for (int u = 0; u < reading->w; u++)
      {
        double du = u - reading->w / 2.0, dv = v - reading->h / 2.0;
        double fx = CLAMP (region->centre_x + c * du - s * dv, 0, width - 1.001);
        double fy = CLAMP (region->centre_y + s * du + c * dv, 0, height - 1.001);
        int x = (int) fx, y = (int) fy;
        double ax = fx - x, ay = fy - y;
        const guint8 *p = pixels + (gsize) y * stride + x;
        double top = p[0] + ax * (p[1] - p[0]);
        double bottom = p[stride] + ax * (p[stride + 1] - p[stride]);

        *out++ = (guint8) (top + ay * (bottom - top) + 0.5);
      }
}

/* A point of the upright copy, in frame pixels. */
static void
reading_to_frame (const Reading *reading,
                  double         corners[8])
{
  double c = cos (reading->region->angle), s = sin (reading->region->angle);

  for (int i = 0; i < 4; i++)
    {
      double du = corners[2 * i] - reading->w / 2.0, dv = corners[2 * i + 1] - reading->h / 2.0;

      corners[2 * i] = reading->region->centre_x + c * du - s * dv;
      corners[2 * i + 1] = reading->region->centre_y + s * du + c * dv;
    }
}

/* Otsu's threshold over the copy: inside a region that is mostly symbol, one threshold separates
 * ink from paper better than the decoders' own binarizers do under noise and large modules (and
 * zbar gets through a clean image several times faster). */
static void
reading_binarize (Reading *reading)
{
  gsize n = (gsize) reading->w * reading->h;
  guint histogram[256] = { 0 };
  double sum = 0, sum_below = 0, best = -1;
  gsize below = 0;
  guint threshold = 128;

  for (gsize i = 0; i < n; i++)
    histogram[reading->pixels[i]]++;
  for (guint t = 0; t < 256; t++)
    sum += (double) t * histogram[t];
  for (guint t = 0; t < 256; t++)
    {
      double between;

      below += histogram[t];
      sum_below += (double) t * histogram[t];
      if (below == 0 || below == n)
        continue;
      between = (double) below * (n - below)
                * pow (sum_below / below - (sum - sum_below) / (n - below), 2);
      if (between > best)
        {
          best = between;
          threshold = t;
        }
    }
  for (gsize i = 0; i < n; i++)
    reading->pixels[i] = reading->pixels[i] > threshold ? 255 : 0;
}

static PdSymbol *
reading_datamatrix (const Reading *reading,
                    gboolean       binarized)
{
  g_autofree char *text = NULL;
  double corners[8];
  gsize len;

  g_assert (reading->w == reading->h);
  text = pd_datamatrix_read (reading->pixels, reading->w, reading->w, binarized, &len, corners);
  if (text == NULL)
    return NULL;
  reading_to_frame (reading, corners);
  return pd_symbol_new (PD_SYMBOL_FORMAT_DATAMATRIX, text, len, corners);
}

static gboolean
zbar_format (zbar_symbol_type_t type,
             PdSymbolFormat    *format)
{
  switch (type)
    {
    case ZBAR_QRCODE: *format = PD_SYMBOL_FORMAT_QR; return TRUE;
    case ZBAR_CODE128: *format = PD_SYMBOL_FORMAT_CODE128; return TRUE;
    case ZBAR_EAN13: *format = PD_SYMBOL_FORMAT_EAN13; return TRUE;
    case ZBAR_EAN8: *format = PD_SYMBOL_FORMAT_EAN8; return TRUE;
    case ZBAR_UPCA: *format = PD_SYMBOL_FORMAT_UPCA; return TRUE;
    case ZBAR_UPCE: *format = PD_SYMBOL_FORMAT_UPCE; return TRUE;
    default: return FALSE;
    }
}

/* zbar gives a polygon of any length (a line for linear codes); the outline is its bounding box. */
static void
zbar_corners (const zbar_symbol_t *symbol,
              double               corners[8])
{
  unsigned n = zbar_symbol_get_loc_size (symbol);
  int left = G_MAXINT, top = G_MAXINT, right = G_MININT, bottom = G_MININT;

  for (unsigned i = 0; i < n; i++)
    {
      int x = zbar_symbol_get_loc_x (symbol, i), y = zbar_symbol_get_loc_y (symbol, i);

      left = MIN (left, x);
      right = MAX (right, x);
      top = MIN (top, y);
      bottom = MAX (bottom, y);
    }
  if (n == 0)
    left = top = right = bottom = 0;
  corners[0] = corners[6] = left;
  corners[2] = corners[4] = right;
  corners[1] = corners[3] = top;
  corners[5] = corners[7] = bottom;
}

static void
reading_zbar (PdFrameDecoder *self,
              const Reading  *reading,
              GPtrArray      *found)
{
  zbar_image_t *image = zbar_image_create ();

  zbar_image_set_format (image, zbar_fourcc ('Y', '8', '0', '0'));
  zbar_image_set_size (image, reading->w, reading->h);
  zbar_image_set_data (image, reading->pixels, (unsigned long) reading->w * reading->h, NULL);
  if (zbar_scan_image (self->scanner, image) > 0)
    for (const zbar_symbol_t *s = zbar_image_first_symbol (image); s; s = zbar_symbol_next (s))
      {
        PdSymbolFormat format;
        double corners[8];

        if (!zbar_format (zbar_symbol_get_type (s), &format))
          continue;
        zbar_corners (s, corners);
        reading_to_frame (reading, corners);
        add_symbol (found, pd_symbol_new (format, zbar_symbol_get_data (s),
                                          zbar_symbol_get_data_length (s), corners));
      }
  zbar_image_destroy (image);
}

/* A square is a DataMatrix if zxing-cpp reads it as one, as it is or binarized; whatever else a
 * region holds is zbar's to read, binarized (cleaner, and several times faster) and, failing that,
 * as it is. */
static void
read_region (PdFrameDecoder *self,
             const guint8   *pixels,
             int             width,
             int             height,
             int             stride,
             const PdRegion *region,
             GPtrArray      *found)
{
  Reading reading;
  g_autofree guint8 *grey = NULL;
  PdSymbol *symbol = NULL;
  guint before = found->len;

  reading_init (&reading, pixels, width, height, stride, region);
  if (region->square)
    symbol = reading_datamatrix (&reading, FALSE);
  if (symbol == NULL)
    {
      grey = g_memdup2 (reading.pixels, (gsize) reading.w * reading.h);
      reading_binarize (&reading);
      if (region->square)
        symbol = reading_datamatrix (&reading, TRUE);
    }
  if (symbol != NULL)
    add_symbol (found, symbol);
  else
    reading_zbar (self, &reading, found);

  if (symbol == NULL && found->len == before)
    {
      memcpy (reading.pixels, grey, (gsize) reading.w * reading.h);
      reading_zbar (self, &reading, found);
    }
  g_free (reading.pixels);
}

GPtrArray *
pd_frame_decoder_decode (PdFrameDecoder *self,
                         const guint8   *pixels,
                         int             width,
                         int             height,
                         int             stride)
{
  GPtrArray *found = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_symbol_unref);
  PdRegion regions[MAX_CANDIDATES];
  guint n;

  g_return_val_if_fail (PD_IS_FRAME_DECODER (self), found);
  g_return_val_if_fail (stride >= width, found);

  n = pd_symbol_locate (pixels, width, height, stride, regions, MAX_CANDIDATES);
  for (guint i = 0; i < n; i++)
    read_region (self, pixels, width, height, stride, &regions[i], found);
  return found;
}
