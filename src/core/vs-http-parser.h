/* vs-http-parser.h
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* Incremental framing of HTTP/1.x responses for the fast transport.
 *
 * The response head is collected (across reads when needed) and parsed by
 * libsoup's soup_headers_parse_response(); the body is never stored, only
 * counted, and framed by Content-Length, chunked transfer-coding, or the end
 * of the connection. Interim 1xx responses are skipped. Nothing is allocated
 * per response in the common case where the head arrives in one read.
 */

#define VS_HTTP_MAX_HEAD_SIZE  (64 * 1024)
#define VS_HTTP_MAX_LINE_SIZE  1024

typedef enum
{
  VS_HTTP_PARSE_NEED_MORE,  /* everything consumed; the response is not complete yet */
  VS_HTTP_PARSE_COMPLETE,   /* one response complete; *consumed may be < len */
  VS_HTTP_PARSE_ERROR,      /* malformed; the connection must be closed */
} VsHttpParseStatus;

typedef struct
{
  /* Results, valid once the head is parsed */
  guint               status;
  SoupHTTPVersion     version;
  gboolean            keep_alive;     /* the connection may carry another request */
  gboolean            head_done;
  guint64             head_bytes;     /* bytes of head(s), 1xx heads included */
  guint64             body_bytes;     /* bytes of body, chunk framing included */

  /*< private >*/
  SoupMessageHeaders *headers;
  GByteArray         *head_buf;
  char                line[VS_HTTP_MAX_LINE_SIZE];
  guint               line_len;
  guint               state;
  guint64             remaining;
  guint               no_body : 1;    /* response to HEAD */
  guint               close_delimited : 1;
} VsHttpParser;

void              vs_http_parser_init          (VsHttpParser  *self,
                                                gboolean       head_request);
void              vs_http_parser_clear         (VsHttpParser  *self);
void              vs_http_parser_reset         (VsHttpParser  *self,
                                                gboolean       head_request);
VsHttpParseStatus vs_http_parser_feed          (VsHttpParser  *self,
                                                const char    *data,
                                                gsize          len,
                                                gsize         *consumed,
                                                GError       **error);
VsHttpParseStatus vs_http_parser_finish        (VsHttpParser  *self,
                                                GError       **error);
gboolean          vs_http_parser_in_progress   (const VsHttpParser *self);
SoupMessageHeaders *vs_http_parser_get_headers (VsHttpParser  *self);

G_END_DECLS
