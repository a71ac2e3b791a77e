/* vs-cli-templates.c
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <glib/gi18n.h>

#include "vs-cli-private.h"
#include "vs-json-util.h"
#include "vs-template.h"

static JsonNode *
template_to_json (VsTemplate *template)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  VS_JSON_ADD_STRING (builder, "name", template->name);
  VS_JSON_ADD_STRING (builder, "title", template->title);
  VS_JSON_ADD_STRING (builder, "language", template->language);
  VS_JSON_ADD_STRING (builder, "runtime", template->runtime);
  VS_JSON_ADD_STRING (builder, "framework", template->framework);
  VS_JSON_ADD_STRING (builder, "server", template->server);
  VS_JSON_ADD_STRING (builder, "workers", template->workers);
  VS_JSON_ADD_INT (builder, "port", template->port);
  VS_JSON_ADD_STRING (builder, "dir", template->dir);
  json_builder_set_member_name (builder, "scenarios");
  json_builder_begin_array (builder);
  for (guint i = 0; i < template->scenarios->len; i++)
    {
      const VsScenario *scenario = g_ptr_array_index (template->scenarios, i);

      json_builder_begin_object (builder);
      VS_JSON_ADD_STRING (builder, "id", scenario->id);
      VS_JSON_ADD_STRING (builder, "title", scenario->title);
      VS_JSON_ADD_STRING (builder, "method", scenario->method);
      VS_JSON_ADD_STRING (builder, "path", scenario->path);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* The templates under their language: framework, runtime, server, worker
 * model, port, scenarios and folder */
static void
print_by_language (GPtrArray *templates)
{
  g_autoptr(GPtrArray) languages = g_ptr_array_new ();
  guint printed = 0;

  /* Node.js first, then Python: the two sides of the question; then any other */
  g_ptr_array_add (languages, (gpointer) "javascript");
  g_ptr_array_add (languages, (gpointer) "python");
  for (guint i = 0; i < templates->len; i++)
    {
      VsTemplate *template = g_ptr_array_index (templates, i);

      if (!g_ptr_array_find_with_equal_func (languages, template->language, g_str_equal, NULL))
        g_ptr_array_add (languages, template->language);
    }

  for (guint l = 0; l < languages->len; l++)
    {
      const char *language = g_ptr_array_index (languages, l);
      gboolean any = FALSE;

      for (guint i = 0; i < templates->len && !any; i++)
        any = g_str_equal (((VsTemplate *) g_ptr_array_index (templates, i))->language, language);
      if (!any)
        continue;
      g_print ("%s%s\n", printed++ ? "\n" : "", vs_language_title (language));
      for (guint i = 0; i < templates->len; i++)
        {
          VsTemplate *template = g_ptr_array_index (templates, i);
          g_autofree char *ids = NULL;

          if (!g_str_equal (template->language, language))
            continue;
          ids = vs_template_describe_scenarios (template);
          /* Translators: name, framework, runtime and port of a template:
           * "express         Express 4 on Node.js 20 (port 3000)" */
          g_print (_("  %-15s %s on %s (port %u)\n"), template->name, template->framework,
                   template->runtime, template->port);
          if (template->server != NULL)
            /* Translators: a template's HTTP server, then how it runs more processes */
            g_print (_("  %-15s server: %s; workers: %s\n"), "", template->server,
                     template->workers ? template->workers : _("one process only"));
          /* Translators: the ids of a template's scenarios */
          g_print (_("  %-15s scenarios: %s\n"), "", ids);
          /* Translators: the folder a template was read from */
          g_print (_("  %-15s from %s\n"), "", template->dir);
        }
    }
}

/* Every scenario once, as the first template that has it defines it */
static void
print_scenarios (GPtrArray *templates)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_print ("\n%s\n", _("Scenarios"));
  for (guint i = 0; i < templates->len; i++)
    {
      VsTemplate *template = g_ptr_array_index (templates, i);

      for (guint j = 0; j < template->scenarios->len; j++)
        {
          const VsScenario *scenario = g_ptr_array_index (template->scenarios, j);

          if (!g_hash_table_add (seen, scenario->id))
            continue;
          g_print ("  %-8s %-6s %-16s %s\n", scenario->id, scenario->method, scenario->path,
                   scenario->title);
        }
    }
}

int
vs_cli_templates (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (N_("— list the bundled server templates"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) templates = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the list as JSON"), NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      vs_cli_print_error ("templates: %s", error->message);
      return VS_EXIT_USAGE;
    }
  if (argc > 1)
    {
      vs_cli_print_error (_("templates: unexpected argument “%s”"), argv[1]);
      return VS_EXIT_USAGE;
    }

  templates = vs_template_list (&problems);

  for (guint i = 0; i < problems->len; i++)
    vs_cli_print_error (_("templates: skipped %s"), (const char *) g_ptr_array_index (problems, i));

  if (json)
    {
      g_autoptr(JsonArray) array = json_array_new ();
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
      g_autofree char *text = NULL;

      for (guint i = 0; i < templates->len; i++)
        json_array_add_element (array, template_to_json (g_ptr_array_index (templates, i)));
      json_node_set_array (root, array);
      text = json_to_string (root, TRUE);
      g_print ("%s\n", text);
      return VS_EXIT_OK;
    }

  if (templates->len == 0)
    {
      g_auto(GStrv) dirs = vs_template_get_search_dirs ();
      g_autofree char *joined = g_strjoinv (", ", dirs);

      vs_cli_print_error (_("templates: no templates found in %s"), joined);
      return VS_EXIT_FAILED;
    }

  print_by_language (templates);
  print_scenarios (templates);

  return VS_EXIT_OK;
}
