/* pd-status-catalogue.c — the one place that turns a CisStatusType/CisSubstatusType or
 * UinStatusType/UinSubstatusType from getOrderIdentifiersStatus into words: a badge, what
 * happened and what the packer should do. Values the Market adds later fall back to their
 * status, or to a neutral "unknown" entry, never to a crash.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "pd-status-catalogue.h"

struct _PdStatusInfo
{
  PdCodeKind  kind;        /* CIS or UIN; NONE for entries shared by both */
  const char *status;
  const char *substatus;   /* NULL for the status itself */
  PdSeverity  severity;
  const char *badge;
  const char *explanation;
  const char *action;
};

static const PdStatusInfo catalogue[] = {
  /* Statuses shared by CIS and UIN. */
  { PD_CODE_KIND_NONE, "OK", NULL, PD_SEVERITY_OK,
    N_("OK"),
    N_("The code passed verification."),
    N_("Nothing to do.") },
  { PD_CODE_KIND_NONE, "IN_PROGRESS", NULL, PD_SEVERITY_PENDING,
    N_("Checking"),
    N_("The Market is verifying the code."),
    N_("Wait; the status updates by itself.") },

  /* Chestny ZNAK. */
  { PD_CODE_KIND_CIS, "NOT_ON_VALIDATION", NULL, PD_SEVERITY_WARNING,
    N_("Not sent"),
    N_("The code was not sent for verification."),
    N_("Submit the order’s codes again.") },
  /* Not the UIN's "Refused": here the check itself could not be done, and is tried again. */
  { PD_CODE_KIND_CIS, "FAILED", NULL, PD_SEVERITY_WARNING,
    N_("Not checked"),
    N_("The Market could not verify the code this time."),
    N_("Retry the check later, or remove the code.") },
  { PD_CODE_KIND_CIS, "INVALID", NULL, PD_SEVERITY_ERROR,
    N_("Invalid"),
    N_("The code did not pass verification: the item cannot be sold with it."),
    N_("Replace the code with the right one, or set the item aside.") },
  { PD_CODE_KIND_CIS, "INVALID", "WRONG_OWNER_INN", PD_SEVERITY_ERROR,
    N_("Invalid"),
    N_("The code belongs to another company’s INN."),
    N_("Check that the item is yours; scan the code of your own item.") },
  { PD_CODE_KIND_CIS, "INVALID", "CIS_VALIDATION_ERROR", PD_SEVERITY_ERROR,
    N_("Invalid"),
    N_("The code failed the Chestny ZNAK checks."),
    N_("Rescan the DataMatrix; if it fails again, use another item.") },
  { PD_CODE_KIND_CIS, "INVALID", "CIS_GTIN_NOT_FOUND", PD_SEVERITY_ERROR,
    N_("Invalid"),
    N_("The code contains no GTIN."),
    N_("Rescan the DataMatrix on the item, not another barcode.") },
  { PD_CODE_KIND_CIS, "INVALID", "CIS_SERIAL_NUMBER_NOT_FOUND", PD_SEVERITY_ERROR,
    N_("Invalid"),
    N_("The code contains no serial number."),
    N_("Rescan the DataMatrix on the item, not another barcode.") },
  { PD_CODE_KIND_CIS, "INVALID", "INVALID_SYMBOLS_FOUND", PD_SEVERITY_ERROR,
    N_("Invalid"),
    N_("The code contains characters that are not allowed."),
    N_("Rescan the DataMatrix; check the scanner’s keyboard layout.") },
  { PD_CODE_KIND_CIS, "INVALID", "CRYPTO_TAIL_FORMAT_MISMATCH_CIS_TYPE", PD_SEVERITY_ERROR,
    N_("Invalid"),
    N_("The crypto tail does not fit this type of code."),
    N_("Rescan the code from the DataMatrix, not from the printed text.") },
  { PD_CODE_KIND_CIS, "INVALID", "INVALID_CRYPTO_TAIL", PD_SEVERITY_ERROR,
    N_("Invalid"),
    N_("The code was read incompletely: its crypto signature is not valid."),
    N_("Rescan it from the DataMatrix, not from the printed text.") },
  { PD_CODE_KIND_CIS, "INVALID", "INVALID_CRYPTO_KEY", PD_SEVERITY_ERROR,
    N_("Invalid"),
    N_("The code’s crypto key is not valid."),
    N_("Rescan it from the DataMatrix; if it fails again, use another item.") },
  { PD_CODE_KIND_CIS, "INVALID", "VERIFICATION_FAILED_IN_EMITTER_COUNTRY", PD_SEVERITY_ERROR,
    N_("Invalid"),
    N_("The country that issued the code did not confirm it."),
    N_("Set the item aside and contact the supplier.") },
  { PD_CODE_KIND_CIS, "INVALID", "UNSUPPORTED_AI_FOUND", PD_SEVERITY_ERROR,
    N_("Invalid"),
    N_("The code holds data the Market does not accept."),
    N_("Such items cannot be sold on the Market with this code; contact Market support.") },
  { PD_CODE_KIND_CIS, "INVALID", "CIS_NOT_FOUND_IN_GIS_MT", PD_SEVERITY_ERROR,
    N_("Invalid"),
    N_("Chestny ZNAK does not know this code."),
    N_("Check that the code was registered; use another item meanwhile.") },
  { PD_CODE_KIND_CIS, "INVALID", "NOT_PLACED_ON_MARKET", PD_SEVERITY_ERROR,
    N_("Invalid"),
    N_("The item was not put into circulation in Chestny ZNAK."),
    N_("Put it into circulation in Chestny ZNAK, or use another item.") },
  { PD_CODE_KIND_CIS, "INVALID", "NOT_PRINTED_ON_PACKAGE", PD_SEVERITY_ERROR,
    N_("Invalid"),
    N_("The code is not recorded as applied to a package."),
    N_("Report the code as applied in Chestny ZNAK, or use another item.") },
  { PD_CODE_KIND_CIS, "INVALID", "EXPIRED_ITEM", PD_SEVERITY_ERROR,
    N_("Invalid"),
    N_("The item has expired."),
    N_("Set the item aside and pack a fresh one.") },
  { PD_CODE_KIND_CIS, "INVALID", "SALE_BLOCKED_BY_OGB", PD_SEVERITY_ERROR,
    N_("Invalid"),
    N_("The authorities have blocked the sale of this item."),
    N_("Set the item aside; it must not be shipped.") },
  { PD_CODE_KIND_CIS, "INVALID", "ITEM_SOLD", PD_SEVERITY_ERROR,
    N_("Invalid"),
    N_("This item is already recorded as sold."),
    N_("Check you scanned the right item; use another item.") },

  /* Jewelry (GIIS DMDK). */
  { PD_CODE_KIND_UIN, "NOT_ON_VALIDATION", NULL, PD_SEVERITY_WARNING,
    N_("Not sent"),
    N_("The UIN was not sent for verification, or not every UIN of the order was sent."),
    N_("Capture every UIN of the order and submit again.") },
  { PD_CODE_KIND_UIN, "FAILED", NULL, PD_SEVERITY_ERROR,
    N_("Refused"),
    N_("The UIN did not pass verification."),
    N_("Check the UIN against the tag and replace it.") },
  { PD_CODE_KIND_UIN, "FAILED", "UIN_MERCHANT_MISMATCH", PD_SEVERITY_ERROR,
    N_("Refused"),
    N_("The UIN does not belong to your store."),
    N_("Check that the item is yours and replace the UIN.") },
  { PD_CODE_KIND_UIN, "FAILED", "UIN_MERCHANT_UNREGISTERED", PD_SEVERITY_ERROR,
    N_("Refused"),
    N_("Your store is not connected to GIIS DMDK."),
    N_("Connect the store to GIIS DMDK, then retry the check.") },
  { PD_CODE_KIND_UIN, "FAILED", "UIN_NO_DATA", PD_SEVERITY_ERROR,
    N_("Refused"),
    N_("GIIS DMDK does not know this UIN, or it is blocked."),
    N_("Check the UIN against the tag and replace it.") },
};

static const PdStatusInfo unknown_status = {
  PD_CODE_KIND_NONE, NULL, NULL, PD_SEVERITY_WARNING,
  N_("Unknown"),
  N_("The Market reported a status Packdesk does not know."),
  N_("Check the order in the seller’s account.")
};

static const PdStatusInfo *
find (PdCodeKind  kind,
      const char *status,
      const char *substatus)
{
  for (guint i = 0; i < G_N_ELEMENTS (catalogue); i++)
    {
      const PdStatusInfo *info = &catalogue[i];

      if (info->kind != PD_CODE_KIND_NONE && info->kind != kind)
        continue;
      if (g_strcmp0 (info->status, status) == 0 && g_strcmp0 (info->substatus, substatus) == 0)
        return info;
    }

  return NULL;
}

/**
 * pd_status_catalogue_lookup:
 * @kind: %PD_CODE_KIND_CIS or %PD_CODE_KIND_UIN
 * @status: the status as the Market sent it
 * @substatus: (nullable): the substatus, if any
 *
 * Returns: (transfer none): the entry; an unknown substatus gives its status’s entry and an
 *   unknown status the "unknown" entry
 */
const PdStatusInfo *
pd_status_catalogue_lookup (PdCodeKind  kind,
                            const char *status,
                            const char *substatus)
{
  const PdStatusInfo *info = NULL;

  if (status == NULL)
    return &unknown_status;
  if (substatus != NULL && *substatus != '\0')
    info = find (kind, status, substatus);
  if (info == NULL)
    info = find (kind, status, NULL);

  return info != NULL ? info : &unknown_status;
}

PdSeverity
pd_status_info_get_severity (const PdStatusInfo *info)
{
  return info->severity;
}

const char *
pd_status_info_get_badge (const PdStatusInfo *info)
{
  return _(info->badge);
}

const char *
pd_status_info_get_explanation (const PdStatusInfo *info)
{
  return _(info->explanation);
}

const char *
pd_status_info_get_action (const PdStatusInfo *info)
{
  return _(info->action);
}

gboolean
pd_status_info_is_known (const PdStatusInfo *info)
{
  return info != &unknown_status;
}
