/* vs-parity.h — what every bundled template must answer, and the check of an answer
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* numbers two answers may differ by, relatively, and still say the same */
#define VS_PARITY_TOLERANCE 1e-9

/* One request of data/templates/parity.json and the answer it must get:
 * the status, and the body byte for byte (`body`, or the document of
 * `document_kb`), or as JSON with numbers within a relative tolerance
 * (`json`, `tolerance`). */
typedef struct
{
  char    *name;
  char    *method;
  char    *path;
  GBytes  *request_body;    /* (nullable) */
  char    *content_type;    /* (nullable) */
  guint    status;
  GBytes  *body;            /* (nullable) exact; NULL when json is set */
  char    *json;            /* (nullable) the expected JSON text */
  double   tolerance;       /* relative, for numbers in json */
} VsParityCase;

void       vs_parity_case_free      (VsParityCase  *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (VsParityCase, vs_parity_case_free)

char      *vs_parity_find_fixture   (void);
GPtrArray *vs_parity_load           (const char    *path,
                                     GError       **error);
gboolean   vs_parity_check          (const VsParityCase *self,
                                     guint          status,
                                     GBytes        *body,
                                     GError       **error);
gboolean   vs_parity_json_equal     (const char    *got,
                                     gsize          got_len,
                                     const char    *expected,
                                     double         tolerance,
                                     GError       **error);
gboolean   vs_parity_answers_alike  (GBytes        *a,
                                     GBytes        *b,
                                     GError       **error);
gboolean   vs_parity_bytes_equal    (GBytes        *got,
                                     GBytes        *expected,
                                     GError       **error);

G_END_DECLS
