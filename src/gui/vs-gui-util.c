/* vs-gui-util.c
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <adwaita.h>

#include "vs-gui-util.h"

char *
vs_editable_get_stripped_text (gpointer editable)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (editable))));
}

static gboolean
auto_output_cb (GtkSpinButton *spin)
{
  int value = gtk_spin_button_get_value_as_int (spin);
  g_autofree char *text = value == 0 ? g_strdup (_("Auto")) : g_strdup_printf ("%d", value);

  if (g_strcmp0 (text, gtk_editable_get_text (GTK_EDITABLE (spin))) != 0)
    gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

void
vs_spin_button_set_zero_is_auto (GtkSpinButton *spin)
{
  g_return_if_fail (GTK_IS_SPIN_BUTTON (spin));
  g_return_if_fail (g_object_get_data (G_OBJECT (spin), "vs-checked") != NULL);

  /* reading "Auto" (or nothing) as 0 is parse_spin_text()'s; the range is the check's */
  g_object_set_data (G_OBJECT (spin), "vs-zero-is-auto", GINT_TO_POINTER (TRUE));
  g_signal_connect (spin, "output", G_CALLBACK (auto_output_cb), NULL);
}

/* checked spin buttons */

typedef struct
{
  VsNumberCheck  check;
  char          *problem;
} Checked;

static void
checked_free (Checked *checked)
{
  g_free (checked->problem);
  g_free (checked);
}

static Checked *
get_checked (GtkSpinButton *spin)
{
  return g_object_get_data (G_OBJECT (spin), "vs-checked");
}

/* The number @spin's text stands for, or a problem */
static gboolean
parse_spin_text (GtkSpinButton  *spin,
                 double         *out_value,
                 GError        **error)
{
  Checked *checked = get_checked (spin);
  g_autofree char *text = vs_editable_get_stripped_text (spin);
  gboolean zero_is_auto = g_object_get_data (G_OBJECT (spin), "vs-zero-is-auto") != NULL;
  char *end = NULL;
  double value;

  if (zero_is_auto && (text[0] == '\0' || g_ascii_strcasecmp (text, "auto") == 0 ||
                       g_utf8_collate (text, _("Auto")) == 0))
    value = 0;
  else if (text[0] == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("it is empty: type a number"));
      return FALSE;
    }
  else
    {
      value = g_ascii_strtod (text, &end);
      if (end == text || *end != '\0' || !isfinite (value))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("“%s” is not a number"), text);
          return FALSE;
        }
    }

  if (!checked->check (value, error))
    return FALSE;
  *out_value = value;
  return TRUE;
}

static gboolean
same_number (GtkSpinButton *spin,
             double         value)
{
  return fabs (value - gtk_spin_button_get_value (spin)) < 1e-9;
}

/* typing: a good number is the value at once; a bad one is a problem */
static void
checked_text_changed_cb (GtkSpinButton *spin)
{
  Checked *checked = get_checked (spin);
  g_autoptr(GError) error = NULL;
  double value = 0;

  g_clear_pointer (&checked->problem, g_free);
  if (!parse_spin_text (spin, &value, &error))
    checked->problem = g_strdup (error->message);
  else if (!same_number (spin, value))
    gtk_spin_button_set_value (spin, value);

  if (checked->problem != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (spin), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (spin), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (spin), checked->problem);
}

/* Enter or leaving the field: the spin asks what the text means. A refused
 * text means "no change", so that the spin does not clamp it. */
static int
checked_input_cb (GtkSpinButton *spin,
                  double        *new_value)
{
  double value = 0;

  if (parse_spin_text (spin, &value, NULL))
    *new_value = value;
  else
    *new_value = gtk_spin_button_get_value (spin);
  return TRUE;
}

/* the spin would write its value back: not over a refused text, nor over a
 * good one being typed that already means this value ("010", "1e3") */
static gboolean
checked_output_cb (GtkSpinButton *spin)
{
  double value = 0;

  if (get_checked (spin)->problem != NULL)
    return TRUE;
  return parse_spin_text (spin, &value, NULL) && same_number (spin, value) &&
         gtk_widget_has_focus (GTK_WIDGET (spin));
}

void
vs_spin_button_check_text (GtkSpinButton *spin,
                           VsNumberCheck  check)
{
  Checked *checked;

  g_return_if_fail (GTK_IS_SPIN_BUTTON (spin));
  g_return_if_fail (check != NULL);

  checked = g_new0 (Checked, 1);
  checked->check = check;
  g_object_set_data_full (G_OBJECT (spin), "vs-checked", checked, (GDestroyNotify) checked_free);
  /* letters typed reach the check, which names them */
  gtk_spin_button_set_numeric (spin, FALSE);
  gtk_spin_button_set_update_policy (spin, GTK_UPDATE_IF_VALID);
  g_signal_connect (spin, "input", G_CALLBACK (checked_input_cb), NULL);
  g_signal_connect (spin, "output", G_CALLBACK (checked_output_cb), NULL);
  g_signal_connect (spin, "changed", G_CALLBACK (checked_text_changed_cb), NULL);
}

const char *
vs_spin_button_get_problem (GtkSpinButton *spin)
{
  Checked *checked;

  g_return_val_if_fail (GTK_IS_SPIN_BUTTON (spin), NULL);
  checked = get_checked (spin);
  return checked ? checked->problem : NULL;
}

void
vs_spin_button_show_value (GtkSpinButton *spin,
                           double         value)
{
  Checked *checked;

  g_return_if_fail (GTK_IS_SPIN_BUTTON (spin));

  checked = get_checked (spin);
  if (checked != NULL)
    g_clear_pointer (&checked->problem, g_free);
  /* with no problem, the spin writes @value over whatever was typed */
  gtk_spin_button_set_value (spin, value);
}

char *
vs_glue_numbers (const char *text)
{
  GString *out;

  if (text == NULL)
    return NULL;
  out = g_string_sized_new (strlen (text) + 8);
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == ' ' && p > text && g_ascii_isdigit (p[-1]))
        g_string_append (out, "\xc2\xa0");   /* U+00A0 */
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static void
menu_visible_cb (GtkWidget     *popover,
                 GParamSpec    *pspec,
                 GtkMenuButton *button)
{
  gtk_widget_set_has_tooltip (GTK_WIDGET (button), !gtk_widget_get_visible (popover));
}

void
vs_menu_button_quiet_tooltip (GtkMenuButton *button)
{
  GtkPopover *popover;

  g_return_if_fail (GTK_IS_MENU_BUTTON (button));

  popover = gtk_menu_button_get_popover (button);
  g_return_if_fail (popover != NULL);
  g_signal_connect_object (popover, "notify::visible", G_CALLBACK (menu_visible_cb), button, 0);
}

/* "1 min 30 s", "45 s", "2 h 5 min" */
char *
vs_format_span (gint64 usec)
{
  gint64 s = (MAX (usec, 0) + G_USEC_PER_SEC / 2) / G_USEC_PER_SEC;

  if (s < 60)
    return g_strdup_printf ("%" G_GINT64_FORMAT " s", s);
  if (s < 3600)
    {
      if (s % 60 == 0)
        return g_strdup_printf ("%" G_GINT64_FORMAT " min", s / 60);
      return g_strdup_printf ("%" G_GINT64_FORMAT " min %" G_GINT64_FORMAT " s", s / 60, s % 60);
    }
  return g_strdup_printf ("%" G_GINT64_FORMAT " h %" G_GINT64_FORMAT " min",
                          s / 3600, (s % 3600) / 60);
}

gboolean
vs_binding_selected_to_enum (GBinding     *binding,
                             const GValue *from,
                             GValue       *to,
                             gpointer      user_data)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (G_VALUE_TYPE (to));

  /* GTK_INVALID_LIST_POSITION, or a row past the enum's values */
  if (g_enum_get_value (klass, g_value_get_uint (from)) == NULL)
    return FALSE;
  g_value_set_enum (to, g_value_get_uint (from));
  return TRUE;
}

gboolean
vs_binding_enum_to_selected (GBinding     *binding,
                             const GValue *from,
                             GValue       *to,
                             gpointer      user_data)
{
  g_value_set_uint (to, g_value_get_enum (from));
  return TRUE;
}

gboolean
vs_style_is_dark (void)
{
  return adw_style_manager_get_dark (adw_style_manager_get_default ());
}

void
vs_color_to_hex (const GdkRGBA *color,
                 char           out[8])
{
  g_snprintf (out, 8, "#%02x%02x%02x",
              (guint) CLAMP (color->red * 255.0 + 0.5, 0, 255),
              (guint) CLAMP (color->green * 255.0 + 0.5, 0, 255),
              (guint) CLAMP (color->blue * 255.0 + 0.5, 0, 255));
}

gboolean
vs_binding_string_to_text (GBinding     *binding,
                           const GValue *from,
                           GValue       *to,
                           gpointer      user_data)
{
  const char *text = g_value_get_string (from);

  g_value_set_string (to, text ? text : "");
  return TRUE;
}

/* "Run What This File Names?": what a file from elsewhere runs, a line per
 * target, and a warning when a variable changes what a program loads;
 * responses "cancel" (the default) and "run". */
GtkWidget *
vs_trust_dialog_new (GtkWindow  *parent,
                     const char *name,
                     GPtrArray  *lines,
                     gboolean    flagged)
{
  g_autofree char *body = NULL;
  GtkWidget *dialog;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  /* Translators: %s is a session file's name */
  body = g_strdup_printf (_("“%s” was not made on this computer. Starting it runs what it names, "
                            "so look first:"), name);
  dialog = adw_message_dialog_new (parent, _("Run What This File Names?"), body);
  for (guint i = 0; i < lines->len; i++)
    {
      GtkWidget *label = gtk_label_new (g_ptr_array_index (lines, i));

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_widget_set_name (label, "trust-target");
      gtk_box_append (GTK_BOX (box), label);
    }
  if (flagged)
    {
      GtkWidget *warning = gtk_label_new (_("An environment variable above changes what the program "
                                            "loads, so code from anywhere can run in the server."));

      gtk_label_set_wrap (GTK_LABEL (warning), TRUE);
      gtk_label_set_xalign (GTK_LABEL (warning), 0);
      gtk_widget_add_css_class (warning, "error");
      gtk_widget_set_name (warning, "trust-warning");
      gtk_box_append (GTK_BOX (box), warning);
    }
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "run", _("_Run It"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "run",
                                              flagged ? ADW_RESPONSE_DESTRUCTIVE : ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  return dialog;
}
