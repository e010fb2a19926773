/* test-camera-portal.c — inside a Flatpak the camera goes through org.freedesktop.portal.Camera:
 * with a fake portal on a private session bus, a refusal is "permission", no camera is "not
 * found", no portal is a failure with its reason, and a grant leads to OpenPipeWireRemote. Runs in
 * its own dbus-run-session.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <fcntl.h>
#include <gio/gunixfdlist.h>

#include "pd-camera.h"
#include "pd-test-async.h"

static const char portal_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.portal.Camera'>"
  "    <method name='AccessCamera'>"
  "      <arg type='a{sv}' name='options' direction='in'/>"
  "      <arg type='o' name='handle' direction='out'/>"
  "    </method>"
  "    <method name='OpenPipeWireRemote'>"
  "      <arg type='a{sv}' name='options' direction='in'/>"
  "      <arg type='h' name='fd' direction='out'/>"
  "    </method>"
  "    <property name='IsCameraPresent' type='b' access='read'/>"
  "    <property name='version' type='u' access='read'/>"
  "  </interface>"
  "</node>";

typedef struct
{
  gboolean present;
  guint32  response;   /* 0 granted, 1 refused */
  guint    remotes_opened;
} FakePortal;

static FakePortal portal;

static void
portal_method (GDBusConnection       *connection,
               const char            *sender,
               const char            *path,
               const char            *interface,
               const char            *method,
               GVariant              *parameters,
               GDBusMethodInvocation *invocation,
               gpointer               data)
{
  if (g_str_equal (method, "AccessCamera"))
    {
      g_autoptr(GVariant) options = NULL;
      g_autofree char *token = NULL;
      g_autofree char *name = g_strdup (sender + 1);
      g_autofree char *handle = NULL;

      g_variant_get (parameters, "(@a{sv})", &options);
      g_assert_true (g_variant_lookup (options, "handle_token", "s", &token));
      g_strdelimit (name, ".", '_');
      handle = g_strdup_printf ("/org/freedesktop/portal/desktop/request/%s/%s", name, token);
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(o)", handle));
      g_dbus_connection_emit_signal (connection, sender, handle, "org.freedesktop.portal.Request",
                                     "Response", g_variant_new ("(u@a{sv})", portal.response,
                                                                g_variant_new_array (G_VARIANT_TYPE ("{sv}"), NULL, 0)),
                                     NULL);
    }
  else
    {
      g_autoptr(GUnixFDList) fds = g_unix_fd_list_new ();
      int fd = open ("/dev/null", O_RDWR | O_CLOEXEC);

      portal.remotes_opened++;
      g_unix_fd_list_append (fds, fd, NULL);
      close (fd);
      g_dbus_method_invocation_return_value_with_unix_fd_list (invocation, g_variant_new ("(h)", 0), fds);
    }
}

static GVariant *
portal_property (GDBusConnection *connection,
                 const char      *sender,
                 const char      *path,
                 const char      *interface,
                 const char      *property,
                 GError         **error,
                 gpointer         data)
{
  if (g_str_equal (property, "version"))
    return g_variant_new_uint32 (1);
  return g_variant_new_boolean (portal.present);
}

static gboolean
name_acquired;

static void
on_name_acquired (GDBusConnection *connection,
                  const char      *name,
                  gpointer         data)
{
  name_acquired = TRUE;
}

static gboolean
flag_set (gpointer flag)
{
  return *(gboolean *) flag;
}

/* A second connection plays the portal, as xdg-desktop-portal would. */
static void
start_fake_portal (void)
{
  static const GDBusInterfaceVTable vtable = { portal_method, portal_property, NULL };
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (portal_xml, NULL);
  g_autofree char *address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  GDBusConnection *connection;
  g_autoptr(GError) error = NULL;

  connection = g_dbus_connection_new_for_address_sync (address,
                                                       G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT
                                                       | G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                       NULL, NULL, &error);
  g_assert_no_error (error);
  g_dbus_connection_register_object (connection, "/org/freedesktop/portal/desktop",
                                     info->interfaces[0], &vtable, NULL, NULL, &error);
  g_assert_no_error (error);
  g_bus_own_name_on_connection (connection, "org.freedesktop.portal.Desktop",
                                G_BUS_NAME_OWNER_FLAGS_NONE, on_name_acquired, NULL, NULL, NULL);
  g_assert_true (pd_test_wait_until (flag_set, &name_acquired));
}

static gboolean
camera_settled (gpointer camera)
{
  return pd_camera_get_state (camera) == PD_CAMERA_STATE_UNAVAILABLE;
}

static PdCameraProblem
start_camera (void)
{
  g_autoptr(PdCamera) camera = pd_camera_new ();

  pd_camera_start (camera);
  g_assert_cmpint (pd_camera_get_state (camera), ==, PD_CAMERA_STATE_STARTING);
  g_assert_true (pd_test_wait_until (camera_settled, camera));
  g_assert_nonnull (pd_camera_get_message (camera));
  return pd_camera_get_problem (camera);
}

static void
test_no_portal (void)
{
  g_assert_cmpint (start_camera (), ==, PD_CAMERA_PROBLEM_FAILED);
}

static void
test_refused (void)
{
  start_fake_portal ();
  portal = (FakePortal) { .present = TRUE, .response = 1 };
  g_assert_cmpint (start_camera (), ==, PD_CAMERA_PROBLEM_PERMISSION);
  g_assert_cmpuint (portal.remotes_opened, ==, 0);
}

static void
test_no_camera (void)
{
  portal = (FakePortal) { .present = FALSE };
  g_assert_cmpint (start_camera (), ==, PD_CAMERA_PROBLEM_NOT_FOUND);
}

static void
test_granted (void)
{
  portal = (FakePortal) { .present = TRUE, .response = 0 };
  /* The remote is /dev/null, not PipeWire: after OpenPipeWireRemote the stream itself fails
   * (or the PipeWire plugin is missing), which is a failure with its reason. */
  g_assert_cmpint (start_camera (), ==, PD_CAMERA_PROBLEM_FAILED);
  g_assert_cmpuint (portal.remotes_opened, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_unsetenv ("PACKDESK_CAMERA_PIPELINE");
  g_setenv ("PD_CAMERA_PORTAL", "1", TRUE);
  g_test_init (&argc, &argv, NULL);

  /* In this order: the portal appears after the first test. */
  g_test_add_func ("/camera-portal/no-portal", test_no_portal);
  g_test_add_func ("/camera-portal/refused", test_refused);
  g_test_add_func ("/camera-portal/no-camera", test_no_camera);
  g_test_add_func ("/camera-portal/granted", test_granted);

  return g_test_run ();
}
