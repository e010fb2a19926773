/* pd-image-reader.c — PNG and JPEG files read row by row into luminance, shrunk on the way to
 * at most MAX_SIDE on the long side. Memory stays bounded by the output and one row whatever
 * the header claims: a 389 KB PNG may say 20000 × 20000, and reading it whole would take
 * 1.5 GB. JPEG is scaled down by libjpeg itself (1/2, 1/4, 1/8) before the rest is averaged.
 * A file that ends before its image does is an error, not an image with a grey bottom.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <errno.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <jpeglib.h>
#include <jerror.h>
#include <png.h>

#include "pd-image-reader.h"

/* PNG allows 2^31 a side; beyond this a row alone is too much to be worth reading. */
#define MAX_DIMENSION    100000
/* An interlaced PNG cannot be read row by row; it is read whole up to this size. */
#define MAX_FULL_PIXELS  (64u * 1024 * 1024)
/* What libjpeg may take, for a progressive JPEG's coefficients above all. */
#define MAX_JPEG_MEMORY  (256l * 1024 * 1024)

G_DEFINE_QUARK (pd-image-error-quark, pd_image_error)

/* ---- Shrinking by whole factors: each output pixel is the mean of a FACTOR² cell. ---- */

typedef struct
{
  guint    in_width;
  guint    factor;
  guint    out_width;
  guint    out_height;
  guint    out_row;
  guint    rows_in_band;
  guint32 *sums;
  guint8  *out;
} Shrinker;

static void
shrinker_init (Shrinker *shrinker,
               guint     width,
               guint     height,
               guint     max_side)
{
  guint side = MAX (width, height);

  shrinker->in_width = width;
  shrinker->factor = MAX (1, (side + max_side - 1) / max_side);
  shrinker->out_width = (width + shrinker->factor - 1) / shrinker->factor;
  shrinker->out_height = (height + shrinker->factor - 1) / shrinker->factor;
  shrinker->out_row = 0;
  shrinker->rows_in_band = 0;
  shrinker->sums = g_new0 (guint32, shrinker->out_width);
  shrinker->out = g_malloc ((gsize) shrinker->out_width * shrinker->out_height);
}

static void
shrinker_clear (Shrinker *shrinker)
{
  g_clear_pointer (&shrinker->sums, g_free);
  g_clear_pointer (&shrinker->out, g_free);
}

static void
shrinker_flush (Shrinker *shrinker)
{
  guint8 *row = shrinker->out + (gsize) shrinker->out_row * shrinker->out_width;

  for (guint x = 0; x < shrinker->out_width; x++)
    {
      guint columns = MIN (shrinker->factor, shrinker->in_width - x * shrinker->factor);

      row[x] = shrinker->sums[x] / (columns * shrinker->rows_in_band);
      shrinker->sums[x] = 0;
    }
  shrinker->out_row++;
  shrinker->rows_in_band = 0;
}

static void
shrinker_add_row (Shrinker     *shrinker,
                  const guint8 *grey)
{
  for (guint x = 0; x < shrinker->in_width; x++)
    shrinker->sums[x / shrinker->factor] += grey[x];
  if (++shrinker->rows_in_band == shrinker->factor)
    shrinker_flush (shrinker);
}

static GBytes *
shrinker_finish (Shrinker *shrinker,
                 guint    *width,
                 guint    *height)
{
  if (shrinker->rows_in_band > 0)
    shrinker_flush (shrinker);
  *width = shrinker->out_width;
  *height = shrinker->out_height;
  g_clear_pointer (&shrinker->sums, g_free);
  return g_bytes_new_take (g_steal_pointer (&shrinker->out),
                           (gsize) shrinker->out_width * shrinker->out_height);
}

/* ---- Errors. ---- */

static void
set_corrupt (GError    **error,
             const char *reason)
{
  g_set_error (error, PD_IMAGE_ERROR, PD_IMAGE_ERROR_CORRUPT,
               _("The image is damaged and cannot be read (%s)."), reason);
}

static void
set_too_large (GError **error,
               guint    width,
               guint    height)
{
  g_set_error (error, PD_IMAGE_ERROR, PD_IMAGE_ERROR_TOO_LARGE,
               _("This image is too large to read (%u × %u pixels); save it smaller."),
               width, height);
}

static void
set_truncated (GError **error)
{
  g_set_error_literal (error, PD_IMAGE_ERROR, PD_IMAGE_ERROR_TRUNCATED,
                       _("The image ends early: the file was cut short when it was saved or "
                         "copied."));
}

/* ---- PNG. ---- */

typedef struct
{
  jmp_buf jump;
  char    message[200];
} PngState;

static void
on_png_error (png_structp     png,
              png_const_charp message)
{
  PngState *state = png_get_error_ptr (png);

  g_strlcpy (state->message, message, sizeof state->message);
  longjmp (state->jump, 1);
}

static void
on_png_warning (png_structp     png,
                png_const_charp message)
{
}

/* Grey or grey + alpha to grey, transparent counting as white paper. */
static void
png_row_to_grey (const guint8 *row,
                 guint         width,
                 guint         channels,
                 guint8       *grey)
{
  for (guint x = 0; x < width; x++)
    grey[x] = channels == 1 ? row[x]
                            : (row[2 * x] * row[2 * x + 1] + 255 * (255 - row[2 * x + 1])) / 255;
}

typedef struct
{
  png_structp png;
  png_infop   info;
  guint8     *row;
  guint8     *grey;
  guint8     *whole;
  Shrinker    shrinker;
} PngRead;

static void
png_read_clear (PngRead *read)
{
  png_destroy_read_struct (&read->png, &read->info, NULL);
  g_free (read->row);
  g_free (read->grey);
  g_free (read->whole);
  shrinker_clear (&read->shrinker);
}

/* Feeds every row to the shrinker; an interlaced image is read whole first. */
static gboolean
read_png_rows (PngRead  *read,
               guint     width,
               guint     height,
               guint     passes,
               GError  **error)
{
  guint channels = png_get_channels (read->png, read->info);
  gsize row_bytes = png_get_rowbytes (read->png, read->info);

  read->grey = g_malloc (width);
  if (passes == 1)
    {
      read->row = g_malloc (row_bytes);
      for (guint y = 0; y < height; y++)
        {
          png_read_row (read->png, read->row, NULL);
          png_row_to_grey (read->row, width, channels, read->grey);
          shrinker_add_row (&read->shrinker, read->grey);
        }
      return TRUE;
    }

  if ((guint64) width * height > MAX_FULL_PIXELS)
    {
      set_too_large (error, width, height);
      return FALSE;
    }
  read->whole = g_malloc (row_bytes * height);
  for (guint pass = 0; pass < passes; pass++)
    for (guint y = 0; y < height; y++)
      png_read_row (read->png, read->whole + row_bytes * y, NULL);
  for (guint y = 0; y < height; y++)
    {
      png_row_to_grey (read->whole + row_bytes * y, width, channels, read->grey);
      shrinker_add_row (&read->shrinker, read->grey);
    }
  return TRUE;
}

static GBytes *
read_png (FILE    *file,
          guint    max_side,
          guint   *width,
          guint   *height,
          guint   *scale,
          GError **error)
{
  PngState state = { 0 };
  /* On the heap: what changes after setjmp must not live in registers longjmp restores. */
  g_autofree PngRead *read = g_new0 (PngRead, 1);
  png_uint_32 image_width, image_height;
  int depth, color, interlace;
  guint passes;
  GBytes *grey;

  read->png = png_create_read_struct (PNG_LIBPNG_VER_STRING, &state, on_png_error, on_png_warning);
  read->info = png_create_info_struct (read->png);
  if (setjmp (state.jump))
    {
      if (feof (file))
        set_truncated (error);
      else
        set_corrupt (error, state.message);
      png_read_clear (read);
      return NULL;
    }

  png_init_io (read->png, file);
  png_set_user_limits (read->png, MAX_DIMENSION, MAX_DIMENSION);
  png_read_info (read->png, read->info);
  png_get_IHDR (read->png, read->info, &image_width, &image_height, &depth, &color, &interlace,
                NULL, NULL);

  png_set_expand (read->png);
  png_set_strip_16 (read->png);
  if (color & PNG_COLOR_MASK_COLOR)
    /* BT.601 weights, as for camera frames. */
    png_set_rgb_to_gray_fixed (read->png, PNG_ERROR_ACTION_NONE, 29900, 58700);
  passes = png_set_interlace_handling (read->png);
  png_read_update_info (read->png, read->info);

  shrinker_init (&read->shrinker, image_width, image_height, max_side);
  if (!read_png_rows (read, image_width, image_height, passes, error))
    {
      png_read_clear (read);
      return NULL;
    }
  png_read_end (read->png, NULL);

  *scale = read->shrinker.factor;
  grey = shrinker_finish (&read->shrinker, width, height);
  png_read_clear (read);
  return grey;
}

/* ---- JPEG. ---- */

typedef struct
{
  struct jpeg_error_mgr manager;
  jmp_buf               jump;
  gboolean              ended_early;
} JpegErrors;

static void
on_jpeg_error (j_common_ptr jpeg)
{
  longjmp (((JpegErrors *) jpeg->err)->jump, 1);
}

/* Warnings are kept quiet; the one that matters is that the data ran out. */
static void
on_jpeg_message (j_common_ptr jpeg,
                 int          level)
{
  JpegErrors *errors = (JpegErrors *) jpeg->err;

  if (level < 0 && errors->manager.msg_code == JWRN_JPEG_EOF)
    errors->ended_early = TRUE;
}

static GBytes *
read_jpeg (FILE    *file,
           guint    max_side,
           guint   *width,
           guint   *height,
           guint   *scale,
           GError **error)
{
  struct jpeg_decompress_struct jpeg;
  JpegErrors errors = { 0 };
  /* On the heap: what changes after setjmp must not live in registers longjmp restores. */
  g_autofree Shrinker *shrinker = g_new0 (Shrinker, 1);
  guint8 *volatile row = NULL;
  guint denom = 1;
  guint side;

  jpeg.err = jpeg_std_error (&errors.manager);
  errors.manager.error_exit = on_jpeg_error;
  errors.manager.emit_message = on_jpeg_message;
  if (setjmp (errors.jump))
    {
      char message[JMSG_LENGTH_MAX];

      errors.manager.format_message ((j_common_ptr) &jpeg, message);
      if (errors.manager.msg_code == JERR_OUT_OF_MEMORY)
        set_too_large (error, jpeg.image_width, jpeg.image_height);
      else
        set_corrupt (error, message);
      jpeg_destroy_decompress (&jpeg);
      g_free (row);
      shrinker_clear (shrinker);
      return NULL;
    }

  jpeg_create_decompress (&jpeg);
  jpeg.mem->max_memory_to_use = MAX_JPEG_MEMORY;
  jpeg_stdio_src (&jpeg, file);
  jpeg_read_header (&jpeg, TRUE);
  jpeg.out_color_space = JCS_GRAYSCALE;
  /* libjpeg shrinks by 1/2, 1/4 or 1/8 while decoding, cheaper than any averaging after. */
  side = MAX (jpeg.image_width, jpeg.image_height);
  while (denom < 8 && side / (denom * 2) >= max_side)
    denom *= 2;
  jpeg.scale_num = 1;
  jpeg.scale_denom = denom;
  jpeg_start_decompress (&jpeg);

  shrinker_init (shrinker, jpeg.output_width, jpeg.output_height, max_side);
  row = g_malloc (jpeg.output_width);
  while (jpeg.output_scanline < jpeg.output_height)
    {
      JSAMPROW rows[] = { row };

      jpeg_read_scanlines (&jpeg, rows, 1);
      shrinker_add_row (shrinker, row);
    }
  jpeg_finish_decompress (&jpeg);
  jpeg_destroy_decompress (&jpeg);
  g_free (row);

  if (errors.ended_early)
    {
      set_truncated (error);
      shrinker_clear (shrinker);
      return NULL;
    }
  *scale = denom * shrinker->factor;
  return shrinker_finish (shrinker, width, height);
}

/**
 * pd_image_read_grey:
 * @max_side: the longest side wanted; a larger image is shrunk to fit
 * @scale: (out): by how much it was shrunk (1 when not)
 *
 * Returns: (transfer full): WIDTH × HEIGHT bytes of luminance, rows without padding
 */
GBytes *
pd_image_read_grey (const char  *path,
                    guint        max_side,
                    guint       *width,
                    guint       *height,
                    guint       *scale,
                    GError     **error)
{
  static const guint8 png_magic[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  FILE *file = g_fopen (path, "rb");
  guint8 magic[8] = { 0 };
  GBytes *grey;
  gsize got;

  g_return_val_if_fail (max_side > 0, NULL);

  if (file == NULL)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), _("Cannot open “%s”: %s"),
                   path, g_strerror (saved));
      return NULL;
    }
  got = fread (magic, 1, sizeof magic, file);
  rewind (file);

  if (got == sizeof magic && memcmp (magic, png_magic, sizeof magic) == 0)
    grey = read_png (file, max_side, width, height, scale, error);
  else if (got >= 3 && magic[0] == 0xff && magic[1] == 0xd8 && magic[2] == 0xff)
    grey = read_jpeg (file, max_side, width, height, scale, error);
  else
    {
      g_set_error_literal (error, PD_IMAGE_ERROR, PD_IMAGE_ERROR_UNKNOWN_FORMAT,
                           _("This is not a PNG or JPEG image."));
      grey = NULL;
    }
  fclose (file);
  return grey;
}
