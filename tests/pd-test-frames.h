/* pd-test-frames.h — camera-like greyscale frames with real barcodes in them (libzint), for the
 * decoder's tests and benchmark.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  PD_TEST_SYMBOL_DATAMATRIX,
  PD_TEST_SYMBOL_QR,
  PD_TEST_SYMBOL_CODE128,
  PD_TEST_SYMBOL_EAN13,
} PdTestSymbology;

/* 8-bit grey, rows of exactly width bytes. */
typedef struct
{
  guint8 *pixels;
  int     width;
  int     height;
} PdTestFrame;

typedef struct
{
  char *raw;        /* as the engine takes it: GS (U+001D) between variable-length elements */
  char *bracketed;  /* "[01]…[21]…" for zint's GS1 mode */
} PdTestCode;

void         pd_test_code_random_cis   (GRand           *rand,
                                        PdTestCode      *code);
void         pd_test_code_random_cis_of (GRand          *rand,
                                        const PdTestCode *other,
                                        PdTestCode      *code);
void         pd_test_code_random_gtd   (GRand           *rand,
                                        PdTestCode      *code);
void         pd_test_code_clear        (PdTestCode      *code);
guint8      *pd_test_code_modules      (PdTestSymbology  symbology,
                                        const PdTestCode *code,
                                        int             *width,
                                        int             *height);

PdTestFrame *pd_test_frame_new         (GRand           *rand,
                                        int              width,
                                        int              height);
void         pd_test_frame_free        (PdTestFrame     *frame);
void         pd_test_frame_add_symbol  (PdTestFrame     *frame,
                                        GRand           *rand,
                                        PdTestSymbology  symbology,
                                        const PdTestCode *code,
                                        double           px_per_module,
                                        double           angle_degrees,
                                        double          *centre);
void         pd_test_frame_finish      (PdTestFrame     *frame,
                                        GRand           *rand,
                                        gboolean         blur,
                                        double           noise_sigma);
gboolean     pd_test_frame_save_png    (const PdTestFrame *frame,
                                        const char      *path,
                                        GError         **error);

char        *pd_test_frames_write_clip (const char      *dir,
                                        GPtrArray       *frames,
                                        guint            repeat);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdTestFrame, pd_test_frame_free)

G_END_DECLS
