/* vs-runtime-stage.c — what a runtime needs on the host before a start: free loopback ports, a template found and staged
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>
#include <glib/gi18n-lib.h>

#include "vs-runtime-private.h"
#include "vs-util.h"

/* ---------------------------------------------------------------------- */
/* Ports, templates                                                        */

static GSocket *
bind_loopback (guint    port,
               GError **error)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return NULL;
  /* SO_REUSEADDR, as the servers (Node, uvicorn, docker-proxy) bind: a port
   * whose old connections linger in TIME_WAIT is free for them; a listener
   * on it still makes the bind fail */
  if (!g_socket_bind (socket, address, TRUE, error) || !g_socket_listen (socket, error))
    return NULL;
  return g_steal_pointer (&socket);
}

/* A port that is free on 127.0.0.1 now. Another program may take it
 * before the server does; starting then fails with "address in use". */
guint
vs_find_free_port (GError **error)
{
  g_autoptr(GSocket) socket = bind_loopback (0, error);
  g_autoptr(GSocketAddress) address = NULL;

  if (socket == NULL)
    return 0;
  address = g_socket_get_local_address (socket, error);
  if (address == NULL)
    return 0;
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address));
}

gboolean
vs_port_is_free (guint port)
{
  g_autoptr(GSocket) socket = bind_loopback (port, NULL);

  return socket != NULL;
}

VsTemplate *
vs_find_template (const char  *name,
                  GError     **error)
{
  g_autoptr(GPtrArray) templates = vs_template_list (NULL);
  g_autoptr(GString) names = g_string_new (NULL);
  VsTemplate *found = vs_template_list_find (templates, name);

  if (found != NULL)
    return vs_template_ref (found);

  for (guint i = 0; i < templates->len; i++)
    g_string_append_printf (names, "%s%s", i ? ", " : "",
                            ((VsTemplate *) g_ptr_array_index (templates, i))->name);

  g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
               _("there is no template “%s” (templates: %s)"), name,
               names->len ? names->str : _("none found"));
  return NULL;
}

typedef struct
{
  char     *name;
  gboolean  with_digest;
} FindData;

static void
find_data_free (FindData *data)
{
  g_free (data->name);
  g_free (data);
}

static void
find_template_thread (GTask        *task,
                      gpointer      source_object,
                      gpointer      task_data,
                      GCancellable *cancellable)
{
  FindData *data = task_data;
  GError *error = NULL;
  VsTemplate *template = vs_find_template (data->name, &error);

  /* what an image of it must have been built from: read only for a
   * container, which compares it with the image's label */
  if (template != NULL && data->with_digest &&
      (template->digest = vs_template_compute_digest (template, &error)) == NULL)
    g_clear_pointer (&template, vs_template_unref);
  if (template != NULL)
    g_task_return_pointer (task, template, (GDestroyNotify) vs_template_unref);
  else
    g_task_return_error (task, error);
}

void
vs_find_template_async (const char          *name,
                        gboolean             with_digest,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  FindData *data = g_new0 (FindData, 1);

  g_return_if_fail (name != NULL);

  data->name = g_strdup (name);
  data->with_digest = with_digest;
  g_task_set_source_tag (task, vs_find_template_async);
  g_task_set_task_data (task, data, (GDestroyNotify) find_data_free);
  g_task_run_in_thread (task, find_template_thread);
}

VsTemplate *
vs_find_template_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
copy_file (GFile      *source,
           GFile      *dest,
           GChecksum  *checksum,
           GError    **error)
{
  g_autofree char *contents = NULL;
  gsize len;

  if (!g_file_load_contents (source, NULL, &contents, &len, NULL, error))
    return FALSE;
  g_checksum_update (checksum, (const guchar *) contents, len);
  if (dest == NULL)
    return TRUE;
  return g_file_replace_contents (dest, contents, len, NULL, FALSE,
                                  G_FILE_CREATE_NONE, NULL, NULL, error);
}

static gboolean
copy_tree (GFile         *source,
           GFile         *dest,
           GChecksum     *checksum,
           GError       **error)
{
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  /* no @dest: the checksum only */
  if (dest != NULL && !g_file_make_directory_with_parents (dest, NULL, error))
    {
      if (!g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        return FALSE;
      g_clear_error (error);
    }

  children = g_file_enumerate_children (source, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, error);
  if (children == NULL)
    return FALSE;

  for (;;)
    {
      GFileInfo *info = NULL;

      if (!g_file_enumerator_iterate (children, &info, NULL, NULL, error))
        return FALSE;
      if (info == NULL)
        break;
      g_ptr_array_add (names, g_strdup (g_file_info_get_name (info)));
    }

  /* sorted, so the checksum does not depend on the directory order */
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autoptr(GFile) child = g_file_get_child (source, name);
      g_autoptr(GFile) target = dest ? g_file_get_child (dest, name) : NULL;
      GFileType type;

      /* what a local install leaves in a source tree is not part of it */
      if (g_str_equal (name, "node_modules") || g_str_equal (name, "__pycache__"))
        continue;

      type = g_file_query_file_type (child, G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL);
      g_checksum_update (checksum, (const guchar *) name, strlen (name) + 1);
      if (type == G_FILE_TYPE_DIRECTORY)
        {
          if (!copy_tree (child, target, checksum, error))
            return FALSE;
        }
      else if (type == G_FILE_TYPE_REGULAR && !copy_file (child, target, checksum, error))
        return FALSE;
    }

  return TRUE;
}

/* @template's files, then the files it shares with other templates beside
 * its own, into @dest (NULL: none) and @checksum */
static gboolean
copy_template (VsTemplate *template,
               GFile      *dest,
               GChecksum  *checksum,
               GError    **error)
{
  g_autoptr(GFile) source = g_file_new_for_path (template->dir);

  if (!copy_tree (source, dest, checksum, error))
    return FALSE;

  for (guint i = 0; template->shared != NULL && template->shared[i] != NULL; i++)
    {
      g_autofree char *path = vs_template_shared_path (template, i);
      g_autofree char *name = g_path_get_basename (path);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GFile) target = dest ? g_file_get_child (dest, name) : NULL;

      g_checksum_update (checksum, (const guchar *) name, strlen (name) + 1);
      if (!copy_file (file, target, checksum, error))
        {
          g_prefix_error (error, _("%s, which it shares: "), path);
          return FALSE;
        }
    }
  return TRUE;
}

/* What @template's files add up to: the SHA-256 the staged copy is stamped
 * with, and the label of an image built from it. Reads files: not on the
 * UI thread. */
char *
vs_template_compute_digest (VsTemplate  *template,
                            GError     **error)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  if (!copy_template (template, NULL, checksum, error))
    {
      g_prefix_error (error, _("cannot read template %s: "), template->name);
      return NULL;
    }
  return g_strdup (g_checksum_get_string (checksum));
}

/* Copies @template's folder to $XDG_CACHE_HOME/versus/@purpose/NAME: a
 * folder the host sees even from inside Flatpak (the build context), and
 * one local processes can install dependencies into without touching the
 * installed template. @out_changed tells whether the files differ from
 * the last copy. */
char *
vs_stage_template (VsTemplate  *template,
                   const char  *purpose,
                   gboolean    *out_changed,
                   char       **out_digest,
                   GError     **error)
{
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "versus", purpose,
                                           template->name, NULL);
  g_autofree char *stamp_path = g_build_filename (dir, ".versus-stamp", NULL);
  g_autofree char *old_stamp = NULL;
  g_autofree char *new_stamp_path = NULL;
  g_autoptr(GFile) dest = g_file_new_for_path (dir);
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  const char *stamp;

  if (!copy_template (template, dest, checksum, error))
    {
      g_prefix_error (error, _("cannot copy template %s to %s: "), template->name, dir);
      return NULL;
    }

  stamp = g_checksum_get_string (checksum);
  g_file_get_contents (stamp_path, &old_stamp, NULL, NULL);
  if (out_changed)
    *out_changed = g_strcmp0 (old_stamp, stamp) != 0;

  /* committed by vs_stage_template_done() once what depends on it worked */
  new_stamp_path = g_build_filename (dir, ".versus-stamp.new", NULL);
  if (!g_file_set_contents (new_stamp_path, stamp, -1, error))
    return NULL;

  if (out_digest)
    *out_digest = g_strdup (stamp);
  return g_steal_pointer (&dir);
}

/* Records that the staged folder @dir is complete (its install worked). */
gboolean
vs_stage_template_done (const char  *dir,
                        GError     **error)
{
  g_autofree char *stamp_path = g_build_filename (dir, ".versus-stamp", NULL);
  g_autofree char *new_stamp_path = g_build_filename (dir, ".versus-stamp.new", NULL);

  if (g_rename (new_stamp_path, stamp_path) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("cannot write %s: %s"), stamp_path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

