/* pd-test-async.c — async calls run to completion on the default main context.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "pd-test-async.h"

void
pd_test_keep_result (GObject      *source,
                     GAsyncResult *result,
                     gpointer      slot)
{
  *(GAsyncResult **) slot = g_object_ref (result);
}

GAsyncResult *
pd_test_wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

/* Keeps the default context running, so servers in this process go on answering. */
void
pd_test_wait_ms (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* Keeps the default context running until CONDITION holds.
 * Returns: FALSE when it still does not after ten seconds */
gboolean
pd_test_wait_until (gboolean (*condition) (gpointer data),
                    gpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      pd_test_wait_ms (5);
    }
  return TRUE;
}

/* Removes DIR and everything in it. */
void
pd_test_remove_tree (const char *dir)
{
  g_autoptr(GFile) file = g_file_new_for_path (dir);
  g_autoptr(GFileEnumerator) children = g_file_enumerate_children (file,
                                                                   G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                                                   G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                                                   G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  GFileInfo *info;

  while (children != NULL && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, g_file_info_get_name (info), NULL);

      /* A link to a folder is removed, never followed: what it points to is not the test's. */
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        pd_test_remove_tree (child);
      else
        g_unlink (child);
      g_object_unref (info);
    }
  g_rmdir (dir);
}

/* A signal handler (connected swapped) that counts its calls in the guint COUNTER. */
void
pd_test_count (gpointer counter)
{
  (*(guint *) counter)++;
}
