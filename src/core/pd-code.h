/* pd-code.h — a scanned identifier checked against the Market's rules.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The kinds of identifier the Market takes. As a request, NONE means "whatever it is". */
typedef enum
{
  PD_CODE_KIND_NONE,     /*< nick=none >*/
  PD_CODE_KIND_CIS,      /*< nick=cis >*/
  PD_CODE_KIND_UIN,      /*< nick=uin >*/
  PD_CODE_KIND_RNPT,     /*< nick=rnpt >*/
  PD_CODE_KIND_GTD,      /*< nick=gtd >*/
  PD_CODE_KIND_COUNTRY,  /*< nick=country >*/
} PdCodeKind;

/* Why a scan is not a code the Market accepts; the nicks are the stable vocabulary
 * shared with the command line, the tests and the corpus. */
typedef enum
{
  PD_CODE_ERROR_NONE,             /*< nick=none >*/
  PD_CODE_ERROR_EMPTY,            /*< nick=empty >*/
  PD_CODE_ERROR_NOT_A_CODE,       /*< nick=not_a_code >*/
  PD_CODE_ERROR_PRODUCT_BARCODE,  /*< nick=product_barcode >*/
  PD_CODE_ERROR_SSCC,             /*< nick=sscc >*/
  PD_CODE_ERROR_BAD_CHECK_DIGIT,  /*< nick=bad_check_digit >*/
  PD_CODE_ERROR_BAD_SERIAL,       /*< nick=bad_serial >*/
  PD_CODE_ERROR_AMBIGUOUS_GS,     /*< nick=ambiguous_gs >*/
  PD_CODE_ERROR_UNSUPPORTED_AI,   /*< nick=unsupported_ai >*/
  PD_CODE_ERROR_TOO_LONG,         /*< nick=too_long >*/
  PD_CODE_ERROR_BAD_UIN,          /*< nick=bad_uin >*/
  PD_CODE_ERROR_BAD_RNPT,         /*< nick=bad_rnpt >*/
  PD_CODE_ERROR_BAD_GTD,          /*< nick=bad_gtd >*/
  PD_CODE_ERROR_BAD_COUNTRY,      /*< nick=bad_country >*/
  PD_CODE_ERROR_WRONG_KIND,       /*< nick=wrong_kind >*/
} PdCodeError;

/* What was changed to turn the scan into the code, in the order the steps run. */
typedef enum /*< flags >*/
{
  PD_CODE_REPAIR_NONE                = 0,       /*< skip >*/
  PD_CODE_REPAIR_TRAILING_WHITESPACE = 1 << 0,  /*< nick=trailing_whitespace >*/
  PD_CODE_REPAIR_CYRILLIC_LAYOUT     = 1 << 1,  /*< nick=cyrillic_layout >*/
  PD_CODE_REPAIR_SYMBOLOGY_ID        = 1 << 2,  /*< nick=symbology_id >*/
  PD_CODE_REPAIR_GS_TEXT             = 1 << 3,  /*< nick=gs_text >*/
  PD_CODE_REPAIR_PARENTHESES         = 1 << 4,  /*< nick=parentheses >*/
  PD_CODE_REPAIR_GS_RECONSTRUCTED    = 1 << 5,  /*< nick=gs_reconstructed >*/
} PdCodeRepair;

typedef enum /*< flags >*/
{
  PD_CODE_WARNING_NONE           = 0,       /*< skip >*/
  PD_CODE_WARNING_NO_CRYPTO_TAIL = 1 << 0,  /*< nick=no_crypto_tail >*/
} PdCodeWarning;

/* The longest code the Market takes, in characters. */
#define PD_CODE_MAX_LENGTH 256

#define PD_TYPE_CODE (pd_code_get_type ())

typedef struct _PdCode PdCode;

GType          pd_code_get_type        (void) G_GNUC_CONST;

PdCode        *pd_code_check           (const char  *input,
                                        PdCodeKind   asked,
                                        gunichar     gs_substitute);
PdCode        *pd_code_ref             (PdCode      *self);
void           pd_code_unref           (PdCode      *self);

gboolean       pd_code_is_valid        (const PdCode *self);
const char    *pd_code_get_input       (const PdCode *self);
PdCodeKind     pd_code_get_kind        (const PdCode *self);
const char    *pd_code_get_normalized  (const PdCode *self);
const char    *pd_code_get_short       (const PdCode *self);
const char    *pd_code_get_gtin        (const PdCode *self);
const char    *pd_code_get_serial      (const PdCode *self);
PdCodeError    pd_code_get_error       (const PdCode *self);
PdCodeRepair   pd_code_get_repairs     (const PdCode *self);
PdCodeWarning  pd_code_get_warnings    (const PdCode *self);
const char    *pd_code_get_message     (const PdCode *self);
char          *pd_code_dup_dedup_key   (const PdCode *self);

const char    *pd_code_kind_to_string  (PdCodeKind   kind);
const char    *pd_code_kind_get_name   (PdCodeKind   kind);
gboolean       pd_code_kind_from_string (const char *text,
                                         PdCodeKind *kind);
const char    *pd_code_error_to_string (PdCodeError  error);
GStrv          pd_code_repairs_to_strv (PdCodeRepair repairs);
GStrv          pd_code_warnings_to_strv (PdCodeWarning warnings);
const char    *pd_code_repair_describe (PdCodeRepair repair);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PdCode, pd_code_unref)

G_END_DECLS
