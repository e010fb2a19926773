/* pd-label-printer.h — printing an order's box labels.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "pd-market-client.h"
#include "pd-packing-order.h"

G_BEGIN_DECLS

void     pd_label_printer_print_async  (PdMarketClient      *client,
                                        GSettings           *settings,
                                        GtkWindow           *parent,
                                        PdPackingOrder      *packing,
                                        gint64               box_id,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean pd_label_printer_print_finish (GAsyncResult        *result,
                                        GError             **error);

G_END_DECLS
