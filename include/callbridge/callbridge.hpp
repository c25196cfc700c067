#pragma once
// Everything public in callbridge, in one include.

#include <callbridge/api_root.hpp>
#include <callbridge/call_enums.hpp>
#include <callbridge/call_page.hpp>
#include <callbridge/call_query.hpp>
#include <callbridge/call_record.hpp>
#include <callbridge/call_source.hpp>
#include <callbridge/decimal.hpp>
#include <callbridge/dialect.hpp>
#include <callbridge/error.hpp>
#include <callbridge/http_client.hpp>
#include <callbridge/http_message.hpp>
#include <callbridge/http_source.hpp>
#include <callbridge/json_text.hpp>
#include <callbridge/kit.hpp>
#include <callbridge/listing.hpp>
#include <callbridge/plugins.hpp>
#include <callbridge/providers.hpp>
#include <callbridge/record_writer.hpp>
#include <callbridge/registry.hpp>
#include <callbridge/retry_policy.hpp>
#include <callbridge/source_config.hpp>
#include <callbridge/source_events.hpp>
#include <callbridge/time_zone.hpp>
#include <callbridge/timestamp.hpp>
#include <callbridge/version.hpp>
