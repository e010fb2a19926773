/* pd-fake-demo-store.c — a few hundred realistic orders of a Russian seller, the same for the
 * same seed: shoes and clothing (CIS with 91/92), perfume, milk and water (CIS with 93),
 * jewelry (UIN), imported goods (RNPT or GTD), optional marking, unmarked goods, multi-unit
 * items, orders already partly coded and orders with a code that fails verification.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "pd-fake-demo-store.h"

typedef struct
{
  const char *offer_id;
  const char *name;
  const char *types;  /* requiredInstanceTypes, comma-separated; "" for none */
  guint       serial_length;
  gboolean    shoe_tail;
} Offer;

static const Offer offers[] = {
  { "SHOE-NIMBUS-42", "Кроссовки беговые Nimbus, размер 42", "CIS", 13, TRUE },
  { "SHOE-CHELSEA-39", "Ботинки челси из натуральной кожи, размер 39", "CIS", 13, TRUE },
  { "TSHIRT-WHITE-M", "Футболка хлопковая, белая, размер M", "CIS", 13, TRUE },
  { "JACKET-DOWN-L", "Пуховик женский с капюшоном, размер L", "CIS", 13, TRUE },
  { "PERFUME-NORD-50", "Парфюмерная вода «Северный ветер», 50 мл", "CIS", 13, TRUE },
  { "TYRE-205-55-R16", "Шина летняя 205/55 R16", "CIS", 13, TRUE },
  { "MILK-32-1L", "Молоко ультрапастеризованное 3,2 %, 1 л", "CIS", 6, FALSE },
  { "KEFIR-1-930", "Кефир 1 %, 930 г", "CIS", 6, FALSE },
  { "WATER-STILL-05", "Вода питьевая негазированная, 0,5 л", "CIS", 13, FALSE },
  { "ANTISEPTIC-100", "Антисептик для рук, 100 мл", "CIS_OPTIONAL", 13, FALSE },
  { "RING-AG925-17", "Кольцо из серебра 925 пробы с фианитом, размер 17", "UIN", 0, FALSE },
  { "EARRINGS-AU585", "Серьги из золота 585 пробы", "UIN", 0, FALSE },
  { "COFFEE-MACHINE-IT", "Кофемашина рожковая (Италия)", "RNPT", 0, FALSE },
  { "KETTLE-CN-17", "Чайник электрический 1,7 л (Китай)", "GTD", 0, FALSE },
  { "CASE-PHONE-15", "Чехол для телефона, силикон", "", 0, FALSE },
  { "CABLE-USBC-1M", "Кабель USB-C, 1 м", "", 0, FALSE },
  { "MUG-CERAMIC", "Кружка керамическая, 350 мл", "", 0, FALSE },
};

static const char cset82[] =
  "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";

static void
append_random (GString    *s,
               GRand      *rand,
               const char *alphabet,
               guint       n)
{
  guint size = strlen (alphabet);

  for (guint i = 0; i < n; i++)
    g_string_append_c (s, alphabet[g_rand_int_range (rand, 0, size)]);
}

static char
gtin_check_digit (const char *digits)
{
  guint sum = 0;

  for (guint i = 0; i < 13; i++)
    sum += (digits[12 - i] - '0') * (i % 2 == 0 ? 3 : 1);
  return '0' + (10 - sum % 10) % 10;
}

/**
 * pd_fake_demo_store_dup_gtin:
 *
 * The GTIN of OFFER_ID's product, the same on every code of it, as on real labels. No digit
 * follows an equal one, and the last is not 2 (which "21" follows): tests type these codes
 * with xdotool, which loses the second of two equal keys typed at a scanner's speed.
 *
 * Returns: (transfer full): fourteen digits
 */
char *
pd_fake_demo_store_dup_gtin (const char *offer_id)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_str_hash (offer_id));
  char gtin[15] = "0460";

  do
    {
      for (guint i = 4; i < 13; i++)
        do
          gtin[i] = '0' + g_rand_int_range (rand, 0, 10);
        while (gtin[i] == gtin[i - 1]);
      gtin[13] = gtin_check_digit (gtin);
    }
  while (gtin[13] == gtin[12] || gtin[13] == '2');
  gtin[14] = '\0';
  return g_strdup (gtin);
}

/* A well-formed CIS of GTIN. LAST_SERIAL_CHAR, when not 0, ends the serial: the fake Market
 * decides the verification outcome from it (see pd-fake-market.h). */
char *
pd_fake_demo_store_make_cis (GRand      *rand,
                             const char *gtin,
                             guint       serial_length,
                             gboolean    shoe_tail,
                             char        last_serial_char)
{
  GString *s = g_string_new ("01");

  g_string_append (s, gtin);
  g_string_append (s, "21");
  /* Letters only at the end, so a serial never ends in an outcome letter by chance. */
  append_random (s, rand, cset82, serial_length - 1);
  if (last_serial_char != 0)
    g_string_append_c (s, last_serial_char);
  else
    append_random (s, rand, "0123456789abcdeghjkmnpqrtuvwxyz", 1);

  if (shoe_tail)
    {
      g_string_append (s, "\x1d" "91");
      append_random (s, rand, cset82, 4);
      g_string_append (s, "\x1d" "92");
      append_random (s, rand, cset82, 44);
    }
  else
    {
      g_string_append (s, "\x1d" "93");
      append_random (s, rand, cset82, 4);
    }

  return g_string_free (s, FALSE);
}

static char *
make_uin (GRand *rand)
{
  GString *s = g_string_new (NULL);

  /* Never ending in 8 or 9, the digits the fake Market fails. */
  append_random (s, rand, "0123456789", 15);
  append_random (s, rand, "01234567", 1);
  return g_string_free (s, FALSE);
}

static void
add_campaigns (GPtrArray *campaigns)
{
  static const struct { gint64 id; const char *domain; const char *type; } list[] = {
    { PD_FAKE_CAMPAIGN_FBS, "Демо-магазин FBS", "FBS" },
    { PD_FAKE_CAMPAIGN_EXPRESS, "Демо-магазин Экспресс", "FBS" },
    { PD_FAKE_CAMPAIGN_DBS, "Демо-магазин DBS", "DBS" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (list); i++)
    g_ptr_array_add (campaigns, pd_campaign_new (list[i].id, list[i].domain, PD_FAKE_BUSINESS_ID,
                                                 "Демо-продавец", list[i].type, "AVAILABLE"));
}

static PdOrderItem *
make_item (GRand        *rand,
           gint64        item_id,
           const Offer  *offer,
           guint         count,
           gboolean      partly_coded,
           gboolean      with_failed_code)
{
  g_auto(GStrv) types = g_strsplit (offer->types, ",", -1);
  PdOrderItem *item = pd_order_item_new (item_id, offer->offer_id, offer->name, count,
                                         *offer->types != '\0' ? (const char * const *) types : NULL);
  g_autofree char *gtin = NULL;

  if (!partly_coded || offer->serial_length == 0)
    return item;
  gtin = pd_fake_demo_store_dup_gtin (offer->offer_id);

  /* Codes another desk already sent: all but the last unit. */
  for (guint u = 0; u + 1 < count || (count == 1 && with_failed_code && u == 0); u++)
    {
      g_autofree char *cis = pd_fake_demo_store_make_cis (rand, gtin, offer->serial_length,
                                                          offer->shoe_tail,
                                                          with_failed_code && u == 0 ? 'I' : 0);
      pd_order_item_add_instance (item, pd_item_instance_new (PD_CODE_KIND_CIS, cis));
    }
  return item;
}

/* When each order must go: most today or tomorrow, a few overdue since yesterday; Express
 * orders within hours, on the quarter hour. Derived from the order's place in the list, not
 * from the seed's stream, so adding them changed no order's items. */
static void
add_shipments (GPtrArray *orders)
{
  g_autoptr(GTimeZone) moscow = g_time_zone_new_identifier ("Europe/Moscow");
  g_autoptr(GDateTime) now = NULL;

  if (moscow == NULL)
    moscow = g_time_zone_new_utc ();
  now = g_date_time_new_now (moscow);

  for (guint i = 0; i < orders->len; i++)
    {
      PdOrder *order = g_ptr_array_index (orders, i);
      gboolean express = g_strcmp0 (pd_order_get_program_type (order), "EXPRESS") == 0;
      int days = i % 11 == 0 ? -1 : (int) (i % 3 == 2);
      g_autoptr(GDateTime) day = g_date_time_add_days (now, express ? 0 : days);
      g_autofree char *date = g_date_time_format (day, "%Y-%m-%d");
      g_autofree char *time = NULL;

      if (express)
        {
          g_autoptr(GDateTime) due = g_date_time_add_minutes (now, 45 + 15 * (int) (i % 8));

          time = g_strdup_printf ("%02d:%02d:00", g_date_time_get_hour (due),
                                  g_date_time_get_minute (due) / 15 * 15);
          g_free (date);
          date = g_date_time_format (due, "%Y-%m-%d");
        }
      pd_order_set_shipment (order, 81000000 + i, date, time);
    }
}

void
pd_fake_demo_store_populate (guint32    seed,
                             guint      n_orders,
                             GPtrArray *campaigns,
                             GPtrArray *orders)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  gint64 item_id = 7000001;

  add_campaigns (campaigns);

  for (guint i = 0; i < n_orders; i++)
    {
      static const gint64 campaign_ids[] = { PD_FAKE_CAMPAIGN_FBS, PD_FAKE_CAMPAIGN_EXPRESS,
                                             PD_FAKE_CAMPAIGN_DBS };
      static const char *programs[] = { "FBS", "EXPRESS", "DBS" };
      guint which = i % 5 < 3 ? 0 : (i % 5 == 3 ? 1 : 2);
      gboolean ready = g_rand_int_range (rand, 0, 10) == 0;
      gboolean partly_coded = !ready && g_rand_int_range (rand, 0, 6) == 0;
      gboolean failed = partly_coded && g_rand_boolean (rand);
      guint n_items = g_rand_int_range (rand, 1, 4);
      g_autoptr(GDateTime) created = g_date_time_add_minutes (now, -(gint) (i * 7 + 5));
      g_autofree char *created_text = g_date_time_format_iso8601 (created);
      /* A third of the packed orders were already handed to the courier today. */
      gboolean shipped = ready && i % 3 == 0;
      g_autofree char *now_text = g_date_time_format_iso8601 (now);
      PdOrder *order = pd_order_new (52000000 + i * 13, campaign_ids[which], "PROCESSING",
                                     shipped ? "SHIPPED" : ready ? "READY_TO_SHIP" : "STARTED",
                                     programs[which]);

      pd_order_set_creation_date (order, created_text);
      pd_order_set_update_date (order, shipped ? now_text : created_text);
      pd_order_set_buyer_type (order, g_rand_int_range (rand, 0, 4) == 0 ? "BUSINESS" : "PERSON");
      for (guint j = 0; j < n_items; j++)
        {
          const Offer *offer = &offers[g_rand_int_range (rand, 0, G_N_ELEMENTS (offers))];
          guint count = g_rand_int_range (rand, 0, 4) == 0 ? g_rand_int_range (rand, 2, 5) : 1;

          pd_order_add_item (order, make_item (rand, item_id++, offer, count,
                                               partly_coded && j == 0, failed && j == 0));
        }
      g_ptr_array_add (orders, order);
    }
  add_shipments (orders);

  /* A few jewelry orders already carry UINs. */
  for (guint i = 0; i < orders->len; i += 37)
    {
      PdOrder *order = g_ptr_array_index (orders, i);
      PdOrderItem *item = g_ptr_array_index (pd_order_get_items (order), 0);

      if ((pd_order_item_get_required_types (item) & PD_INSTANCE_TYPE_UIN)
          && pd_order_item_get_instances (item)->len == 0
          && g_strcmp0 (pd_order_get_substatus (order), "STARTED") == 0)
        {
          g_autofree char *uin = make_uin (rand);
          pd_order_item_add_instance (item, pd_item_instance_new (PD_CODE_KIND_UIN, uin));
        }
    }
}
