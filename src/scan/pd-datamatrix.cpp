/* pd-datamatrix.cpp — the only C++ in Packdesk: zxing-cpp's DataMatrix reader on a region of a
 * frame. zxing-cpp 1.4 only finds a symbol that covers the centre of the image it is given, so
 * the caller passes a square centred on a candidate.
 * Linear formats stay off: ReadBarcodes aborts on some EAN-13 frames in this version.
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
      ZXing::DecodeHints hints;

      hints.setFormats (ZXing::BarcodeFormat::DataMatrix);
      hints.setTryRotate (true);
      hints.setTryHarder (false);
      hints.setTryDownscale (false);
      hints.setBinarizer (binarized ? ZXing::Binarizer::FixedThreshold
                                    : ZXing::Binarizer::LocalAverage);

      ZXing::Result result = ZXing::ReadBarcode (view, hints);
      if (!result.isValid ())
        return NULL;

      const ZXing::ByteArray &bytes = result.bytes ();
      const ZXing::Position &position = result.position ();
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
