/* pd-frame-decoder.c — every barcode in one grey frame.
 *
 * Four passes, cheapest first, as bench-decoder's figures decided:
 *
 * 1. The locator names a few regions worth reading; each squarish one is copied out of the frame
 *    turned upright, centred and at a scale where a module is a few pixels (small symbols
 *    doubled), and read as a DataMatrix by zxing-cpp: a few milliseconds for a flat, clean
 *    symbol, and small ones (3 px a module) that zxing-cpp misses on the whole frame.
 * 2. When that found no DataMatrix, zxing-cpp's thorough search (tryHarder, at full and reduced
 *    size) looks for a DataMatrix or QR code around everything the locator saw: that is what
 *    finds codes tilted away from the camera, in uneven light, large or blurred by JPEG — but it
 *    costs several times more, so only when the first pass failed.
 * 3. zbar reads the linear codes (EAN-13, UPC-A, Code 128) in the remaining regions — on the
 *    region only, since zbar on a whole noisy 720p frame takes longer than a camera frame lasts —
 *    and QR codes in squares where zxing-cpp found nothing. The matrix codes found are painted out
 *    of what zbar sees, and an EAN-13 or UPC-A must be read by zxing-cpp too: on desk-like frames
 *    zbar alone now and then reported codes that were not there.
 * 4. When nothing at all was read, zxing-cpp looks over the whole frame at half size, for what
 *    the locator cannot see: a bare label image, or a code held so close that its modules are
 *    wider than the locator's cells (up to 30 px a module).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pd-frame-decoder.h"

#include <math.h>
#include <string.h>
#include <zbar.h>

#include "pd-symbol-locator.h"
#include "pd-zxing.h"

/* More candidates than this in one frame are clutter; the strongest come first. */
#define MAX_CANDIDATES 6
/* A linear code's quality is how many scan lines agreed; blurred or JPEG-damaged bars are now
 * and then misread with a valid check digit on one or two lines (bench-decoder). */
#define MIN_LINEAR_QUALITY 3

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
  /* Not EAN-8 or UPC-E: the half of an EAN-13 that a camera sees at the frame's edge reads as a
   * valid EAN-8 (bench-decoder found it on desk-like frames); a USB scanner still reads them. */
  static const zbar_symbol_type_t wanted[] = {
    ZBAR_EAN13, ZBAR_UPCA, ZBAR_CODE128, ZBAR_QRCODE,
  };

  self->scanner = zbar_image_scanner_create ();
  /* Everything off, then only what a packing desk meets: fewer symbologies, fewer false reads. */
  zbar_image_scanner_set_config (self->scanner, 0, ZBAR_CFG_ENABLE, 0);
  for (guint i = 0; i < G_N_ELEMENTS (wanted); i++)
    zbar_image_scanner_set_config (self->scanner, wanted[i], ZBAR_CFG_ENABLE, 1);
  /* Every other scan line: bars are many lines tall, and it halves zbar's time. */
  zbar_image_scanner_set_config (self->scanner, 0, ZBAR_CFG_X_DENSITY, 2);
  zbar_image_scanner_set_config (self->scanner, 0, ZBAR_CFG_Y_DENSITY, 2);
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
 * centred on it, each STEP frame pixels apart. */
typedef struct
{
  const PdRegion *region;
  int             w, h;
  double          step;
  guint8         *pixels;
} Reading;

/* A square copy is read at most this many pixels a side: zxing-cpp takes no longer over a
 * large symbol's copy than over a small one's, and large modules stay several pixels wide. */
#define MAX_SQUARE_SIDE 320
/* Below this the square is copied at twice the frame's resolution: zxing-cpp misses many symbols
 * of 3 px a module that it reads when they are doubled. */
#define SMALL_SQUARE_SIDE 160
/* Frames larger than this are halved for the last pass. */
#define SHRINK_ABOVE 640
/* A linear code's copy is read at most this long. */
#define MAX_LINEAR_SIDE 640

/* zxing-cpp reads best when the symbol fills most of what it is given, centred (it searches from
 * the centre): the symbol's side plus a quarter, plus two cells for a rough size estimate — which
 * also leaves zbar a QR code's quiet zone. A linear code needs ten modules of quiet zone beside
 * its bars. */
static void
reading_size (const PdRegion *region,
              int            *w,
              int            *h,
              double         *step)
{
  double c = fabs (cos (region->angle)), s = fabs (sin (region->angle));
  double box = MAX (region->width, region->height);
  double a, b;

  *step = 1;
  if (region->square)
    {
      double side = box / (c + s) * 5 / 4 + 32;

      if (side > MAX_SQUARE_SIDE)
        *step = side / MAX_SQUARE_SIDE;
      else if (side < SMALL_SQUARE_SIDE)
        *step = 0.5;
      *w = *h = (int) (side / *step);
      return;
    }
  /* The upright sides a × b of a rectangle whose bounding box is width × height (a linear code is
   * read by zbar only within about 30° of upright, where this is well-conditioned). */
  a = (region->width * c - region->height * s) / (c * c - s * s);
  b = (region->height * c - region->width * s) / (c * c - s * s);
  a = MAX (a, region->width / 2.0) + box / 4 + 16;
  b = MAX (b, region->height / 2.0) + box / 4 + 16;
  /* zbar's time grows with the pixels it is given; bars that long are wide enough at half. */
  if (MAX (a, b) > MAX_LINEAR_SIDE)
    *step = MAX (a, b) / MAX_LINEAR_SIDE;
  *w = (int) (a / *step);
  *h = (int) (b / *step);
}

/* The region turned back by the symbol's rotation, sampled bilinearly; edge pixels repeat outside
 * the frame. zbar reads upright bars more often, and zxing-cpp's quick search missed turned
 * symbols (most between 30° and 60°, measured on zxing-cpp 1.4). */
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
  reading_size (region, &reading->w, &reading->h, &reading->step);
  out = reading->pixels = g_malloc ((gsize) reading->w * reading->h);
  for (int v = 0; v < reading->h; v++)
    for (int u = 0; u < reading->w; u++)
      {
        double du = (u - reading->w / 2.0) * reading->step;
        double dv = (v - reading->h / 2.0) * reading->step;
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
      double du = (corners[2 * i] - reading->w / 2.0) * reading->step;
      double dv = (corners[2 * i + 1] - reading->h / 2.0) * reading->step;

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
        if (format != PD_SYMBOL_FORMAT_QR && zbar_symbol_get_quality (s) < MIN_LINEAR_QUALITY)
          continue;
        zbar_corners (s, corners);
        reading_to_frame (reading, corners);
        add_symbol (found, pd_symbol_new (format, zbar_symbol_get_data (s),
                                          zbar_symbol_get_data_length (s), corners));
      }
  zbar_image_destroy (image);
}

/* Pass 1: a square is a DataMatrix if zxing-cpp reads it as one. (Binarizing the copy first, as
 * zbar's copies are, read no more on bench-decoder's frames and cost a fifth of the time.) */
static gboolean
read_square (const Reading *reading,
             GPtrArray     *found)
{
  const PdZxingOptions options = { PD_ZXING_FORMAT (PD_SYMBOL_FORMAT_DATAMATRIX), FALSE, FALSE };
  g_autoptr(GPtrArray) symbols = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_symbol_unref);
  double corners[8];
  gsize len;
  const char *text;

  g_assert (reading->w == reading->h);
  pd_zxing_read (reading->pixels, reading->w, reading->h, reading->w, &options, 0, 0, symbols);
  if (symbols->len == 0)
    return FALSE;
  pd_symbol_get_corners (symbols->pdata[0], corners);
  text = pd_symbol_get_text (symbols->pdata[0], &len);
  reading_to_frame (reading, corners);
  add_symbol (found, pd_symbol_new (PD_SYMBOL_FORMAT_DATAMATRIX, text, len, corners));
  return TRUE;
}

/* Pass 2: zxing-cpp's thorough search for the matrix codes, over the part of the frame where
 * the locator saw anything at all, with a margin for the edges of large modules it took for
 * paper. A frame where nothing stands out costs nothing here. */
static void
read_around (const guint8   *pixels,
             int             width,
             int             height,
             int             stride,
             const PdRegion *regions,
             guint           n,
             GPtrArray      *found)
{
  const PdZxingOptions options = {
    PD_ZXING_FORMAT (PD_SYMBOL_FORMAT_DATAMATRIX) | PD_ZXING_FORMAT (PD_SYMBOL_FORMAT_QR),
    TRUE, TRUE,
  };
  g_autoptr(GPtrArray) symbols = g_ptr_array_new ();
  int left = width, top = height, right = 0, bottom = 0;

  for (guint i = 0; i < n; i++)
    {
      int margin = MAX (regions[i].width, regions[i].height) / 4 + 48;

      left = MIN (left, regions[i].centre_x - regions[i].width / 2 - margin);
      right = MAX (right, regions[i].centre_x + regions[i].width / 2 + margin);
      top = MIN (top, regions[i].centre_y - regions[i].height / 2 - margin);
      bottom = MAX (bottom, regions[i].centre_y + regions[i].height / 2 + margin);
    }
  left = MAX (left, 0);
  top = MAX (top, 0);
  right = MIN (right, width);
  bottom = MIN (bottom, height);
  if (right - left < 32 || bottom - top < 32)
    return;
  pd_zxing_read (pixels + (gsize) top * stride + left, right - left, bottom - top, stride,
                 &options, left, top, symbols);
  for (guint i = 0; i < symbols->len; i++)
    add_symbol (found, symbols->pdata[i]);
}

/* Paints the matrix codes found so far out of a copy, a little beyond their edges: read as bars,
 * a row of DataMatrix modules now and then passes for a linear code. */
static void
reading_mask_matrix_codes (Reading   *reading,
                           GPtrArray *found)
{
  double c = cos (reading->region->angle), s = sin (reading->region->angle);

  for (guint i = 0; i < found->len; i++)
    {
      PdSymbolFormat format = pd_symbol_get_format (found->pdata[i]);
      double corners[8], u[4], v[4], mu = 0, mv = 0;
      int left = reading->w, right = 0, top = reading->h, bottom = 0;

      if (format != PD_SYMBOL_FORMAT_DATAMATRIX && format != PD_SYMBOL_FORMAT_QR)
        continue;
      pd_symbol_get_corners (found->pdata[i], corners);
      for (int k = 0; k < 4; k++)
        {
          double dx = corners[2 * k] - reading->region->centre_x;
          double dy = corners[2 * k + 1] - reading->region->centre_y;

          u[k] = (c * dx + s * dy) / reading->step + reading->w / 2.0;
          v[k] = (-s * dx + c * dy) / reading->step + reading->h / 2.0;
          mu += u[k] / 4;
          mv += v[k] / 4;
        }
      for (int k = 0; k < 4; k++)
        {
          u[k] = mu + (u[k] - mu) * 1.2;
          v[k] = mv + (v[k] - mv) * 1.2;
          left = MIN (left, (int) floor (u[k]));
          right = MAX (right, (int) ceil (u[k]));
          top = MIN (top, (int) floor (v[k]));
          bottom = MAX (bottom, (int) ceil (v[k]));
        }
      for (int y = MAX (top, 0); y < MIN (bottom, reading->h); y++)
        for (int x = MAX (left, 0); x < MIN (right, reading->w); x++)
          {
            gboolean inside = TRUE;

            /* Inside a convex quadrilateral: on the same side of all four edges as its centre. */
            for (int k = 0; k < 4 && inside; k++)
              {
                int l = (k + 1) % 4;
                double edge = (u[l] - u[k]) * (y - v[k]) - (v[l] - v[k]) * (x - u[k]);
                double centre = (u[l] - u[k]) * (mv - v[k]) - (v[l] - v[k]) * (mu - u[k]);

                inside = edge * centre >= 0;
              }
            if (inside)
              reading->pixels[y * reading->w + x] = 255;
          }
    }
}

static gboolean
has_matrix_code (GPtrArray *found)
{
  for (guint i = 0; i < found->len; i++)
    {
      PdSymbolFormat format = pd_symbol_get_format (found->pdata[i]);

      if (format == PD_SYMBOL_FORMAT_DATAMATRIX || format == PD_SYMBOL_FORMAT_QR)
        return TRUE;
    }
  return FALSE;
}

/* An EAN-13 or UPC-A that zbar read from blurred or JPEG-damaged bars is now and then wrong in two
 * digits whose errors cancel in the check digit (bench-decoder found such reads on desk-like
 * frames); one is kept only when zxing-cpp, which decodes bars its own way, reads the same. */
static void
confirm_retail_codes (const Reading *reading,
                      GPtrArray     *found,
                      guint          first)
{
  const PdZxingOptions options = {
    PD_ZXING_FORMAT (PD_SYMBOL_FORMAT_EAN13) | PD_ZXING_FORMAT (PD_SYMBOL_FORMAT_UPCA),
    TRUE, FALSE,
  };
  g_autoptr(GPtrArray) again = NULL;

  for (guint i = found->len; i > first; i--)
    {
      PdSymbol *symbol = found->pdata[i - 1];
      PdSymbolFormat format = pd_symbol_get_format (symbol);
      gboolean confirmed = FALSE;

      if (format != PD_SYMBOL_FORMAT_EAN13 && format != PD_SYMBOL_FORMAT_UPCA)
        continue;
      if (again == NULL)
        {
          again = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_symbol_unref);
          pd_zxing_read (reading->pixels, reading->w, reading->h, reading->w, &options, 0, 0,
                         again);
        }
      for (guint k = 0; k < again->len && !confirmed; k++)
        confirmed = g_str_equal (pd_symbol_get_text (again->pdata[k], NULL),
                                 pd_symbol_get_text (symbol, NULL));
      if (!confirmed)
        g_ptr_array_remove_index (found, i - 1);
    }
}

/* Pass 4, when nothing at all was read: the whole frame at half resolution (as it is when
 * small), which keeps this cheap enough for every empty frame. */
static void
read_everything_shrunk (const guint8 *pixels,
                        int           width,
                        int           height,
                        int           stride,
                        GPtrArray    *found)
{
  /* The thorough search only for the matrix codes: for bars it costs several times more, and
   * bars that large are found without it. */
  const PdZxingOptions matrix = {
    PD_ZXING_FORMAT (PD_SYMBOL_FORMAT_DATAMATRIX) | PD_ZXING_FORMAT (PD_SYMBOL_FORMAT_QR),
    TRUE, TRUE,
  };
  /* Not EAN-8 or UPC-E, as for zbar (see pd_frame_decoder_init). */
  const PdZxingOptions linear = {
    PD_ZXING_FORMAT (PD_SYMBOL_FORMAT_CODE128) | PD_ZXING_FORMAT (PD_SYMBOL_FORMAT_EAN13)
    | PD_ZXING_FORMAT (PD_SYMBOL_FORMAT_UPCA), FALSE, TRUE,
  };
  g_autoptr(GPtrArray) symbols = g_ptr_array_new ();
  g_autofree guint8 *half = NULL;
  int hw = width / 2, hh = height / 2;

  if (MAX (width, height) <= SHRINK_ABOVE)
    {
      pd_zxing_read (pixels, width, height, stride, &matrix, 0, 0, symbols);
      pd_zxing_read (pixels, width, height, stride, &linear, 0, 0, symbols);
      g_ptr_array_extend_and_steal (found, g_steal_pointer (&symbols));
      return;
    }
  half = pd_grey_halve (pixels, stride, hw, hh);
  pd_zxing_read (half, hw, hh, hw, &matrix, 0, 0, symbols);
  pd_zxing_read (half, hw, hh, hw, &linear, 0, 0, symbols);
  for (guint i = 0; i < symbols->len; i++)
    {
      double corners[8];
      gsize len;
      const char *text = pd_symbol_get_text (symbols->pdata[i], &len);

      pd_symbol_get_corners (symbols->pdata[i], corners);
      for (int k = 0; k < 8; k++)
        corners[k] *= 2;
      add_symbol (found, pd_symbol_new (pd_symbol_get_format (symbols->pdata[i]), text, len,
                                        corners));
      pd_symbol_unref (symbols->pdata[i]);
    }
}

/* Pass 3: whatever else a region holds is zbar's to read, binarized (cleaner, and several times
 * faster) and, failing that and while the frame has shown no marking code, as it is. */
static void
read_with_zbar (PdFrameDecoder *self,
                Reading        *reading,
                GPtrArray      *found)
{
  g_autofree guint8 *grey = NULL;
  guint before = found->len;

  reading_mask_matrix_codes (reading, found);
  grey = g_memdup2 (reading->pixels, (gsize) reading->w * reading->h);
  reading_binarize (reading);
  reading_zbar (self, reading, found);
  if (found->len == before && !has_matrix_code (found))
    {
      memcpy (reading->pixels, grey, (gsize) reading->w * reading->h);
      reading_zbar (self, reading, found);
    }
  memcpy (reading->pixels, grey, (gsize) reading->w * reading->h);
  confirm_retail_codes (reading, found, before);
}

/* Whether a code already found lies in the region (so that zbar need not look there). */
static gboolean
covers_symbol (const PdRegion *region,
               GPtrArray      *found)
{
  for (guint i = 0; i < found->len; i++)
    {
      double corners[8], x = 0, y = 0;

      pd_symbol_get_corners (found->pdata[i], corners);
      for (int c = 0; c < 4; c++)
        {
          x += corners[2 * c] / 4;
          y += corners[2 * c + 1] / 4;
        }
      if (fabs (x - region->centre_x) < region->width / 2.0
          && fabs (y - region->centre_y) < region->height / 2.0)
        return TRUE;
    }
  return FALSE;
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
  Reading readings[MAX_CANDIDATES];
  gboolean read[MAX_CANDIDATES] = { FALSE };
  guint n;

  g_return_val_if_fail (PD_IS_FRAME_DECODER (self), found);
  g_return_val_if_fail (stride >= width, found);

  n = pd_symbol_locate (pixels, width, height, stride, regions, MAX_CANDIDATES);
  for (guint i = 0; i < n; i++)
    {
      reading_init (&readings[i], pixels, width, height, stride, &regions[i]);
      if (regions[i].square)
        read[i] = read_square (&readings[i], found);
    }
  if (!has_matrix_code (found))
    read_around (pixels, width, height, stride, regions, n, found);
  for (guint i = 0; i < n; i++)
    {
      /* A squarish region may hold a short, tall EAN-13 as well as a QR code. */
      if (!read[i] && !(regions[i].square && covers_symbol (&regions[i], found)))
        read_with_zbar (self, &readings[i], found);
      g_free (readings[i].pixels);
    }
  if (found->len == 0)
    read_everything_shrunk (pixels, width, height, stride, found);
  return found;
}
