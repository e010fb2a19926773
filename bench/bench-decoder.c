/* bench-decoder.c — Packdesk's frame decoder side by side with readers it did not write, on the
 * same frames in one run:
 *
 * - desk-like frames (tests/pd-test-desk-frame.c): a label with a GS1 DataMatrix, an EAN-13 and
 *   text, 3–16 px per module, any rotation, tilted up to 40°, low contrast, uneven light, glare,
 *   blur, noise, JPEG 45–85; 720p and some 1080p; the same labels without codes;
 * - the earlier set: a DataMatrix, QR or Code 128 alone on a noisy background, 4–8 px per module.
 *
 * The readers: Packdesk; zxing-cpp alone, natively (the library Packdesk links, tryHarder on the
 * whole frame) and as its current WebAssembly build from npm (bench/zxing-wasm, run by Node when
 * installed); libdmtx; zbar. Read rates overall and per module-size, tilt and JPEG-quality band,
 * false reads, and time per frame on one core.
 *
 * Targets (issue 16): desk-like frames ≥ 95 % and at least as many as zxing-cpp, median < 20 ms,
 * p95 < 33 ms per 720p frame, empty frames < 10 ms, no false reads; the earlier set ≥ 99 %.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <dmtx.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <zbar.h>

#include "pd-frame-decoder.h"
#include "pd-test-desk-frame.h"
#include "pd-zxing.h"

#define DESK_FRAMES 300
#define DESK_EMPTY_FRAMES 40
#define DESK_1080P_FRAMES 40
#define OLD_DATAMATRIX_FRAMES 200
#define OLD_QR_FRAMES 25
#define OLD_CODE128_FRAMES 25
#define OLD_EMPTY_FRAMES 50
/* What libdmtx may spend on a frame; decoders.md measured 120–300 ms at this. */
#define DMTX_TIMEOUT_MS 300

typedef enum
{
  SET_DESK,
  SET_DESK_1080P,
  SET_OLD,
} Set;

typedef struct
{
  Set              set;
  PdTestFrame     *frame;
  PdTestSymbology  symbology;
  char            *expected;  /* NULL for a frame without a code */
  char            *ean;       /* the EAN-13 beside it, when whole in the frame */
  PdTestDeskParams params;
} Sample;

/* What one reader made of one frame. */
typedef struct
{
  gboolean hit, ean_hit;
  char    *false_read;  /* the first text read that is not in the frame */
  double   ms;
} Outcome;

typedef struct _Reader Reader;
struct _Reader
{
  const char *name;
  /* Every text found in the frame, or NULL when this reader reads in a batch (read_all). */
  GPtrArray *(*read) (Reader *self, const PdTestFrame *frame);
  gboolean   (*read_all) (Reader *self, Sample *samples, guint n, Outcome *outcomes);
  gpointer    state;
};

static GPtrArray *
texts_new (void)
{
  return g_ptr_array_new_with_free_func (g_free);
}

static GPtrArray *
texts_of (GPtrArray *symbols)
{
  GPtrArray *texts = texts_new ();

  for (guint i = 0; i < symbols->len; i++)
    g_ptr_array_add (texts, g_strdup (pd_symbol_get_text (symbols->pdata[i], NULL)));
  g_ptr_array_unref (symbols);
  return texts;
}

static GPtrArray *
read_packdesk (Reader            *self,
               const PdTestFrame *frame)
{
  return texts_of (pd_frame_decoder_decode (self->state, frame->pixels, frame->width,
                                            frame->height, frame->width));
}

static GPtrArray *
read_zxing (Reader            *self,
            const PdTestFrame *frame)
{
  const PdZxingOptions options = { PD_ZXING_ALL_FORMATS, TRUE, TRUE };
  GPtrArray *found = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_symbol_unref);

  pd_zxing_read (frame->pixels, frame->width, frame->height, frame->width, &options, 0, 0, found);
  return texts_of (found);
}

static GPtrArray *
read_zbar (Reader            *self,
           const PdTestFrame *frame)
{
  zbar_image_t *image = zbar_image_create ();
  GPtrArray *texts = texts_new ();

  zbar_image_set_format (image, zbar_fourcc ('Y', '8', '0', '0'));
  zbar_image_set_size (image, frame->width, frame->height);
  zbar_image_set_data (image, frame->pixels, (unsigned long) frame->width * frame->height, NULL);
  if (zbar_scan_image (self->state, image) > 0)
    for (const zbar_symbol_t *s = zbar_image_first_symbol (image); s; s = zbar_symbol_next (s))
      g_ptr_array_add (texts, g_strdup (zbar_symbol_get_data (s)));
  zbar_image_destroy (image);
  return texts;
}

static GPtrArray *
read_dmtx (Reader            *self,
           const PdTestFrame *frame)
{
  DmtxImage *image = dmtxImageCreate (frame->pixels, frame->width, frame->height, DmtxPack8bppK);
  DmtxDecode *decode = dmtxDecodeCreate (image, 2);
  DmtxTime timeout = dmtxTimeAdd (dmtxTimeNow (), DMTX_TIMEOUT_MS);
  DmtxRegion *region;
  GPtrArray *texts = texts_new ();

  /* Without this libdmtx drops the GS between elements. */
  dmtxDecodeSetProp (decode, DmtxPropFnc1, 29);
  while ((region = dmtxRegionFindNext (decode, &timeout)) != NULL)
    {
      DmtxMessage *message = dmtxDecodeMatrixRegion (decode, region, DmtxUndefined);

      if (message != NULL)
        {
          /* A leading FNC1 comes back as GS too; it is not part of the code. */
          const char *text = (const char *) message->output;

          g_ptr_array_add (texts, g_strdup (text[0] == '\x1d' ? text + 1 : text));
          dmtxMessageDestroy (&message);
        }
      dmtxRegionDestroy (&region);
    }
  dmtxDecodeDestroy (&decode);
  dmtxImageDestroy (&image);
  return texts;
}

static void
score (const Sample *sample,
       GPtrArray    *texts,
       Outcome      *outcome)
{
  for (guint i = 0; i < texts->len; i++)
    {
      const char *text = texts->pdata[i];

      if (sample->expected != NULL && g_str_equal (text, sample->expected))
        outcome->hit = TRUE;
      else if (sample->ean != NULL && g_str_equal (text, sample->ean))
        outcome->ean_hit = TRUE;
      /* A partly visible EAN-13 read whole is no false read. */
      else if (sample->ean == NULL && strlen (text) == 13 && sample->set != SET_OLD)
        continue;
      else if (outcome->false_read == NULL)
        outcome->false_read = g_strescape (text, NULL);
    }
}

static void
read_each (Reader  *self,
           Sample  *samples,
           guint    n,
           Outcome *outcomes)
{
  for (guint i = 0; i < n; i++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(GPtrArray) texts = self->read (self, samples[i].frame);

      outcomes[i].ms = (g_get_monotonic_time () - start) / 1000.0;
      score (&samples[i], texts, &outcomes[i]);
    }
}

/* zxing-wasm: the desk-like frames go to Node as raw grey files, one run per frame size (the
 * earlier set is left to the native library). */
static gboolean
wasm_run (const char *script,
          const char *dir,
          Sample     *samples,
          guint       n,
          Outcome    *outcomes,
          int         width,
          int         height)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  int status;

  g_ptr_array_add (argv, g_strdup ("node"));
  g_ptr_array_add (argv, g_strdup (script));
  g_ptr_array_add (argv, g_strdup_printf ("%d", width));
  g_ptr_array_add (argv, g_strdup_printf ("%d", height));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *file = NULL;

      if (samples[i].frame->width != width || samples[i].set == SET_OLD)
        continue;
      file = g_strdup_printf ("%s/frame-%04u.grey", dir, i);
      if (!g_file_set_contents (file, (const char *) samples[i].frame->pixels,
                                (gssize) width * height, &error))
        g_error ("%s", error->message);
      g_hash_table_insert (index, g_strdup (file), GUINT_TO_POINTER (i));
      g_ptr_array_add (argv, g_steal_pointer (&file));
    }
  g_ptr_array_add (argv, NULL);
  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
                     NULL, &status, &error)
      || !g_spawn_check_wait_status (status, &error))
    {
      g_print ("zxing-wasm did not run: %s\n", error->message);
      return FALSE;
    }
  lines = g_strsplit (out, "\n", -1);
  for (guint l = 0; lines[l] != NULL && lines[l][0] != '\0'; l++)
    {
      g_autoptr(JsonNode) node = json_from_string (lines[l], &error);
      JsonObject *object = node != NULL ? json_node_get_object (node) : NULL;
      JsonArray *found;
      g_autoptr(GPtrArray) texts = texts_new ();
      gpointer i;

      if (object == NULL
          || !g_hash_table_lookup_extended (index, json_object_get_string_member (object, "file"),
                                            NULL, &i))
        g_error ("zxing-wasm said “%s”", lines[l]);
      found = json_object_get_array_member (object, "texts");
      for (guint t = 0; t < json_array_get_length (found); t++)
        g_ptr_array_add (texts, g_strdup (json_array_get_string_element (found, t)));
      outcomes[GPOINTER_TO_UINT (i)].ms = json_object_get_double_member (object, "ms");
      score (&samples[GPOINTER_TO_UINT (i)], texts, &outcomes[GPOINTER_TO_UINT (i)]);
    }
  return TRUE;
}

static gboolean
read_wasm (Reader  *self,
           Sample  *samples,
           guint    n,
           Outcome *outcomes)
{
  g_autofree char *dir = g_dir_make_tmp ("bench-decoder-XXXXXX", NULL);
  g_autoptr(GDir) files = NULL;
  gboolean ran;
  const char *name;

  for (guint i = 0; i < n; i++)
    outcomes[i].ms = -1;
  ran = wasm_run (self->state, dir, samples, n, outcomes, 1280, 720)
        && wasm_run (self->state, dir, samples, n, outcomes, 1920, 1080);
  files = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (files)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
  return ran;
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
percentile (GArray *times,
            double  p)
{
  if (times->len == 0)
    return 0;
  g_array_sort (times, compare_double);
  return g_array_index (times, double, MIN (times->len - 1, (guint) (p * times->len)));
}

/* Which samples a figure is about. */
typedef gboolean (*Filter) (const Sample *sample, gconstpointer data);

typedef struct
{
  guint  read, total, ean_read, ean_total, false_reads;
  double median, p95, max;
} Figures;

static Figures
figures_of (const Sample  *samples,
            const Outcome *outcomes,
            guint          n,
            Filter         filter,
            gconstpointer  data)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  Figures f = { 0 };

  for (guint i = 0; i < n; i++)
    {
      if (!filter (&samples[i], data) || outcomes[i].ms < 0)
        continue;
      g_array_append_val (times, outcomes[i].ms);
      f.total += samples[i].expected != NULL;
      f.read += outcomes[i].hit;
      f.ean_total += samples[i].ean != NULL;
      f.ean_read += outcomes[i].ean_hit;
      f.false_reads += outcomes[i].false_read != NULL;
    }
  f.median = percentile (times, 0.5);
  f.p95 = percentile (times, 0.95);
  f.max = percentile (times, 1.0);
  return f;
}

static gboolean
is_desk (const Sample *s, gconstpointer data)
{
  return s->set == GPOINTER_TO_INT (data) && s->expected != NULL;
}

static gboolean
is_desk_empty (const Sample *s, gconstpointer data)
{
  return s->set == SET_DESK && s->expected == NULL;
}

static gboolean
is_old (const Sample *s, gconstpointer data)
{
  return s->set == SET_OLD && s->expected != NULL && s->symbology == GPOINTER_TO_INT (data);
}

static gboolean
is_old_empty (const Sample *s, gconstpointer data)
{
  return s->set == SET_OLD && s->expected == NULL;
}

typedef struct
{
  const char *name;
  double      low, high;
  size_t      field;  /* offset of the parameter in PdTestDeskParams */
} Band;

static gboolean
in_band (const Sample *s, gconstpointer data)
{
  const Band *band = data;
  double value;

  if (s->set != SET_DESK || s->expected == NULL)
    return FALSE;
  value = band->field == G_STRUCT_OFFSET (PdTestDeskParams, jpeg_quality)
          ? s->params.jpeg_quality
          : G_STRUCT_MEMBER (double, &s->params, band->field);
  return value >= band->low && value < band->high;
}

static const Band bands[] = {
  { "3-4 px/module", 3, 4, G_STRUCT_OFFSET (PdTestDeskParams, module) },
  { "4-6 px/module", 4, 6, G_STRUCT_OFFSET (PdTestDeskParams, module) },
  { "6-9 px/module", 6, 9, G_STRUCT_OFFSET (PdTestDeskParams, module) },
  { "9-12 px/module", 9, 12, G_STRUCT_OFFSET (PdTestDeskParams, module) },
  { "12-16 px/module", 12, 16.01, G_STRUCT_OFFSET (PdTestDeskParams, module) },
  { "tilt 0-10°", 0, 10, G_STRUCT_OFFSET (PdTestDeskParams, tilt) },
  { "tilt 10-20°", 10, 20, G_STRUCT_OFFSET (PdTestDeskParams, tilt) },
  { "tilt 20-30°", 20, 30, G_STRUCT_OFFSET (PdTestDeskParams, tilt) },
  { "tilt 30-40°", 30, 40.01, G_STRUCT_OFFSET (PdTestDeskParams, tilt) },
  { "JPEG q45-55", 45, 55, G_STRUCT_OFFSET (PdTestDeskParams, jpeg_quality) },
  { "JPEG q55-65", 55, 65, G_STRUCT_OFFSET (PdTestDeskParams, jpeg_quality) },
  { "JPEG q65-75", 65, 75, G_STRUCT_OFFSET (PdTestDeskParams, jpeg_quality) },
  { "JPEG q75-85", 75, 86, G_STRUCT_OFFSET (PdTestDeskParams, jpeg_quality) },
};

static void
print_rates (Reader    *readers,
             Outcome  **outcomes,
             guint      n_readers,
             Sample    *samples,
             guint      n)
{
  g_print ("\nDesk-like 720p frames, DataMatrix read, by band\n%-18s", "");
  for (guint r = 0; r < n_readers; r++)
    g_print (" %18s", readers[r].name);
  g_print ("\n");
  for (guint b = 0; b < G_N_ELEMENTS (bands); b++)
    {
      g_print ("%-18s", bands[b].name);
      for (guint r = 0; r < n_readers; r++)
        {
          Figures f = figures_of (samples, outcomes[r], n, in_band, &bands[b]);

          if (f.total == 0)
            g_print (" %18s", "-");
          else
            g_print ("      %5.1f %% %3u/%-3u", 100.0 * f.read / f.total, f.read, f.total);
        }
      g_print ("\n");
    }
}

static void
print_set (const char *title,
           Reader     *readers,
           Outcome   **outcomes,
           guint       n_readers,
           Sample     *samples,
           guint       n,
           Filter      filter,
           gconstpointer data,
           Figures    *out)
{
  g_print ("\n%s\n%-18s %-18s %-15s %-22s %s\n", title, "", "read", "EAN-13 beside",
           "ms: median  p95   max", "false reads");
  for (guint r = 0; r < n_readers; r++)
    {
      Figures f = figures_of (samples, outcomes[r], n, filter, data);

      if (out != NULL)
        out[r] = f;
      if (f.total == 0 && f.median == 0)
        continue;
      g_print ("%-18s %5.1f %% %4u/%-4u %5.1f %% %3u/%-3u %7.1f %5.1f %6.1f   %u\n",
               readers[r].name, f.total ? 100.0 * f.read / f.total : 0, f.read, f.total,
               f.ean_total ? 100.0 * f.ean_read / f.ean_total : 0, f.ean_read, f.ean_total,
               f.median, f.p95, f.max, f.false_reads);
    }
}

static guint
make_desk_samples (GRand  *rand,
                   Sample *samples,
                   Set     set,
                   guint   count,
                   gboolean with_code)
{
  int width = set == SET_DESK_1080P ? 1920 : 1280, height = set == SET_DESK_1080P ? 1080 : 720;

  for (guint i = 0; i < count; i++)
    {
      Sample *s = &samples[i];
      PdTestCode code = { 0 };

      s->set = set;
      s->symbology = PD_TEST_SYMBOL_DATAMATRIX;
      do
        {
          pd_test_code_clear (&code);
          pd_test_desk_params_random (rand, &s->params);
          s->params.with_code = with_code;
          s->frame = pd_test_desk_frame_new (rand, width, height, &s->params, &code, &s->ean);
        }
      while (s->frame == NULL);
      s->expected = g_steal_pointer (&code.raw);
      pd_test_code_clear (&code);
    }
  return count;
}

static Sample
make_old_sample (GRand           *rand,
                 PdTestSymbology  symbology,
                 gboolean         empty)
{
  Sample sample = { SET_OLD, pd_test_frame_new (rand, 1280, 720), symbology, NULL, NULL };
  PdTestCode code = { 0 };

  if (!empty)
    {
      double module = g_rand_double_range (rand, 4.0, 8.0);
      double angle = g_rand_double_range (rand, -180.0, 180.0);

      if (symbology == PD_TEST_SYMBOL_CODE128)
        {
          pd_test_code_random_gtd (rand, &code);
          /* A linear code is read along its bars; a camera held that far off is re-aimed. */
          module = g_rand_double_range (rand, 2.0, 3.0);
          angle = g_rand_double_range (rand, -20.0, 20.0);
        }
      else
        pd_test_code_random_cis (rand, &code);
      pd_test_frame_add_symbol (sample.frame, rand, symbology, &code, module, angle, NULL);
      sample.expected = g_steal_pointer (&code.raw);
      pd_test_code_clear (&code);
    }
  pd_test_frame_finish (sample.frame, rand, g_rand_boolean (rand), g_rand_double_range (rand, 2, 8));
  return sample;
}

static guint
make_old_samples (GRand  *rand,
                  Sample *samples)
{
  guint i = 0;

  for (guint k = 0; k < OLD_DATAMATRIX_FRAMES; k++)
    samples[i++] = make_old_sample (rand, PD_TEST_SYMBOL_DATAMATRIX, FALSE);
  for (guint k = 0; k < OLD_QR_FRAMES; k++)
    samples[i++] = make_old_sample (rand, PD_TEST_SYMBOL_QR, FALSE);
  for (guint k = 0; k < OLD_CODE128_FRAMES; k++)
    samples[i++] = make_old_sample (rand, PD_TEST_SYMBOL_CODE128, FALSE);
  for (guint k = 0; k < OLD_EMPTY_FRAMES; k++)
    samples[i++] = make_old_sample (rand, PD_TEST_SYMBOL_DATAMATRIX, TRUE);
  return i;
}

static const char *
met (gboolean ok)
{
  return ok ? "met" : "MISSED";
}

int
main (int   argc,
      char *argv[])
{
  int seed = 20261201;
  g_autofree char *only = NULL;
  const GOptionEntry entries[] = {
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Make other frames", "N" },
    { "only", 0, 0, G_OPTION_ARG_STRING, &only, "Run the readers whose name begins so",
      "NAME" },
    { NULL },
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— camera decoders side by side");
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = NULL;
  g_autoptr(PdFrameDecoder) decoder = pd_frame_decoder_new ();
  g_autofree char *script = g_build_filename (PD_SOURCE_DIR, "bench", "zxing-wasm",
                                              "read-frames.mjs", NULL);
  g_autofree char *wasm = g_build_filename (PD_SOURCE_DIR, "bench", "zxing-wasm", "node_modules",
                                            "zxing-wasm", "dist", "reader", "zxing_reader.wasm",
                                            NULL);
  zbar_image_scanner_t *zbar = zbar_image_scanner_create ();
  guint n_max = DESK_FRAMES + DESK_EMPTY_FRAMES + DESK_1080P_FRAMES + OLD_DATAMATRIX_FRAMES
                + OLD_QR_FRAMES + OLD_CODE128_FRAMES + OLD_EMPTY_FRAMES;
  g_autofree Sample *samples = g_new0 (Sample, n_max);
  Reader readers[] = {
    { "Packdesk", read_packdesk, NULL, decoder },
    { "zxing-cpp native", read_zxing, NULL, NULL },
    { "zxing-wasm 3.1.6", NULL, read_wasm, script },
    { "libdmtx", read_dmtx, NULL, NULL },
    { "zbar", read_zbar, NULL, zbar },
  };
  guint n_readers = G_N_ELEMENTS (readers);
  Outcome *outcomes[G_N_ELEMENTS (readers)];
  Figures desk[G_N_ELEMENTS (readers)], empty[G_N_ELEMENTS (readers)];
  Figures old[G_N_ELEMENTS (readers)], old_empty[G_N_ELEMENTS (readers)];
  guint n = 0;
  gboolean wasm_ran = FALSE;

  /* g_print writes in the locale's charset: without this, "°" comes out as "?". */
  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);
  rand = g_rand_new_with_seed (seed);
  n += make_desk_samples (rand, samples + n, SET_DESK, DESK_FRAMES, TRUE);
  n += make_desk_samples (rand, samples + n, SET_DESK, DESK_EMPTY_FRAMES, FALSE);
  n += make_desk_samples (rand, samples + n, SET_DESK_1080P, DESK_1080P_FRAMES, TRUE);
  n += make_old_samples (rand, samples + n);
  g_print ("%u desk-like 720p frames with a label (3-16 px/module, any rotation, tilt 0-40°, "
           "ink 20-110 on paper 175-235, glare, blur, noise, JPEG 45-85), %u of the labels "
           "without codes, %u at 1080p; %u frames of the earlier set; one thread\n",
           DESK_FRAMES, DESK_EMPTY_FRAMES, DESK_1080P_FRAMES,
           OLD_DATAMATRIX_FRAMES + OLD_QR_FRAMES + OLD_CODE128_FRAMES + OLD_EMPTY_FRAMES);

  for (guint r = 0; r < n_readers; r++)
    {
      outcomes[r] = g_new0 (Outcome, n);
      if (only != NULL && !g_str_has_prefix (readers[r].name, only))
        for (guint i = 0; i < n; i++)
          outcomes[r][i].ms = -1;
      else if (readers[r].read != NULL)
        read_each (&readers[r], samples, n, outcomes[r]);
      else if (g_file_test (wasm, G_FILE_TEST_EXISTS))
        wasm_ran = readers[r].read_all (&readers[r], samples, n, outcomes[r]);
      else
        {
          g_print ("zxing-wasm is not installed (build-aux/install-deps installs it)\n");
          for (guint i = 0; i < n; i++)
            outcomes[r][i].ms = -1;
        }
    }

  print_set ("Desk-like 720p frames", readers, outcomes, n_readers, samples, n, is_desk,
             GINT_TO_POINTER (SET_DESK), desk);
  print_set ("The same labels without codes (720p)", readers, outcomes, n_readers, samples, n,
             is_desk_empty, NULL, empty);
  print_set ("Desk-like 1080p frames", readers, outcomes, n_readers, samples, n, is_desk,
             GINT_TO_POINTER (SET_DESK_1080P), NULL);
  print_rates (readers, outcomes, n_readers, samples, n);
  print_set ("Earlier set: DataMatrix alone, 4-8 px/module", readers, outcomes, n_readers,
             samples, n, is_old, GINT_TO_POINTER (PD_TEST_SYMBOL_DATAMATRIX), old);
  print_set ("Earlier set: QR alone", readers, outcomes, n_readers, samples, n, is_old,
             GINT_TO_POINTER (PD_TEST_SYMBOL_QR), NULL);
  print_set ("Earlier set: Code 128 alone", readers, outcomes, n_readers, samples, n, is_old,
             GINT_TO_POINTER (PD_TEST_SYMBOL_CODE128), NULL);
  print_set ("Earlier set: no code", readers, outcomes, n_readers, samples, n, is_old_empty,
             NULL, old_empty);

  for (guint i = 0; i < n; i++)
    if (outcomes[0][i].false_read != NULL)
      g_print ("\n%s read “%s” in a frame that holds “%s” and EAN-13 %s", readers[0].name,
               outcomes[0][i].false_read, samples[i].expected ? samples[i].expected : "no code",
               samples[i].ean ? samples[i].ean : "(not whole)");
  g_print ("\ntargets: desk-like >= 95 %%: %s; >= zxing-cpp native: %s; >= zxing-wasm: %s; "
           "median < 20 ms: %s; p95 < 33 ms: %s; empty < 10 ms: %s; no false reads: %s; "
           "earlier set >= 99 %%: %s\n",
           met (desk[0].read * 100 >= 95 * desk[0].total), met (desk[0].read >= desk[1].read),
           wasm_ran ? met (desk[0].read >= desk[2].read) : "not measured",
           met (desk[0].median < 20), met (desk[0].p95 < 33), met (empty[0].median < 10),
           met (desk[0].false_reads + empty[0].false_reads + old[0].false_reads
                + old_empty[0].false_reads == 0),
           met (old[0].read * 100 >= 99 * old[0].total));

  for (guint r = 0; r < n_readers; r++)
    {
      for (guint i = 0; i < n; i++)
        g_free (outcomes[r][i].false_read);
      g_free (outcomes[r]);
    }
  for (guint i = 0; i < n; i++)
    {
      pd_test_frame_free (samples[i].frame);
      g_free (samples[i].expected);
      g_free (samples[i].ean);
    }
  zbar_image_scanner_destroy (zbar);
  return 0;
}
