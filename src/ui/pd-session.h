/* pd-session.h — the store Packdesk works with: the seller's, through their API key, or the
 * built-in demo store; with the journal and the desk on top of it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "pd-desk.h"
#include "pd-fake-market.h"

G_BEGIN_DECLS

#define PD_TYPE_SESSION (pd_session_get_type ())

G_DECLARE_FINAL_TYPE (PdSession, pd_session, PD, SESSION, GObject)

PdSession      *pd_session_new            (GSettings           *settings);
void            pd_session_start_async    (PdSession           *self,
                                           gboolean             demo,
                                           const char          *key,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean        pd_session_start_finish   (PdSession           *self,
                                           GAsyncResult        *result,
                                           GError             **error);
void            pd_session_refresh_async  (PdSession           *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean        pd_session_refresh_finish (PdSession           *self,
                                           GAsyncResult        *result,
                                           GError             **error);
gboolean        pd_session_is_ready       (PdSession           *self);
gboolean        pd_session_is_demo        (PdSession           *self);
PdFakeMarket   *pd_session_get_demo_market (PdSession          *self);
guint           pd_session_get_fetch_spacing (PdSession        *self);
char           *pd_session_dup_market_state (PdSession         *self);
PdMarketClient *pd_session_get_client     (PdSession           *self);
PdDesk         *pd_session_get_desk       (PdSession           *self);
GListModel     *pd_session_get_campaigns  (PdSession           *self);
GListModel     *pd_session_get_orders     (PdSession           *self);
gint64          pd_session_get_business_id (PdSession          *self);
char           *pd_session_dup_api_url    (GSettings           *settings);
char           *pd_session_dup_journal_path (PdSession         *self);

G_END_DECLS
