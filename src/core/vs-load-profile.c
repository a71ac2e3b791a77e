/* vs-load-profile.c
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "vs-load-profile.h"
#include "vs-util.h"

#include "vs-enums.h"

#define MAX_CONNECTIONS 100000
#define MAX_WORKERS     256
#define MAX_RATE        10000000.0
#define MAX_DURATION_US (24 * G_TIME_SPAN_HOUR)   /* a trial longer than a day is a mistake */
#define FDS_KEPT        256                       /* for everything but connections */

G_DEFINE_FINAL_TYPE (VsLoadProfile, vs_load_profile, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_URL,
  PROP_METHOD,
  PROP_HEADERS,
  PROP_BODY,
  PROP_CONNECTIONS,
  PROP_WORKERS,
  PROP_DURATION_US,
  PROP_WARMUP_US,
  PROP_TIMEOUT_US,
  PROP_INTERVAL_US,
  PROP_MODE,
  PROP_RATE,
  PROP_KEEP_ALIVE,
  PROP_TRANSPORT,
  PROP_EXPECT_STATUS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
vs_load_profile_finalize (GObject *object)
{
  VsLoadProfile *self = VS_LOAD_PROFILE (object);

  g_free (self->url);
  g_free (self->method);
  g_ptr_array_unref (self->header_names);
  g_ptr_array_unref (self->header_values);
  g_clear_pointer (&self->body, g_bytes_unref);

  G_OBJECT_CLASS (vs_load_profile_parent_class)->finalize (object);
}

static void
vs_load_profile_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  VsLoadProfile *self = VS_LOAD_PROFILE (object);

  switch (prop_id)
    {
    case PROP_URL: g_value_set_string (value, self->url); break;
    case PROP_METHOD: g_value_set_string (value, self->method); break;
    case PROP_HEADERS: g_value_take_boxed (value, vs_pairs_to_strv (self->header_names, self->header_values, ": ")); break;
    case PROP_BODY: g_value_set_boxed (value, self->body); break;
    case PROP_CONNECTIONS: g_value_set_uint (value, self->connections); break;
    case PROP_WORKERS: g_value_set_uint (value, self->workers); break;
    case PROP_DURATION_US: g_value_set_int64 (value, self->duration_us); break;
    case PROP_WARMUP_US: g_value_set_int64 (value, self->warmup_us); break;
    case PROP_TIMEOUT_US: g_value_set_int64 (value, self->timeout_us); break;
    case PROP_INTERVAL_US: g_value_set_int64 (value, self->interval_us); break;
    case PROP_MODE: g_value_set_enum (value, self->mode); break;
    case PROP_RATE: g_value_set_double (value, self->rate); break;
    case PROP_KEEP_ALIVE: g_value_set_boolean (value, self->keep_alive); break;
    case PROP_TRANSPORT: g_value_set_enum (value, self->transport); break;
    case PROP_EXPECT_STATUS: g_value_set_uint (value, self->expect_status); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vs_load_profile_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  VsLoadProfile *self = VS_LOAD_PROFILE (object);

  switch (prop_id)
    {
    case PROP_URL: vs_load_profile_set_url (self, g_value_get_string (value)); break;
    case PROP_METHOD: vs_load_profile_set_method (self, g_value_get_string (value)); break;
    case PROP_BODY: vs_load_profile_set_body (self, g_value_get_boxed (value)); break;
    case PROP_CONNECTIONS: vs_load_profile_set_connections (self, g_value_get_uint (value)); break;
    case PROP_WORKERS: vs_load_profile_set_workers (self, g_value_get_uint (value)); break;
    case PROP_DURATION_US: vs_load_profile_set_duration_us (self, g_value_get_int64 (value)); break;
    case PROP_WARMUP_US: vs_load_profile_set_warmup_us (self, g_value_get_int64 (value)); break;
    case PROP_TIMEOUT_US: vs_load_profile_set_timeout_us (self, g_value_get_int64 (value)); break;
    case PROP_INTERVAL_US: vs_load_profile_set_interval_us (self, g_value_get_int64 (value)); break;
    case PROP_MODE: vs_load_profile_set_mode (self, g_value_get_enum (value)); break;
    case PROP_RATE: vs_load_profile_set_rate (self, g_value_get_double (value)); break;
    case PROP_KEEP_ALIVE: vs_load_profile_set_keep_alive (self, g_value_get_boolean (value)); break;
    case PROP_TRANSPORT: vs_load_profile_set_transport (self, g_value_get_enum (value)); break;
    case PROP_EXPECT_STATUS: vs_load_profile_set_expect_status (self, g_value_get_uint (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
vs_load_profile_class_init (VsLoadProfileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = vs_load_profile_finalize;
  object_class->get_property = vs_load_profile_get_property;
  object_class->set_property = vs_load_profile_set_property;

  /* Ranges are wide on purpose: a value is refused by the rules below
   * (vs_load_profile_check_*) with a message, not by GObject with a warning. */
  properties[PROP_URL] = g_param_spec_string ("url", NULL, NULL, NULL, flags);
  properties[PROP_METHOD] = g_param_spec_string ("method", NULL, NULL, "GET", flags);
  /* "Name: value" strings; set with vs_load_profile_add_header() */
  properties[PROP_HEADERS] =
    g_param_spec_boxed ("headers", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BODY] = g_param_spec_boxed ("body", NULL, NULL, G_TYPE_BYTES, flags);
  properties[PROP_CONNECTIONS] =
    g_param_spec_uint ("connections", NULL, NULL, 0, G_MAXUINT, 10, flags);
  properties[PROP_WORKERS] = g_param_spec_uint ("workers", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_DURATION_US] =
    g_param_spec_int64 ("duration-us", NULL, NULL, G_MININT64, G_MAXINT64,
                        10 * G_USEC_PER_SEC, flags);
  properties[PROP_WARMUP_US] =
    g_param_spec_int64 ("warmup-us", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties[PROP_TIMEOUT_US] =
    g_param_spec_int64 ("timeout-us", NULL, NULL, G_MININT64, G_MAXINT64,
                        2 * G_USEC_PER_SEC, flags);
  properties[PROP_INTERVAL_US] =
    g_param_spec_int64 ("interval-us", NULL, NULL, G_MININT64, G_MAXINT64, 250000, flags);
  properties[PROP_MODE] =
    g_param_spec_enum ("mode", NULL, NULL, VS_TYPE_LOAD_MODE, VS_LOAD_MODE_CLOSED, flags);
  properties[PROP_RATE] =
    g_param_spec_double ("rate", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0, flags);
  properties[PROP_KEEP_ALIVE] = g_param_spec_boolean ("keep-alive", NULL, NULL, TRUE, flags);
  properties[PROP_TRANSPORT] =
    g_param_spec_enum ("transport", NULL, NULL, VS_TYPE_TRANSPORT_KIND, VS_TRANSPORT_AUTO, flags);
  properties[PROP_EXPECT_STATUS] =
    g_param_spec_uint ("expect-status", NULL, NULL, 0, G_MAXUINT, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
vs_load_profile_init (VsLoadProfile *self)
{
  self->method = g_strdup ("GET");
  self->header_names = g_ptr_array_new_with_free_func (g_free);
  self->header_values = g_ptr_array_new_with_free_func (g_free);
  self->connections = 10;
  self->workers = 0;
  self->duration_us = 10 * G_USEC_PER_SEC;
  self->warmup_us = 0;
  self->timeout_us = 2 * G_USEC_PER_SEC;
  self->interval_us = 250 * 1000;
  self->mode = VS_LOAD_MODE_CLOSED;
  self->rate = 0;
  self->keep_alive = TRUE;
  self->transport = VS_TRANSPORT_AUTO;
}

VsLoadProfile *
vs_load_profile_new (void)
{
  return g_object_new (VS_TYPE_LOAD_PROFILE, NULL);
}

VsLoadProfile *
vs_load_profile_copy (const VsLoadProfile *self)
{
  VsLoadProfile *copy;

  g_return_val_if_fail (VS_IS_LOAD_PROFILE ((VsLoadProfile *) self), NULL);

  copy = vs_load_profile_new ();
  copy->url = g_strdup (self->url);
  g_free (copy->method);
  copy->method = g_strdup (self->method);
  vs_load_profile_set_headers_from (copy, self);
  if (self->body != NULL)
    copy->body = g_bytes_ref (self->body);
  copy->connections = self->connections;
  copy->workers = self->workers;
  copy->duration_us = self->duration_us;
  copy->warmup_us = self->warmup_us;
  copy->timeout_us = self->timeout_us;
  copy->interval_us = self->interval_us;
  copy->mode = self->mode;
  copy->rate = self->rate;
  copy->keep_alive = self->keep_alive;
  copy->transport = self->transport;
  copy->expect_status = self->expect_status;

  return copy;
}

VsLoadProfile *
vs_load_profile_ref (VsLoadProfile *self)
{
  return g_object_ref (self);
}

void
vs_load_profile_unref (VsLoadProfile *self)
{
  g_object_unref (self);
}

void
vs_load_profile_set_url (VsLoadProfile *self,
                         const char    *url)
{
  g_return_if_fail (VS_IS_LOAD_PROFILE (self));
  vs_object_set_str (self, &self->url, url, properties[PROP_URL]);
}

void
vs_load_profile_set_method (VsLoadProfile *self,
                            const char    *method)
{
  g_return_if_fail (VS_IS_LOAD_PROFILE (self));
  vs_object_set_str (self, &self->method, method, properties[PROP_METHOD]);
}

void
vs_load_profile_set_connections (VsLoadProfile *self,
                                 guint          connections)
{
  g_return_if_fail (VS_IS_LOAD_PROFILE (self));
  VS_OBJECT_SET_VALUE (self, self->connections, connections, properties[PROP_CONNECTIONS]);
}

void
vs_load_profile_set_workers (VsLoadProfile *self,
                             guint          workers)
{
  g_return_if_fail (VS_IS_LOAD_PROFILE (self));
  VS_OBJECT_SET_VALUE (self, self->workers, workers, properties[PROP_WORKERS]);
}

void
vs_load_profile_set_duration_us (VsLoadProfile *self,
                                 gint64         duration_us)
{
  g_return_if_fail (VS_IS_LOAD_PROFILE (self));
  VS_OBJECT_SET_VALUE (self, self->duration_us, duration_us, properties[PROP_DURATION_US]);
}

void
vs_load_profile_set_warmup_us (VsLoadProfile *self,
                               gint64         warmup_us)
{
  g_return_if_fail (VS_IS_LOAD_PROFILE (self));
  VS_OBJECT_SET_VALUE (self, self->warmup_us, warmup_us, properties[PROP_WARMUP_US]);
}

void
vs_load_profile_set_timeout_us (VsLoadProfile *self,
                                gint64         timeout_us)
{
  g_return_if_fail (VS_IS_LOAD_PROFILE (self));
  VS_OBJECT_SET_VALUE (self, self->timeout_us, timeout_us, properties[PROP_TIMEOUT_US]);
}

void
vs_load_profile_set_interval_us (VsLoadProfile *self,
                                 gint64         interval_us)
{
  g_return_if_fail (VS_IS_LOAD_PROFILE (self));
  VS_OBJECT_SET_VALUE (self, self->interval_us, interval_us, properties[PROP_INTERVAL_US]);
}

void
vs_load_profile_set_mode (VsLoadProfile *self,
                          VsLoadMode     mode)
{
  g_return_if_fail (VS_IS_LOAD_PROFILE (self));
  VS_OBJECT_SET_VALUE (self, self->mode, mode, properties[PROP_MODE]);
}

void
vs_load_profile_set_rate (VsLoadProfile *self,
                          double         rate)
{
  g_return_if_fail (VS_IS_LOAD_PROFILE (self));
  VS_OBJECT_SET_VALUE (self, self->rate, rate, properties[PROP_RATE]);
}

void
vs_load_profile_set_keep_alive (VsLoadProfile *self,
                                gboolean       keep_alive)
{
  keep_alive = !!keep_alive;
  g_return_if_fail (VS_IS_LOAD_PROFILE (self));
  VS_OBJECT_SET_VALUE (self, self->keep_alive, keep_alive, properties[PROP_KEEP_ALIVE]);
}

void
vs_load_profile_set_transport (VsLoadProfile   *self,
                               VsTransportKind  transport)
{
  g_return_if_fail (VS_IS_LOAD_PROFILE (self));
  VS_OBJECT_SET_VALUE (self, self->transport, transport, properties[PROP_TRANSPORT]);
}

void
vs_load_profile_set_expect_status (VsLoadProfile *self,
                                   guint          expect_status)
{
  g_return_if_fail (VS_IS_LOAD_PROFILE (self));
  VS_OBJECT_SET_VALUE (self, self->expect_status, expect_status, properties[PROP_EXPECT_STATUS]);
}

void
vs_load_profile_set_headers_from (VsLoadProfile       *self,
                                  const VsLoadProfile *from)
{
  g_return_if_fail (VS_IS_LOAD_PROFILE (self));

  if (vs_pairs_equal (self->header_names, self->header_values, from->header_names, from->header_values))
    return;

  vs_pairs_assign (self->header_names, self->header_values, from->header_names, from->header_values);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEADERS]);
}

void
vs_load_profile_add_header (VsLoadProfile *self,
                            const char    *name,
                            const char    *value)
{
  g_return_if_fail (VS_IS_LOAD_PROFILE (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (value != NULL);

  g_ptr_array_add (self->header_names, g_strdup (name));
  g_ptr_array_add (self->header_values, g_strdup (value));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEADERS]);
}

static gboolean
is_token (const char *s)
{
  if (s == NULL || *s == '\0')
    return FALSE;

  for (; *s; s++)
    {
      if (!g_ascii_isalnum (*s) && strchr ("!#$%&'*+-.^_`|~", *s) == NULL)
        return FALSE;
    }

  return TRUE;
}

static gboolean
is_header_value (const char *s)
{
  for (; *s; s++)
    {
      if (*s == '\r' || *s == '\n' || ((guchar) *s < 0x20 && *s != '\t'))
        return FALSE;
    }

  return TRUE;
}

/* Parses "Name: value" as given to -H. */
gboolean
vs_load_profile_add_header_line (VsLoadProfile  *self,
                                 const char     *line,
                                 GError        **error)
{
  const char *colon;
  g_autofree char *name = NULL;
  g_autofree char *value = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (line != NULL, FALSE);

  colon = strchr (line, ':');
  if (colon == NULL)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                   _("header “%s” has no colon (expected “Name: value”)"), line);
      return FALSE;
    }

  name = g_strstrip (g_strndup (line, colon - line));
  value = g_strstrip (g_strdup (colon + 1));

  if (!is_token (name))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                   _("header name “%s” is not a valid HTTP header name"), name);
      return FALSE;
    }

  if (!is_header_value (value))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                   _("header “%s” has control characters in its value"), name);
      return FALSE;
    }

  vs_load_profile_add_header (self, name, value);
  return TRUE;
}

void
vs_load_profile_set_body (VsLoadProfile *self,
                          GBytes        *body)
{
  g_return_if_fail (VS_IS_LOAD_PROFILE (self));

  if (body == self->body ||
      (body != NULL && self->body != NULL && g_bytes_equal (body, self->body)))
    return;
  if (body != NULL)
    g_bytes_ref (body);
  g_clear_pointer (&self->body, g_bytes_unref);
  self->body = body;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BODY]);
}

VsTransportKind
vs_load_profile_get_effective_transport (const VsLoadProfile *self)
{
  g_autoptr(GUri) uri = NULL;

  if (self->transport != VS_TRANSPORT_AUTO)
    return self->transport;

  uri = g_uri_parse (self->url, VS_URI_FLAGS, NULL);
  if (uri != NULL && g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0)
    return VS_TRANSPORT_SOUP;

  return VS_TRANSPORT_FAST;
}

guint
vs_load_profile_get_effective_workers (const VsLoadProfile *self)
{
  guint workers = self->workers;

  if (workers == 0)
    workers = CLAMP (g_get_num_processors (), 1, 16);

  return MAX (1, MIN (workers, self->connections));
}

gboolean
vs_load_profile_check_connections (double   value,
                                   GError **error)
{
  if (!vs_is_whole_number (value) || value < 1 || value > MAX_CONNECTIONS)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                   _("connections must be a whole number from 1 to %d (got %.15g)"),
                   MAX_CONNECTIONS, value);
      return FALSE;
    }
  return TRUE;
}

gboolean
vs_load_profile_check_workers (double   value,
                               GError **error)
{
  if (!vs_is_whole_number (value) || value < 0 || value > MAX_WORKERS)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                   _("workers must be a whole number from 1 to %d, or 0 for automatic (got %.15g)"),
                   MAX_WORKERS, value);
      return FALSE;
    }
  return TRUE;
}

gboolean
vs_load_profile_check_rate (double   value,
                            GError **error)
{
  if (!(value > 0) || isinf (value) || value > MAX_RATE)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                   _("rate must be a positive number of requests per second up to %.0f (got %g)"),
                   MAX_RATE, value);
      return FALSE;
    }
  return TRUE;
}

gboolean
vs_load_profile_check_duration (gint64   usec,
                                GError **error)
{
  if (usec <= 0)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT, _("duration must be positive"));
      return FALSE;
    }
  if (usec > MAX_DURATION_US)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                   _("duration must be at most 24 h: a trial runs this long, and every target runs several"));
      return FALSE;
    }
  return TRUE;
}

gboolean
vs_load_profile_check_warmup (gint64   usec,
                              GError **error)
{
  if (usec < 0)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT, _("warm-up must not be negative"));
      return FALSE;
    }
  if (usec > MAX_DURATION_US)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT, _("warm-up must be at most 24 h"));
      return FALSE;
    }
  return TRUE;
}

gboolean
vs_load_profile_check_connections_here (double   value,
                                        GError **error)
{
  guint64 limit = vs_get_fd_limit ();

  if (!vs_load_profile_check_connections (value, error))
    return FALSE;
  if (limit > 0 && value + FDS_KEPT > limit)
    {
      g_autofree char *most = g_strdup_printf ("%" G_GUINT64_FORMAT, limit > FDS_KEPT ? limit - FDS_KEPT : 0);
      g_autofree char *files = g_strdup_printf ("%" G_GUINT64_FORMAT, limit);

      /* Translators: the numbers come as text; the last is how many Versus keeps */
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                   _("connections must be at most %s on this machine: a process may open %s "
                     "files (ulimit -Hn), and Versus keeps %d for itself"),
                   most, files, FDS_KEPT);
      return FALSE;
    }
  return TRUE;
}

gboolean
vs_load_profile_check_here (const VsLoadProfile  *self,
                            GError              **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return vs_load_profile_check_connections_here (self->connections, error);
}

gboolean
vs_load_profile_validate (const VsLoadProfile  *self,
                          GError              **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *scheme;

  g_return_val_if_fail (self != NULL, FALSE);

  if (self->url == NULL || *self->url == '\0')
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT, _("no URL given"));
      return FALSE;
    }
  if (self->expect_status != 0 && (self->expect_status < 400 || self->expect_status > 599))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                   _("the expected status must be an error status, 400 to 599, not %u"),
                   self->expect_status);
      return FALSE;
    }

  /* as the engine parses it: the path and query are sent as written */
  uri = g_uri_parse (self->url, VS_URI_FLAGS, &local_error);
  if (uri == NULL)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a valid URL: %s"), self->url, local_error->message);
      return FALSE;
    }
  if (!vs_check_request_text (self->url, _("URL"), FALSE, error))
    return FALSE;

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                   _("unsupported URL scheme “%s” in “%s” (use http or https)"), scheme, self->url);
      return FALSE;
    }

  if (g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                   _("URL “%s” has no host"), self->url);
      return FALSE;
    }
  /* the host is percent-decoded: %0D%0A would reach the Host header */
  if (!vs_check_request_text (g_uri_get_host (uri), _("URL’s host"), FALSE, error))
    return FALSE;

  if (self->transport == VS_TRANSPORT_FAST && g_ascii_strcasecmp (scheme, "https") == 0)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                   _("the fast transport speaks plain http:// only; use the soup transport for “%s”"),
                   self->url);
      return FALSE;
    }

  /* a token has no CR, LF, control or space */
  if (!is_token (self->method))
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a valid HTTP method"), self->method ? self->method : "");
      return FALSE;
    }

  for (guint i = 0; i < self->header_names->len; i++)
    {
      const char *name = g_ptr_array_index (self->header_names, i);
      const char *value = g_ptr_array_index (self->header_values, i);

      if (!vs_check_request_text (name, _("header name"), FALSE, error) ||
          !vs_check_request_text (value, _("header value"), TRUE, error))
        {
          g_prefix_error (error, _("header %u: "), i + 1);
          return FALSE;
        }
      if (!is_token (name))
        {
          g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                       _("header “%s” is not a valid HTTP header"), name);
          return FALSE;
        }
    }

  if (!vs_load_profile_check_connections (self->connections, error) ||
      !vs_load_profile_check_workers (self->workers, error) ||
      !vs_load_profile_check_duration (self->duration_us, error) ||
      !vs_load_profile_check_warmup (self->warmup_us, error))
    return FALSE;

  if (self->timeout_us <= 0)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT, _("timeout must be positive"));
      return FALSE;
    }

  if (self->interval_us < 10 * 1000 || self->interval_us > 60 * G_USEC_PER_SEC)
    {
      g_set_error (error, VS_ERROR, VS_ERROR_INVALID_ARGUMENT,
                   _("snapshot interval must be between 10 ms and 60 s"));
      return FALSE;
    }

  if (self->mode == VS_LOAD_MODE_RATE && !vs_load_profile_check_rate (self->rate, error))
    return FALSE;

  return TRUE;
}

const char *
vs_load_mode_to_string (VsLoadMode mode)
{
  return mode == VS_LOAD_MODE_RATE ? "rate" : "closed";
}

const char *
vs_transport_kind_to_string (VsTransportKind kind)
{
  switch (kind)
    {
    case VS_TRANSPORT_FAST: return "fast";
    case VS_TRANSPORT_SOUP: return "soup";
    case VS_TRANSPORT_AUTO:
    default:
      return "auto";
    }
}

gboolean
vs_transport_kind_from_string (const char      *text,
                               VsTransportKind *out_kind)
{
  if (g_strcmp0 (text, "fast") == 0)
    *out_kind = VS_TRANSPORT_FAST;
  else if (g_strcmp0 (text, "soup") == 0)
    *out_kind = VS_TRANSPORT_SOUP;
  else if (g_strcmp0 (text, "auto") == 0)
    *out_kind = VS_TRANSPORT_AUTO;
  else
    return FALSE;

  return TRUE;
}
