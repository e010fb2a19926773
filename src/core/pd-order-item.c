/* pd-order-item.c — an order line as getBusinessOrders describes it, with the codes the Market
 * already has for it (items[].instances). Unknown requiredInstanceTypes values are kept in the
 * raw list and left out of the flags, so they are shown but never guessed at.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pd-core-enums.h"
#include "pd-order-item.h"

struct _PdOrderItem
{
  GObject     parent_instance;

  gint64      id;
  char       *offer_id;
  char       *offer_name;
  guint       count;
  GStrv       required_instance_types;
  GPtrArray  *instances;
};

G_DEFINE_FINAL_TYPE (PdOrderItem, pd_order_item, G_TYPE_OBJECT)

static void
pd_order_item_finalize (GObject *object)
{
  PdOrderItem *self = PD_ORDER_ITEM (object);

  g_free (self->offer_id);
  g_free (self->offer_name);
  g_strfreev (self->required_instance_types);
  g_ptr_array_unref (self->instances);

  G_OBJECT_CLASS (pd_order_item_parent_class)->finalize (object);
}

static void
pd_order_item_class_init (PdOrderItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = pd_order_item_finalize;
}

static void
pd_order_item_init (PdOrderItem *self)
{
  self->instances = g_ptr_array_new_with_free_func ((GDestroyNotify) pd_item_instance_free);
}

PdOrderItem *
pd_order_item_new (gint64              id,
                   const char         *offer_id,
                   const char         *offer_name,
                   guint               count,
                   const char * const *required_instance_types)
{
  PdOrderItem *self = g_object_new (PD_TYPE_ORDER_ITEM, NULL);
  const char *none[] = { NULL };

  self->id = id;
  self->offer_id = g_strdup (offer_id);
  self->offer_name = g_strdup (offer_name);
  self->count = count;
  self->required_instance_types = g_strdupv ((GStrv) (required_instance_types != NULL
                                                      ? required_instance_types : none));
  return self;
}

gint64
pd_order_item_get_id (PdOrderItem *self)
{
  return self->id;
}

const char *
pd_order_item_get_offer_id (PdOrderItem *self)
{
  return self->offer_id;
}

const char *
pd_order_item_get_offer_name (PdOrderItem *self)
{
  return self->offer_name;
}

guint
pd_order_item_get_count (PdOrderItem *self)
{
  return self->count;
}

/* The requiredInstanceTypes as the Market sent them, unknown values included. */
const char * const *
pd_order_item_get_required_instance_types (PdOrderItem *self)
{
  return (const char * const *) self->required_instance_types;
}

PdInstanceTypes
pd_order_item_get_required_types (PdOrderItem *self)
{
  return pd_instance_types_from_strv ((const char * const *) self->required_instance_types);
}

/* Returns: (transfer none) (element-type PdItemInstance): the codes the Market has */
GPtrArray *
pd_order_item_get_instances (PdOrderItem *self)
{
  return self->instances;
}

/* Takes ownership of INSTANCE. */
void
pd_order_item_add_instance (PdOrderItem    *self,
                            PdItemInstance *instance)
{
  g_ptr_array_add (self->instances, instance);
}

PdInstanceTypes
pd_instance_types_from_strv (const char * const *names)
{
  g_autoptr(GFlagsClass) klass = g_type_class_ref (PD_TYPE_INSTANCE_TYPES);
  PdInstanceTypes types = PD_INSTANCE_TYPE_NONE;

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      GFlagsValue *value = g_flags_get_value_by_nick (klass, names[i]);

      if (value != NULL)
        types |= value->value;
    }

  return types;
}
