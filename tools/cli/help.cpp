#include "cli/help.hpp"

#include "cli/exit_status.hpp"
#include "cli/provider_options.hpp"

#include <callbridge/providers.hpp>
#include <callbridge/version.hpp>

#include <algorithm>
#include <map>
#include <set>

namespace callbridge::cli {
namespace {

// What each option's value is, as --help, the completions and the man page
// show it. An option missing here keeps CLI11's TEXT or INT, which
// tests/cli/help_test.cpp refuses.
const std::map<std::string, std::string, std::less<>> value_names{
    {"--provider", "NAME"},
    {"--base-url", "URL"},
    {"--token-env", "NAME"},
    {"--user-env", "NAME"},
    {"--source-name", "NAME"},
    {"--timezone", "ZONE"},
    {"--config", "FILE"},
    {"--status", "S[,S...]"},
    {"--provider-status", "RAW"},
    {"--direction", "inbound|outbound|web"},
    {"--agent-id", "ID"},
    {"--campaign-id", "ID"},
    {"--customer-number", "E164"},
    {"--search", "TEXT"},
    {"--from", "DATE|INSTANT"},
    {"--to", "DATE|INSTANT"},
    {"--limit", "N"},
    {"--page-size", "N"},
    {"--ca-file", "PEM"},
    {"--concurrency", "N"},
    {"--timeout", "SECONDS"},
    {"--max-retries", "N"},
    {"--deadline", "SECONDS"},
    {"--format", "jsonl|csv|table"},
    {"--output", "FILE"},
    {"--columns", "COLUMN[,COLUMN...]"},
    {"--plugin", "PATH"},
    {"--dialect", "FILE"},
    {"--store", "STORE"},
    {"--since", "N"},
    {"--lookback", "DURATION"},
    {"--max-open-age", "DURATION"},
    {"--watch", "INTERVAL"},
    {"--lease", "DURATION"},
    {"--reset", "SOURCE"},
    {"--port", "PORT"},
    {"--calls", "N"},
    {"--seed", "N"},
    {"--token", "TOKEN"},
    {"--ca-out", "FILE"},
    {"--calls-from", "VENDOR=FILE"},
    {"--latency", "MS"},
    {"--rate-limit", "N"},
    {"--rate-window", "SECONDS"},
    {"--fail-every", "N"},
    {"--cut-every", "N"},
    {"--insert-per-page", "N"},
    {"--request-log", "FILE"},
    {"--ready-file", "FILE"},
    {"--record", "DIR"},
    {"--replay", "DIR"},
    {"files", "FILE..."},
    {"what", "bash|zsh|man"},
};

const std::map<std::string, std::string, std::less<>> examples{
    {"", "  callbridge demo\n"
         "      three mock vendor accounts merged newest first; no account needed\n"
         "  export AUTOCALLS_TOKEN=...\n"
         "  callbridge list --provider autocalls --from 2025-08-01 --format table\n"
         "  callbridge list --config sources.json --status completed,failed --limit 100\n"
         "  callbridge normalize --provider talkover saved-page.json\n"
         "  callbridge sync --config sources.json --store sqlite:calls.db --watch 15m\n"
         "Run `callbridge COMMAND --help` for a command's options.\n"},
    {"list", "  callbridge list --provider autocalls --from 2025-08-01 --to 2025-08-31 --output august.jsonl\n"
             "  callbridge list --config sources.json --status completed --limit 50 --format table\n"
             "  callbridge list --provider talkover --format csv --columns created_at,id,status,duration_s\n"
             "  callbridge list --plugin ./callbridge_acme.so --provider acme --base-url https://api.acme.example\n"},
    {"normalize", "  callbridge normalize --provider autocalls page-1.json page-2.json\n"
                  "  curl -s ... | callbridge normalize --provider talkover --format table -\n"},
    {"sync", "  callbridge sync --provider autocalls --store sqlite:calls.db\n"
             "  callbridge sync --config sources.json --store postgresql://app@db:5432/calls --watch 15m --emit\n"},
    {"changes", "  callbridge changes --store sqlite:calls.db --since 1200 --format table\n"},
    {"mock", "  callbridge mock --port 8443 --ca-out mock-ca.pem --calls 500\n"
             "  callbridge mock --plain --rate-limit 10 --fail-every 7\n"},
    {"demo", "  callbridge demo --calls 50 --format table\n"},
};

std::string exit_status_text() {
    std::string out = "Exit status:\n";
    for (const auto& [status, meaning] : exit_status_meanings) {
        std::string number = std::to_string(static_cast<int>(status));
        out += "  " + number + std::string(5 - number.size(), ' ') + meaning + "\n";
    }
    return out;
}

bool is_hidden(const CLI::App* command) { return command->get_group().empty(); }

std::vector<const CLI::App*> visible_commands(const CLI::App& app) {
    std::vector<const CLI::App*> out;
    for (const CLI::App* command : app.get_subcommands([](const CLI::App*) { return true; }))
        if (!is_hidden(command)) out.push_back(command);
    return out;
}

// A flag takes no value.
bool takes_value(const CLI::Option* option) { return option->get_expected_max() > 0; }

std::vector<std::string> long_names(const CLI::Option* option) {
    std::vector<std::string> out;
    for (const std::string& name : option->get_lnames()) out.push_back("--" + name);
    for (const std::string& name : option->get_snames()) out.push_back("-" + name);
    return out;
}

std::vector<const CLI::Option*> named_options(const CLI::App& command) {
    std::vector<const CLI::Option*> out;
    for (const CLI::Option* option : command.get_options())
        if (option->nonpositional()) out.push_back(option);
    return out;
}

// The values of an option that lists them: "jsonl|csv|table"; none for
// "DATE|INSTANT".
std::vector<std::string> alternatives(const CLI::Option* option) {
    std::vector<std::string> out;
    std::string name = option->get_type_name();
    if (name.find('|') == std::string::npos) return out;
    std::size_t at = 0;
    while (true) {
        const auto bar = name.find('|', at);
        out.push_back(name.substr(at, bar - at));
        if (bar == std::string::npos) break;
        at = bar + 1;
    }
    // Literal words (jsonl|csv|table), not kinds of value (DATE|INSTANT).
    for (const std::string& word : out)
        if (word.empty() || word.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_-") != std::string::npos)
            return {};
    return out;
}

bool is_provider(const CLI::Option* option) {
    return !option->get_lnames().empty() && option->get_lnames().front() == "provider";
}

bool names_file(const CLI::Option* option) {
    const std::string name = option->get_type_name();
    return name == "FILE" || name == "PATH" || name == "PEM" || name == "FILE...";
}

std::string join(const std::vector<std::string>& words, std::string_view with = " ") {
    std::string out;
    for (const auto& word : words) out += (out.empty() ? "" : std::string(with)) + word;
    return out;
}

}  // namespace

void finish_help(CLI::App& app) {
    app.footer("\nExamples:\n" + examples.at("") + "\n" + exit_status_text());
    for (CLI::App* command : app.get_subcommands([](CLI::App*) { return true; })) {
        for (CLI::Option* option : command->get_options([](CLI::Option*) { return true; })) {
            if (option->get_expected_max() == 0) continue;  // a flag
            const std::string name =
                option->get_lnames().empty() ? option->get_name() : "--" + option->get_lnames().front();
            // One missing here keeps CLI11's TEXT or INT, which the help
            // test refuses (not the program: a new option must not stop it).
            if (const auto found = value_names.find(name); found != value_names.end())
                option->type_name(found->second);
            // CLI11 would write a check's description after the value name
            // (`N:INT in [1 - 32]`); it goes into the option's text instead.
            for (int i = 0;; ++i) {
                CLI::Validator* validator = nullptr;
                try {
                    validator = option->get_validator(i);
                } catch (const CLI::OptionNotFound&) {
                    break;
                }
                const std::string check = validator->get_description();
                validator->description("");
                if (const auto in = check.find(" in ["); in != std::string::npos) {
                    std::string range = check.substr(in + 5, check.rfind(']') - in - 5);
                    if (const auto dash = range.find(" - "); dash != std::string::npos) range.replace(dash, 3, " to ");
                    option->description(option->get_description() + "; " + range);
                } else if (check == "POSITIVE") {
                    option->description(option->get_description() + "; more than 0");
                } else if (!check.empty() && check.find('{') == std::string::npos) {
                    option->description(option->get_description() + "; " + check);
                }
            }
        }
        if (is_hidden(command)) continue;
        const auto example = examples.find(command->get_name());
        command->footer("\nExamples:\n" + (example == examples.end() ? std::string() : example->second) + "\n" +
                        exit_status_text());
    }
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = up;
        }
    }
    return row[b.size()];
}

std::string closest(std::string_view typed, const std::vector<std::string>& candidates) {
    std::string best;
    std::size_t best_distance = std::string::npos;
    for (const std::string& candidate : candidates) {
        const std::size_t distance = edit_distance(typed, candidate);
        if (distance < best_distance) {
            best = candidate;
            best_distance = distance;
        }
    }
    // A typo: two edits, or a third in a long name.
    const std::size_t allowed = typed.size() >= 10 ? 3 : 2;
    return best_distance <= allowed && best_distance < typed.size() ? best : std::string();
}

std::vector<std::string> command_names(const CLI::App& app) {
    std::vector<std::string> out;
    for (const CLI::App* command : visible_commands(app)) out.push_back(command->get_name());
    return out;
}

std::string unknown_option_message(const CLI::App& app, int argc, const char* const* argv) {
    const CLI::App* command = &app;
    int first = 1;
    if (argc > 1)
        for (const CLI::App* candidate : app.get_subcommands([](const CLI::App*) { return true; }))
            if (candidate->get_name() == argv[1]) {
                command = candidate;
                first = 2;
            }
    std::vector<std::string> known{"--help"};
    if (command == &app) known.push_back("--version");
    for (const CLI::Option* option : named_options(*command))
        for (const std::string& name : long_names(option)) known.push_back(name);
    for (int i = first; i < argc; ++i) {
        std::string_view word = argv[i];
        if (word == "--") break;
        if (!word.starts_with("--")) continue;
        word = word.substr(0, word.find('='));
        if (std::find(known.begin(), known.end(), word) != known.end()) continue;
        const std::string where = command == &app ? "callbridge" : "callbridge " + command->get_name();
        std::string message = "unknown option '" + std::string(word) + "' for " + where;
        if (const std::string suggestion = closest(word, known); !suggestion.empty())
            message += "; did you mean " + suggestion + "?";
        return message + " (see " + where + " --help)";
    }
    return {};
}

std::string bash_completion(const CLI::App& app) {
    std::string out =
        "# bash completion for callbridge " + std::string(version_string) +
        " (generated by `callbridge generate bash`)\n"
        "_callbridge() {\n"
        "    local cur prev command i\n"
        "    cur=\"${COMP_WORDS[COMP_CWORD]}\"\n"
        "    prev=\"${COMP_WORDS[COMP_CWORD-1]}\"\n"
        "    command=\"\"\n"
        "    for ((i = 1; i < COMP_CWORD; i++)); do\n"
        "        case \"${COMP_WORDS[i]}\" in\n"
        "            " + join(command_names(app), "|") + ") command=\"${COMP_WORDS[i]}\"; break ;;\n"
        "        esac\n"
        "    done\n"
        "    case \"$command\" in\n"
        "        \"\")\n"
        "            COMPREPLY=($(compgen -W \"" + join(command_names(app)) + " --help --version\" -- \"$cur\"))\n"
        "            return ;;\n";
    for (const CLI::App* command : visible_commands(app)) {
        out += "        " + command->get_name() + ")\n";
        out += "            case \"$prev\" in\n";
        std::vector<std::string> flags;
        for (const CLI::Option* option : named_options(*command)) {
            const auto names = long_names(option);
            flags.insert(flags.end(), names.begin(), names.end());
            if (!takes_value(option)) continue;
            out += "                " + join(names, "|") + ") ";
            if (const auto values = alternatives(option); !values.empty())
                out += "COMPREPLY=($(compgen -W \"" + join(values) + "\" -- \"$cur\")); return ;;\n";
            else if (is_provider(option))
                out += "COMPREPLY=($(compgen -W \"" + join(shipped_providers()) + "\" -- \"$cur\")); return ;;\n";
            else if (names_file(option))
                out += "COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n";
            else
                out += "COMPREPLY=(); return ;;\n";
        }
        out += "            esac\n";
        const bool positional_files = !command->get_options([](const CLI::Option* o) { return o->get_positional(); }).empty();
        if (positional_files)
            out += "            if [[ \"$cur\" != -* ]]; then COMPREPLY=($(compgen -f -- \"$cur\")); return; fi\n";
        out += "            COMPREPLY=($(compgen -W \"" + join(flags) + "\" -- \"$cur\")) ;;\n";
    }
    out += "    esac\n}\ncomplete -o filenames -F _callbridge callbridge\n";
    return out;
}

namespace {

// Text inside a zsh _arguments spec: [, ], : and ' would end it early.
std::string zsh_text(std::string text) {
    std::string out;
    for (char c : text) {
        if (c == '\'') out += "'\\''";
        else if (c == '[' || c == ']' || c == ':' || c == '\\') out += std::string("\\") + c;
        else out += c;
    }
    return out;
}

}  // namespace

std::string zsh_completion(const CLI::App& app) {
    std::string out = "#compdef callbridge\n# zsh completion for callbridge " + std::string(version_string) +
                      " (generated by `callbridge generate zsh`)\n\n"
                      "_callbridge() {\n"
                      "    local -a commands\n"
                      "    commands=(\n";
    for (const CLI::App* command : visible_commands(app))
        out += "        '" + command->get_name() + ":" + zsh_text(command->get_description()) + "'\n";
    out += "    )\n"
           "    if (( CURRENT == 2 )); then\n"
           "        _describe -t commands 'callbridge command' commands\n"
           "        _arguments '--help[Print help]' '--version[Print the version]'\n"
           "        return\n"
           "    fi\n"
           "    local command=$words[2]\n"
           "    shift words\n"
           "    (( CURRENT-- ))\n"
           "    case $command in\n";
    for (const CLI::App* command : visible_commands(app)) {
        out += "        " + command->get_name() + ")\n            _arguments -s \\\n";
        for (const CLI::Option* option : named_options(*command)) {
            const std::string description = zsh_text(option->get_description());
            const bool repeatable = option->get_items_expected_max() > 1 || option->get_expected_max() > 1;
            for (const std::string& name : long_names(option)) {
                out += "                '" + std::string(repeatable ? "*" : "") + name + "[" + description + "]";
                if (takes_value(option)) {
                    out += ":" + zsh_text(option->get_type_name()) + ":";
                    if (const auto values = alternatives(option); !values.empty())
                        out += "(" + join(values) + ")";
                    else if (is_provider(option))
                        out += "(" + join(shipped_providers()) + ")";
                    else if (names_file(option))
                        out += "_files";
                    else
                        out += " ";
                }
                out += "' \\\n";
            }
        }
        for (const CLI::Option* option : command->get_options([](const CLI::Option* o) { return o->get_positional(); }))
            out += "                '*:" + zsh_text(option->get_description()) + ":_files' \\\n";
        out += "                && return 0 ;;\n";
    }
    out += "    esac\n}\n\n_callbridge \"$@\"\n";
    return out;
}

namespace {

// roff: a backslash doubled, every hyphen a minus (so that a copied flag
// works), and no line starting with a control character.
std::string roff(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '\\') out += "\\e";
        else if (c == '-') out += "\\-";
        else out += c;
    }
    std::string lines;
    std::size_t at = 0;
    while (at < out.size()) {
        auto end = out.find('\n', at);
        if (end == std::string::npos) end = out.size();
        std::string line = out.substr(at, end - at);
        if (!line.empty() && (line[0] == '.' || line[0] == '\'')) line = "\\&" + line;
        lines += line + (end < out.size() ? "\n" : "");
        at = end + 1;
    }
    return lines;
}

std::string option_synopsis(const CLI::Option* option) {
    std::string out = "\\fB" + roff(join(long_names(option), ", ")) + "\\fR";
    if (takes_value(option)) out += " \\fI" + roff(option->get_type_name()) + "\\fR";
    return out;
}

}  // namespace

std::string man_page(const CLI::App& app) {
    std::string out = ".\\\" callbridge(1), generated by `callbridge generate man`\n"
                      ".TH CALLBRIDGE 1 \"\" \"callbridge " + std::string(version_string) + "\" \"User Commands\"\n"
                      ".SH NAME\ncallbridge \\- call records from several voice\\-AI vendors, in one model\n"
                      ".SH SYNOPSIS\n";
    for (const CLI::App* command : visible_commands(app))
    {
        const bool files = !command->get_options([](const CLI::Option* o) { return o->get_positional(); }).empty();
        out += ".B callbridge " + command->get_name() + "\n.RI [ options ]" + (files ? " FILE..." : "") + "\n.br\n";
    }
    out += ".B callbridge\n.RB [ \\-\\-help | \\-\\-version ]\n"
           ".SH DESCRIPTION\n"
           "callbridge lists the call records of voice\\-AI vendor accounts through one canonical model: "
           "one source from flags or several from a configuration file, merged newest first, as JSON lines, "
           "CSV or a table. It also normalises saved vendor responses, keeps a store of calls in sync, "
           "and serves a local mock of the vendors' APIs.\n"
           "Progress goes to standard error while it is a terminal, unless \\fB\\-\\-quiet\\fR.\n"
           ".SH COMMANDS\n";
    for (const CLI::App* command : visible_commands(app)) {
        out += ".SS \"callbridge " + command->get_name() + "\"\n" + roff(command->get_description()) + "\n";
        for (const CLI::Option* option : named_options(*command))
            out += ".TP\n" + option_synopsis(option) + "\n" + roff(option->get_description()) + "\n";
        for (const CLI::Option* option : command->get_options([](const CLI::Option* o) { return o->get_positional(); }))
            out += ".TP\n\\fI" + roff(option->get_type_name()) + "\\fR\n" + roff(option->get_description()) + "\n";
    }
    out += ".SH EXAMPLES\n.nf\n" + roff(examples.at(""));
    for (const CLI::App* command : visible_commands(app))
        if (auto example = examples.find(command->get_name()); example != examples.end()) out += roff(example->second);
    out += ".fi\n.SH \"EXIT STATUS\"\n";
    for (const auto& [status, meaning] : exit_status_meanings)
        out += ".TP\n.B " + std::to_string(static_cast<int>(status)) + "\n" + roff(meaning) + "\n";
    out += ".SH ENVIRONMENT\n"
           ".TP\n.I PROVIDER_TOKEN\nEach provider's API token, in the variable named by \\fB\\-\\-token\\-env\\fR "
           "(default: the provider's, such as AUTOCALLS_TOKEN); never printed.\n"
           ".TP\n.B CALLBRIDGE_PLUGIN_PATH\nPlugins to load, separated by colons, before those of \\fB\\-\\-plugin\\fR.\n"
           ".SH \"SEE ALSO\"\n"
           "The specification of the command (docs/spec/cli.md) and of the record (docs/spec/call-record.md).\n";
    return out;
}

}  // namespace callbridge::cli
