/* pd-datamatrix.cpp — the only C++ in Packdesk: zxing-cpp's DataMatrix reader on a region of a
 * frame; the caller passes a square centred on a candidate.
 * Written against what zxing-cpp 2.3 (Debian 13) and 3.x (the Flatpak) share: ReaderOptions,
 * Barcode, and bytes() as a byte vector (2.x's ByteArray is one, 3.x returns a std::vector).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pd-datamatrix.h"

#include <ZXing/ReadBarcode.h>

char *
pd_datamatrix_read (const guint8 *pixels,
                    int           side,
                    int           stride,
                    gboolean      binarized,
                    gsize        *len,
                    double        corners[8])
{
  try
    {
      ZXing::ImageView view (pixels, side, side, ZXing::ImageFormat::Lum, stride);
      ZXing::ReaderOptions options;

      options.setFormats (ZXing::BarcodeFormat::DataMatrix);
      options.setTryRotate (true);
      options.setTryHarder (false);
      options.setTryDownscale (false);
      options.setBinarizer (binarized ? ZXing::Binarizer::FixedThreshold
                                      : ZXing::Binarizer::LocalAverage);

      ZXing::Barcode barcode = ZXing::ReadBarcode (view, options);
      if (!barcode.isValid ())
        return NULL;

      const auto &bytes = barcode.bytes ();
      const ZXing::Position &position = barcode.position ();
      for (int i = 0; i < 4; i++)
        {
          corners[2 * i] = position[i].x;
          corners[2 * i + 1] = position[i].y;
        }
      *len = bytes.size ();
      return g_strndup (reinterpret_cast<const char *> (bytes.data ()), bytes.size ());
    }
  catch (...)
    {
      return NULL;
    }
}
