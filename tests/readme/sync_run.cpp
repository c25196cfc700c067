// The README's sync example, with the source, the query and the CRM it names.

#include "sync_run.includes.inc"

#include <callbridge/callbridge.hpp>

#include <boost/asio/io_context.hpp>

#include <cstdint>
#include <iostream>
#include <memory>

namespace asio = boost::asio;

struct Crm {
    void apply(std::uint64_t seq, callbridge::ChangeOp op, const callbridge::CallRecord& record);
};
extern Crm crm;

void readme_sync_run(std::shared_ptr<callbridge::CallSource> main_account, callbridge::CallQuery query) {
#include "sync_run.body.inc"
}
