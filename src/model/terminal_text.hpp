#pragma once
// Internal: text fit for a terminal, whatever a vendor wrote. A terminal acts
// on control characters (an escape sequence can move the cursor, rewrite
// the title, or worse), and on a byte like 0x9B (CSI) where it reads 8-bit
// controls.

#include <string>
#include <string_view>

namespace callbridge::detail {

/// `text` with each C0 control (U+0000 to U+001F, line breaks and tabs
/// included), DEL (U+007F) and C1 control (U+0080 to U+009F, written in
/// UTF-8 as C2 80 to C2 9F) replaced by one space, and each byte that is not
/// part of well-formed UTF-8 by U+FFFD.
std::string printable(std::string_view text);

}  // namespace callbridge::detail
