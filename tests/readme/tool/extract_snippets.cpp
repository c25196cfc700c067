// Cuts the README's C++ examples out into files the tests compile, so that
// an example that no longer compiles fails the build of its test.
//
//   extract_snippets README.md OUT_DIR NAME...
//
// Every ```cpp block must follow a `<!-- snippet: NAME -->` line; NAME is
// the harness tests/readme/NAME.cpp that gives the example its context.
// Writes OUT_DIR/NAME.includes.inc (the example's #include lines) and
// OUT_DIR/NAME.body.inc (the rest). Fails naming the line of an example
// without a name, a name given twice, and a harness without an example.

#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <string>

namespace {

struct Snippet {
    std::string includes;
    std::string body;
    int line = 0;
};

int fail(const std::string& message) {
    std::cerr << "extract_snippets: " << message << '\n';
    return 1;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) return fail("usage: extract_snippets README.md OUT_DIR NAME...");
    const std::string readme = argv[1];
    const std::string out_dir = argv[2];
    std::ifstream in(readme);
    if (!in) return fail("cannot read " + readme);

    const std::string marker = "<!-- snippet: ";
    std::map<std::string, Snippet> snippets;
    std::string pending;
    Snippet* open = nullptr;
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        if (open != nullptr) {
            if (line.starts_with("```")) {
                open = nullptr;
            } else {
                (line.starts_with("#include") ? open->includes : open->body) += line + '\n';
            }
        } else if (line.starts_with(marker) && line.ends_with(" -->")) {
            pending = line.substr(marker.size(), line.size() - marker.size() - 4);
        } else if (line.starts_with("```cpp")) {
            const std::string where = readme + ":" + std::to_string(number);
            if (pending.empty())
                return fail(where + ": a C++ example without a `<!-- snippet: NAME -->` line above it (every C++ "
                                    "example is compiled by tests/readme/NAME.cpp)");
            if (snippets.contains(pending)) return fail(where + ": a second example named " + pending);
            open = &snippets[pending];
            open->line = number;
            pending.clear();
        } else if (!line.empty()) {
            pending.clear();  // the marker must be right above its example
        }
    }
    if (open != nullptr) return fail(readme + ": an example that never ends (no closing ```)");

    std::set<std::string> harnesses(argv + 3, argv + argc);
    for (const auto& [name, snippet] : snippets)
        if (!harnesses.contains(name))
            return fail(readme + ":" + std::to_string(snippet.line) + ": the example " + name +
                        " has no harness tests/readme/" + name + ".cpp");
    for (const auto& name : harnesses) {
        const auto found = snippets.find(name);
        if (found == snippets.end()) return fail("tests/readme/" + name + ".cpp: no example named " + name + " in " + readme);
        std::ofstream(out_dir + "/" + name + ".includes.inc") << found->second.includes;
        std::ofstream(out_dir + "/" + name + ".body.inc") << found->second.body;
    }
    return 0;
}
