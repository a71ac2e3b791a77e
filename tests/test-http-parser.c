/* test-http-parser.c
 *
 * Copyright 2026 The Versus authors
 *
 * This program is free software: you can redistribute it and/or modify
 * it under the terms of the GNU General Public License as published by
 * the Free Software Foundation, either version 3 of the License, or
 * (at your option) any later version.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "vs-http-parser.h"
#include "vs-util.h"

/* Every input is fed whole, byte by byte, split in two at every offset and,
 * when short, in three at every pair of offsets: all must give the same
 * results. Each piece is copied into a buffer of its exact size, so that
 * AddressSanitizer catches any read past the end of what was fed. */
#define MAX_LEN_THREE_PIECES 96

typedef enum
{
  EXPECT_COMPLETE,
  EXPECT_NEED_MORE,
  EXPECT_INVALID,   /* VS_ERROR_INVALID_DATA */
  EXPECT_CLOSED,    /* G_IO_ERROR_CONNECTION_CLOSED */
} Expect;

typedef struct
{
  const char *path;
  const char *data;
  gsize       len;            /* 0: strlen (data) */
  gboolean    head_request;
  gboolean    eof;            /* vs_http_parser_finish() after the last byte */
  Expect      expect;
  guint       status;
  guint64     head_bytes;
  guint64     body_bytes;
  gboolean    keep_alive;
  gsize       consumed;       /* 0: the whole input */
  const char *message;        /* expected in the error message */
} ParseCase;

/* One outcome of a stream: a complete response, an error, or an
 * unfinished response when the input ran out without EOF. */
typedef struct
{
  VsHttpParseStatus ret;
  guint             status;
  SoupHTTPVersion   version;
  gboolean          keep_alive;
  guint64           head_bytes;
  guint64           body_bytes;
  gsize             end;      /* stream offset just past the response */
  GQuark            domain;
  int               code;
  char             *message;
} Outcome;

static void
outcome_clear (gpointer data)
{
  Outcome *outcome = data;

  g_free (outcome->message);
}

static GArray *
outcomes_new (void)
{
  GArray *outcomes = g_array_new (FALSE, TRUE, sizeof (Outcome));

  g_array_set_clear_func (outcomes, outcome_clear);
  return outcomes;
}

static char *
describe_outcomes (GArray *outcomes)
{
  GString *s = g_string_new (NULL);
  guint i;

  for (i = 0; i < outcomes->len; i++)
    {
      const Outcome *o = &g_array_index (outcomes, Outcome, i);

      switch (o->ret)
        {
        case VS_HTTP_PARSE_COMPLETE:
          g_string_append_printf (s, "[COMPLETE status=%u version=%d keep_alive=%d "
                                  "head=%" G_GUINT64_FORMAT " body=%" G_GUINT64_FORMAT
                                  " end=%" G_GSIZE_FORMAT "]",
                                  o->status, o->version, o->keep_alive,
                                  o->head_bytes, o->body_bytes, o->end);
          break;

        case VS_HTTP_PARSE_NEED_MORE:
          g_string_append_printf (s, "[NEED_MORE end=%" G_GSIZE_FORMAT "]", o->end);
          break;

        case VS_HTTP_PARSE_ERROR:
          g_string_append_printf (s, "[ERROR %s/%d \"%s\"]",
                                  g_quark_to_string (o->domain), o->code, o->message);
          break;

        default:
          g_assert_not_reached ();
        }
    }

  return g_string_free (s, FALSE);
}

/* Feeds @data in pieces ending at @cuts (strictly increasing offsets in
 * (0, len)), resetting the parser after each complete response, and calls
 * vs_http_parser_finish() at the end when @eof. Checks the invariants of
 * every call on the way. */
static GArray *
run_stream (const char  *data,
            gsize        len,
            const gsize *cuts,
            guint        n_cuts,
            gboolean     head_request,
            gboolean     eof)
{
  GArray *outcomes = outcomes_new ();
  VsHttpParser parser;
  gsize start = 0;
  gsize response_start = 0;
  gboolean failed = FALSE;
  Outcome o;
  guint i;

  vs_http_parser_init (&parser, head_request);
  g_assert_false (vs_http_parser_in_progress (&parser));

  for (i = 0; i <= n_cuts && !failed; i++)
    {
      gsize piece_end = i < n_cuts ? cuts[i] : len;
      gsize piece_len = piece_end - start;
      g_autofree char *piece = NULL;
      gsize off = 0;

      g_assert_cmpuint (piece_end, >=, start);
      g_assert_cmpuint (piece_end, <=, len);
      piece = g_memdup2 (data + start, piece_len);

      while (off < piece_len)
        {
          g_autoptr(GError) error = NULL;
          gsize consumed = G_MAXSIZE;
          VsHttpParseStatus ret;

          ret = vs_http_parser_feed (&parser, piece + off, piece_len - off, &consumed, &error);
          if (ret == VS_HTTP_PARSE_ERROR)
            {
              g_assert_nonnull (error);
              memset (&o, 0, sizeof o);
              o.ret = ret;
              o.domain = error->domain;
              o.code = error->code;
              o.message = g_strdup (error->message);
              g_array_append_val (outcomes, o);
              failed = TRUE;
              break;
            }

          g_assert_no_error (error);
          g_assert_cmpuint (consumed, <=, piece_len - off);

          if (ret == VS_HTTP_PARSE_NEED_MORE)
            {
              g_assert_cmpuint (consumed, ==, piece_len - off);
              off = piece_len;
              continue;
            }

          g_assert_cmpint (ret, ==, VS_HTTP_PARSE_COMPLETE);
          g_assert_cmpuint (consumed, >, 0);
          g_assert_true (parser.head_done);
          off += consumed;

          memset (&o, 0, sizeof o);
          o.ret = ret;
          o.status = parser.status;
          o.version = parser.version;
          o.keep_alive = parser.keep_alive;
          o.head_bytes = parser.head_bytes;
          o.body_bytes = parser.body_bytes;
          o.end = start + off;
          g_assert_cmpuint (o.head_bytes + o.body_bytes, ==, o.end - response_start);
          g_array_append_val (outcomes, o);

          response_start = o.end;
          vs_http_parser_reset (&parser, head_request);
          g_assert_false (vs_http_parser_in_progress (&parser));
        }

      start = piece_end;
    }

  if (!failed && eof)
    {
      g_autoptr(GError) error = NULL;
      VsHttpParseStatus ret;

      memset (&o, 0, sizeof o);
      ret = vs_http_parser_finish (&parser, &error);
      o.ret = ret;
      if (ret == VS_HTTP_PARSE_COMPLETE)
        {
          g_assert_no_error (error);
          g_assert_true (parser.head_done);
          o.status = parser.status;
          o.version = parser.version;
          o.keep_alive = parser.keep_alive;
          o.head_bytes = parser.head_bytes;
          o.body_bytes = parser.body_bytes;
          o.end = len;
          g_assert_cmpuint (o.head_bytes + o.body_bytes, ==, o.end - response_start);
        }
      else
        {
          g_assert_cmpint (ret, ==, VS_HTTP_PARSE_ERROR);
          g_assert_nonnull (error);
          o.domain = error->domain;
          o.code = error->code;
          o.message = g_strdup (error->message);
        }
      g_array_append_val (outcomes, o);
    }
  else if (!failed && vs_http_parser_in_progress (&parser))
    {
      memset (&o, 0, sizeof o);
      o.ret = VS_HTTP_PARSE_NEED_MORE;
      o.end = len;
      g_array_append_val (outcomes, o);
    }

  vs_http_parser_clear (&parser);

  return outcomes;
}

static void
check_same (const char  *expected,
            const char  *data,
            gsize        len,
            const gsize *cuts,
            guint        n_cuts,
            gboolean     head_request,
            gboolean     eof)
{
  g_autoptr(GArray) outcomes = run_stream (data, len, cuts, n_cuts, head_request, eof);
  g_autofree char *got = describe_outcomes (outcomes);

  if (g_strcmp0 (got, expected) != 0)
    {
      g_autoptr(GString) where = g_string_new ("pieces ending at");
      guint i;

      for (i = 0; i < n_cuts; i++)
        g_string_append_printf (where, " %" G_GSIZE_FORMAT, cuts[i]);
      g_test_message ("%s (of %" G_GSIZE_FORMAT ")", where->str, len);
    }
  g_assert_cmpstr (got, ==, expected);
}

/* Runs @data whole, then byte by byte, then split at every offset (and
 * every pair of offsets when short), and asserts the outcomes are
 * identical. Returns the outcomes of the whole run. */
static GArray *
run_all_splits (const char *data,
                gsize       len,
                gboolean    head_request,
                gboolean    eof)
{
  GArray *outcomes = run_stream (data, len, NULL, 0, head_request, eof);
  g_autofree char *expected = describe_outcomes (outcomes);
  g_autofree gsize *cuts = NULL;
  gsize a, b;

  if (len < 2)
    return outcomes;

  cuts = g_new (gsize, len);
  for (a = 1; a < len; a++)
    cuts[a - 1] = a;
  check_same (expected, data, len, cuts, len - 1, head_request, eof);

  for (a = 1; a < len; a++)
    {
      cuts[0] = a;
      check_same (expected, data, len, cuts, 1, head_request, eof);
    }

  if (len <= MAX_LEN_THREE_PIECES)
    {
      for (a = 1; a < len; a++)
        for (b = a + 1; b < len; b++)
          {
            cuts[0] = a;
            cuts[1] = b;
            check_same (expected, data, len, cuts, 2, head_request, eof);
          }
    }

  return outcomes;
}

static void
test_case (gconstpointer user_data)
{
  const ParseCase *c = user_data;
  gsize len = c->len ? c->len : strlen (c->data);
  g_autoptr(GArray) outcomes = run_all_splits (c->data, len, c->head_request, c->eof);
  g_autofree char *description = describe_outcomes (outcomes);
  const Outcome *o;

  g_test_message ("outcomes: %s", description);
  g_assert_cmpuint (outcomes->len, >, 0);
  o = &g_array_index (outcomes, Outcome, 0);

  switch (c->expect)
    {
    case EXPECT_COMPLETE:
      g_assert_cmpint (o->ret, ==, VS_HTTP_PARSE_COMPLETE);
      g_assert_cmpuint (o->status, ==, c->status);
      g_assert_cmpuint (o->head_bytes, ==, c->head_bytes);
      g_assert_cmpuint (o->body_bytes, ==, c->body_bytes);
      g_assert_cmpint (o->keep_alive, ==, c->keep_alive);
      g_assert_cmpuint (o->end, ==, c->consumed ? c->consumed : len);
      break;

    case EXPECT_NEED_MORE:
      g_assert_cmpint (o->ret, ==, VS_HTTP_PARSE_NEED_MORE);
      g_assert_cmpuint (outcomes->len, ==, 1);
      break;

    case EXPECT_INVALID:
      g_assert_cmpint (o->ret, ==, VS_HTTP_PARSE_ERROR);
      g_assert_cmpstr (g_quark_to_string (o->domain), ==, g_quark_to_string (VS_ERROR));
      g_assert_cmpint (o->code, ==, VS_ERROR_INVALID_DATA);
      g_assert_nonnull (c->message);
      g_assert_nonnull (strstr (o->message, c->message));
      break;

    case EXPECT_CLOSED:
      g_assert_cmpint (o->ret, ==, VS_HTTP_PARSE_ERROR);
      g_assert_cmpstr (g_quark_to_string (o->domain), ==, g_quark_to_string (G_IO_ERROR));
      g_assert_cmpint (o->code, ==, G_IO_ERROR_CONNECTION_CLOSED);
      break;

    default:
      g_assert_not_reached ();
    }
}

/* Heads used by several cases, so that byte counts are not hand-counted */
#define H_OK5       "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n\r\n"
#define H_OK0       "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
#define H_OK2_LF    "HTTP/1.1 200 OK\nContent-Length: 2\n\n"
#define H_HEAD      "HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n"
#define H_HEAD_CH   "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
#define H_204       "HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n"
#define H_304       "HTTP/1.1 304 Not Modified\r\nETag: \"abc\"\r\nContent-Length: 100\r\n\r\n"
#define H_CHUNKED   "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
#define H_CH_CL     "HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n"
#define H_CLOSE_DL  "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n"
#define H_10        "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\n"
#define H_10_KA     "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\n"
#define H_10_KA_MC  "HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nKeep-Alive: timeout=5\r\n" \
                    "Content-Length: 2\r\n\r\n"
#define H_10_KA_DL  "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\n\r\n"
#define H_11_CLOSE  "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\n"
#define H_11_CLOSE2 "HTTP/1.1 200 OK\r\nConnection: foo, Close\r\nContent-Length: 2\r\n\r\n"
#define H_11_CH_CL  "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
#define H_100       "HTTP/1.1 100 Continue\r\n\r\n"
#define H_103       "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
#define H_OK2       "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n"
#define H_404       "HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\n"

#define CHUNKS_SEVERAL "5\r\nhello\r\n7\r\n, world\r\n1\r\n!\r\n0\r\n\r\n"
#define CHUNKS_EXT     "5;name=value\r\nhello\r\n3 ; q=\"a;b\"\r\nabc\r\n0;last\r\n\r\n"
#define CHUNKS_TRAILER "4\r\nabcd\r\n0\r\nX-Checksum: 1234\r\nX-Other: yes\r\n\r\n"
#define CHUNKS_UPPER   "A\r\n0123456789\r\n1F\r\n0123456789abcdef0123456789abcde\r\n" \
                       "b\r\n0123456789a\r\n0\r\n\r\n"
#define CHUNKS_ZEROS   "000005\r\nhello\r\n0000\r\n\r\n"
#define CHUNKS_LF      "5\nhello\n0\n\n"

#define COMPLETE_CASE(p, d, st, h, b, ka) \
  { .path = p, .data = d, .expect = EXPECT_COMPLETE, .status = st, \
    .head_bytes = h, .body_bytes = b, .keep_alive = ka }
#define INVALID_CASE(p, d, msg) \
  { .path = p, .data = d, .expect = EXPECT_INVALID, .message = msg }
/* for data holding NUL bytes */
#define INVALID_BIN_CASE(p, d, msg) \
  { .path = p, .data = d, .len = sizeof (d) - 1, .expect = EXPECT_INVALID, .message = msg }
#define TRUNCATED_CASE(p, d) \
  { .path = p, .data = d, .eof = TRUE, .expect = EXPECT_INVALID, .message = "truncated" }

static const ParseCase cases[] = {
  /* Content-Length */
  COMPLETE_CASE ("/http-parser/length/simple", H_OK5 "hello",
                 200, sizeof H_OK5 - 1, 5, TRUE),
  COMPLETE_CASE ("/http-parser/length/zero", H_OK0, 200, sizeof H_OK0 - 1, 0, TRUE),
  COMPLETE_CASE ("/http-parser/length/bare-lf", H_OK2_LF "hi", 200, sizeof H_OK2_LF - 1, 2, TRUE),
  COMPLETE_CASE ("/http-parser/length/404", H_404 "not found", 404, sizeof H_404 - 1, 9, TRUE),
  /* libsoup skips line breaks left over before a status line */
  COMPLETE_CASE ("/http-parser/length/leading-crlf", "\r\n" H_OK2 "ok",
                 200, 2 + sizeof H_OK2 - 1, 2, TRUE),
  { .path = "/http-parser/length/extra-data-left", .data = H_OK5 "hello" "HTTP/1.1 2",
    .expect = EXPECT_COMPLETE, .status = 200, .head_bytes = sizeof H_OK5 - 1, .body_bytes = 5,
    .keep_alive = TRUE, .consumed = sizeof H_OK5 - 1 + 5 },
  { .path = "/http-parser/length/partial", .data = H_OK5 "hel", .expect = EXPECT_NEED_MORE },
  { .path = "/http-parser/length/partial-head", .data = "HTTP/1.1 200 OK\r\nCont",
    .expect = EXPECT_NEED_MORE },

  /* No body */
  { .path = "/http-parser/no-body/head-request", .data = H_HEAD, .head_request = TRUE,
    .expect = EXPECT_COMPLETE, .status = 200, .head_bytes = sizeof H_HEAD - 1,
    .keep_alive = TRUE },
  { .path = "/http-parser/no-body/head-request-chunked", .data = H_HEAD_CH,
    .head_request = TRUE, .expect = EXPECT_COMPLETE, .status = 200,
    .head_bytes = sizeof H_HEAD_CH - 1, .keep_alive = TRUE },
  { .path = "/http-parser/no-body/head-request-close-delimited", .data = H_CLOSE_DL,
    .head_request = TRUE, .expect = EXPECT_COMPLETE, .status = 200,
    .head_bytes = sizeof H_CLOSE_DL - 1, .keep_alive = TRUE },
  COMPLETE_CASE ("/http-parser/no-body/204", H_204, 204, sizeof H_204 - 1, 0, TRUE),
  COMPLETE_CASE ("/http-parser/no-body/304", H_304, 304, sizeof H_304 - 1, 0, TRUE),

  /* Chunked */
  COMPLETE_CASE ("/http-parser/chunked/several", H_CHUNKED CHUNKS_SEVERAL,
                 200, sizeof H_CHUNKED - 1, sizeof CHUNKS_SEVERAL - 1, TRUE),
  COMPLETE_CASE ("/http-parser/chunked/extensions", H_CHUNKED CHUNKS_EXT,
                 200, sizeof H_CHUNKED - 1, sizeof CHUNKS_EXT - 1, TRUE),
  COMPLETE_CASE ("/http-parser/chunked/trailers", H_CHUNKED CHUNKS_TRAILER,
                 200, sizeof H_CHUNKED - 1, sizeof CHUNKS_TRAILER - 1, TRUE),
  COMPLETE_CASE ("/http-parser/chunked/uppercase-hex", H_CHUNKED CHUNKS_UPPER,
                 200, sizeof H_CHUNKED - 1, sizeof CHUNKS_UPPER - 1, TRUE),
  COMPLETE_CASE ("/http-parser/chunked/leading-zeros", H_CHUNKED CHUNKS_ZEROS,
                 200, sizeof H_CHUNKED - 1, sizeof CHUNKS_ZEROS - 1, TRUE),
  COMPLETE_CASE ("/http-parser/chunked/bare-lf", H_CHUNKED CHUNKS_LF,
                 200, sizeof H_CHUNKED - 1, sizeof CHUNKS_LF - 1, TRUE),
  COMPLETE_CASE ("/http-parser/chunked/empty", H_CHUNKED "0\r\n\r\n",
                 200, sizeof H_CHUNKED - 1, 5, TRUE),
  /* Transfer-Encoding wins over Content-Length */
  COMPLETE_CASE ("/http-parser/chunked/with-content-length", H_CH_CL CHUNKS_SEVERAL,
                 200, sizeof H_CH_CL - 1, sizeof CHUNKS_SEVERAL - 1, TRUE),
  COMPLETE_CASE ("/http-parser/chunked/connection-close", H_11_CH_CL CHUNKS_SEVERAL,
                 200, sizeof H_11_CH_CL - 1, sizeof CHUNKS_SEVERAL - 1, FALSE),
  { .path = "/http-parser/chunked/partial", .data = H_CHUNKED "5\r\nhel",
    .expect = EXPECT_NEED_MORE },
  { .path = "/http-parser/chunked/partial-trailer", .data = H_CHUNKED "0\r\nX-A: b\r\n",
    .expect = EXPECT_NEED_MORE },

  /* Close-delimited */
  { .path = "/http-parser/close-delimited/body", .data = H_CLOSE_DL "some body bytes",
    .eof = TRUE, .expect = EXPECT_COMPLETE, .status = 200,
    .head_bytes = sizeof H_CLOSE_DL - 1, .body_bytes = 15, .keep_alive = FALSE },
  { .path = "/http-parser/close-delimited/empty", .data = H_CLOSE_DL,
    .eof = TRUE, .expect = EXPECT_COMPLETE, .status = 200,
    .head_bytes = sizeof H_CLOSE_DL - 1, .keep_alive = FALSE },
  { .path = "/http-parser/close-delimited/before-eof", .data = H_CLOSE_DL "some body",
    .expect = EXPECT_NEED_MORE },

  /* Connection persistence */
  COMPLETE_CASE ("/http-parser/keep-alive/http10-default", H_10 "ok",
                 200, sizeof H_10 - 1, 2, FALSE),
  COMPLETE_CASE ("/http-parser/keep-alive/http10-keep-alive", H_10_KA "ok",
                 200, sizeof H_10_KA - 1, 2, TRUE),
  COMPLETE_CASE ("/http-parser/keep-alive/http10-keep-alive-case", H_10_KA_MC "ok",
                 200, sizeof H_10_KA_MC - 1, 2, TRUE),
  { .path = "/http-parser/keep-alive/http10-close-delimited", .data = H_10_KA_DL "body",
    .eof = TRUE, .expect = EXPECT_COMPLETE, .status = 200,
    .head_bytes = sizeof H_10_KA_DL - 1, .body_bytes = 4, .keep_alive = FALSE },
  COMPLETE_CASE ("/http-parser/keep-alive/http11-default", H_OK2 "ok",
                 200, sizeof H_OK2 - 1, 2, TRUE),
  COMPLETE_CASE ("/http-parser/keep-alive/http11-close", H_11_CLOSE "ok",
                 200, sizeof H_11_CLOSE - 1, 2, FALSE),
  COMPLETE_CASE ("/http-parser/keep-alive/http11-close-in-list", H_11_CLOSE2 "ok",
                 200, sizeof H_11_CLOSE2 - 1, 2, FALSE),

  /* Interim responses */
  COMPLETE_CASE ("/http-parser/interim/100-continue", H_100 H_OK2 "ok",
                 200, sizeof H_100 - 1 + sizeof H_OK2 - 1, 2, TRUE),
  COMPLETE_CASE ("/http-parser/interim/several", H_100 H_103 H_OK2 "ok",
                 200, sizeof H_100 - 1 + sizeof H_103 - 1 + sizeof H_OK2 - 1, 2, TRUE),
  { .path = "/http-parser/interim/head-request", .data = H_100 H_HEAD, .head_request = TRUE,
    .expect = EXPECT_COMPLETE, .status = 200,
    .head_bytes = sizeof H_100 - 1 + sizeof H_HEAD - 1, .keep_alive = TRUE },
  { .path = "/http-parser/interim/only", .data = H_100, .expect = EXPECT_NEED_MORE },
  TRUNCATED_CASE ("/http-parser/interim/then-eof", H_100),
  INVALID_CASE ("/http-parser/interim/101-refused",
                "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                "Connection: Upgrade\r\n\r\n", "101"),

  /* Malformed heads */
  INVALID_CASE ("/http-parser/malformed/status-code-letters", "HTTP/1.1 abc OK\r\n\r\n",
                "malformed"),
  INVALID_CASE ("/http-parser/malformed/status-code-short", "HTTP/1.1 20 OK\r\n\r\n",
                "malformed"),
  INVALID_CASE ("/http-parser/malformed/status-line-garbage", "HTTP/1.1garbage\r\n\r\n",
                "malformed"),
  INVALID_CASE ("/http-parser/malformed/http2", "HTTP/2.0 200 OK\r\n\r\n", "malformed"),
  INVALID_CASE ("/http-parser/malformed/ssh", "SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n\r\n",
                "malformed"),
  INVALID_CASE ("/http-parser/malformed/html", "<html><body>hello</body></html>\n\n",
                "malformed"),
  INVALID_CASE ("/http-parser/malformed/only-line-breaks", "\r\n\r\n", "malformed"),
  INVALID_CASE ("/http-parser/malformed/only-lf", "\n\n", "malformed"),
  INVALID_BIN_CASE ("/http-parser/malformed/nul-first", "\0HTTP/1.1 200 OK\r\n\r\n", "malformed"),
  INVALID_BIN_CASE ("/http-parser/malformed/nul-in-status-line",
                    "HTTP/1.1 200 O\0K\r\nContent-Length: 0\r\n\r\n", "malformed"),
  INVALID_BIN_CASE ("/http-parser/malformed/nul-in-header",
                    "HTTP/1.1 200 OK\r\nX-A: b\0c\r\nContent-Length: 0\r\n\r\n", "malformed"),
  INVALID_BIN_CASE ("/http-parser/malformed/nul-in-header-name",
                    "HTTP/1.1 200 OK\r\nContent-Length\0: 0\r\n\r\n", "malformed"),
  INVALID_CASE ("/http-parser/malformed/transfer-encoding",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", "framing"),

  /* Content-Length */
  INVALID_CASE ("/http-parser/content-length/letters",
                "HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\n", "Content-Length"),
  INVALID_CASE ("/http-parser/content-length/negative",
                "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "Content-Length"),
  INVALID_CASE ("/http-parser/content-length/plus",
                "HTTP/1.1 200 OK\r\nContent-Length: +5\r\n\r\nhello", "Content-Length"),
  INVALID_CASE ("/http-parser/content-length/list",
                "HTTP/1.1 200 OK\r\nContent-Length: 1, 2\r\n\r\n", "Content-Length"),
  INVALID_CASE ("/http-parser/content-length/repeated",
                "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
                "Content-Length"),
  INVALID_CASE ("/http-parser/content-length/two-numbers",
                "HTTP/1.1 200 OK\r\nContent-Length: 1 2\r\n\r\n", "Content-Length"),
  INVALID_CASE ("/http-parser/content-length/hex",
                "HTTP/1.1 200 OK\r\nContent-Length: 0x10\r\n\r\n", "Content-Length"),
  INVALID_CASE ("/http-parser/content-length/empty",
                "HTTP/1.1 200 OK\r\nContent-Length:\r\n\r\n", "Content-Length"),
  INVALID_CASE ("/http-parser/content-length/overflow",
                "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\n\r\n",
                "Content-Length"),
  INVALID_CASE ("/http-parser/content-length/overflow-by-one",
                "HTTP/1.1 200 OK\r\nContent-Length: 18446744073709551616\r\n\r\n",
                "Content-Length"),
  { .path = "/http-parser/content-length/max", .expect = EXPECT_NEED_MORE,
    .data = "HTTP/1.1 200 OK\r\nContent-Length: 9223372036854775807\r\n\r\nbody" },

  /* Chunk framing */
  INVALID_CASE ("/http-parser/chunk-size/letters", H_CHUNKED "zz\r\nhello\r\n0\r\n\r\n",
                "chunk size"),
  INVALID_CASE ("/http-parser/chunk-size/empty", H_CHUNKED "\r\nhello\r\n0\r\n\r\n",
                "chunk size"),
  INVALID_CASE ("/http-parser/chunk-size/only-extension", H_CHUNKED ";x=y\r\n\r\n",
                "chunk size"),
  INVALID_CASE ("/http-parser/chunk-size/negative", H_CHUNKED "-5\r\nhello\r\n0\r\n\r\n",
                "chunk size"),
  INVALID_CASE ("/http-parser/chunk-size/0x", H_CHUNKED "0x5\r\nhello\r\n0\r\n\r\n",
                "chunk size"),
  INVALID_CASE ("/http-parser/chunk-size/trailing-garbage", H_CHUNKED "5 x\r\nhello\r\n",
                "chunk size"),
  INVALID_CASE ("/http-parser/chunk-size/overflow",
                H_CHUNKED "ffffffffffffffffffffffff\r\nhello\r\n", "chunk size"),
  INVALID_CASE ("/http-parser/chunk-size/too-large", H_CHUNKED "10000000001\r\nhello\r\n",
                "chunk size"),
  { .path = "/http-parser/chunk-size/largest", .expect = EXPECT_NEED_MORE,
    .data = H_CHUNKED "10000000000\r\nhello" },
  INVALID_CASE ("/http-parser/chunk-data/no-crlf", H_CHUNKED "5\r\nhelloX\r\n0\r\n\r\n",
                "line end after chunk"),
  INVALID_CASE ("/http-parser/chunk-data/too-long", H_CHUNKED "5\r\nhello0\r\n\r\n",
                "line end after chunk"),
  INVALID_CASE ("/http-parser/chunk-data/too-short", H_CHUNKED "7\r\nhello\r\n0\r\n\r\n",
                "line end after chunk"),

  /* Truncation */
  TRUNCATED_CASE ("/http-parser/truncated/status-line", "HTT"),
  TRUNCATED_CASE ("/http-parser/truncated/head", "HTTP/1.1 200 OK\r\nContent-Len"),
  TRUNCATED_CASE ("/http-parser/truncated/head-last-crlf", "HTTP/1.1 200 OK\r\n"),
  TRUNCATED_CASE ("/http-parser/truncated/body", H_OK5 "hel"),
  TRUNCATED_CASE ("/http-parser/truncated/body-empty", H_OK5),
  TRUNCATED_CASE ("/http-parser/truncated/chunk-data", H_CHUNKED "5\r\nhel"),
  TRUNCATED_CASE ("/http-parser/truncated/chunk-size", H_CHUNKED "5"),
  TRUNCATED_CASE ("/http-parser/truncated/chunk-end", H_CHUNKED "5\r\nhello\r"),
  TRUNCATED_CASE ("/http-parser/truncated/before-trailer", H_CHUNKED "0\r\n"),
  TRUNCATED_CASE ("/http-parser/truncated/trailer", H_CHUNKED "0\r\nX-A: b\r\n"),
  { .path = "/http-parser/truncated/nothing", .data = "", .eof = TRUE,
    .expect = EXPECT_CLOSED },
};

static void
test_pipelined (void)
{
  static const char first[] = H_OK5 "hello";
  static const char stream[] =
    H_OK5 "hello"
    H_CHUNKED CHUNKS_TRAILER
    H_204
    H_100 H_10_KA "ok"
    H_404 "not found"
    H_CLOSE_DL "until the end";
  gsize len = sizeof stream - 1;
  g_autoptr(GArray) outcomes = NULL;
  g_autofree char *description = NULL;
  g_autoptr(GError) error = NULL;
  VsHttpParser parser;
  gsize consumed = 0;
  gsize off;
  VsHttpParseStatus ret;

  /* By hand: COMPLETE with the rest left over, then the rest after reset */
  vs_http_parser_init (&parser, FALSE);
  ret = vs_http_parser_feed (&parser, stream, len, &consumed, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ret, ==, VS_HTTP_PARSE_COMPLETE);
  g_assert_cmpuint (consumed, ==, sizeof first - 1);
  g_assert_cmpuint (parser.status, ==, 200);
  g_assert_cmpuint (parser.body_bytes, ==, 5);
  g_assert_cmpstr (soup_message_headers_get_one (vs_http_parser_get_headers (&parser),
                                                 "Content-Type"), ==, "text/plain");

  /* Without a reset, the parser stays on the complete response */
  ret = vs_http_parser_feed (&parser, stream + consumed, len - consumed, &consumed, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ret, ==, VS_HTTP_PARSE_COMPLETE);
  g_assert_cmpuint (consumed, ==, 0);

  off = sizeof first - 1;
  vs_http_parser_reset (&parser, FALSE);
  ret = vs_http_parser_feed (&parser, stream + off, len - off, &consumed, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ret, ==, VS_HTTP_PARSE_COMPLETE);
  g_assert_cmpuint (parser.status, ==, 200);
  g_assert_cmpuint (parser.head_bytes, ==, sizeof H_CHUNKED - 1);
  g_assert_cmpuint (parser.body_bytes, ==, sizeof CHUNKS_TRAILER - 1);
  g_assert_cmpuint (consumed, ==, sizeof H_CHUNKED - 1 + sizeof CHUNKS_TRAILER - 1);
  g_assert_cmpstr (soup_message_headers_get_one (vs_http_parser_get_headers (&parser),
                                                 "Content-Type"), ==, NULL);
  vs_http_parser_clear (&parser);

  /* All of it, at every split */
  outcomes = run_all_splits (stream, len, FALSE, TRUE);
  description = describe_outcomes (outcomes);
  g_test_message ("outcomes: %s", description);
  g_assert_cmpstr (description, ==,
                   "[COMPLETE status=200 version=1 keep_alive=1 head=64 body=5 end=69]"
                   "[COMPLETE status=200 version=1 keep_alive=1 head=47 body=46 end=162]"
                   "[COMPLETE status=204 version=1 keep_alive=1 head=47 body=0 end=209]"
                   "[COMPLETE status=200 version=0 keep_alive=1 head=87 body=2 end=298]"
                   "[COMPLETE status=404 version=1 keep_alive=1 head=45 body=9 end=352]"
                   "[COMPLETE status=200 version=1 keep_alive=0 head=45 body=13 end=410]");

  /* A malformed second response */
  {
    static const char bad[] = H_OK2 "ok" "HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n";
    g_autoptr(GArray) bad_outcomes = run_all_splits (bad, sizeof bad - 1, FALSE, TRUE);
    g_autofree char *bad_description = describe_outcomes (bad_outcomes);

    g_assert_cmpuint (bad_outcomes->len, ==, 2);
    g_assert_cmpint (g_array_index (bad_outcomes, Outcome, 0).ret, ==, VS_HTTP_PARSE_COMPLETE);
    g_assert_cmpint (g_array_index (bad_outcomes, Outcome, 1).ret, ==, VS_HTTP_PARSE_ERROR);
    g_assert_cmpstr (g_array_index (bad_outcomes, Outcome, 1).message, ==,
                     "invalid Content-Length in response");
    g_test_message ("outcomes: %s", bad_description);
  }

  /* A clean close between responses */
  {
    static const char two[] = H_OK2 "ok" H_OK2 "ok";
    g_autoptr(GArray) two_outcomes = run_all_splits (two, sizeof two - 1, FALSE, TRUE);
    const Outcome *last;

    g_assert_cmpuint (two_outcomes->len, ==, 3);
    last = &g_array_index (two_outcomes, Outcome, 2);
    g_assert_cmpint (last->ret, ==, VS_HTTP_PARSE_ERROR);
    g_assert_true (last->domain == G_IO_ERROR);
    g_assert_cmpint (last->code, ==, G_IO_ERROR_CONNECTION_CLOSED);
  }
}

static void
test_reset (void)
{
  static const char head_response[] = H_HEAD;
  static const char get_response[] = H_OK5 "hello";
  g_autoptr(GError) error = NULL;
  VsHttpParser parser;
  gsize consumed = 0;
  VsHttpParseStatus ret;

  /* A reset between a HEAD and a GET on one connection */
  vs_http_parser_init (&parser, TRUE);
  ret = vs_http_parser_feed (&parser, head_response, sizeof head_response - 1,
                             &consumed, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ret, ==, VS_HTTP_PARSE_COMPLETE);
  g_assert_cmpuint (parser.body_bytes, ==, 0);

  vs_http_parser_reset (&parser, FALSE);
  g_assert_false (parser.head_done);
  g_assert_cmpuint (parser.status, ==, 0);
  g_assert_false (vs_http_parser_in_progress (&parser));

  /* Reset in the middle of a buffered head drops it */
  ret = vs_http_parser_feed (&parser, "HTTP/1.1 500", 12, &consumed, &error);
  g_assert_cmpint (ret, ==, VS_HTTP_PARSE_NEED_MORE);
  g_assert_cmpuint (consumed, ==, 12);
  g_assert_true (vs_http_parser_in_progress (&parser));
  vs_http_parser_reset (&parser, FALSE);
  g_assert_false (vs_http_parser_in_progress (&parser));

  ret = vs_http_parser_feed (&parser, get_response, sizeof get_response - 1, &consumed, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ret, ==, VS_HTTP_PARSE_COMPLETE);
  g_assert_cmpuint (parser.status, ==, 200);
  g_assert_cmpuint (parser.body_bytes, ==, 5);
  g_assert_cmpuint (consumed, ==, sizeof get_response - 1);

  /* Finishing a complete response is fine */
  ret = vs_http_parser_finish (&parser, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ret, ==, VS_HTTP_PARSE_COMPLETE);

  /* An empty feed changes nothing */
  vs_http_parser_reset (&parser, FALSE);
  ret = vs_http_parser_feed (&parser, "", 0, &consumed, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ret, ==, VS_HTTP_PARSE_NEED_MORE);
  g_assert_cmpuint (consumed, ==, 0);
  g_assert_false (vs_http_parser_in_progress (&parser));

  vs_http_parser_clear (&parser);
  vs_http_parser_clear (&parser);
}

/* A head of exactly @size bytes: status line, X-Pad header, blank line */
static char *
make_head (gsize size)
{
  static const char start[] = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nX-Pad: ";
  gsize pad;
  char *head;

  if (size < sizeof start - 1 + 4)
    g_error ("a head of %" G_GSIZE_FORMAT " bytes is too short", size);
  pad = size - (sizeof start - 1) - 4;
  head = g_malloc (size);
  memcpy (head, start, sizeof start - 1);
  memset (head + sizeof start - 1, 'a', pad);
  memcpy (head + sizeof start - 1 + pad, "\r\n\r\n", 4);
  return head;
}

/* Pieces of @piece bytes; @cuts must hold len / piece entries */
static guint
fixed_cuts (gsize *cuts,
            gsize  len,
            gsize  piece)
{
  guint n = 0;
  gsize at;

  for (at = piece; at < len; at += piece)
    cuts[n++] = at;
  return n;
}

/* Feeds @data whole, byte by byte, in pieces of assorted sizes and split
 * around @interesting: returns the common description. */
static char *
check_big (const char *data,
           gsize       len,
           gsize       interesting,
           gboolean    eof)
{
  static const gsize piece_sizes[] = { 1, 2, 3, 7, 100, 1000, 4096, 65535, 65536, 65537 };
  g_autoptr(GArray) outcomes = run_stream (data, len, NULL, 0, FALSE, eof);
  char *expected = describe_outcomes (outcomes);
  g_autofree gsize *cuts = g_new (gsize, len + 1);
  gsize at;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (piece_sizes); i++)
    check_same (expected, data, len, cuts, fixed_cuts (cuts, len, piece_sizes[i]), FALSE, eof);

  for (at = interesting > 8 ? interesting - 8 : 1; at < interesting + 8 && at < len; at++)
    {
      cuts[0] = at;
      check_same (expected, data, len, cuts, 1, FALSE, eof);
      /* a small piece first, so that the rest goes through the buffer */
      if (at > 1)
        {
          cuts[0] = 1;
          cuts[1] = at;
          check_same (expected, data, len, cuts, 2, FALSE, eof);
        }
    }

  return expected;
}

static void
test_head_limit (void)
{
  gsize sizes[] = { VS_HTTP_MAX_HEAD_SIZE - 1, VS_HTTP_MAX_HEAD_SIZE,
                    VS_HTTP_MAX_HEAD_SIZE + 1, VS_HTTP_MAX_HEAD_SIZE + 2,
                    2 * VS_HTTP_MAX_HEAD_SIZE };
  guint i;

  for (i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *head = make_head (sizes[i]);
      g_autofree char *description = NULL;

      g_test_message ("head of %" G_GSIZE_FORMAT " bytes", sizes[i]);
      description = check_big (head, sizes[i], VS_HTTP_MAX_HEAD_SIZE, FALSE);
      if (sizes[i] <= VS_HTTP_MAX_HEAD_SIZE)
        g_assert_true (g_str_has_prefix (description, "[COMPLETE status=200"));
      else
        g_assert_cmpstr (description, ==,
                         "[ERROR vs-error-quark/1 \"response head is too large\"]");
    }
}

static void
test_head_limit_unterminated (void)
{
  static const gsize piece_sizes[] = { 1, 10, 100, 1000, 4096, 65536 };
  gsize len = 4 * VS_HTTP_MAX_HEAD_SIZE;
  g_autofree char *data = g_malloc (len);
  g_autofree char *description = NULL;
  guint i;

  /* A head that never ends, in one go */
  memset (data, 'a', len);
  memcpy (data, "HTTP/1.1 200 OK\r\nX-Pad: ", 24);
  description = check_big (data, VS_HTTP_MAX_HEAD_SIZE, VS_HTTP_MAX_HEAD_SIZE, FALSE);
  g_assert_cmpstr (description, ==, "[NEED_MORE end=65536]");
  g_clear_pointer (&description, g_free);
  description = check_big (data, VS_HTTP_MAX_HEAD_SIZE, VS_HTTP_MAX_HEAD_SIZE, TRUE);
  g_assert_cmpstr (description, ==, "[ERROR vs-error-quark/1 "
                   "\"response truncated: connection closed mid-response\"]");
  g_clear_pointer (&description, g_free);
  description = check_big (data, VS_HTTP_MAX_HEAD_SIZE + 1, VS_HTTP_MAX_HEAD_SIZE, FALSE);
  g_assert_cmpstr (description, ==, "[ERROR vs-error-quark/1 \"response head is too large\"]");
  g_clear_pointer (&description, g_free);

  /* ...and little by little: the parser must give up as soon as the limit
   * is passed, without buffering any more than that */
  for (i = 0; i < G_N_ELEMENTS (piece_sizes); i++)
    {
      g_autoptr(GError) error = NULL;
      VsHttpParser parser;
      VsHttpParseStatus ret = VS_HTTP_PARSE_NEED_MORE;
      gsize fed = 0;
      gsize consumed;

      vs_http_parser_init (&parser, FALSE);
      while (fed < len)
        {
          gsize n = MIN (piece_sizes[i], len - fed);

          ret = vs_http_parser_feed (&parser, data + fed, n, &consumed, &error);
          g_assert_cmpuint (parser.head_buf->len, <=, VS_HTTP_MAX_HEAD_SIZE + 1);
          if (ret == VS_HTTP_PARSE_ERROR)
            break;
          g_assert_cmpint (ret, ==, VS_HTTP_PARSE_NEED_MORE);
          g_assert_cmpuint (consumed, ==, n);
          fed += n;
        }
      g_assert_cmpint (ret, ==, VS_HTTP_PARSE_ERROR);
      g_assert_error (error, VS_ERROR, VS_ERROR_INVALID_DATA);
      g_assert_nonnull (strstr (error->message, "too large"));
      /* the feed that failed is the one that went past the limit */
      g_assert_cmpuint (fed, <=, VS_HTTP_MAX_HEAD_SIZE);
      g_assert_cmpuint (fed + piece_sizes[i], >, VS_HTTP_MAX_HEAD_SIZE);
      vs_http_parser_clear (&parser);
    }
}

/* A chunked response whose first chunk-size line is @line_len bytes long
 * including its CRLF (padded with a chunk extension) */
static char *
make_chunk_line_response (gsize  line_len,
                          gsize *out_len)
{
  static const char head[] = H_CHUNKED;
  static const char tail[] = "hello\r\n0\r\n\r\n";
  gsize len = sizeof head - 1 + line_len + sizeof tail - 1;
  char *data = g_malloc (len);
  char *p = data;

  g_assert_cmpuint (line_len, >=, 5);
  memcpy (p, head, sizeof head - 1);
  p += sizeof head - 1;
  memcpy (p, "5;x=", 4);
  memset (p + 4, 'y', line_len - 6);
  memcpy (p + line_len - 2, "\r\n", 2);
  p += line_len;
  memcpy (p, tail, sizeof tail - 1);

  *out_len = len;
  return data;
}

static void
test_chunk_line_limit (void)
{
  gsize len;
  g_autofree char *ok = make_chunk_line_response (VS_HTTP_MAX_LINE_SIZE, &len);
  g_autofree char *too_long = NULL;
  g_autoptr(GArray) outcomes = NULL;
  const Outcome *o;

  outcomes = run_all_splits (ok, len, FALSE, FALSE);
  g_assert_cmpuint (outcomes->len, ==, 1);
  o = &g_array_index (outcomes, Outcome, 0);
  g_assert_cmpint (o->ret, ==, VS_HTTP_PARSE_COMPLETE);
  g_assert_cmpuint (o->body_bytes, ==, VS_HTTP_MAX_LINE_SIZE + 12);
  g_clear_pointer (&outcomes, g_array_unref);

  too_long = make_chunk_line_response (VS_HTTP_MAX_LINE_SIZE + 1, &len);
  outcomes = run_all_splits (too_long, len, FALSE, FALSE);
  g_assert_cmpuint (outcomes->len, ==, 1);
  o = &g_array_index (outcomes, Outcome, 0);
  g_assert_cmpint (o->ret, ==, VS_HTTP_PARSE_ERROR);
  g_assert_true (o->domain == VS_ERROR);
  g_assert_cmpint (o->code, ==, VS_ERROR_INVALID_DATA);
  g_assert_cmpstr (o->message, ==, "chunk size line is too long");
  g_clear_pointer (&too_long, g_free);
  g_clear_pointer (&outcomes, g_array_unref);

  /* A chunk-size line that never ends */
  too_long = make_chunk_line_response (100 * VS_HTTP_MAX_LINE_SIZE, &len);
  outcomes = run_all_splits (too_long, sizeof H_CHUNKED - 1 + 2 * VS_HTTP_MAX_LINE_SIZE,
                             FALSE, FALSE);
  g_assert_cmpuint (outcomes->len, ==, 1);
  o = &g_array_index (outcomes, Outcome, 0);
  g_assert_cmpstr (o->message, ==, "chunk size line is too long");
  g_clear_pointer (&outcomes, g_array_unref);
}

static void
test_trailer_line_limit (void)
{
  static const char head[] = H_CHUNKED "0\r\nX-Trailer: ";
  gsize len = sizeof head - 1 + 2 * VS_HTTP_MAX_LINE_SIZE;
  g_autofree char *data = g_malloc (len);
  g_autoptr(GArray) outcomes = NULL;
  const Outcome *o;

  memcpy (data, head, sizeof head - 1);
  memset (data + sizeof head - 1, 'z', len - (sizeof head - 1));
  outcomes = run_all_splits (data, len, FALSE, FALSE);
  g_assert_cmpuint (outcomes->len, ==, 1);
  o = &g_array_index (outcomes, Outcome, 0);
  g_assert_cmpint (o->ret, ==, VS_HTTP_PARSE_ERROR);
  g_assert_nonnull (strstr (o->message, "too long"));
}

static void
test_large_body (void)
{
  static const char head[] = "HTTP/1.1 200 OK\r\nContent-Length: 3000000\r\n\r\n";
  static const char chunked[] = H_CHUNKED "100000\r\n";
  gsize len = 4000000;
  g_autofree char *data = g_malloc0 (len);
  g_autofree char *description = NULL;
  g_autofree gsize *cuts = g_new (gsize, len / 4096 + 1);
  g_autoptr(GArray) outcomes = NULL;
  gsize body_end = sizeof head - 1 + 3000000;

  /* The body may hold anything, NUL bytes and fake heads included */
  memcpy (data, head, sizeof head - 1);
  memcpy (data + 1000, "HTTP/1.1 200 OK\r\n\r\n", 19);
  memcpy (data + body_end, H_OK2 "ok", sizeof H_OK2 - 1 + 2);

  outcomes = run_stream (data, body_end + sizeof H_OK2 - 1 + 2, NULL, 0, FALSE, FALSE);
  description = describe_outcomes (outcomes);
  g_assert_cmpstr (description, ==,
                   "[COMPLETE status=200 version=1 keep_alive=1 head=44 body=3000000 end=3000044]"
                   "[COMPLETE status=200 version=1 keep_alive=1 head=38 body=2 end=3000084]");
  check_same (description, data, body_end + sizeof H_OK2 - 1 + 2,
              cuts, fixed_cuts (cuts, body_end + sizeof H_OK2 - 1 + 2, 4096), FALSE, FALSE);
  g_clear_pointer (&description, g_free);
  g_clear_pointer (&outcomes, g_array_unref);

  /* A big chunk */
  memset (data, 0, len);
  memcpy (data, chunked, sizeof chunked - 1);
  memcpy (data + sizeof chunked - 1 + 0x100000, "\r\n0\r\n\r\n", 7);
  outcomes = run_stream (data, sizeof chunked - 1 + 0x100000 + 7, NULL, 0, FALSE, FALSE);
  description = describe_outcomes (outcomes);
  g_assert_cmpstr (description, ==,
                   "[COMPLETE status=200 version=1 keep_alive=1 head=47 body=1048591 end=1048638]");
  check_same (description, data, sizeof chunked - 1 + 0x100000 + 7,
              cuts, fixed_cuts (cuts, sizeof chunked - 1 + 0x100000 + 7, 4096), FALSE, FALSE);
}

int
main (int   argc,
      char *argv[])
{
  guint i;

  g_test_init (&argc, &argv, NULL);

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    g_test_add_data_func (cases[i].path, &cases[i], test_case);

  g_test_add_func ("/http-parser/pipelined", test_pipelined);
  g_test_add_func ("/http-parser/reset", test_reset);
  g_test_add_func ("/http-parser/limits/head", test_head_limit);
  g_test_add_func ("/http-parser/limits/head-unterminated", test_head_limit_unterminated);
  g_test_add_func ("/http-parser/limits/chunk-line", test_chunk_line_limit);
  g_test_add_func ("/http-parser/limits/trailer-line", test_trailer_line_limit);
  g_test_add_func ("/http-parser/large-body", test_large_body);

  return g_test_run ();
}
