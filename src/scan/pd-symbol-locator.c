/* pd-symbol-locator.c — finds the few places in a grey frame where a barcode may be, and how each
 * is turned.
 *
 * A barcode is full of edges far stronger than the background's (paper, shading, sensor noise).
 * On a half-resolution copy of the frame, cut into cells of 16 frame pixels, a cell is "busy" when
 * it has many edges that stand out of the frame's noise and real contrast. Busy cells are joined
 * into blobs, strongest first; a squarish blob may be a DataMatrix or QR code, a long one a linear
 * code. A 720p frame costs one pass over it and one over a quarter of it, so the decoders only
 * ever look at a few small regions — which is what keeps an empty or noisy frame cheap.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pd-symbol-locator.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Cells are 8×8 pixels of the half-resolution frame, 16×16 of the frame. */
#define CELL 8
#define SCALE 2
/* Below this min–max spread a cell is paper or shading, whatever else it shows. */
#define MIN_CONTRAST 40
/* Strong edges in a busy cell (of 112 measured): a DataMatrix at 8 px a module still has ~16. */
#define MIN_EDGES 10

typedef struct
{
  int      min_x, min_y, max_x, max_y;
  guint    cells;
  guint64  edges;
} Blob;

/* Averaging 2×2 pixels halves the sensor noise and quarters the work. */
guint8 *
pd_grey_halve (const guint8 *pixels,
               int           stride,
               int           hw,
               int           hh)
{
  guint8 *half = g_malloc ((gsize) hw * hh);

  for (int y = 0; y < hh; y++)
    {
      const guint8 *a = pixels + (gsize) 2 * y * stride, *b = a + stride;

      for (int x = 0; x < hw; x++)
        half[y * hw + x] = (a[2 * x] + a[2 * x + 1] + b[2 * x] + b[2 * x + 1] + 2) / 4;
    }
  return half;
}

/* An edge is strong when it stands well out of the frame's noise: the median difference between
 * neighbours is noise on any frame that is mostly not barcode. */
static guint
strong_edge_threshold (const guint8 *half,
                       int           hw,
                       int           hh)
{
  guint histogram[256] = { 0 }, total = 0, seen = 0;

  for (int y = 0; y < hh; y += 4)
    for (int x = 0; x + 1 < hw; x++)
      {
        histogram[abs (half[y * hw + x] - half[y * hw + x + 1])]++;
        total++;
      }
  for (guint d = 0; d < 256; d++)
    {
      seen += histogram[d];
      if (seen * 2 >= total)
        return MAX (12, 4 * d);
    }
  return 12;
}

static guint
count_strong_edges (const guint8 *half,
                    int           hw,
                    int           x0,
                    int           y0,
                    guint         threshold,
                    guint        *contrast)
{
  guint edges = 0;
  guint8 lo = 255, hi = 0;

  for (int y = y0; y < y0 + CELL - 1; y++)
    {
      const guint8 *row = half + (gsize) y * hw;

      for (int x = x0; x < x0 + CELL - 1; x++)
        {
          guint8 p = row[x];

          edges += (guint) abs (p - row[x + 1]) >= threshold;
          edges += (guint) abs (p - row[x + hw]) >= threshold;
          lo = MIN (lo, p);
          hi = MAX (hi, p);
        }
    }
  *contrast = hi - lo;
  return edges;
}

/* A busy cell stays busy only with busy cells on all four sides: lines of label text, one or two
 * cells tall, vanish, and a symbol next to them no longer grows into a long blob with them. The
 * symbol loses a cell on every side, which region_around gives back. */
static void
erode (guint8 *busy,
       int     cols,
       int     rows)
{
  g_autofree guint8 *copy = g_memdup2 (busy, (gsize) cols * rows);

  for (int y = 0; y < rows; y++)
    for (int x = 0; x < cols; x++)
      {
        const guint8 *c = copy + y * cols + x;

        busy[y * cols + x] = c[0] && x > 0 && x < cols - 1 && y > 0 && y < rows - 1
                             && c[-1] && c[1] && c[-cols] && c[cols];
      }
}

/* Flood fill over busy cells (8-connected), clearing them as it goes. */
static void
grow_blob (guint8 *busy,
           guint  *edges,
           int     cols,
           int     rows,
           int     start,
           int    *stack,
           Blob   *blob)
{
  int top = 0;

  stack[top++] = start;
  busy[start] = 0;
  *blob = (Blob) { cols, rows, -1, -1, 0, 0 };
  while (top > 0)
    {
      int i = stack[--top], cx = i % cols, cy = i / cols;

      blob->min_x = MIN (blob->min_x, cx);
      blob->max_x = MAX (blob->max_x, cx);
      blob->min_y = MIN (blob->min_y, cy);
      blob->max_y = MAX (blob->max_y, cy);
      blob->cells++;
      blob->edges += edges[i];
      for (int dy = -1; dy <= 1; dy++)
        for (int dx = -1; dx <= 1; dx++)
          {
            int nx = cx + dx, ny = cy + dy;

            if (nx < 0 || ny < 0 || nx >= cols || ny >= rows || !busy[ny * cols + nx])
              continue;
            busy[ny * cols + nx] = 0;
            stack[top++] = ny * cols + nx;
          }
    }
}

static gboolean
blob_is_square (const Blob *blob)
{
  int w = blob->max_x - blob->min_x + 1, h = blob->max_y - blob->min_y + 1;

  /* Squares stay squarish when rotated; a line of label text does not. */
  if (MAX (w, h) > 2 * MIN (w, h) + 1)
    return FALSE;
  /* A square turned by 45° fills half of its bounding box. */
  return blob->cells * 5 >= (guint) (w * h) * 2;
}

static int
compare_blobs (const void *a,
               const void *b)
{
  const Blob *x = a, *y = b;

  return (y->edges > x->edges) - (y->edges < x->edges);
}

/* The symbol's rotation modulo 90°: the edges of a grid of squares point four ways (and a linear
 * code's bars two), so their gradient angles, multiplied by four, agree. Measured on the half-resolution pixels of the blob. */
static double
blob_orientation (const Blob   *blob,
                  const guint8 *half,
                  int           hw,
                  int           hh,
                  guint         threshold)
{
  int x0 = MAX (blob->min_x * CELL, 1), x1 = MIN ((blob->max_x + 1) * CELL, hw - 1);
  int y0 = MAX (blob->min_y * CELL, 1), y1 = MIN ((blob->max_y + 1) * CELL, hh - 1);
  double c4 = 0, s4 = 0;

  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      {
        const guint8 *p = half + (gsize) y * hw + x;
        double gx = p[1] - p[-1], gy = p[hw] - p[-hw];
        double m2 = gx * gx + gy * gy, c2, s2;

        if (m2 < (double) threshold * threshold)
          continue;
        c2 = (gx * gx - gy * gy) / m2;
        s2 = 2 * gx * gy / m2;
        /* Weighted by the edge's strength. */
        c4 += sqrt (m2) * (c2 * c2 - s2 * s2);
        s4 += sqrt (m2) * (2 * s2 * c2);
      }
  return atan2 (s4, c4) / 4;
}

static PdRegion
region_around (const Blob *blob)
{
  const int px = CELL * SCALE;

  return (PdRegion) {
    .centre_x = (blob->min_x + blob->max_x + 1) * px / 2,
    .centre_y = (blob->min_y + blob->max_y + 1) * px / 2,
    /* One more cell on every side, which erode() took. */
    .width = (blob->max_x - blob->min_x + 3) * px,
    .height = (blob->max_y - blob->min_y + 3) * px,
    .square = blob_is_square (blob),
  };
}

guint
pd_symbol_locate (const guint8 *pixels,
                  int           width,
                  int           height,
                  int           stride,
                  PdRegion     *regions,
                  guint         max_regions)
{
  int hw = width / SCALE, hh = height / SCALE;
  /* The last row and column of a cell look one pixel ahead, so a cell needs CELL + 1 pixels. */
  int cols = (hw - 1) / CELL, rows = (hh - 1) / CELL, n = cols * rows;
  g_autofree guint8 *half = NULL;
  g_autofree guint *edges = NULL;
  g_autofree guint8 *busy = NULL;
  g_autofree int *stack = NULL;
  g_autoptr(GArray) blobs = g_array_new (FALSE, FALSE, sizeof (Blob));
  guint threshold, found;

  if (n <= 0)
    return 0;
  half = pd_grey_halve (pixels, stride, hw, hh);
  threshold = strong_edge_threshold (half, hw, hh);
  edges = g_new (guint, n);
  busy = g_new (guint8, n);
  stack = g_new (int, n);
  for (int i = 0; i < n; i++)
    {
      guint contrast;

      edges[i] = count_strong_edges (half, hw, (i % cols) * CELL, (i / cols) * CELL,
                                     threshold, &contrast);
      busy[i] = contrast >= MIN_CONTRAST && edges[i] >= MIN_EDGES;
    }
  erode (busy, cols, rows);

  for (int i = 0; i < n; i++)
    {
      Blob blob;

      if (!busy[i])
        continue;
      grow_blob (busy, edges, cols, rows, i, stack, &blob);
      g_array_append_val (blobs, blob);
    }
  g_array_sort (blobs, compare_blobs);

  found = MIN (blobs->len, max_regions);
  for (guint i = 0; i < found; i++)
    {
      const Blob *blob = &g_array_index (blobs, Blob, i);

      regions[i] = region_around (blob);
      regions[i].angle = blob_orientation (blob, half, hw, hh, threshold);
    }
  return found;
}
