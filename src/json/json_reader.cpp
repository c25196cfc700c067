#include "json/json_reader.hpp"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/error.hpp>
#include <boost/json/value_stack.hpp>

#include <charconv>
#include <string>

namespace callbridge::detail {
namespace {

using boost::json::string_view;
using boost::system::error_code;

// Boost.JSON's reading is exact on Clinger's fast path, which its plain
// decimals (at most 15 digits, no exponent) take: a mantissa below 2^53 and a
// power of ten up to 10^22, both exact, divided in one rounding. Only other
// numbers are read again, which keeps the cost off typical vendor pages.
bool read_exactly_by_boost(std::string_view text) noexcept {
    if (text.size() > 17) return false;  // sign, 15 digits and a point at most
    int digits = 0;
    for (char c : text) {
        if (c == 'e' || c == 'E') return false;
        digits += c >= '0' && c <= '9';
    }
    return digits <= 15;
}

// Boost.JSON's own value-building handler, with on_double taking the number's
// text rather than the parser's double.
class ValueBuilder {
public:
    static constexpr std::size_t max_object_size = boost::json::object::max_size();
    static constexpr std::size_t max_array_size = boost::json::array::max_size();
    static constexpr std::size_t max_key_size = boost::json::string::max_size();
    static constexpr std::size_t max_string_size = boost::json::string::max_size();

    explicit ValueBuilder(boost::json::storage_ptr storage) : stack_(std::move(storage)) {}

    boost::json::value release() { return stack_.release(); }

    bool on_document_begin(error_code&) { return true; }
    bool on_document_end(error_code&) { return true; }
    bool on_object_begin(error_code&) { return true; }
    bool on_object_end(std::size_t n, error_code&) {
        stack_.push_object(n);
        return true;
    }
    bool on_array_begin(error_code&) { return true; }
    bool on_array_end(std::size_t n, error_code&) {
        stack_.push_array(n);
        return true;
    }
    bool on_key_part(string_view s, std::size_t, error_code&) {
        stack_.push_chars(s);
        return true;
    }
    bool on_key(string_view s, std::size_t, error_code&) {
        stack_.push_key(s);
        return true;
    }
    bool on_string_part(string_view s, std::size_t, error_code&) {
        stack_.push_chars(s);
        return true;
    }
    bool on_string(string_view s, std::size_t, error_code&) {
        stack_.push_string(s);
        return true;
    }
    bool on_number_part(string_view s, error_code&) {
        number_text_.append(s.data(), s.size());
        return true;
    }
    bool on_int64(std::int64_t i, string_view, error_code&) {
        number_text_.clear();
        stack_.push_int64(i);
        return true;
    }
    bool on_uint64(std::uint64_t u, string_view, error_code&) {
        number_text_.clear();
        stack_.push_uint64(u);
        return true;
    }
    bool on_double(double d, string_view s, error_code&) {
        std::string_view text(s.data(), s.size());
        if (!number_text_.empty()) text = number_text_.append(s.data(), s.size());
        if (!read_exactly_by_boost(text)) {
            double exact = 0;
            // Out of range for from_chars (1e400, 1e-400): Boost.JSON's
            // reading (infinity is refused by it before this, or 0) stands.
            const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), exact);
            if (ec == std::errc() && end == text.data() + text.size()) d = exact;
        }
        number_text_.clear();
        stack_.push_double(d);
        return true;
    }
    bool on_bool(bool b, error_code&) {
        stack_.push_bool(b);
        return true;
    }
    bool on_null(error_code&) {
        stack_.push_null();
        return true;
    }
    bool on_comment_part(string_view, error_code&) { return true; }
    bool on_comment(string_view, error_code&) { return true; }

    void reset(boost::json::storage_ptr storage) { stack_.reset(std::move(storage)); }

private:
    boost::json::value_stack stack_;
    std::string number_text_;  // a number split across parts, which one write never does
};

}  // namespace

boost::json::value read_json(std::string_view text, error_code& ec, boost::json::storage_ptr storage,
                             const boost::json::parse_options& options) {
    // The builder's own stack on the heap, as boost::json::parser has it; the
    // values in `storage`.
    boost::json::basic_parser<ValueBuilder> parser(options, boost::json::storage_ptr());
    parser.handler().reset(std::move(storage));
    const std::size_t consumed = parser.write_some(false, text.data(), text.size(), ec);
    if (ec) return nullptr;
    if (consumed < text.size()) {
        ec = boost::json::error::extra_data;
        return nullptr;
    }
    return parser.handler().release();
}

}  // namespace callbridge::detail
