#pragma once
// A dialect described entirely as data, in a JSON file: a simple vendor
// needs no compiler (`callbridge list --dialect FILE`). The format is the
// VendorDescription's, member for member (docs/plugins.md):
//
//   { "callbridge_dialect": 1, "provider": "acme",
//     "default_api_root": "https://api.acme.example/v1",
//     "endpoint": {"path": "/calls"}, "auth": {"scheme": "header", "header": "X-API-Key"},
//     "records": "items",
//     "paging": {"style": "cursor", "next_cursor": "next", "has_more": "more"},
//     "fields": {"id": {"path": "uid", "read": "id", "required": true},
//                "created_at": {"path": "created", "read": "time", "required": true},
//                "provider_status": "state", "duration_s": {"path": "seconds", "read": "count"}},
//     "statuses": {"words": {"done": "completed", "live": "in_progress"}} }

#include <callbridge/error.hpp>
#include <callbridge/kit/list_dialect.hpp>

#include <boost/system/result.hpp>

#include <memory>
#include <string_view>

namespace callbridge::kit {

/// The description a JSON dialect holds. Every member is checked: an unknown
/// one, a wrong type, an unknown field, filter, read or status name is an
/// invalid option error ("dialect") naming where it is.
boost::system::result<VendorDescription, Error> read_vendor_description(std::string_view json);

/// The dialect a JSON description makes.
boost::system::result<std::shared_ptr<const ListDialect>, Error> load_json_dialect(std::string_view json);

}  // namespace callbridge::kit
