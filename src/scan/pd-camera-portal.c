/* pd-camera-portal.c — the camera through org.freedesktop.portal.Camera.
 *
 * Inside a Flatpak the camera is not a device file but PipeWire nodes the portal hands out after
 * asking the user: IsCameraPresent, then AccessCamera (answered later by a Request's Response
 * signal, which is subscribed to before the call so it cannot be missed), then
 * OpenPipeWireRemote, whose file descriptor `pipewiresrc` takes. Errors: G_IO_ERROR_NOT_FOUND
 * (no camera), G_IO_ERROR_PERMISSION_DENIED (the user said no), G_IO_ERROR_NOT_SUPPORTED (no
 * portal).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pd-camera-portal.h"

#include <gio/gunixfdlist.h>
#include <unistd.h>

#define PORTAL_NAME "org.freedesktop.portal.Desktop"
#define PORTAL_PATH "/org/freedesktop/portal/desktop"
#define CAMERA_INTERFACE "org.freedesktop.portal.Camera"

typedef struct
{
  GDBusConnection *connection;
  char            *request_path;
  guint            response_subscription;
} Opening;

static void
opening_free (Opening *opening)
{
  g_clear_object (&opening->connection);
  g_free (opening->request_path);
  g_free (opening);
}

/* In a Flatpak, or when asked to (PD_CAMERA_PORTAL=1, for tests on the host). */
gboolean
pd_camera_portal_wanted (void)
{
  return g_strcmp0 (g_getenv ("PD_CAMERA_PORTAL"), "1") == 0
         || g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS);
}

static void
on_remote_opened (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr(GTask) task = data;
  g_autoptr(GUnixFDList) fds = NULL;
  g_autoptr(GVariant) reply = NULL;
  GError *error = NULL;
  gint32 index;
  int fd;

  reply = g_dbus_connection_call_with_unix_fd_list_finish (G_DBUS_CONNECTION (source), &fds, result,
                                                           &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_variant_get (reply, "(h)", &index);
  fd = fds != NULL ? g_unix_fd_list_get (fds, index, &error) : -1;
  /* Stopped meanwhile: nobody will take the descriptor. */
  if (fd >= 0 && g_task_return_error_if_cancelled (task))
    {
      close (fd);
      return;
    }
  if (fd < 0)
    {
      if (error == NULL)
        error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "no file descriptor");
      g_task_return_error (task, error);
      return;
    }
  g_task_return_int (task, fd);
}

static void
on_response (GDBusConnection *connection,
             const char      *sender,
             const char      *path,
             const char      *interface,
             const char      *signal,
             GVariant        *parameters,
             gpointer         data)
{
  GTask *task = data;
  Opening *opening = g_task_get_task_data (task);
  guint32 response;

  g_variant_get (parameters, "(u@a{sv})", &response, NULL);
  g_dbus_connection_signal_unsubscribe (connection, opening->response_subscription);
  opening->response_subscription = 0;

  if (response != 0)
    {
      g_task_return_new_error (task, G_IO_ERROR,
                               response == 1 ? G_IO_ERROR_PERMISSION_DENIED : G_IO_ERROR_FAILED,
                               "camera access not granted (%u)", response);
      return;
    }
  g_dbus_connection_call_with_unix_fd_list (connection, PORTAL_NAME, PORTAL_PATH, CAMERA_INTERFACE,
                                            "OpenPipeWireRemote", g_variant_new ("(a{sv})", NULL),
                                            G_VARIANT_TYPE ("(h)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                                            g_task_get_cancellable (task), on_remote_opened,
                                            g_object_ref (task));
}

static void
on_access_called (GObject      *source,
                  GAsyncResult *result,
                  gpointer      data)
{
  g_autoptr(GTask) task = data;
  g_autoptr(GVariant) reply = NULL;
  Opening *opening = g_task_get_task_data (task);
  GError *error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL)
    {
      /* No Response will come: the subscription lets go of the task. */
      g_dbus_connection_signal_unsubscribe (opening->connection, opening->response_subscription);
      opening->response_subscription = 0;
      g_task_return_error (task, error);
    }
  /* Otherwise the answer comes with the Response signal; the subscription holds the task. */
}

static void
request_access (GTask *task)
{
  Opening *opening = g_task_get_task_data (task);
  g_autofree char *token = g_strdup_printf ("packdesk%u", g_random_int ());
  g_autofree char *sender = g_strdup (g_dbus_connection_get_unique_name (opening->connection) + 1);
  GVariantBuilder options;

  /* The request's path is known before the call: /…/request/SENDER/TOKEN, ':' dropped, '.'→'_'. */
  g_strdelimit (sender, ".", '_');
  opening->request_path = g_strdup_printf (PORTAL_PATH "/request/%s/%s", sender, token);
  opening->response_subscription =
    g_dbus_connection_signal_subscribe (opening->connection, PORTAL_NAME,
                                        "org.freedesktop.portal.Request", "Response",
                                        opening->request_path, NULL,
                                        G_DBUS_SIGNAL_FLAGS_NO_MATCH_RULE, on_response,
                                        g_object_ref (task), g_object_unref);

  g_variant_builder_init (&options, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&options, "{sv}", "handle_token", g_variant_new_string (token));
  g_dbus_connection_call (opening->connection, PORTAL_NAME, PORTAL_PATH, CAMERA_INTERFACE,
                          "AccessCamera", g_variant_new ("(a{sv})", &options),
                          G_VARIANT_TYPE ("(o)"), G_DBUS_CALL_FLAGS_NONE, -1,
                          g_task_get_cancellable (task), on_access_called, g_object_ref (task));
}

static void
on_presence (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  g_autoptr(GTask) task = data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) present = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               "no camera portal: %s", error->message);
      return;
    }
  g_variant_get (reply, "(v)", &present);
  if (!g_variant_is_of_type (present, G_VARIANT_TYPE_BOOLEAN) || !g_variant_get_boolean (present))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "no camera");
      return;
    }
  request_access (task);
}

static void
on_bus (GObject      *source,
        GAsyncResult *result,
        gpointer      data)
{
  g_autoptr(GTask) task = data;
  Opening *opening = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;

  opening->connection = g_bus_get_finish (result, &error);
  if (opening->connection == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_dbus_connection_call (opening->connection, PORTAL_NAME, PORTAL_PATH,
                          "org.freedesktop.DBus.Properties", "Get",
                          g_variant_new ("(ss)", CAMERA_INTERFACE, "IsCameraPresent"),
                          G_VARIANT_TYPE ("(v)"), G_DBUS_CALL_FLAGS_NONE, -1, cancellable,
                          on_presence, g_steal_pointer (&task));
}

void
pd_camera_portal_open_async (GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, pd_camera_portal_open_async);
  g_task_set_task_data (task, g_new0 (Opening, 1), (GDestroyNotify) opening_free);
  g_bus_get (G_BUS_TYPE_SESSION, cancellable, on_bus, task);
}

/* Returns: the PipeWire remote's file descriptor (the caller closes it), or -1 */
int
pd_camera_portal_open_finish (GAsyncResult  *result,
                              GError       **error)
{
  return g_task_propagate_int (G_TASK (result), error);
}
