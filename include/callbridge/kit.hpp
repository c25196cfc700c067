#pragma once
// The provider kit, in one include: what a dialect or a plugin is written
// with (docs/plugins.md).

#include <callbridge/kit/call_mapping.hpp>
#include <callbridge/kit/error_body.hpp>
#include <callbridge/kit/field_reader.hpp>
#include <callbridge/kit/json_dialect.hpp>
#include <callbridge/kit/list_dialect.hpp>
#include <callbridge/kit/paging.hpp>
#include <callbridge/kit/plugin.hpp>
#include <callbridge/kit/query_rules.hpp>
#include <callbridge/kit/request.hpp>
#include <callbridge/kit/status_table.hpp>
#include <callbridge/kit/values.hpp>
#include <callbridge/kit/word_map.hpp>
