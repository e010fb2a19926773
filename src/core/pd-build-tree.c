/* pd-build-tree.c — a program run from the build tree (`_build/src/packdesk`, as `build-aux/run`
 * and the README do, or `_build/src/cli/packdesk-cli`) finds the translations and the decoder
 * helper built beside it, not the installed ones it was configured for, which may be missing or
 * of another version. Installed programs never live under the build root.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "pd-build-tree.h"

/* Whether the running program is one meson built and did not install. */
gboolean
pd_build_tree_is_running (void)
{
  static gsize checked;
  static gboolean uninstalled;

  if (g_once_init_enter (&checked))
    {
      g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);

      uninstalled = exe != NULL && g_str_has_prefix (exe, PD_BUILD_ROOT G_DIR_SEPARATOR_S);
      g_once_init_leave (&checked, 1);
    }
  return uninstalled;
}

/* Returns: the folder of the translations: the build tree's po/, or LOCALEDIR */
const char *
pd_build_tree_locale_dir (void)
{
  return pd_build_tree_is_running () ? PD_BUILD_ROOT G_DIR_SEPARATOR_S "po" : LOCALEDIR;
}

/**
 * pd_build_tree_helper:
 * @layer: the folder under src/ that builds it, e.g. "scan"
 * @name: the helper program, e.g. "packdesk-decoder"
 *
 * Returns: (transfer full): the helper built beside the running program, or the installed one
 */
char *
pd_build_tree_helper (const char *layer,
                      const char *name)
{
  if (pd_build_tree_is_running ())
    return g_build_filename (PD_BUILD_ROOT, "src", layer, name, NULL);
  return g_build_filename (LIBEXECDIR, name, NULL);
}
