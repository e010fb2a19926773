/* pd-test-desk-frame.c — what a desk camera sees (see the header).
 *
 * The label is laid out in DataMatrix modules: the DataMatrix, the EAN-13 beside it at a third to
 * two thirds of its module size (as on a real label, where the EAN's bars are finer), three lines
 * of text below. A pinhole camera looks at it: the label is turned in its plane and leans away
 * from the camera about an axis of any direction, which gives foreshortening and converging
 * edges; each pixel is the label point it sees, 2 × 2 samples a pixel. Light falls off across the
 * frame, a glare spot lies somewhere, the lens blurs, the sensor adds noise, and the frame goes
 * through JPEG as a webcam's MJPEG does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pd-test-desk-frame.h"

#include <math.h>
#include <stdio.h>
#include <jpeglib.h>

/* A webcam's focal length in pixels for a 1280-wide frame (about 65° across). */
#define FOCAL_720P 1000.0
#define QUIET 3       /* modules of paper around the label's contents */
#define GAP 4         /* modules at least between the DataMatrix and the EAN-13 */
#define TEXT_LINES 3

typedef struct
{
  guint8 *modules;
  int     width, height;  /* in its own modules */
  double  x, y, scale;    /* where it sits on the label, in DataMatrix modules */
} Block;

typedef struct
{
  Block   datamatrix, ean;
  double  width, height;  /* the label, in DataMatrix modules */
  double  text_top;
  guint32 text_seed;
  gboolean with_code;
} Label;

void
pd_test_desk_params_random (GRand            *rand,
                            PdTestDeskParams *params)
{
  params->module = exp (g_rand_double_range (rand, log (3.0), log (16.0)));
  params->angle = g_rand_double_range (rand, -180, 180);
  params->tilt = g_rand_double_range (rand, 0, 40);
  params->ink = g_rand_double_range (rand, 20, 110);
  params->paper = g_rand_double_range (rand, 175, 235);
  params->blur = g_rand_double_range (rand, 0.4, 1.4);
  params->noise = g_rand_double_range (rand, 1, 6);
  params->glare = g_rand_boolean (rand) ? g_rand_double_range (rand, 20, 70) : 0;
  params->jpeg_quality = g_rand_int_range (rand, 45, 86);
  params->with_code = TRUE;
}

static void
random_ean (GRand *rand,
            char   digits[14])
{
  guint sum = 0;

  digits[0] = '4';
  digits[1] = '6';
  for (int i = 2; i < 12; i++)
    digits[i] = '0' + g_rand_int_range (rand, 0, 10);
  for (int i = 0; i < 12; i++)
    sum += (digits[i] - '0') * (i % 2 ? 3 : 1);
  digits[12] = '0' + (10 - sum % 10) % 10;
  digits[13] = '\0';
}

static void
label_init (Label            *label,
            GRand            *rand,
            const PdTestCode *cis,
            const char       *ean)
{
  PdTestCode ean_code = { (char *) ean, NULL };
  Block *dm = &label->datamatrix, *bars = &label->ean;

  dm->modules = pd_test_code_modules (PD_TEST_SYMBOL_DATAMATRIX, cis, &dm->width, &dm->height);
  dm->x = dm->y = QUIET;
  dm->scale = 1;
  /* zint takes the 12 digits and adds the check digit itself. */
  ean_code.raw = g_strndup (ean, 12);
  bars->modules = pd_test_code_modules (PD_TEST_SYMBOL_EAN13, &ean_code, &bars->width,
                                        &bars->height);
  g_free (ean_code.raw);
  bars->scale = g_rand_double_range (rand, 0.35, 0.65);
  /* An EAN-13 wants 11 of its modules of quiet zone on its left and 7 on its right. */
  bars->x = QUIET + dm->width + MAX (GAP, 11 * bars->scale);
  bars->y = QUIET;
  label->width = bars->x + bars->width * bars->scale + MAX (QUIET, 7 * bars->scale);
  label->text_top = QUIET + MAX (dm->height, bars->height * bars->scale) + 2;
  label->height = label->text_top + TEXT_LINES * 3 + QUIET;
  label->text_seed = g_rand_int (rand);
}

static void
label_clear (Label *label)
{
  g_free (label->datamatrix.modules);
  g_free (label->ean.modules);
}

static gboolean
block_ink (const Block *block,
           double       u,
           double       v,
           gboolean    *ink)
{
  int x = (int) floor ((u - block->x) / block->scale);
  int y = (int) floor ((v - block->y) / block->scale);

  if (x < 0 || y < 0 || x >= block->width || y >= block->height)
    return FALSE;
  *ink = block->modules[y * block->width + x] == 0;
  return TRUE;
}

/* Text: glyph-sized dark blocks, the same for a given label wherever it is sampled. */
static gboolean
text_ink (const Label *label,
          double       u,
          double       v)
{
  double line = (v - label->text_top) / 3;
  int row = (int) floor (line), cell = (int) floor (u / 0.8);
  guint32 h;

  if (row < 0 || row >= TEXT_LINES || line - row > 0.6 || u < QUIET || u > label->width - QUIET)
    return FALSE;
  h = label->text_seed ^ (guint32) (row * 7919 + cell * 104729);
  h = (h ^ (h >> 13)) * 0x5bd1e995u;
  h ^= h >> 15;
  return (h & 3) != 0 && cell % 7 != 6;
}

/* 1 for paper, 0 for ink, -1 off the label. */
static int
label_reflectance (const Label *label,
                   double       u,
                   double       v)
{
  gboolean ink;

  if (u < 0 || v < 0 || u >= label->width || v >= label->height)
    return -1;
  if (label->with_code && (block_ink (&label->datamatrix, u, v, &ink)
                           || block_ink (&label->ean, u, v, &ink)))
    return !ink;
  return !text_ink (label, u, v);
}

typedef struct
{
  double m[9];  /* frame pixel → label module, homogeneous, row-major */
} Homography;

static void
invert3 (const double a[9],
         double       out[9])
{
  double det = a[0] * (a[4] * a[8] - a[5] * a[7]) - a[1] * (a[3] * a[8] - a[5] * a[6])
               + a[2] * (a[3] * a[7] - a[4] * a[6]);

  out[0] = (a[4] * a[8] - a[5] * a[7]) / det;
  out[1] = (a[2] * a[7] - a[1] * a[8]) / det;
  out[2] = (a[1] * a[5] - a[2] * a[4]) / det;
  out[3] = (a[5] * a[6] - a[3] * a[8]) / det;
  out[4] = (a[0] * a[8] - a[2] * a[6]) / det;
  out[5] = (a[2] * a[3] - a[0] * a[5]) / det;
  out[6] = (a[3] * a[7] - a[4] * a[6]) / det;
  out[7] = (a[1] * a[6] - a[0] * a[7]) / det;
  out[8] = (a[0] * a[4] - a[1] * a[3]) / det;
}

static void
project (const double h[9],
         double       x,
         double       y,
         double      *px,
         double      *py)
{
  double w = h[6] * x + h[7] * y + h[8];

  *px = (h[0] * x + h[1] * y + h[2]) / w;
  *py = (h[3] * x + h[4] * y + h[5]) / w;
}

/* The camera: label point (u, v) in modules → frame pixel, for the label centred at (cx, cy) in
 * the frame. In the label's own plane it is scaled to MODULE pixels and centred on the
 * DataMatrix; it leans by TILT about an axis at AXIS in that plane, then turns by ANGLE; it lies
 * at the focal distance, so a module on the axis is MODULE pixels. */
static void
camera_matrix (const PdTestDeskParams *params,
               const Label            *label,
               double                  axis,
               double                  focal,
               double                  cx,
               double                  cy,
               double                  forward[9])
{
  double t = params->tilt * G_PI / 180, a = params->angle * G_PI / 180;
  double ca = cos (axis), sa = sin (axis), ct = cos (t), st = sin (t);
  double uc = label->datamatrix.x + label->datamatrix.width / 2.0;
  double vc = label->datamatrix.y + label->datamatrix.height / 2.0;
  /* Where the plane's x and y axes go (Rodrigues' formula for the lean about k = (ca, sa, 0),
   * then the turn in the image plane). */
  double lean[2][3] = {
    { ct + (1 - ct) * ca * ca, (1 - ct) * ca * sa, -st * sa },
    { (1 - ct) * sa * ca, ct + (1 - ct) * sa * sa, st * ca },
  };
  double r[2][3];

  for (int i = 0; i < 2; i++)
    {
      r[i][0] = lean[i][0] * cos (a) - lean[i][1] * sin (a);
      r[i][1] = lean[i][0] * sin (a) + lean[i][1] * cos (a);
      r[i][2] = lean[i][2];
    }
  /* Image = K · [r0 r1 t] · (X, Y, 1) with X = (u − uc)·module, t = (0, 0, focal). */
  for (int row = 0; row < 3; row++)
    {
      double k0 = row == 0 ? focal : 0, k1 = row == 1 ? focal : 0, k2 = row == 0 ? cx
                                                                      : row == 1 ? cy : 1;
      double c0 = (k0 * r[0][0] + k1 * r[0][1] + k2 * r[0][2]) * params->module;
      double c1 = (k0 * r[1][0] + k1 * r[1][1] + k2 * r[1][2]) * params->module;
      double c2 = k2 * focal;

      forward[3 * row] = c0;
      forward[3 * row + 1] = c1;
      forward[3 * row + 2] = c2 - c0 * uc - c1 * vc;
    }
}

/* Whether the block (with a module of quiet zone) lands inside the frame with a margin. */
static gboolean
block_in_frame (const double forward[9],
                const Block *block,
                int          width,
                int          height)
{
  double w = block->width * block->scale, h = block->height * block->scale;
  double corners[4][2] = {
    { block->x - 1, block->y - 1 }, { block->x + w + 1, block->y - 1 },
    { block->x + w + 1, block->y + h + 1 }, { block->x - 1, block->y + h + 1 },
  };

  for (int i = 0; i < 4; i++)
    {
      double x, y;

      project (forward, corners[i][0], corners[i][1], &x, &y);
      if (x < 2 || y < 2 || x > width - 3 || y > height - 3)
        return FALSE;
    }
  return TRUE;
}

static void
gaussian_blur (guint8 *pixels,
               int     width,
               int     height,
               double  sigma)
{
  int radius = (int) ceil (3 * sigma);
  g_autofree double *kernel = g_new (double, 2 * radius + 1);
  g_autofree double *line = g_new (double, MAX (width, height));
  double sum = 0;

  for (int i = -radius; i <= radius; i++)
    sum += kernel[i + radius] = exp (-i * i / (2 * sigma * sigma));
  for (int i = 0; i <= 2 * radius; i++)
    kernel[i] /= sum;
  for (int pass = 0; pass < 2; pass++)
    {
      int n = pass ? height : width, lines = pass ? width : height;

      for (int l = 0; l < lines; l++)
        {
          for (int i = 0; i < n; i++)
            {
              double acc = 0;

              for (int k = -radius; k <= radius; k++)
                {
                  int j = CLAMP (i + k, 0, n - 1);

                  acc += kernel[k + radius] * pixels[pass ? j * width + l : l * width + j];
                }
              line[i] = acc;
            }
          for (int i = 0; i < n; i++)
            pixels[pass ? i * width + l : l * width + i] = (guint8) CLAMP (lround (line[i]), 0, 255);
        }
    }
}

/* Through libjpeg and back: the blocking and ringing a webcam's MJPEG adds. */
static void
jpeg_round_trip (guint8 *pixels,
                 int     width,
                 int     height,
                 int     quality)
{
  struct jpeg_compress_struct c;
  struct jpeg_decompress_struct d;
  struct jpeg_error_mgr cerr, derr;
  unsigned char *buffer = NULL;
  unsigned long size = 0;

  c.err = jpeg_std_error (&cerr);
  jpeg_create_compress (&c);
  jpeg_mem_dest (&c, &buffer, &size);
  c.image_width = width;
  c.image_height = height;
  c.input_components = 1;
  c.in_color_space = JCS_GRAYSCALE;
  jpeg_set_defaults (&c);
  jpeg_set_quality (&c, quality, TRUE);
  jpeg_start_compress (&c, TRUE);
  while (c.next_scanline < c.image_height)
    {
      JSAMPROW row = pixels + (gsize) c.next_scanline * width;

      jpeg_write_scanlines (&c, &row, 1);
    }
  jpeg_finish_compress (&c);
  jpeg_destroy_compress (&c);

  d.err = jpeg_std_error (&derr);
  jpeg_create_decompress (&d);
  jpeg_mem_src (&d, buffer, size);
  jpeg_read_header (&d, TRUE);
  jpeg_start_decompress (&d);
  while (d.output_scanline < d.output_height)
    {
      JSAMPROW row = pixels + (gsize) d.output_scanline * width;

      jpeg_read_scanlines (&d, &row, 1);
    }
  jpeg_finish_decompress (&d);
  jpeg_destroy_decompress (&d);
  free (buffer);
}

static double
gaussian (GRand *rand)
{
  return sqrt (-2.0 * log (g_rand_double_range (rand, 1e-9, 1.0)))
         * cos (2 * G_PI * g_rand_double (rand));
}

/* Places the label so that its DataMatrix is whole in the frame; FALSE if no place is found. */
static gboolean
place_label (GRand                  *rand,
             const PdTestDeskParams *params,
             const Label            *label,
             int                     width,
             int                     height,
             double                  forward[9])
{
  double focal = FOCAL_720P * width / 1280.0;

  for (int attempt = 0; attempt < 200; attempt++)
    {
      double axis = g_rand_double_range (rand, 0, G_PI);
      double cx = g_rand_double_range (rand, 0, width), cy = g_rand_double_range (rand, 0, height);

      camera_matrix (params, label, axis, focal, cx, cy, forward);
      if (!label->with_code || block_in_frame (forward, &label->datamatrix, width, height))
        return TRUE;
    }
  return FALSE;
}

static void
render (GRand                  *rand,
        const PdTestDeskParams *params,
        const Label            *label,
        const double            forward[9],
        guint8                 *pixels,
        int                     width,
        int                     height)
{
  double inverse[9];
  double desk = g_rand_double_range (rand, 60, 150);
  double fall_x = g_rand_double_range (rand, -0.25, 0.25) / width;
  double fall_y = g_rand_double_range (rand, -0.25, 0.25) / height;
  double glare_x = g_rand_double_range (rand, 0, width), glare_y = g_rand_double_range (rand, 0, height);
  double glare_r = g_rand_double_range (rand, 30, 120);

  invert3 (forward, inverse);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        double sum = 0, light = 1 + fall_x * (x - width / 2.0) + fall_y * (y - height / 2.0);
        double gx = x - glare_x, gy = y - glare_y;

        for (int s = 0; s < 4; s++)
          {
            double u, v;
            int r;

            project (inverse, x + 0.25 + 0.5 * (s & 1), y + 0.25 + 0.5 * (s >> 1), &u, &v);
            r = label_reflectance (label, u, v);
            sum += r < 0 ? desk : params->ink + r * (params->paper - params->ink);
          }
        sum = sum / 4 * light + params->glare * exp (-(gx * gx + gy * gy) / (2 * glare_r * glare_r));
        pixels[(gsize) y * width + x] = (guint8) CLAMP (lround (sum), 0, 255);
      }
}

PdTestFrame *
pd_test_desk_frame_new (GRand                  *rand,
                        int                     width,
                        int                     height,
                        const PdTestDeskParams *params,
                        PdTestCode             *cis,
                        char                  **ean)
{
  PdTestFrame *frame = g_new0 (PdTestFrame, 1);
  char digits[14];
  Label label = { 0 };
  double forward[9];
  gsize n = (gsize) width * height;

  if (cis->raw == NULL)
    pd_test_code_random_cis (rand, cis);
  random_ean (rand, digits);
  label_init (&label, rand, cis, digits);
  label.with_code = params->with_code;
  if (!place_label (rand, params, &label, width, height, forward))
    {
      label_clear (&label);
      g_free (frame);
      return NULL;
    }

  frame->width = width;
  frame->height = height;
  frame->pixels = g_malloc (n);
  render (rand, params, &label, forward, frame->pixels, width, height);
  gaussian_blur (frame->pixels, width, height, params->blur);
  for (gsize i = 0; i < n; i++)
    {
      /* Apart: CLAMP evaluates its argument more than once. */
      long v = lround (frame->pixels[i] + params->noise * gaussian (rand));

      frame->pixels[i] = (guint8) CLAMP (v, 0, 255);
    }
  if (params->jpeg_quality > 0)
    jpeg_round_trip (frame->pixels, width, height, params->jpeg_quality);

  *ean = params->with_code && block_in_frame (forward, &label.ean, width, height)
         ? g_strdup (digits) : NULL;
  if (!params->with_code)
    pd_test_code_clear (cis);
  label_clear (&label);
  return frame;
}
