#pragma once
// What --help shows beyond the options (examples, exit statuses), the
// option's value names (`--limit N`, not `TEXT`), suggestions for mistyped
// flags and commands, and the shell completions and man page generated from
// the same command tree (so they cannot drift from it).

#include <CLI/App.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace callbridge::cli {

/// Value names for every option and the footers (examples, exit statuses).
/// An option it has no name for keeps CLI11's (TEXT, INT...), which the
/// help test refuses, so a new option does not ship without one.
void finish_help(CLI::App& app);

/// Levenshtein distance.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The closest of `candidates` to `typed` when close enough to be a typo,
/// else empty.
std::string closest(std::string_view typed, const std::vector<std::string>& candidates);

/// The message for a command line CLI11 refused: "unknown option '--limt'
/// for callbridge list; did you mean --limit?", or empty when no argument
/// is an unknown option.
std::string unknown_option_message(const CLI::App& app, int argc, const char* const* argv);

/// The commands a person may type (hidden ones left out).
std::vector<std::string> command_names(const CLI::App& app);

/// `generate bash|zsh|man`: the completion script or the man page.
std::string bash_completion(const CLI::App& app);
std::string zsh_completion(const CLI::App& app);
std::string man_page(const CLI::App& app);

}  // namespace callbridge::cli
