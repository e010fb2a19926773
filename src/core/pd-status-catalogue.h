/* pd-status-catalogue.h — what the Market's verification statuses mean to a packer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "pd-code.h"

G_BEGIN_DECLS

typedef enum
{
  PD_SEVERITY_OK,       /*< nick=ok >*/
  PD_SEVERITY_PENDING,  /*< nick=pending >*/
  PD_SEVERITY_WARNING,  /*< nick=warning >*/
  PD_SEVERITY_ERROR,    /*< nick=error >*/
} PdSeverity;

typedef struct _PdStatusInfo PdStatusInfo;

const PdStatusInfo *pd_status_catalogue_lookup      (PdCodeKind          kind,
                                                     const char         *status,
                                                     const char         *substatus);

PdSeverity          pd_status_info_get_severity     (const PdStatusInfo *info);
const char         *pd_status_info_get_badge        (const PdStatusInfo *info);
const char         *pd_status_info_get_explanation  (const PdStatusInfo *info);
const char         *pd_status_info_get_action       (const PdStatusInfo *info);
gboolean            pd_status_info_is_known         (const PdStatusInfo *info);

G_END_DECLS
