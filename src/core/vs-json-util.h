/* vs-json-util.h — terse JsonBuilder members
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <math.h>
#include <string.h>

#include <json-glib/json-glib.h>

/* json-glib 1.6 writes a double as g_ascii_dtostr() does and appends ".0"
 * when there is no '.', so 1e+20 becomes "1e+20.0", which no JSON parser
 * (json-glib's included) reads back. Such a number (a one-digit mantissa
 * with an exponent) is written as its neighbour toward zero instead, whose
 * 17 digits keep the '.': one unit in the last place, and the file loads. */
static inline void
vs_json_builder_add_double (JsonBuilder *builder,
                            double       value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  if (isfinite (value) && value != 0.0)
    {
      g_ascii_dtostr (text, sizeof text, value);
      if (strchr (text, 'e') != NULL && strchr (text, '.') == NULL)
        value = nextafter (value, 0.0);
    }
  json_builder_add_double_value (builder, value);
}

#define VS_JSON_ADD_INT(b, name, value) \
  G_STMT_START { json_builder_set_member_name (b, name); \
                 json_builder_add_int_value (b, value); } G_STMT_END
#define VS_JSON_ADD_DOUBLE(b, name, value) \
  G_STMT_START { json_builder_set_member_name (b, name); \
                 vs_json_builder_add_double (b, value); } G_STMT_END
#define VS_JSON_ADD_STRING(b, name, value) \
  G_STMT_START { json_builder_set_member_name (b, name); \
                 json_builder_add_string_value (b, value); } G_STMT_END
/* a number, or null when it is not finite (JSON has no NaN) */
#define VS_JSON_ADD_NUMBER(b, name, value) \
  G_STMT_START { double vs_json_v_ = (value); \
                 json_builder_set_member_name (b, name); \
                 if (isfinite (vs_json_v_)) \
                   vs_json_builder_add_double (b, vs_json_v_); \
                 else \
                   json_builder_add_null_value (b); } G_STMT_END
#define VS_JSON_ADD_BOOL(b, name, value) \
  G_STMT_START { json_builder_set_member_name (b, name); \
                 json_builder_add_boolean_value (b, value); } G_STMT_END
