/* vs-json-util.h — terse JsonBuilder members
 *
 * Copyright 2026 The Versus authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <math.h>

#include <json-glib/json-glib.h>

#define VS_JSON_ADD_INT(b, name, value) \
  G_STMT_START { json_builder_set_member_name (b, name); \
                 json_builder_add_int_value (b, value); } G_STMT_END
#define VS_JSON_ADD_DOUBLE(b, name, value) \
  G_STMT_START { json_builder_set_member_name (b, name); \
                 json_builder_add_double_value (b, value); } G_STMT_END
#define VS_JSON_ADD_STRING(b, name, value) \
  G_STMT_START { json_builder_set_member_name (b, name); \
                 json_builder_add_string_value (b, value); } G_STMT_END
/* a number, or null when it is not finite (JSON has no NaN) */
#define VS_JSON_ADD_NUMBER(b, name, value) \
  G_STMT_START { double vs_json_v_ = (value); \
                 json_builder_set_member_name (b, name); \
                 if (isfinite (vs_json_v_)) \
                   json_builder_add_double_value (b, vs_json_v_); \
                 else \
                   json_builder_add_null_value (b); } G_STMT_END
#define VS_JSON_ADD_BOOL(b, name, value) \
  G_STMT_START { json_builder_set_member_name (b, name); \
                 json_builder_add_boolean_value (b, value); } G_STMT_END
