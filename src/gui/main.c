/* main.c — the Versus desktop application
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "vs-application.h"
#include "vs-util.h"

/* Started from the build tree (_build/src/gui/versus), the settings schema
 * is the one compiled there, not an installed one: without it GSettings
 * aborts at once; and the application icon (About, the window list) is the
 * source tree's. An installed binary, or one told where to look, is left
 * alone. */
static void
use_build_tree_schema (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = g_build_filename (BUILD_ROOT, "data", NULL);
  g_autofree char *compiled = g_build_filename (dir, "gschemas.compiled", NULL);

  if (g_getenv ("GSETTINGS_SCHEMA_DIR") != NULL || exe == NULL)
    return;
  if (g_str_has_prefix (exe, BUILD_ROOT G_DIR_SEPARATOR_S) &&
      g_file_test (compiled, G_FILE_TEST_IS_REGULAR))
    {
      const char *data_dirs = g_getenv ("XDG_DATA_DIRS");
      g_autofree char *with_icons = NULL;

      g_setenv ("GSETTINGS_SCHEMA_DIR", dir, TRUE);
      /* $dir/icons/hicolor/…/io.github.versusbench.Versus.svg; the default
       * when unset is /usr/local/share:/usr/share */
      with_icons = g_strconcat (SOURCE_DATADIR, ":",
                                data_dirs && *data_dirs ? data_dirs : "/usr/local/share:/usr/share",
                                NULL);
      g_setenv ("XDG_DATA_DIRS", with_icons, TRUE);
    }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(VsApplication) app = NULL;

  use_build_tree_schema ();
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* a connection is a file descriptor */
  vs_raise_fd_limit ();

  app = vs_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
