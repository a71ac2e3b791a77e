/* vs-http-parser.c
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "vs-http-parser.h"
#include "vs-util.h"

enum {
  STATE_HEAD,
  STATE_BODY_LENGTH,
  STATE_CHUNK_SIZE,
  STATE_CHUNK_DATA,
  STATE_CHUNK_DATA_END,
  STATE_TRAILER,
  STATE_BODY_EOF,
  STATE_DONE,
};

/* Chunks larger than this are certainly a broken or hostile server */
#define MAX_CHUNK_SIZE (G_GUINT64_CONSTANT (1) << 40)

void
vs_http_parser_init (VsHttpParser *self,
                     gboolean      head_request)
{
  memset (self, 0, sizeof *self);
  self->headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  self->head_buf = g_byte_array_new ();
  self->no_body = !!head_request;
  self->state = STATE_HEAD;
}

void
vs_http_parser_clear (VsHttpParser *self)
{
  g_clear_pointer (&self->headers, soup_message_headers_unref);
  g_clear_pointer (&self->head_buf, g_byte_array_unref);
}

void
vs_http_parser_reset (VsHttpParser *self,
                      gboolean      head_request)
{
  self->status = 0;
  self->version = SOUP_HTTP_1_1;
  self->keep_alive = FALSE;
  self->head_done = FALSE;
  self->head_bytes = 0;
  self->body_bytes = 0;
  self->line_len = 0;
  self->remaining = 0;
  self->no_body = !!head_request;
  self->close_delimited = FALSE;
  self->state = STATE_HEAD;
  if (self->head_buf->len > 0)
    g_byte_array_set_size (self->head_buf, 0);
}

SoupMessageHeaders *
vs_http_parser_get_headers (VsHttpParser *self)
{
  return self->headers;
}

gboolean
vs_http_parser_in_progress (const VsHttpParser *self)
{
  return self->state != STATE_HEAD || self->head_buf->len > 0 || self->head_bytes > 0;
}

static VsHttpParseStatus
fail (GError     **error,
      const char  *message)
{
  g_set_error_literal (error, VS_ERROR, VS_ERROR_INVALID_DATA, message);
  return VS_HTTP_PARSE_ERROR;
}

/* Returns the offset just past the blank line ending a head, or 0 if none yet.
 * Accepts CRLF and bare LF line ends, as libsoup does. */
static gsize
find_head_end (const char *buf,
               gsize       len,
               gsize       from)
{
  const char *p = buf + from;
  const char *end = buf + len;

  while (p < end)
    {
      const char *nl = memchr (p, '\n', end - p);

      if (nl == NULL)
        return 0;
      if (nl + 1 < end && nl[1] == '\n')
        return (nl + 2) - buf;
      if (nl + 2 < end && nl[1] == '\r' && nl[2] == '\n')
        return (nl + 3) - buf;
      p = nl + 1;
    }

  return 0;
}

static gboolean
parse_content_length (SoupMessageHeaders *headers,
                      guint64            *out_length)
{
  const char *value = soup_message_headers_get_list (headers, "Content-Length");
  guint64 length = 0;

  if (value == NULL)
    return FALSE;

  while (*value == ' ' || *value == '\t')
    value++;
  if (*value == '\0')
    return FALSE;

  for (; *value >= '0' && *value <= '9'; value++)
    {
      if (length > (G_MAXUINT64 - 9) / 10)
        return FALSE;
      length = length * 10 + (*value - '0');
    }

  while (*value == ' ' || *value == '\t')
    value++;
  if (*value != '\0')
    return FALSE;

  *out_length = length;
  return TRUE;
}

/* Parses a complete head; sets up framing of the body. */
static VsHttpParseStatus
parse_head (VsHttpParser  *self,
            const char    *head,
            gsize          len,
            GError       **error)
{
  g_autofree char *reason = NULL;
  SoupHTTPVersion version = SOUP_HTTP_1_1;
  guint status = 0;
  SoupEncoding encoding;

  soup_message_headers_clear (self->headers);

  if (len > G_MAXINT ||
      !soup_headers_parse_response (head, (int) len, self->headers, &version, &status, &reason))
    return fail (error, "malformed response head");

  self->head_bytes += len;

  if (status >= 100 && status < 200)
    {
      if (status == SOUP_STATUS_SWITCHING_PROTOCOLS)
        return fail (error, "server switched protocols (101), which is not HTTP/1.1 load");
      /* Interim response: the real one follows. */
      return VS_HTTP_PARSE_NEED_MORE;
    }

  self->status = status;
  self->version = version;
  self->head_done = TRUE;

  if (version == SOUP_HTTP_1_0)
    self->keep_alive = soup_message_headers_header_contains (self->headers, "Connection",
                                                             "keep-alive");
  else
    self->keep_alive = !soup_message_headers_header_contains (self->headers, "Connection",
                                                              "close");

  if (self->no_body || status == SOUP_STATUS_NO_CONTENT || status == SOUP_STATUS_NOT_MODIFIED)
    {
      self->state = STATE_DONE;
      return VS_HTTP_PARSE_COMPLETE;
    }

  encoding = soup_message_headers_get_encoding (self->headers);
  if (encoding == SOUP_ENCODING_CHUNKED)
    {
      self->state = STATE_CHUNK_SIZE;
      self->line_len = 0;
    }
  else if (encoding == SOUP_ENCODING_CONTENT_LENGTH)
    {
      if (!parse_content_length (self->headers, &self->remaining))
        return fail (error, "invalid Content-Length in response");
      self->state = self->remaining > 0 ? STATE_BODY_LENGTH : STATE_DONE;
    }
  else if (encoding == SOUP_ENCODING_EOF || encoding == SOUP_ENCODING_NONE)
    {
      self->state = STATE_BODY_EOF;
      self->close_delimited = TRUE;
      self->keep_alive = FALSE;
    }
  else if (soup_message_headers_get_one (self->headers, "Transfer-Encoding") == NULL)
    {
      /* libsoup reports a Content-Length it cannot parse as unrecognized */
      return fail (error, "invalid Content-Length in response");
    }
  else
    {
      return fail (error, "unsupported response body framing");
    }

  return self->state == STATE_DONE ? VS_HTTP_PARSE_COMPLETE : VS_HTTP_PARSE_NEED_MORE;
}

/* Collects one line into self->line. Returns TRUE when a line is complete. */
static gboolean
collect_line (VsHttpParser  *self,
              const char   **p,
              const char    *end,
              gboolean      *too_long)
{
  const char *nl = memchr (*p, '\n', end - *p);
  gsize n = (nl ? nl : end) - *p;

  *too_long = FALSE;
  self->body_bytes += n + (nl ? 1 : 0);

  if (self->line_len + n >= sizeof self->line)
    {
      *too_long = TRUE;
      return FALSE;
    }

  memcpy (self->line + self->line_len, *p, n);
  self->line_len += n;
  *p += n + (nl ? 1 : 0);

  if (nl == NULL)
    return FALSE;

  if (self->line_len > 0 && self->line[self->line_len - 1] == '\r')
    self->line_len--;
  self->line[self->line_len] = '\0';
  return TRUE;
}

static gboolean
parse_chunk_size (const char *line,
                  guint64    *out_size)
{
  guint64 size = 0;
  guint digits = 0;

  for (; g_ascii_isxdigit (*line); line++, digits++)
    {
      if (size > MAX_CHUNK_SIZE)
        return FALSE;
      size = size * 16 + g_ascii_xdigit_value (*line);
    }

  if (digits == 0 || size > MAX_CHUNK_SIZE)
    return FALSE;

  while (*line == ' ' || *line == '\t')
    line++;
  if (*line != '\0' && *line != ';')
    return FALSE;

  *out_size = size;
  return TRUE;
}

VsHttpParseStatus
vs_http_parser_feed (VsHttpParser  *self,
                     const char    *data,
                     gsize          len,
                     gsize         *consumed,
                     GError       **error)
{
  const char *p = data;
  const char *end = data + len;
  VsHttpParseStatus ret;
  gboolean too_long;

  g_assert (consumed != NULL);

  while (p < end || self->state == STATE_DONE)
    {
      switch (self->state)
        {
        case STATE_HEAD:
          {
            gsize head_end;

            if (self->head_buf->len == 0)
              {
                head_end = find_head_end (p, end - p, 0);
                if (head_end > VS_HTTP_MAX_HEAD_SIZE)
                  return fail (error, "response head is too large");
                if (head_end > 0)
                  {
                    ret = parse_head (self, p, head_end, error);
                    p += head_end;
                    if (ret == VS_HTTP_PARSE_ERROR)
                      return ret;
                    continue;
                  }
                if ((gsize) (end - p) > VS_HTTP_MAX_HEAD_SIZE)
                  return fail (error, "response head is too large");
                g_byte_array_append (self->head_buf, (const guint8 *) p, end - p);
                p = end;
              }
            else
              {
                gsize old_len = self->head_buf->len;
                gsize take = MIN ((gsize) (end - p), VS_HTTP_MAX_HEAD_SIZE + 1 - old_len);

                g_byte_array_append (self->head_buf, (const guint8 *) p, take);
                head_end = find_head_end ((const char *) self->head_buf->data,
                                          self->head_buf->len, old_len > 3 ? old_len - 3 : 0);
                if (head_end == 0)
                  {
                    if (self->head_buf->len > VS_HTTP_MAX_HEAD_SIZE)
                      return fail (error, "response head is too large");
                    p += take;
                    continue;
                  }
                if (head_end > VS_HTTP_MAX_HEAD_SIZE)
                  return fail (error, "response head is too large");
                p += head_end - old_len;
                ret = parse_head (self, (const char *) self->head_buf->data, head_end, error);
                g_byte_array_set_size (self->head_buf, 0);
                if (ret == VS_HTTP_PARSE_ERROR)
                  return ret;
              }
          }
          break;

        case STATE_BODY_LENGTH:
          {
            gsize n = MIN ((guint64) (end - p), self->remaining);

            p += n;
            self->remaining -= n;
            self->body_bytes += n;
            if (self->remaining == 0)
              self->state = STATE_DONE;
          }
          break;

        case STATE_CHUNK_SIZE:
          if (collect_line (self, &p, end, &too_long))
            {
              if (!parse_chunk_size (self->line, &self->remaining))
                return fail (error, "invalid chunk size in response");
              self->line_len = 0;
              self->state = self->remaining > 0 ? STATE_CHUNK_DATA : STATE_TRAILER;
            }
          else if (too_long)
            return fail (error, "chunk size line is too long");
          break;

        case STATE_CHUNK_DATA:
          {
            gsize n = MIN ((guint64) (end - p), self->remaining);

            p += n;
            self->remaining -= n;
            self->body_bytes += n;
            if (self->remaining == 0)
              self->state = STATE_CHUNK_DATA_END;
          }
          break;

        case STATE_CHUNK_DATA_END:
          if (collect_line (self, &p, end, &too_long))
            {
              if (self->line_len != 0)
                return fail (error, "missing line end after chunk data");
              self->state = STATE_CHUNK_SIZE;
            }
          else if (too_long)
            return fail (error, "missing line end after chunk data");
          break;

        case STATE_TRAILER:
          if (collect_line (self, &p, end, &too_long))
            {
              if (self->line_len == 0)
                self->state = STATE_DONE;
              self->line_len = 0;
            }
          else if (too_long)
            return fail (error, "response trailer line is too long");
          break;

        case STATE_BODY_EOF:
          self->body_bytes += end - p;
          p = end;
          break;

        case STATE_DONE:
          *consumed = p - data;
          return VS_HTTP_PARSE_COMPLETE;

        default:
          g_assert_not_reached ();
        }
    }

  *consumed = p - data;
  return VS_HTTP_PARSE_NEED_MORE;
}

/* Called when the peer closed the connection. */
VsHttpParseStatus
vs_http_parser_finish (VsHttpParser  *self,
                       GError       **error)
{
  if (self->state == STATE_BODY_EOF || self->state == STATE_DONE)
    {
      self->state = STATE_DONE;
      return VS_HTTP_PARSE_COMPLETE;
    }

  if (!vs_http_parser_in_progress (self))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                           "connection closed before a response");
      return VS_HTTP_PARSE_ERROR;
    }

  return fail (error, "response truncated: connection closed mid-response");
}
