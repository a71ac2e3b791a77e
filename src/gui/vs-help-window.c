/* vs-help-window.c
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "vs-help-window.h"

#define GUIDE_RESOURCE "/io/github/versusbench/Versus/user-guide.md"

struct _VsHelpWindow
{
  AdwWindow  parent_instance;

  GtkBox    *content;
};

G_DEFINE_FINAL_TYPE (VsHelpWindow, vs_help_window, ADW_TYPE_WINDOW)

/* `code`, **strong** and *emphasis*, everything else escaped */
char *
vs_help_inline_markup (const char *text)
{
  GString *out = g_string_new (NULL);
  gboolean code = FALSE, strong = FALSE, em = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '`')
        {
          g_string_append (out, code ? "</tt>" : "<tt>");
          code = !code;
        }
      else if (!code && p[0] == '*' && p[1] == '*')
        {
          g_string_append (out, strong ? "</b>" : "<b>");
          strong = !strong;
          p++;
        }
      else if (!code && *p == '*')
        {
          g_string_append (out, em ? "</i>" : "<i>");
          em = !em;
        }
      else
        {
          g_autofree char *escaped = g_markup_escape_text (p, 1);

          g_string_append (out, escaped);
        }
    }
  /* an unclosed mark closes at the end of its block */
  if (em)
    g_string_append (out, "</i>");
  if (strong)
    g_string_append (out, "</b>");
  if (code)
    g_string_append (out, "</tt>");
  return g_string_free (out, FALSE);
}

static void
add_label (VsHelpWindow *self,
           const char   *markup,
           const char   *css_class,
           int           margin_start)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_markup (GTK_LABEL (label), markup);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  /* not selectable: a selectable label takes the focus when the window
   * opens, all its text selected */
  gtk_widget_set_margin_start (label, margin_start);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  gtk_box_append (self->content, label);
}

typedef enum
{
  BLOCK_NONE,
  BLOCK_PARAGRAPH,
  BLOCK_ITEM,
  BLOCK_EXAMPLE,
} Block;

static void
flush (VsHelpWindow *self,
       Block         block,
       GString      *text)
{
  g_autofree char *markup = NULL;

  if (block == BLOCK_NONE || text->len == 0)
    return;
  if (block == BLOCK_EXAMPLE)
    {
      g_autofree char *escaped = g_markup_escape_text (text->str, -1);

      markup = g_strdup_printf ("<tt>%s</tt>", escaped);
      add_label (self, markup, "help-example", 12);
    }
  else if (block == BLOCK_ITEM)
    {
      g_autofree char *inline_markup = vs_help_inline_markup (text->str);

      markup = g_strdup_printf ("•  %s", inline_markup);
      add_label (self, markup, NULL, 12);
    }
  else
    {
      markup = vs_help_inline_markup (text->str);
      add_label (self, markup, NULL, 0);
    }
  g_string_truncate (text, 0);
}

/* The small part of Markdown the guide is written in */
static void
show_guide (VsHelpWindow *self,
            const char   *guide)
{
  g_auto(GStrv) lines = g_strsplit (guide, "\n", -1);
  g_autoptr(GString) text = g_string_new (NULL);
  Block block = BLOCK_NONE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      if (g_str_has_prefix (line, "    ") && (block == BLOCK_EXAMPLE || block == BLOCK_NONE))
        {
          block = BLOCK_EXAMPLE;
          g_string_append_printf (text, "%s%s", text->len ? "\n" : "", line + 4);
        }
      else if (line[0] == '\0')
        {
          flush (self, block, text);
          block = BLOCK_NONE;
        }
      else if (g_str_has_prefix (line, "# ") || g_str_has_prefix (line, "## "))
        {
          g_autofree char *escaped = NULL;
          gboolean title = line[1] == ' ';

          flush (self, block, text);
          block = BLOCK_NONE;
          escaped = g_markup_escape_text (line + (title ? 2 : 3), -1);
          add_label (self, escaped, title ? "title-1" : "title-3", 0);
          if (title)
            gtk_window_set_title (GTK_WINDOW (self), line + 2);
        }
      else if (g_str_has_prefix (line, "- "))
        {
          flush (self, block, text);
          block = BLOCK_ITEM;
          g_string_append (text, line + 2);
        }
      else
        {
          g_autofree char *words = g_strstrip (g_strdup (line));

          if (block == BLOCK_NONE || block == BLOCK_EXAMPLE)
            {
              flush (self, block, text);
              block = BLOCK_PARAGRAPH;
            }
          g_string_append_printf (text, "%s%s", text->len ? " " : "", words);
        }
    }
  flush (self, block, text);
}

static void
vs_help_window_class_init (VsHelpWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
vs_help_window_init (VsHelpWindow *self)
{
  g_autoptr(GBytes) guide = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *toolbar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();

  gtk_window_set_title (GTK_WINDOW (self), _("Help"));
  gtk_window_set_default_size (GTK_WINDOW (self), 720, 800);

  self->content = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 12));
  gtk_widget_set_margin_top (GTK_WIDGET (self->content), 24);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->content), 24);
  gtk_widget_set_margin_start (GTK_WIDGET (self->content), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->content), 12);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 680);
  adw_clamp_set_child (ADW_CLAMP (clamp), GTK_WIDGET (self->content));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (toolbar), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (toolbar), scrolled);
  adw_window_set_content (ADW_WINDOW (self), toolbar);

  guide = g_resources_lookup_data (GUIDE_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (guide == NULL)
    {
      /* a build without the guide: say so, never an empty window */
      g_autofree char *text = g_strdup_printf (_("The guide is missing from this build: %s"),
                                               error->message);

      add_label (self, text, NULL, 0);
      return;
    }
  show_guide (self, g_bytes_get_data (guide, NULL));
}

GtkWidget *
vs_help_window_new (void)
{
  return g_object_new (VS_TYPE_HELP_WINDOW, NULL);
}
