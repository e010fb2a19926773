/* packdesk-fake-market.c — the fake Market as a standalone server, for manual work and scripts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include "pd-fake-market.h"

int
main (int   argc,
      char *argv[])
{
  int port = 8080;
  int seed = 1;
  int orders = 300;
  int delay_ms = 2000;
  g_autofree char *faults = NULL;
  g_autofree char *api_key = NULL;
  const GOptionEntry entries[] = {
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, "Port on 127.0.0.1 (0: any free one)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Seed of the demo store", "S" },
    { "orders", 0, 0, G_OPTION_ARG_INT, &orders, "Number of orders in the demo store", "N" },
    { "verification-delay", 0, 0, G_OPTION_ARG_INT, &delay_ms, "Milliseconds a code stays IN_PROGRESS", "MS" },
    { "faults", 0, 0, G_OPTION_ARG_STRING, &faults,
      "Faults for the next requests: 500,503,drop,truncate,notjson[xN],latency=MS", "SPEC" },
    { "api-key", 0, 0, G_OPTION_ARG_STRING, &api_key, "The Api-Key to accept (default demo-key)", "K" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— a fake Yandex Market Partner API");
  g_autoptr(PdFakeMarket) market = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  const char *env_faults = g_getenv ("PACKDESK_FAKE_FAULTS");

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || port < 0 || port > 65535
      || orders < 0 || delay_ms < 0)
    {
      g_printerr ("packdesk-fake-market: %s\n", error != NULL ? error->message : "invalid option value");
      return 2;
    }

  market = pd_fake_market_new (api_key, seed, orders);
  pd_fake_market_set_verification_delay (market, delay_ms);
  if ((env_faults != NULL && !pd_fake_market_add_faults (market, env_faults, &error))
      || (faults != NULL && !pd_fake_market_add_faults (market, faults, &error))
      || !pd_fake_market_listen (market, port, &error))
    {
      g_printerr ("packdesk-fake-market: %s\n", error->message);
      return 1;
    }

  url = pd_fake_market_dup_url (market);
  g_print ("packdesk-fake-market listening on %s\n", url);
  g_main_loop_run (loop);
  return 0;
}
