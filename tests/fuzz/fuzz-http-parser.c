/* fuzz-http-parser.c
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

/* libFuzzer target for VsHttpParser.
 *
 * Input: a 6-byte header, then the bytes a server sends on one connection.
 *
 *   byte 0  flags: bit 0     the first request is a HEAD request
 *                  bit 1     requests alternate between HEAD and not
 *                  bits 2-3  how the stream is cut into reads:
 *                            0 one read, 1 byte by byte,
 *                            2 reads of 1-16 bytes, 3 reads of 1-1024 bytes
 *                  bit 4     insert padding (see bytes 2-5)
 *   byte 1  seed of the read sizes
 *   bytes 2-3  padding length / 2 (big endian), so up to 128 KiB: enough to
 *              reach the head size limit with a small -max_len
 *   byte 4  padding byte
 *   byte 5  where the padding goes, as a fraction of the stream (/ 255)
 *
 * The stream is parsed twice, in one read and cut into reads, resetting
 * the parser after each complete response and calling
 * vs_http_parser_finish() at the end. Both runs must give the same
 * outcomes, and every call must keep the parser's documented invariants.
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vs-http-parser.h"
#include "vs-util.h"
#include "fuzz-check.h"

#define HEADER_SIZE 6

#define FLAG_HEAD      (1 << 0)
#define FLAG_ALTERNATE (1 << 1)
#define FLAG_PAD       (1 << 4)

typedef struct
{
  VsHttpParseStatus ret;
  guint             status;
  gboolean          keep_alive;
  guint64           head_bytes;
  guint64           body_bytes;
  gsize             end;
  GQuark            domain;
  int               code;
  char             *message;
} Outcome;

int LLVMFuzzerInitialize (int    *argc,
                          char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static void
outcome_clear (gpointer data)
{
  Outcome *o = data;

  g_free (o->message);
}

static guint32
next_random (guint32 *state)
{
  /* xorshift32 */
  *state ^= *state << 13;
  *state ^= *state >> 17;
  *state ^= *state << 5;
  return *state;
}

static gsize
next_piece (guint    mode,
            guint32 *state,
            gsize    left)
{
  gsize n;

  switch (mode)
    {
    case 0:
      n = left;
      break;
    case 1:
      n = 1;
      break;
    case 2:
      n = 1 + next_random (state) % 16;
      break;
    default:
      n = 1 + next_random (state) % 1024;
      break;
    }

  return MIN (n, left);
}

static void
record_error (GArray *outcomes,
              GError *error)
{
  Outcome o = { 0, };

  o.ret = VS_HTTP_PARSE_ERROR;
  o.domain = error->domain;
  o.code = error->code;
  o.message = g_strdup (error->message);
  g_array_append_val (outcomes, o);
}

static void
record_complete (GArray             *outcomes,
                 const VsHttpParser *parser,
                 gsize               end,
                 gsize               response_start,
                 gsize               total)
{
  Outcome o = { 0, };

  CHECK (parser->head_done);
  CHECK (parser->status >= 200 && parser->status <= 999);
  CHECK (parser->head_bytes > 0);
  CHECK (parser->head_bytes <= total);
  CHECK (parser->body_bytes <= total);
  CHECK (end >= response_start);
  CHECK (parser->head_bytes + parser->body_bytes == end - response_start);
  if (parser->no_body || parser->status == 204 || parser->status == 304)
    CHECK (parser->body_bytes == 0);
  if (parser->close_delimited)
    CHECK (!parser->keep_alive);

  o.ret = VS_HTTP_PARSE_COMPLETE;
  o.status = parser->status;
  o.keep_alive = parser->keep_alive;
  o.head_bytes = parser->head_bytes;
  o.body_bytes = parser->body_bytes;
  o.end = end;
  g_array_append_val (outcomes, o);
}

static GArray *
run (const char *stream,
     gsize       len,
     guint       flags,
     guint       mode,
     guint32     seed)
{
  GArray *outcomes = g_array_new (FALSE, TRUE, sizeof (Outcome));
  gboolean head_request = (flags & FLAG_HEAD) != 0;
  VsHttpParser parser;
  gsize response_start = 0;
  gsize start = 0;
  guint32 state = seed * 2654435761u + 1;
  GError *error = NULL;
  VsHttpParseStatus ret;

  g_array_set_clear_func (outcomes, outcome_clear);
  vs_http_parser_init (&parser, head_request);

  while (start < len)
    {
      gsize piece_len = next_piece (mode, &state, len - start);
      /* A copy of the exact size, so that reading past it is caught */
      char *piece = g_memdup2 (stream + start, piece_len);
      gsize off = 0;
      gboolean failed = FALSE;

      while (off < piece_len)
        {
          gsize consumed = G_MAXSIZE;

          ret = vs_http_parser_feed (&parser, piece + off, piece_len - off, &consumed, &error);
          CHECK (parser.head_buf->len <= VS_HTTP_MAX_HEAD_SIZE + 1);
          CHECK (parser.line_len < VS_HTTP_MAX_LINE_SIZE);

          if (ret == VS_HTTP_PARSE_ERROR)
            {
              CHECK (error != NULL);
              CHECK (error->domain == VS_ERROR && error->code == VS_ERROR_INVALID_DATA);
              CHECK (error->message != NULL && error->message[0] != '\0');
              record_error (outcomes, error);
              g_clear_error (&error);
              failed = TRUE;
              break;
            }

          CHECK (error == NULL);
          CHECK (consumed <= piece_len - off);

          if (ret == VS_HTTP_PARSE_NEED_MORE)
            {
              CHECK (consumed == piece_len - off);
              off = piece_len;
              break;
            }

          CHECK (ret == VS_HTTP_PARSE_COMPLETE);
          CHECK (consumed > 0);
          off += consumed;
          record_complete (outcomes, &parser, start + off, response_start, len);
          response_start = start + off;

          if (flags & FLAG_ALTERNATE)
            head_request = !head_request;
          vs_http_parser_reset (&parser, head_request);
          CHECK (!vs_http_parser_in_progress (&parser));
        }

      g_free (piece);
      start += piece_len;
      if (failed)
        goto out;
    }

  /* The connection closes */
  {
    gboolean in_progress = vs_http_parser_in_progress (&parser);

    ret = vs_http_parser_finish (&parser, &error);
    if (ret == VS_HTTP_PARSE_COMPLETE)
      {
        CHECK (error == NULL);
        /* Complete responses were reset above: only a close-delimited one is left */
        CHECK (parser.close_delimited);
        record_complete (outcomes, &parser, len, response_start, len);
      }
    else
      {
        CHECK (ret == VS_HTTP_PARSE_ERROR);
        CHECK (error != NULL);
        if (in_progress)
          CHECK (error->domain == VS_ERROR && error->code == VS_ERROR_INVALID_DATA);
        else
          CHECK (error->domain == G_IO_ERROR && error->code == G_IO_ERROR_CONNECTION_CLOSED);
        record_error (outcomes, error);
        g_clear_error (&error);
      }
  }

out:
  vs_http_parser_clear (&parser);
  return outcomes;
}

static void
check_same (GArray *a,
            GArray *b)
{
  guint i;

  CHECK (a->len == b->len);
  for (i = 0; i < a->len; i++)
    {
      const Outcome *x = &g_array_index (a, Outcome, i);
      const Outcome *y = &g_array_index (b, Outcome, i);

      CHECK (x->ret == y->ret);
      CHECK (x->status == y->status);
      CHECK (x->keep_alive == y->keep_alive);
      CHECK (x->head_bytes == y->head_bytes);
      CHECK (x->body_bytes == y->body_bytes);
      CHECK (x->end == y->end);
      CHECK (x->domain == y->domain);
      CHECK (x->code == y->code);
      CHECK (g_strcmp0 (x->message, y->message) == 0);
    }
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  /* A critical from GLib or libsoup is a bug too */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *body = (const char *) data + HEADER_SIZE;
  gsize body_len;
  guint flags, mode;
  char *stream;
  gsize len;
  GArray *whole, *cut;

  if (size < HEADER_SIZE)
    return 0;

  flags = data[0];
  mode = (flags >> 2) & 3;
  body_len = size - HEADER_SIZE;

  if (flags & FLAG_PAD)
    {
      gsize pad_len = 2 * (((gsize) data[2] << 8) | data[3]);
      gsize pad_at = body_len * data[5] / 255;

      len = body_len + pad_len;
      stream = g_malloc (MAX (len, 1));
      memcpy (stream, body, pad_at);
      memset (stream + pad_at, data[4], pad_len);
      memcpy (stream + pad_at + pad_len, body + pad_at, body_len - pad_at);
    }
  else
    {
      len = body_len;
      stream = g_malloc (MAX (len, 1));
      memcpy (stream, body, len);
    }

  whole = run (stream, len, flags, 0, 0);
  cut = run (stream, len, flags, mode == 0 ? 1 : mode, data[1]);
  check_same (whole, cut);

  g_array_unref (whole);
  g_array_unref (cut);
  g_free (stream);
  return 0;
}
