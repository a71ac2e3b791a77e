/* test-runtime.c — runtimes on real engines: local processes, Podman, Docker
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Nothing here is mocked. The process runtime runs the bundled templates
 * with this machine's node and python. The container runtimes run when
 * build-aux/containers-setup prepared the engine (VS_TEST_PODMAN=1,
 * VS_TEST_DOCKER=1 and local base images in VS_TEST_NODE_BASE and
 * VS_TEST_PYTHON_BASE); otherwise their tests are skipped with the reason.
 */

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "vs-load-engine.h"
#include "vs-parity.h"
#include "vs-runtime-monitor.h"
#include "vs-runtime-private.h"
#include "vs-util.h"
#include "vs-test-async.h"
#include "vs-test-files.h"

typedef struct
{
  VsRuntimeKind  kind;
  const char    *enable_var;   /* NULL: always */
  const char    *skip_var;
} Engine;

static const Engine engines[] = {
  { VS_RUNTIME_KIND_PROCESS, NULL, NULL },
  { VS_RUNTIME_KIND_PODMAN, "VS_TEST_PODMAN", "VS_TEST_PODMAN_SKIP" },
  { VS_RUNTIME_KIND_DOCKER, "VS_TEST_DOCKER", "VS_TEST_DOCKER_SKIP" },
};

/* ---------------------------------------------------------------------- */
/* waiting for async results                                               */

static VsRuntime *
engine_runtime (const Engine *engine)
{
  g_autoptr(VsRuntime) runtime = NULL;
  g_autoptr(VsRuntimeInfo) info = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  if (engine->enable_var != NULL && g_getenv (engine->enable_var) == NULL)
    {
      const char *why = g_getenv (engine->skip_var);
      g_autofree char *message =
        g_strdup_printf ("%s not set up: %s", vs_runtime_kind_to_string (engine->kind),
                         why ? why : "build-aux/containers-setup did not run "
                                     "(run the tests through build-aux/test)");
      g_test_skip (message);
      return NULL;
    }

  runtime = vs_runtime_new (engine->kind);
  vs_runtime_probe_async (runtime, NULL, store_result_cb, &slot);
  result = await_result (&slot);
  info = vs_runtime_probe_finish (runtime, result, &error);
  g_assert_no_error (error);
  if (info->status != VS_RUNTIME_STATUS_AVAILABLE)
    g_error ("%s was set up but its probe says: %s", info->name, info->reason);
  return g_steal_pointer (&runtime);
}

static const char *
base_image_for (const char *template_name)
{
  g_autoptr(VsTemplate) template = vs_find_template (template_name, NULL);

  g_assert_nonnull (template);
  return g_str_equal (template->language, "javascript") ? g_getenv ("VS_TEST_NODE_BASE")
                                                         : g_getenv ("VS_TEST_PYTHON_BASE");
}

static void
log_line (const char *line,
          gpointer    user_data)
{
  guint *n = user_data;

  (*n)++;
  g_test_message ("build: %s", line);
}

static void
build_template (VsRuntime  *runtime,
                const char *name)
{
  g_autoptr(VsTemplate) template = vs_find_template (name, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *image_id = NULL;
  g_autofree char *base_arg = NULL;
  GStrvBuilder *builder = g_strv_builder_new ();
  g_auto(GStrv) args = NULL;
  GAsyncResult *slot = NULL;
  guint n_lines = 0;

  g_assert_nonnull (template);
  if (vs_runtime_get_kind (runtime) != VS_RUNTIME_KIND_PROCESS)
    {
      base_arg = g_strdup_printf ("BASE_IMAGE=%s", base_image_for (name));
      g_strv_builder_add (builder, base_arg);
      if (vs_runtime_get_kind (runtime) == VS_RUNTIME_KIND_DOCKER && g_getenv ("VS_TEST_DOCKER_BUILD_ARG"))
        g_strv_builder_add (builder, g_getenv ("VS_TEST_DOCKER_BUILD_ARG"));
    }
  args = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);

  vs_runtime_build_async (runtime, template, NULL, (const char * const *) args, log_line, &n_lines,
                          NULL, store_result_cb, &slot);
  result = await_result (&slot);
  image_id = vs_runtime_build_finish (runtime, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (image_id);
  g_assert_cmpuint (n_lines, >, 0);   /* the log streamed */
}

static VsInstance *
start_target (VsRuntime  *runtime,
              VsTarget   *target,
              GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  vs_runtime_start_async (runtime, target, "test-session", NULL, store_result_cb, &slot);
  result = await_result (&slot);
  return vs_runtime_start_finish (runtime, result, error);
}

static gboolean
wait_ready (VsInstance *instance,
            gint64      timeout_us,
            GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  GAsyncResult *slot = NULL;

  vs_instance_wait_ready_async (instance, timeout_us, NULL, store_result_cb, &slot);
  result = await_result (&slot);
  return vs_instance_wait_ready_finish (instance, result, error);
}

static void
stop_instance (VsInstance *instance)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  vs_instance_stop_async (instance, NULL, store_result_cb, &slot);
  result = await_result (&slot);
  g_assert_true (vs_instance_stop_finish (instance, result, &error));
  g_assert_no_error (error);
}

static VsTarget *
template_target (const char *name)
{
  VsTarget *target = vs_target_new ();

  target->label = g_strdup (name);
  target->template_name = g_strdup (name);
  target->ready_timeout_us = 60 * G_USEC_PER_SEC;
  return target;
}

/* Nothing of @instance is left: no process or container, the port free. */
static void
assert_gone (VsRuntime  *runtime,
             const char *session,
             GPid        pid,
             guint       port)
{
  /* the port may take a moment to be released by the kernel/NAT */
  for (guint i = 0; i < 100 && !vs_port_is_free (port); i++)
    g_usleep (20000);

  if (vs_runtime_get_kind (runtime) == VS_RUNTIME_KIND_PROCESS)
    {
      g_assert_cmpint (pid, >, 0);
      g_assert_cmpint (kill (pid, 0), ==, -1);
      g_assert_cmpint (errno, ==, ESRCH);
    }
  else
    {
      const char *program = vs_runtime_get_kind (runtime) == VS_RUNTIME_KIND_PODMAN ? "podman" : "docker";
      g_autofree char *filter = g_strdup_printf ("label=%s=%s", VS_RUNTIME_SESSION_LABEL, session);
      const char *argv[] = { program, "ps", "-a", "-q", "--filter", filter, NULL };
      g_autofree char *out = NULL;
      int status = 0;
      g_autoptr(GError) error = NULL;

      g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                                   NULL, NULL, &out, NULL, &status, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (g_strstrip (out), ==, "");
    }

  g_assert_true (vs_port_is_free (port));
}

/* ---------------------------------------------------------------------- */
/* parity: every template answers data/templates/parity.json               */

static GPtrArray *
parity_cases (void)
{
  g_autofree char *path = vs_parity_find_fixture ();
  g_autoptr(GError) error = NULL;
  GPtrArray *cases;

  g_assert_nonnull (path);
  cases = vs_parity_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (cases->len, >, 20);
  return cases;
}

/* Every case of the fixture against @instance; all differences are listed
 * before the test fails, named by case, request and what differs. */
static void
assert_parity (VsInstance *instance,
               const char *name)
{
  g_autoptr(GPtrArray) cases = parity_cases ();
  g_autoptr(SoupSession) session = soup_session_new_with_options ("proxy-resolver", NULL,
                                                                  "timeout", 60, NULL);
  g_autoptr(GString) failures = g_string_new (NULL);

  for (guint i = 0; i < cases->len; i++)
    {
      const VsParityCase *c = g_ptr_array_index (cases, i);
      g_autofree char *uri = g_strconcat (vs_instance_get_url (instance), c->path, NULL);
      g_autoptr(SoupMessage) message = soup_message_new (c->method, uri);
      g_autoptr(GBytes) body = NULL;
      g_autoptr(GError) error = NULL;

      if (c->request_body != NULL)
        soup_message_set_request_body_from_bytes (message, c->content_type, c->request_body);
      body = soup_session_send_and_read (session, message, NULL, &error);
      if (body == NULL || !vs_parity_check (c, soup_message_get_status (message), body, &error))
        g_string_append_printf (failures, "\n  %s (%s %s): %s", c->name, c->method, c->path,
                                error->message);
    }

  g_test_message ("%s: %u parity cases, %s", name, cases->len,
                  failures->len ? "differences:" : "all answered as the fixture says");
  if (failures->len > 0)
    g_error ("%s does not answer as data/templates/parity.json says:%s", name, failures->str);
}

/* ---------------------------------------------------------------------- */
/* the tests                                                               */

static void
on_sample (VsSampler      *sampler,
           const VsSample *sample,
           gpointer        user_data)
{
  g_test_message ("sample %.2f s: CPU %.1f %%, memory %" G_GINT64_FORMAT,
                  sample->elapsed_us / 1e6, sample->cpu_percent, sample->memory_bytes);
}

/* Both templates: build, start, ready, sampled under load, same answers,
 * stopped, nothing left. */
static void
test_templates (gconstpointer data)
{
  const Engine *engine = data;
  g_autoptr(VsRuntime) runtime = engine_runtime (engine);
  const char * const names[] = { "express", "fastapi" };
  g_autoptr(GPtrArray) instances = g_ptr_array_new_with_free_func (g_object_unref);

  if (runtime == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(VsTarget) target = template_target (names[i]);
      g_autoptr(VsInstance) instance = NULL;
      g_autoptr(VsSampler) sampler = NULL;
      g_autoptr(VsLoadProfile) profile = vs_load_profile_new ();
      g_autoptr(VsLoadEngine) load = NULL;
      g_autoptr(VsLoadResult) load_result = NULL;
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *url = NULL;
      GAsyncResult *slot = NULL;

      build_template (runtime, names[i]);

      instance = start_target (runtime, target, &error);
      g_assert_no_error (error);
      g_assert_true (wait_ready (instance, 0, &error));
      g_assert_no_error (error);
      g_assert_cmpint (vs_instance_get_startup_us (instance), >, 0);
      g_assert_cmpint (vs_instance_get_startup_us (instance), <, 60 * G_USEC_PER_SEC);
      g_assert_cmpuint (vs_instance_get_host_port (instance), >, 0);
      g_test_message ("%s on %s: ready at %s after %.3f s", names[i],
                      vs_runtime_kind_to_string (engine->kind), vs_instance_get_url (instance),
                      vs_instance_get_startup_us (instance) / 1e6);

      /* CPU and memory, under a short load from the engine */
      sampler = vs_instance_new_sampler (instance);
      vs_sampler_set_interval (sampler, 250 * 1000);
      g_signal_connect (sampler, "sample", G_CALLBACK (on_sample), NULL);
      vs_sampler_start (sampler);

      url = g_strconcat (vs_instance_get_url (instance), "/", NULL);
      vs_load_profile_set_url (profile, url);
      profile->connections = 8;
      profile->workers = 1;
      profile->duration_us = 2 * G_USEC_PER_SEC;
      load = vs_load_engine_new (profile);
      vs_load_engine_run_async (load, NULL, store_result_cb, &slot);
      result = await_result (&slot);
      load_result = vs_load_engine_run_finish (load, result, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (load_result->totals->requests, >, 100);
      vs_sampler_stop (sampler);

      g_assert_cmpuint (vs_sampler_get_samples (sampler)->len, >=, 4);
      g_assert_cmpfloat (vs_sampler_get_peak_cpu (sampler), >, 0.0);
      g_assert_cmpfloat (vs_sampler_get_mean_cpu (sampler), >, 0.0);
      g_assert_cmpint (vs_sampler_get_peak_memory (sampler), >, 1024 * 1024);
      g_test_message ("%s: mean CPU %.1f %%, peak memory %" G_GINT64_FORMAT " bytes", names[i],
                      vs_sampler_get_mean_cpu (sampler), vs_sampler_get_peak_memory (sampler));

      g_ptr_array_add (instances, g_steal_pointer (&instance));
    }

  for (guint i = 0; i < instances->len; i++)
    assert_parity (g_ptr_array_index (instances, i), names[i]);

  for (guint i = 0; i < instances->len; i++)
    {
      VsInstance *instance = g_ptr_array_index (instances, i);

      stop_instance (instance);
      stop_instance (instance);  /* twice is fine */
    }
  for (guint i = 0; i < instances->len; i++)
    {
      VsInstance *instance = g_ptr_array_index (instances, i);
      GPid pid = vs_runtime_get_kind (runtime) == VS_RUNTIME_KIND_PROCESS
                 ? atoi (vs_instance_get_id (instance)) : 0;

      assert_gone (runtime, "test-session", pid, vs_instance_get_host_port (instance));
    }
}

static GPid
instance_pid (VsRuntime  *runtime,
              VsInstance *instance)
{
  return vs_runtime_get_kind (runtime) == VS_RUNTIME_KIND_PROCESS
         ? atoi (vs_instance_get_id (instance)) : 0;
}

static void
test_port_taken (gconstpointer data)
{
  const Engine *engine = data;
  g_autoptr(VsRuntime) runtime = engine_runtime (engine);
  g_autoptr(VsTarget) target = template_target ("fastapi");
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(VsInstance) instance = NULL;
  g_autoptr(GError) error = NULL;

  if (runtime == NULL)
    return;

  /* a real listener holds the port */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  address = g_inet_socket_address_new (loopback, 0);
  g_assert_true (g_socket_bind (socket, address, TRUE, &error));
  g_assert_true (g_socket_listen (socket, &error));
  bound = g_socket_get_local_address (socket, &error);
  target->host_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));

  instance = start_target (runtime, target, &error);
  g_assert_null (instance);
  g_assert_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "already in use"));
  g_test_message ("%s", error->message);
}

/* The server dies at once: the error says so, with its last log lines. */
static void
test_exits_early (gconstpointer data)
{
  const Engine *engine = data;
  g_autoptr(VsRuntime) runtime = engine_runtime (engine);
  g_autoptr(VsTarget) target = template_target ("express");
  g_autoptr(VsInstance) instance = NULL;
  g_autoptr(GError) error = NULL;
  GPid pid;
  guint port;
  gint64 begin;

  if (runtime == NULL)
    return;

  build_template (runtime, "express");
  /* an address this machine does not have: listen() fails, Node exits */
  vs_target_set_env (target, "HOST", "192.0.2.1");
  instance = start_target (runtime, target, &error);
  g_assert_no_error (error);
  pid = instance_pid (runtime, instance);
  port = vs_instance_get_host_port (instance);

  begin = g_get_monotonic_time ();
  g_assert_false (wait_ready (instance, 30 * G_USEC_PER_SEC, &error));
  g_assert_error (error, VS_ERROR, VS_ERROR_FAILED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "exited before it was ready"));
  g_assert_nonnull (strstr (error->message, "192.0.2.1"));   /* from its log */
  /* it did not wait for the timeout */
  g_assert_cmpint (g_get_monotonic_time () - begin, <, 20 * G_USEC_PER_SEC);

  stop_instance (instance);
  assert_gone (runtime, "test-session", pid, port);
}

static void
test_ready_timeout (gconstpointer data)
{
  const Engine *engine = data;
  g_autoptr(VsRuntime) runtime = engine_runtime (engine);
  g_autoptr(VsTarget) target = template_target ("fastapi");
  g_autoptr(VsInstance) instance = NULL;
  g_autoptr(GError) error = NULL;
  GPid pid;
  guint port;

  if (runtime == NULL)
    return;

  build_template (runtime, "fastapi");
  /* it runs, but the health path never answers 2xx */
  target->health_path = g_strdup ("/no-such-health");
  instance = start_target (runtime, target, &error);
  g_assert_no_error (error);
  pid = instance_pid (runtime, instance);
  port = vs_instance_get_host_port (instance);

  g_assert_false (wait_ready (instance, 4 * G_USEC_PER_SEC, &error));
  g_assert_error (error, VS_ERROR, VS_ERROR_FAILED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "not ready after"));
  g_assert_nonnull (strstr (error->message, "404"));
  g_assert_false (vs_instance_has_exited (instance));

  stop_instance (instance);
  assert_gone (runtime, "test-session", pid, port);
}

/* Cancelled while starting, and while waiting: nothing is left. */
static void
test_cancel (gconstpointer data)
{
  const Engine *engine = data;
  g_autoptr(VsRuntime) runtime = engine_runtime (engine);
  g_autoptr(VsTarget) target = template_target ("fastapi");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(VsInstance) instance = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  GPid pid;
  guint port;

  if (runtime == NULL)
    return;

  build_template (runtime, "fastapi");

  /* while starting */
  target->host_port = vs_find_free_port (NULL);
  vs_runtime_start_async (runtime, target, "test-cancel", cancellable, store_result_cb, &slot);
  g_cancellable_cancel (cancellable);
  result = await_result (&slot);
  instance = vs_runtime_start_finish (runtime, result, &error);
  if (instance == NULL)
    {
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      if (vs_runtime_get_kind (runtime) != VS_RUNTIME_KIND_PROCESS)
        assert_gone (runtime, "test-cancel", 0, target->host_port);
    }
  else
    stop_instance (instance);   /* it finished before the cancel was seen */
  g_clear_object (&instance);
  g_clear_object (&result);
  g_clear_error (&error);
  target->host_port = 0;

  /* while waiting for readiness */
  g_cancellable_reset (cancellable);
  instance = start_target (runtime, target, &error);
  g_assert_no_error (error);
  pid = instance_pid (runtime, instance);
  port = vs_instance_get_host_port (instance);
  vs_instance_wait_ready_async (instance, 0, cancellable, store_result_cb, &slot);
  g_cancellable_cancel (cancellable);
  result = await_result (&slot);
  g_assert_false (vs_instance_wait_ready_finish (instance, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  stop_instance (instance);
  assert_gone (runtime, "test-session", pid, port);
}

/* Versus died without stopping its target: cleanup finds and removes it. */
static void
test_cleanup (gconstpointer data)
{
  const Engine *engine = data;
  g_autoptr(VsRuntime) runtime = engine_runtime (engine);
  g_autoptr(VsTarget) target = template_target ("fastapi");
  g_autoptr(VsInstance) instance = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  GPid pid;
  guint port;
  guint removed;

  if (runtime == NULL)
    return;

  build_template (runtime, "fastapi");
  instance = start_target (runtime, target, &error);
  g_assert_no_error (error);
  g_assert_true (wait_ready (instance, 0, &error));
  pid = instance_pid (runtime, instance);
  port = vs_instance_get_host_port (instance);
  g_clear_object (&instance);   /* forgotten, still running */

  vs_runtime_cleanup_async (runtime, "test-session", NULL, store_result_cb, &slot);
  result = await_result (&slot);
  removed = vs_runtime_cleanup_finish (runtime, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (removed, >=, 1);
  assert_gone (runtime, "test-session", pid, port);
}

static void
test_image_not_found (gconstpointer data)
{
  const Engine *engine = data;
  g_autoptr(VsRuntime) runtime = engine_runtime (engine);
  g_autoptr(VsTarget) target = vs_target_new ();
  g_autoptr(VsInstance) instance = NULL;
  g_autoptr(GError) error = NULL;

  if (runtime == NULL)
    return;

  target->label = g_strdup ("missing");
  target->image = g_strdup ("localhost/versus-test/no-such-image:1");
  target->container_port = 8080;
  instance = start_target (runtime, target, &error);
  g_assert_null (instance);
  g_assert_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "no-such-image"));
  g_test_message ("%s", error->message);
}

/* The template is looked up in a worker thread now: its error must still
 * come back through the start, named, with nothing started. */
static void
test_template_not_found (gconstpointer data)
{
  const Engine *engine = data;
  g_autoptr(VsRuntime) runtime = engine_runtime (engine);
  g_autoptr(VsTarget) target = vs_target_new ();
  g_autoptr(VsInstance) instance = NULL;
  g_autoptr(GError) error = NULL;

  if (runtime == NULL)
    return;

  target->label = g_strdup ("missing");
  target->template_name = g_strdup ("no-such-template");
  instance = start_target (runtime, target, &error);
  g_assert_null (instance);
  g_assert_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "there is no template “no-such-template”"));
  g_assert_nonnull (strstr (error->message, "express"));
  g_test_message ("%s", error->message);
}

static void
copy_file_to (const char *from,
              const char *dir,
              const char *name)
{
  g_autofree char *contents = NULL;
  g_autofree char *to = g_build_filename (dir, name, NULL);
  gsize len;

  g_assert_true (g_file_get_contents (from, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (to, contents, len, NULL));
}

/* An image built from an older version of a template is refused with the
 * command that rebuilds it, never run: it would run the old code. */
static void
test_outdated_image (gconstpointer data)
{
  const Engine *engine = data;
  g_autoptr(VsRuntime) runtime = engine_runtime (engine);
  g_autofree char *root = g_dir_make_tmp ("versus-templates-XXXXXX", NULL);
  g_autofree char *dir = g_build_filename (root, "node-http", NULL);
  g_autofree char *shared = g_build_filename (root, "shared", "node", NULL);
  g_autofree char *server = g_build_filename (dir, "server.js", NULL);
  g_autofree char *old = g_strdup (g_getenv ("VERSUS_TEMPLATES_DIR"));
  g_autoptr(VsTarget) target = template_target ("node-http");
  g_autoptr(VsInstance) instance = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  const char * const files[] = { "template.json", "Containerfile", "package.json", "server.js" };

  if (runtime == NULL)
    return;

  /* a copy of node-http, first in the search path */
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (shared, 0700), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *from = g_build_filename (SOURCE_DATADIR, "templates", "node-http", files[i], NULL);

      copy_file_to (from, dir, files[i]);
    }
  copy_file_to (SOURCE_DATADIR "/templates/shared/node/versus-scenarios.js", shared, "versus-scenarios.js");
  g_setenv ("VERSUS_TEMPLATES_DIR", root, TRUE);

  build_template (runtime, "node-http");
  instance = start_target (runtime, target, &error);
  g_assert_no_error (error);
  stop_instance (instance);
  g_clear_object (&instance);

  /* the template changes; the image does not */
  g_assert_true (g_file_get_contents (server, &contents, NULL, NULL));
  g_assert_true (g_file_set_contents (server, "// a newer version\n", -1, NULL));
  instance = start_target (runtime, target, &error);
  g_test_message ("%s", error ? error->message : "(started)");
  g_assert_null (instance);
  g_assert_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "was built from another version of the node-http template"));
  g_assert_nonnull (strstr (error->message, "versus-cli build node-http --runtime"));

  /* put back and built again, it starts */
  g_clear_error (&error);
  g_assert_true (g_file_set_contents (server, contents, -1, NULL));
  build_template (runtime, "node-http");
  instance = start_target (runtime, target, &error);
  g_assert_no_error (error);
  stop_instance (instance);

  if (old != NULL)
    g_setenv ("VERSUS_TEMPLATES_DIR", old, TRUE);
  else
    g_unsetenv ("VERSUS_TEMPLATES_DIR");
  vs_test_remove_tree (root);
}

static void
test_build_fails (gconstpointer data)
{
  const Engine *engine = data;
  g_autoptr(VsRuntime) runtime = engine_runtime (engine);
  g_autoptr(VsTemplate) template = vs_find_template ("fastapi", NULL);
  const char * const args[] = { "BASE_IMAGE=localhost/versus-test/no-such-base:1", NULL };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *image = NULL;
  GAsyncResult *slot = NULL;
  guint n_lines = 0;

  if (runtime == NULL)
    return;

  vs_runtime_build_async (runtime, template, "localhost/versus-test/broken:1", args, log_line,
                          &n_lines, NULL, store_result_cb, &slot);
  result = await_result (&slot);
  image = vs_runtime_build_finish (runtime, result, &error);
  g_assert_null (image);
  g_assert_error (error, VS_ERROR, VS_ERROR_FAILED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "failed"));
  /* the log's own words: podman names the image, docker the FROM step */
  g_assert_nonnull (strstr (error->message, "the last lines of the build log"));
  g_assert_true (strstr (error->message, "no-such-base") != NULL ||
                 strstr (error->message, "FROM") != NULL);
}

/* Local processes: a template needing Python modules nobody has. */
static void
test_missing_python_modules (void)
{
  g_autofree char *dir = g_dir_make_tmp ("versus-templates-XXXXXX", NULL);
  g_autofree char *tdir = g_build_filename (dir, "needs-modules", NULL);
  g_autofree char *manifest = g_build_filename (tdir, "template.json", NULL);
  g_autoptr(VsRuntime) runtime = vs_runtime_new (VS_RUNTIME_KIND_PROCESS);
  g_autoptr(VsTarget) target = template_target ("needs-modules");
  g_autoptr(VsInstance) instance = NULL;
  g_autoptr(GError) error = NULL;
  const char *old = g_getenv ("VERSUS_TEMPLATES_DIR");
  g_autofree char *saved = g_strdup (old);
  const char json[] =
    "{\"format\": \"versus-template\", \"version\": 1, \"name\": \"needs-modules\","
    " \"title\": \"Needs modules\", \"language\": \"python\", \"runtime\": \"Python 3\","
    " \"framework\": \"none\", \"port\": 8000, \"health\": \"/health\","
    " \"containerfile\": \"Containerfile\", \"base_image\": \"python:3.12-slim\","
    " \"process\": {\"command\": [\"python3\", \"-c\", \"pass\"], \"requires\": [\"python3\"],"
    "   \"python_modules\": [\"json\", \"versus_no_such_module\"],"
    "   \"debian_packages\": [\"python3-versus-no-such\"]},"
    " \"scenarios\": [{\"id\": \"hello\", \"title\": \"Hello\", \"path\": \"/\"}]}";

  g_assert_cmpint (g_mkdir (tdir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (manifest, json, -1, NULL));
  g_setenv ("VERSUS_TEMPLATES_DIR", dir, TRUE);

  instance = start_target (runtime, target, &error);
  g_assert_null (instance);
  g_assert_error (error, VS_ERROR, VS_ERROR_UNSUPPORTED);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "lacks versus_no_such_module"));
  g_assert_nonnull (strstr (error->message, "apt install python3-versus-no-such"));
  g_assert_null (strstr (error->message, "lacks json"));

  g_setenv ("VERSUS_TEMPLATES_DIR", saved, TRUE);
  g_unlink (manifest);
  g_rmdir (tdir);
  g_rmdir (dir);
}

/* Bad input is refused before any command runs. */
static void
test_validation (void)
{
  static const char * const bad_images[] = {
    "", "UPPER/case", "a b", "x:", "x@sha256:zz", "-x", "a//b", "a/b:-tag", "foo;rm -rf /",
  };
  static const char * const good_images[] = {
    "nginx", "node:20-alpine", "localhost/versus/express:latest", "registry.example:5000/a/b_c:1.0",
    "python@sha256:0123456789abcdef", "a__b", "a---b",
  };
  static const char * const bad_args[] = { "NOEQUALS", "1X=2", "A-B=1", "BASE_IMAGE=Not Valid" };
  g_autoptr(VsRuntime) runtime = vs_runtime_new (VS_RUNTIME_KIND_PROCESS);
  g_autoptr(VsTarget) target = template_target ("fastapi");
  g_autoptr(VsInstance) instance = NULL;
  g_autoptr(GError) error = NULL;
  gint64 bytes;
  double cpus;

  for (guint i = 0; i < G_N_ELEMENTS (bad_images); i++)
    {
      g_assert_false (vs_validate_image_reference (bad_images[i], &error));
      g_assert_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (good_images); i++)
    {
      g_assert_true (vs_validate_image_reference (good_images[i], &error));
      g_assert_no_error (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad_args); i++)
    {
      const char * const args[] = { bad_args[i], NULL };

      g_assert_false (vs_validate_build_args (args, &error));
      g_assert_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);
    }

  g_assert_true (vs_parse_memory_size ("512m", &bytes, NULL));
  g_assert_cmpint (bytes, ==, 512 * 1024 * 1024);
  g_assert_true (vs_parse_memory_size ("1GiB", &bytes, NULL));
  g_assert_cmpint (bytes, ==, 1024 * 1024 * 1024);
  g_assert_false (vs_parse_memory_size ("1k", &bytes, NULL));     /* too small */
  g_assert_false (vs_parse_memory_size ("lots", &bytes, NULL));
  g_assert_false (vs_parse_memory_size ("-5m", &bytes, NULL));
  g_assert_true (vs_parse_cpus ("0.5", &cpus, NULL));
  g_assert_cmpfloat (cpus, ==, 0.5);
  g_assert_false (vs_parse_cpus ("0", &cpus, NULL));
  g_assert_false (vs_parse_cpus ("two", &cpus, NULL));
  g_assert_false (vs_parse_cpus ("1e9", &cpus, NULL));
  g_assert_true (vs_validate_cpuset ("0", NULL));
  g_assert_false (vs_validate_cpuset ("0-", NULL));
  g_assert_false (vs_validate_cpuset ("1-0", NULL));
  g_assert_false (vs_validate_cpuset ("4096", NULL));

  /* limits local processes cannot apply are refused, not ignored */
  target->cpus = 1;
  instance = start_target (runtime, target, &error);
  g_assert_null (instance);
  g_assert_error (error, VS_ERROR, VS_ERROR_UNSUPPORTED);
  g_clear_error (&error);

  /* an invalid target never reaches a runtime */
  target->cpus = -1;
  instance = start_target (runtime, target, &error);
  g_assert_null (instance);
  g_assert_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  target->cpus = 0;
  vs_target_set_env (target, "1BAD", "x");
  instance = start_target (runtime, target, &error);
  g_assert_null (instance);
  g_assert_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT);
}

static void
test_probe_docker_not_running (void)
{
  g_autoptr(VsRuntime) runtime = vs_runtime_new (VS_RUNTIME_KIND_DOCKER);
  g_autoptr(VsRuntimeInfo) info = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *saved = g_strdup (g_getenv ("DOCKER_HOST"));
  g_autofree char *dir = g_dir_make_tmp ("versus-docker-XXXXXX", NULL);
  g_autofree char *host = g_strdup_printf ("unix://%s/no-daemon.sock", dir);
  g_autofree char *path = NULL;
  GAsyncResult *slot = NULL;

  path = g_find_program_in_path ("docker");
  if (path == NULL)
    {
      g_test_skip ("the docker client is not installed");
      g_rmdir (dir);
      return;
    }

  /* a socket path where no daemon listens: the real client, the real error */
  g_setenv ("DOCKER_HOST", host, TRUE);
  vs_runtime_probe_async (runtime, NULL, store_result_cb, &slot);
  result = await_result (&slot);
  info = vs_runtime_probe_finish (runtime, result, NULL);
  if (saved)
    g_setenv ("DOCKER_HOST", saved, TRUE);
  else
    g_unsetenv ("DOCKER_HOST");
  g_rmdir (dir);

  g_assert_nonnull (info);
  g_test_message ("%s", info->reason);
  g_assert_cmpint (info->status, ==, VS_RUNTIME_STATUS_NOT_WORKING);
  g_assert_nonnull (strstr (info->reason, "daemon is not running"));
  g_assert_cmpstr (info->endpoint, ==, host);
}

static void
test_probe_not_installed (void)
{
  g_autoptr(VsRuntime) runtime = vs_runtime_new (VS_RUNTIME_KIND_PODMAN);
  g_autoptr(VsRuntimeInfo) info = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *saved = g_strdup (g_getenv ("PATH"));
  GAsyncResult *slot = NULL;

  /* a PATH without podman: what a machine without it looks like */
  g_setenv ("PATH", "/nonexistent", TRUE);
  vs_runtime_probe_async (runtime, NULL, store_result_cb, &slot);
  result = await_result (&slot);
  info = vs_runtime_probe_finish (runtime, result, NULL);
  g_setenv ("PATH", saved, TRUE);

  g_assert_nonnull (info);
  g_assert_cmpint (info->status, ==, VS_RUNTIME_STATUS_NOT_INSTALLED);
  g_assert_cmpstr (info->reason, ==, "Podman is not installed");
}

/* Every template, as local processes; in containers one Node.js and one
 * Python template (all of them with VS_TEST_ALL_TEMPLATES=1, the slower
 * suite): started with two workers, each answers the parity fixture. */
static void
test_parity (gconstpointer data)
{
  const Engine *engine = data;
  g_autoptr(VsRuntime) runtime = engine_runtime (engine);
  g_autoptr(GPtrArray) templates = NULL;
  gboolean all = engine->kind == VS_RUNTIME_KIND_PROCESS || g_getenv ("VS_TEST_ALL_TEMPLATES") != NULL;
  guint n_run = 0;

  if (runtime == NULL)
    return;

  templates = vs_template_list (NULL);
  for (guint i = 0; i < templates->len; i++)
    {
      VsTemplate *template = g_ptr_array_index (templates, i);
      g_autoptr(VsTarget) target = NULL;
      g_autoptr(VsInstance) instance = NULL;
      g_autoptr(GError) error = NULL;

      if (!all && !g_str_equal (template->name, "node-http") && !g_str_equal (template->name, "flask"))
        continue;

      target = template_target (template->name);
      vs_target_set_workers (target, 2);
      build_template (runtime, template->name);
      instance = start_target (runtime, target, &error);
      g_assert_no_error (error);
      g_assert_true (wait_ready (instance, 0, &error));
      g_assert_no_error (error);
      assert_parity (instance, template->name);
      stop_instance (instance);
      n_run++;
    }
  g_assert_cmpuint (n_run, >=, all ? 9 : 2);
}

static void
add_engine_tests (const Engine *engine)
{
  const char *name = vs_runtime_kind_to_string (engine->kind);
  gboolean containers = engine->kind != VS_RUNTIME_KIND_PROCESS;
  struct { const char *test; GTestDataFunc func; gboolean containers_only; } tests[] = {
    { "templates", test_templates, FALSE },
    { "parity", test_parity, FALSE },
    { "port-taken", test_port_taken, FALSE },
    { "exits-early", test_exits_early, FALSE },
    { "ready-timeout", test_ready_timeout, FALSE },
    { "cancel", test_cancel, FALSE },
    { "cleanup", test_cleanup, FALSE },
    { "image-not-found", test_image_not_found, TRUE },
    { "template-not-found", test_template_not_found, FALSE },
    { "build-fails", test_build_fails, TRUE },
    { "outdated-image", test_outdated_image, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (tests); i++)
    {
      g_autofree char *path = NULL;

      if (tests[i].containers_only && !containers)
        continue;
      path = g_strdup_printf ("/runtime/%s/%s", name, tests[i].test);
      g_test_add_data_func (path, engine, tests[i].func);
    }
}

/* A port with connections in TIME_WAIT is free (servers bind with
 * SO_REUSEADDR); one with a listener is not. A killed server once left
 * TIME_WAIT sockets that failed the next trial with "already in use". */
static void
test_port_time_wait (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) outgoing = NULL;
  g_autoptr(GSocketConnection) incoming = NULL;
  g_autofree char *ss = NULL;
  char buf[1];
  guint port;

  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  /* the listener is there: taken */
  g_assert_false (vs_port_is_free (port));

  outgoing = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, &error);
  g_assert_no_error (error);
  incoming = g_socket_listener_accept (listener, NULL, NULL, &error);
  g_assert_no_error (error);
  /* the server's side closes first: it is its side that waits */
  g_assert_true (g_io_stream_close (G_IO_STREAM (incoming), NULL, &error));
  g_assert_cmpint (g_input_stream_read (g_io_stream_get_input_stream (G_IO_STREAM (outgoing)),
                                        buf, 1, NULL, &error), ==, 0);
  g_assert_true (g_io_stream_close (G_IO_STREAM (outgoing), NULL, &error));
  g_socket_listener_close (listener);

  /* the referee: ss sees the TIME_WAIT socket on the port */
  {
    g_autofree char *filter = g_strdup_printf ("sport = :%u", port);
    const char *argv[] = { "ss", "-tan", "state", "time-wait", filter, NULL };

    if (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                      NULL, NULL, &ss, NULL, NULL, NULL))
      {
        g_test_message ("%s", ss);
        g_assert_nonnull (strstr (ss, "127.0.0.1"));
      }
  }
  g_assert_true (vs_port_is_free (port));
}

/* ---------------------------------------------------------------------- */
/* What "auto" means: one rule, in the monitor                             */

static VsRuntimeMonitor *
settled_monitor (void)
{
  VsRuntimeMonitor *monitor = vs_runtime_monitor_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;

  g_assert_true (vs_runtime_monitor_get_pending (monitor));
  vs_runtime_monitor_wait_async (monitor, NULL, store_result_cb, &slot);
  result = await_result (&slot);
  g_assert_true (vs_runtime_monitor_wait_finish (monitor, result, &error));
  g_assert_no_error (error);
  g_assert_false (vs_runtime_monitor_get_pending (monitor));
  return monitor;
}

static GPtrArray *
auto_targets (const char *template_name,
              const char *image)
{
  GPtrArray *targets = g_ptr_array_new_with_free_func ((GDestroyNotify) vs_target_unref);
  VsTarget *target = vs_target_new ();

  target->runtime = VS_RUNTIME_KIND_AUTO;
  target->template_name = g_strdup (template_name);
  target->image = g_strdup (image);
  g_ptr_array_add (targets, target);
  return targets;
}

static gboolean
engine_works (VsRuntimeMonitor *monitor,
              VsRuntimeKind     kind)
{
  const VsRuntimeInfo *info = vs_runtime_get_info (vs_runtime_monitor_get_runtime (monitor, kind));

  return info != NULL && info->status == VS_RUNTIME_STATUS_AVAILABLE;
}

/* A machine with neither Podman nor Docker (a PATH without them): templates
 * run as local processes, an image cannot run, and both say why. */
static void
test_monitor_no_engines (void)
{
  g_autofree char *saved = g_strdup (g_getenv ("PATH"));
  g_autoptr(VsRuntimeMonitor) monitor = NULL;
  g_autoptr(GPtrArray) templates = auto_targets ("express", NULL);
  g_autoptr(GPtrArray) images = auto_targets (NULL, "docker.io/library/nginx:1");
  g_autoptr(GError) error = NULL;
  g_autofree char *why = NULL;
  gboolean pending = TRUE;
  VsRuntime *runtime;

  g_setenv ("PATH", "/nonexistent", TRUE);
  monitor = settled_monitor ();
  g_setenv ("PATH", saved, TRUE);

  runtime = vs_runtime_monitor_resolve (monitor, VS_RUNTIME_KIND_AUTO, templates,
                                        &pending, &why, &error);
  g_assert_no_error (error);
  g_assert_false (pending);
  g_assert_cmpint (vs_runtime_get_kind (runtime), ==, VS_RUNTIME_KIND_PROCESS);
  g_assert_cmpstr (why, ==, "no container engine works here");

  g_clear_pointer (&why, g_free);
  runtime = vs_runtime_monitor_resolve (monitor, VS_RUNTIME_KIND_AUTO, images,
                                        &pending, &why, &error);
  g_assert_null (runtime);
  g_assert_false (pending);
  g_assert_error (error, VS_ERROR, VS_ERROR_CONNECT);
  g_assert_nonnull (strstr (error->message, "no container engine works here to run an image"));
  g_clear_error (&error);

  /* an explicit engine says its own reason */
  runtime = vs_runtime_monitor_resolve (monitor, VS_RUNTIME_KIND_PODMAN, templates,
                                        &pending, NULL, &error);
  g_assert_null (runtime);
  g_assert_error (error, VS_ERROR, VS_ERROR_CONNECT);
  g_assert_cmpstr (error->message, ==, "Podman is not installed");
}

static void
run_podman (const char * const *args)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;

  g_strv_builder_add (builder, "podman");
  g_strv_builder_addv (builder, (const char **) args);
  argv = g_strv_builder_end (builder);
  g_assert_true (g_spawn_sync (NULL, argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                               NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

/* With the engines of this machine: a template whose image no engine has
 * runs as local processes; once Podman has that image, "auto" is Podman;
 * an image target goes to the first engine that works. */
static void
test_monitor_images (void)
{
  const char *base = g_getenv ("VS_TEST_NODE_BASE");
  g_autofree char *name = g_strdup_printf ("versus-monitor-test-%d", (int) getpid ());
  g_autofree char *reference = vs_target_template_image (name);
  g_autoptr(VsRuntimeMonitor) monitor = NULL;
  g_autoptr(GPtrArray) templates = auto_targets (name, NULL);
  g_autoptr(GPtrArray) images = auto_targets (NULL, "docker.io/library/nginx:1");
  g_autoptr(GError) error = NULL;
  g_autofree char *why = NULL;
  VsRuntime *runtime;

  if (g_getenv ("VS_TEST_PODMAN") == NULL || base == NULL)
    {
      g_test_skip ("Podman is not prepared here (build-aux/containers-setup)");
      return;
    }

  monitor = settled_monitor ();
  g_assert_true (engine_works (monitor, VS_RUNTIME_KIND_PODMAN));
  g_assert_false (vs_runtime_monitor_has_image (monitor, VS_RUNTIME_KIND_PODMAN, reference));
  runtime = vs_runtime_monitor_resolve (monitor, VS_RUNTIME_KIND_AUTO, templates, NULL, &why, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vs_runtime_get_kind (runtime), ==, VS_RUNTIME_KIND_PROCESS);
  g_test_message ("%s", why);
  g_assert_nonnull (strstr (why, reference));

  g_clear_pointer (&why, g_free);
  runtime = vs_runtime_monitor_resolve (monitor, VS_RUNTIME_KIND_AUTO, images, NULL, &why, &error);
  g_assert_no_error (error);
  g_assert_cmpint (vs_runtime_get_kind (runtime), ==, VS_RUNTIME_KIND_PODMAN);

  /* the image appears (a real tag in Podman's store) and a refresh sees it */
  run_podman ((const char *[]) { "tag", base, reference, NULL });
  vs_runtime_monitor_refresh (monitor);
  g_assert_true (vs_runtime_monitor_get_pending (monitor));
  g_clear_object (&monitor);
  monitor = settled_monitor ();
  g_clear_pointer (&why, g_free);
  runtime = vs_runtime_monitor_resolve (monitor, VS_RUNTIME_KIND_AUTO, templates, NULL, &why, &error);
  run_podman ((const char *[]) { "rmi", reference, NULL });
  g_assert_no_error (error);
  g_assert_true (vs_runtime_monitor_has_image (monitor, VS_RUNTIME_KIND_PODMAN, reference));
  g_assert_cmpint (vs_runtime_get_kind (runtime), ==, VS_RUNTIME_KIND_PODMAN);
  g_assert_cmpstr (why, ==, "its template images are built");
}

/* A refresh while probes run answers once, with the newest probes; a
 * cancelled wait ends at once. */
static void
test_monitor_wait (void)
{
  g_autoptr(VsRuntimeMonitor) monitor = vs_runtime_monitor_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GAsyncResult *slot = NULL;
  gboolean pending = FALSE;

  g_assert_null (vs_runtime_monitor_resolve (monitor, VS_RUNTIME_KIND_PROCESS, NULL,
                                             &pending, NULL, NULL));
  g_assert_true (pending);

  vs_runtime_monitor_refresh (monitor);
  vs_runtime_monitor_refresh (monitor);
  vs_runtime_monitor_wait_async (monitor, cancellable, store_result_cb, &slot);
  g_cancellable_cancel (cancellable);
  result = await_result (&slot);
  g_assert_false (vs_runtime_monitor_wait_finish (monitor, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_clear_object (&result);

  vs_runtime_monitor_wait_async (monitor, NULL, store_result_cb, &slot);
  result = await_result (&slot);
  g_assert_true (vs_runtime_monitor_wait_finish (monitor, result, &error));
  g_assert_no_error (error);
  g_assert_false (vs_runtime_monitor_get_pending (monitor));
  g_assert_nonnull (vs_runtime_monitor_resolve (monitor, VS_RUNTIME_KIND_PROCESS, NULL,
                                                &pending, NULL, &error));
  g_assert_false (pending);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_setenv ("VERSUS_TEMPLATES_DIR", SOURCE_DATADIR "/templates", TRUE);

  g_test_add_func ("/runtime/validation", test_validation);
  g_test_add_func ("/runtime/port/time-wait", test_port_time_wait);
  g_test_add_func ("/runtime/probe/not-installed", test_probe_not_installed);
  g_test_add_func ("/runtime/probe/docker-not-running", test_probe_docker_not_running);
  g_test_add_func ("/runtime/process/missing-python-modules", test_missing_python_modules);
  g_test_add_func ("/runtime/monitor/no-engines", test_monitor_no_engines);
  g_test_add_func ("/runtime/monitor/images", test_monitor_images);
  g_test_add_func ("/runtime/monitor/wait", test_monitor_wait);
  for (guint i = 0; i < G_N_ELEMENTS (engines); i++)
    add_engine_tests (&engines[i]);

  return g_test_run ();
}
