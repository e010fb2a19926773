/* pd-zxing.cpp — the only C++ in Packdesk: zxing-cpp's readers on a grey image.
 * Written against what zxing-cpp 2.3 (Debian 13) and 3.x (the Flatpak) share: ReaderOptions,
 * ReadBarcodes, Barcode, formats named in a string, and bytes() as a byte vector (2.x's
 * ByteArray is one, 3.x returns a std::vector). 3.x turned BarcodeFormats from bit flags into a
 * list and reports a format's variant (a QR code is QRCodeModel2); only the two lines that
 * differ depend on the version.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pd-zxing.h"

#include <string>

#include <ZXing/ReadBarcode.h>
#include <ZXing/Version.h>

static const struct
{
  PdSymbolFormat       ours;
  ZXing::BarcodeFormat theirs;
  const char          *name;  /* as both versions parse it */
} formats[] = {
  { PD_SYMBOL_FORMAT_DATAMATRIX, ZXing::BarcodeFormat::DataMatrix, "DataMatrix" },
  { PD_SYMBOL_FORMAT_QR, ZXing::BarcodeFormat::QRCode, "QRCode" },
  { PD_SYMBOL_FORMAT_CODE128, ZXing::BarcodeFormat::Code128, "Code128" },
  { PD_SYMBOL_FORMAT_EAN13, ZXing::BarcodeFormat::EAN13, "EAN13" },
  { PD_SYMBOL_FORMAT_EAN8, ZXing::BarcodeFormat::EAN8, "EAN8" },
  { PD_SYMBOL_FORMAT_UPCA, ZXing::BarcodeFormat::UPCA, "UPCA" },
  { PD_SYMBOL_FORMAT_UPCE, ZXing::BarcodeFormat::UPCE, "UPCE" },
};

static bool
is_format (ZXing::BarcodeFormat read,
           ZXing::BarcodeFormat wanted)
{
#if ZXING_VERSION_MAJOR >= 3
  return read <= wanted;  /* a variant of it */
#else
  return read == wanted;
#endif
}

static ZXing::ReaderOptions
reader_options (const PdZxingOptions *options)
{
  ZXing::ReaderOptions out;
  std::string wanted;

  for (const auto &f : formats)
    if (options->formats & PD_ZXING_FORMAT (f.ours))
      wanted += std::string (wanted.empty () ? "" : ",") + f.name;
  out.setFormats (ZXing::BarcodeFormatsFromString (wanted));
  out.setTryRotate (true);
  out.setTryHarder (options->try_harder);
  out.setTryDownscale (options->try_downscale);
  out.setBinarizer (ZXing::Binarizer::LocalAverage);
  return out;
}

static void
add_barcode (const ZXing::Barcode &barcode,
             double                offset_x,
             double                offset_y,
             GPtrArray            *found)
{
  const auto &bytes = barcode.bytes ();
  const ZXing::Position &position = barcode.position ();
  double corners[8];

  for (const auto &f : formats)
    if (is_format (barcode.format (), f.theirs))
      {
        for (int i = 0; i < 4; i++)
          {
            corners[2 * i] = position[i].x + offset_x;
            corners[2 * i + 1] = position[i].y + offset_y;
          }
        g_ptr_array_add (found, pd_symbol_new (f.ours, reinterpret_cast<const char *> (bytes.data ()),
                                               bytes.size (), corners));
        return;
      }
}

void
pd_zxing_read (const guint8         *pixels,
               int                   width,
               int                   height,
               int                   stride,
               const PdZxingOptions *options,
               double                offset_x,
               double                offset_y,
               GPtrArray            *found)
{
  /* No format named would be every format to zxing-cpp. */
  if ((options->formats & PD_ZXING_ALL_FORMATS) == 0)
    return;
  try
    {
      ZXing::ImageView view (pixels, width, height, ZXing::ImageFormat::Lum, stride);

      for (const auto &barcode : ZXing::ReadBarcodes (view, reader_options (options)))
        if (barcode.isValid ())
          add_barcode (barcode, offset_x, offset_y, found);
    }
  catch (...)
    {
    }
}
