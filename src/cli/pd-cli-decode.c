/* pd-cli-decode.c — `packdesk-cli decode FILE…`: runs still images (a label photo a warehouse
 * sends) through the camera's decoder and the marking-code engine, one JSON object per code found.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>

#include "pd-cli-check-code.h"
#include "pd-cli-decode.h"
#include "pd-code.h"
#include "pd-decoder.h"
#include "pd-enum-nick.h"
#include "pd-image-reader.h"
#include "pd-scan-enums.h"

/* A photo is first read as it is, shrunk to FIRST_SIDE when larger (a phone's 50 MP photo, or a
 * file whose header claims 20000 × 20000); if nothing is found, once more at about a camera's
 * resolution, where the decoder's cells match the size of a module in a phone's close-up. */
#define FIRST_SIDE  4096
#define CAMERA_SIDE 1280

typedef struct
{
  GPtrArray *symbols;
  double     decode_ms;
  GError    *error;
  gboolean   done;
} Decoding;

static void
decoded (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Decoding *decoding = user_data;

  decoding->symbols = pd_decoder_decode_finish (PD_DECODER (source), result,
                                                &decoding->decode_ms, &decoding->error);
  decoding->done = TRUE;
}

/* Reads FILE shrunk to at most MAX_SIDE and decodes it; SIDE is the file's longest side, about. */
static GPtrArray *
decode_at (PdDecoder   *decoder,
           const char  *file,
           guint        max_side,
           guint       *side,
           double      *decode_ms,
           GError     **error)
{
  guint width = 0, height = 0, scale = 1;
  g_autoptr(GBytes) grey = pd_image_read_grey (file, max_side, &width, &height, &scale, error);
  Decoding decoding = { 0 };

  if (grey == NULL)
    return NULL;
  *side = MAX (width, height) * scale;
  pd_decoder_decode_async (decoder, grey, width, height, width, NULL, decoded, &decoding);
  while (!decoding.done)
    g_main_context_iteration (NULL, TRUE);
  if (decoding.error != NULL)
    {
      g_propagate_error (error, decoding.error);
      return NULL;
    }
  *decode_ms += decoding.decode_ms;
  return decoding.symbols;
}

static void
print_symbol (const char     *file,
              const PdSymbol *symbol,
              double          decode_ms)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(PdCode) code = NULL;
  g_autofree char *valid_text = NULL;
  g_autofree char *json = NULL;
  const char *text = pd_symbol_get_text (symbol, NULL);

  /* JSON carries UTF-8 only; a binary QR code is shown with replacement characters. */
  if (!g_utf8_validate (text, -1, NULL))
    text = valid_text = g_utf8_make_valid (text, -1);
  code = pd_code_check (text, PD_CODE_KIND_NONE, 0);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "file");
  json_builder_add_string_value (builder, file);
  json_builder_set_member_name (builder, "format");
  json_builder_add_string_value (builder, pd_enum_to_nick (PD_TYPE_SYMBOL_FORMAT,
                                                           pd_symbol_get_format (symbol)));
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, text);
  json_builder_set_member_name (builder, "decodeMs");
  json_builder_add_double_value (builder, round (decode_ms * 10) / 10);
  json_builder_set_member_name (builder, "verdict");
  json_builder_add_value (builder, pd_cli_code_to_json (code));
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);
  g_print ("%s\n", json);
}

/* Prints every code in one image; returns how many, or -1 when the image cannot be read. */
static int
decode_file (PdDecoder  *decoder,
             const char *file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) symbols = NULL;
  double decode_ms = 0;
  guint side = 0;

  symbols = decode_at (decoder, file, FIRST_SIDE, &side, &decode_ms, &error);
  if (symbols != NULL && symbols->len == 0 && side > CAMERA_SIDE)
    {
      g_autoptr(GPtrArray) again = decode_at (decoder, file, CAMERA_SIDE, &side, &decode_ms, NULL);

      if (again != NULL)
        {
          g_ptr_array_unref (symbols);
          symbols = g_steal_pointer (&again);
        }
    }
  if (symbols == NULL)
    {
      g_printerr ("packdesk-cli decode: %s: %s\n", file, error->message);
      return -1;
    }

  for (guint i = 0; i < symbols->len; i++)
    print_symbol (file, symbols->pdata[i], decode_ms);
  if (symbols->len == 0)
    {
      g_printerr ("packdesk-cli decode: ");
      g_printerr (_("%s: no barcode found"), file);
      g_printerr ("\n");
    }
  return symbols->len;
}

int
pd_cli_decode (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("FILE… — read the barcodes in images"));
  g_autoptr(GError) error = NULL;
  g_autoptr(PdDecoder) decoder = NULL;
  gboolean all_found = TRUE;

  g_option_context_set_summary (context,
                                _("Reads PNG or JPEG images with the camera’s decoder and prints "
                                  "one JSON object per code found, with the marking-code engine’s "
                                  "verdict."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("packdesk-cli decode: %s\n", error->message);
      return 2;
    }
  if (argc < 2)
    {
      g_printerr ("packdesk-cli decode: %s\n", _("name at least one image file"));
      return 2;
    }

  decoder = pd_decoder_new ();
  for (int i = 1; i < argc; i++)
    all_found &= decode_file (decoder, argv[i]) > 0;
  return all_found ? 0 : 1;
}
