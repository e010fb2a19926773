/* test-image-reader.c — still images read in bounded memory: a PNG that claims 20000 × 20000 is
 * shrunk while it is read (never held whole), interlaced and transparent PNGs and JPEGs come out
 * as the right luminance, and a file cut short, damaged or of another kind is a clear error. */
#include "config.h"

#include <glib/gstdio.h>
#include <jpeglib.h>
#include <png.h>
#include <stdio.h>
#include <sys/resource.h>

#include "pd-image-reader.h"
#include "pd-test-async.h"

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("packdesk-image-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  pd_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

/* The grey of pixel (X, Y) in the test pattern: 64-pixel squares of black and white. */
static guint8
pattern (guint x,
         guint y)
{
  return ((x / 64) + (y / 64)) % 2 == 0 ? 0 : 255;
}

/* Writes a WIDTH × HEIGHT grey PNG of the pattern, row by row, with fast compression. */
static char *
write_png (Fixture    *fixture,
           const char *name,
           guint       width,
           guint       height,
           gboolean    interlaced,
           gboolean    alpha)
{
  char *path = g_build_filename (fixture->dir, name, NULL);
  FILE *file = g_fopen (path, "wb");
  png_structp png = png_create_write_struct (PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
  png_infop info = png_create_info_struct (png);
  guint channels = alpha ? 2 : 1;
  g_autofree guint8 *row = g_malloc ((gsize) width * channels);
  int passes;

  g_assert_nonnull (file);
  png_init_io (png, file);
  png_set_compression_level (png, 1);
  png_set_IHDR (png, info, width, height, 8, alpha ? PNG_COLOR_TYPE_GRAY_ALPHA : PNG_COLOR_TYPE_GRAY,
                interlaced ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                PNG_FILTER_TYPE_DEFAULT);
  png_write_info (png, info);
  passes = png_set_interlace_handling (png);
  for (int pass = 0; pass < passes; pass++)
    for (guint y = 0; y < height; y++)
      {
        for (guint x = 0; x < width; x++)
          {
            row[x * channels] = pattern (x, y);
            /* With alpha, the black squares are transparent: white paper. */
            if (alpha)
              row[x * channels + 1] = pattern (x, y) == 0 ? 0 : 255;
          }
        png_write_row (png, row);
      }
  png_write_end (png, NULL);
  png_destroy_write_struct (&png, &info);
  fclose (file);
  return path;
}

static char *
write_jpeg (Fixture    *fixture,
            const char *name,
            guint       width,
            guint       height)
{
  char *path = g_build_filename (fixture->dir, name, NULL);
  FILE *file = g_fopen (path, "wb");
  struct jpeg_compress_struct jpeg;
  struct jpeg_error_mgr errors;
  g_autofree guint8 *row = g_malloc (width);

  jpeg.err = jpeg_std_error (&errors);
  jpeg_create_compress (&jpeg);
  jpeg_stdio_dest (&jpeg, file);
  jpeg.image_width = width;
  jpeg.image_height = height;
  jpeg.input_components = 1;
  jpeg.in_color_space = JCS_GRAYSCALE;
  jpeg_set_defaults (&jpeg);
  jpeg_set_quality (&jpeg, 90, TRUE);
  jpeg_start_compress (&jpeg, TRUE);
  for (guint y = 0; y < height; y++)
    {
      JSAMPROW rows[] = { row };

      for (guint x = 0; x < width; x++)
        row[x] = pattern (x, y);
      jpeg_write_scanlines (&jpeg, rows, 1);
    }
  jpeg_finish_compress (&jpeg);
  jpeg_destroy_compress (&jpeg);
  fclose (file);
  return path;
}

/* Keeps the first KEEP of the file's bytes. */
static void
cut_short (const char *path,
           double      keep)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (path, contents, length * keep, NULL));
}

static glong
peak_rss_kib (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

/* Each output pixel is the mean of its cell of the pattern: away from the squares' edges, the
 * square's own grey. */
static void
assert_pattern (GBytes *grey,
                guint   width,
                guint   height,
                guint   scale)
{
  const guint8 *pixels = g_bytes_get_data (grey, NULL);

  g_assert_cmpuint (g_bytes_get_size (grey), ==, (gsize) width * height);
  for (guint y = 0; y < height; y += 7)
    for (guint x = 0; x < width; x += 7)
      {
        guint sx = x * scale + scale / 2, sy = y * scale + scale / 2;

        if (sx % 64 < scale || sx % 64 > 64 - scale || sy % 64 < scale || sy % 64 > 64 - scale)
          continue;
        g_assert_cmpint (ABS ((int) pixels[y * width + x] - pattern (sx, sy)), <=, 12);
      }
}

static void
test_png_bomb (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *path = write_png (fixture, "bomb.png", 20000, 20000, FALSE, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) grey = NULL;
  guint width = 0, height = 0, scale = 0;
  glong before = peak_rss_kib ();

  grey = pd_image_read_grey (path, 4096, &width, &height, &scale, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (scale, ==, 5);
  g_assert_cmpuint (width, ==, 4000);
  g_assert_cmpuint (height, ==, 4000);
  assert_pattern (grey, width, height, scale);
  /* Read whole, the image alone would take 400 MB as grey, 1.2 GB as RGB. */
  g_test_message ("peak RSS %ld → %ld KiB", before, peak_rss_kib ());
  if (PD_TEST_MEMORY_IS_MEASURED)
    g_assert_cmpint (peak_rss_kib () - before, <, 100 * 1024);
}

static void
test_interlaced_and_alpha (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *interlaced = write_png (fixture, "adam7.png", 640, 480, TRUE, FALSE);
  g_autofree char *transparent = write_png (fixture, "alpha.png", 640, 480, FALSE, TRUE);
  g_autoptr(GBytes) grey = NULL;
  g_autoptr(GBytes) paper = NULL;
  guint width = 0, height = 0, scale = 0;
  const guint8 *pixels;

  grey = pd_image_read_grey (interlaced, 4096, &width, &height, &scale, NULL);
  g_assert_nonnull (grey);
  g_assert_cmpuint (scale, ==, 1);
  assert_pattern (grey, width, height, scale);

  paper = pd_image_read_grey (transparent, 320, &width, &height, &scale, NULL);
  g_assert_nonnull (paper);
  g_assert_cmpuint (scale, ==, 2);
  g_assert_cmpuint (width, ==, 320);
  pixels = g_bytes_get_data (paper, NULL);
  for (gsize i = 0; i < g_bytes_get_size (paper); i++)
    g_assert_cmpuint (pixels[i], ==, 255);
}

static void
test_jpeg_scaled (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *path = write_jpeg (fixture, "large.jpg", 6000, 4000);
  g_autoptr(GBytes) grey = NULL;
  guint width = 0, height = 0, scale = 0;

  /* libjpeg shrinks by 1/4 while decoding (1500 × 1000), the reader by 2 after. */
  grey = pd_image_read_grey (path, 1000, &width, &height, &scale, NULL);
  g_assert_nonnull (grey);
  g_assert_cmpuint (scale, ==, 8);
  g_assert_cmpuint (width, ==, 750);
  g_assert_cmpuint (height, ==, 500);
  assert_pattern (grey, width, height, scale);
}

static void
test_cut_short (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *jpeg = write_jpeg (fixture, "cut.jpg", 800, 600);
  g_autofree char *png = write_png (fixture, "cut.png", 800, 600, FALSE, FALSE);
  const char *paths[] = { jpeg, png };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GError) error = NULL;
      guint width, height, scale;

      cut_short (paths[i], 0.6);
      g_assert_null (pd_image_read_grey (paths[i], 4096, &width, &height, &scale, &error));
      g_assert_error (error, PD_IMAGE_ERROR, PD_IMAGE_ERROR_TRUNCATED);
    }
}

static void
test_not_images (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *text = g_build_filename (fixture->dir, "notes.png", NULL);
  g_autofree char *png = write_png (fixture, "damaged.png", 300, 200, FALSE, FALSE);
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.png", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  guint width, height, scale;

  g_assert_true (g_file_set_contents (text, "not a picture", -1, NULL));
  g_assert_null (pd_image_read_grey (text, 4096, &width, &height, &scale, &error));
  g_assert_error (error, PD_IMAGE_ERROR, PD_IMAGE_ERROR_UNKNOWN_FORMAT);
  g_clear_error (&error);

  /* The header says 300 × 200; the compressed rows after it are noise. */
  g_assert_true (g_file_get_contents (png, &contents, &length, NULL));
  for (gsize i = 60; i < length - 12; i++)
    contents[i] ^= 0x5a;
  g_assert_true (g_file_set_contents (png, contents, length, NULL));
  g_assert_null (pd_image_read_grey (png, 4096, &width, &height, &scale, &error));
  g_assert_error (error, PD_IMAGE_ERROR, PD_IMAGE_ERROR_CORRUPT);
  g_clear_error (&error);

  g_assert_null (pd_image_read_grey (missing, 4096, &width, &height, &scale, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add ("/image-reader/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("png-bomb", test_png_bomb);
  ADD ("interlaced-and-alpha", test_interlaced_and_alpha);
  ADD ("jpeg-scaled", test_jpeg_scaled);
  ADD ("cut-short", test_cut_short);
  ADD ("not-images", test_not_images);
#undef ADD

  return g_test_run ();
}
