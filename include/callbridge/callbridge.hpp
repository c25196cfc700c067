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
#include <callbridge/listing.hpp>
#include <callbridge/providers.hpp>
#include <callbridge/record_writer.hpp>
#include <callbridge/registry.hpp>
#include <callbridge/retry_policy.hpp>
#include <callbridge/source_config.hpp>
#include <callbridge/source_events.hpp>
#include <callbridge/time_zone.hpp>
// Keeping a store in sync: link callbridge::sync (callbridge_sync).
#include <callbridge/sync/call_store.hpp>
#include <callbridge/sync/change.hpp>
#include <callbridge/sync/checkpoint.hpp>
#include <callbridge/sync/duration_text.hpp>
#include <callbridge/sync/lease.hpp>
#include <callbridge/sync/open_call_store.hpp>
#include <callbridge/sync/record_version.hpp>
#include <callbridge/sync/source_fingerprint.hpp>
#include <callbridge/sync/sync_error.hpp>
#include <callbridge/sync/sync_options.hpp>
#include <callbridge/sync/sync_run.hpp>
#include <callbridge/timestamp.hpp>
