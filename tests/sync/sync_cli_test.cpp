// `callbridge sync` and `callbridge changes` end to end: the real program
// against the vendor mock over TLS, killed at random points, and three
// worker processes sharing twelve accounts through PostgreSQL.

#include "sync/sync_harness.hpp"

#include "mock/certificates.hpp"
#include "mock/http_server.hpp"
#include "mock/vendor_mock.hpp"
#include "support/process.hpp"
#include "support/temp_file.hpp"

#include <boost/json/parse.hpp>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <thread>

extern char** environ;

using namespace callbridge;
using namespace callbridge::test;
using namespace std::chrono_literals;

namespace {

struct Mock {
    mock::CertificateAuthority authority;
    TempFile ca{authority.certificate_pem()};
    std::shared_ptr<mock::VendorMock> vendors;
    mock::HttpServer server;

    explicit Mock(mock::MockOptions options)
        : vendors(std::make_shared<mock::VendorMock>(std::move(options))),
          server(mock::ServerOptions{.tls = mock::loopback_certificate(authority)},
                 [v = vendors](const mock::ServerRequest& r) { return v->handle(r); }) {}

    std::string root(std::string_view provider) const {
        return server.base_url() + (provider == "talkover" ? "/api/v1" : "/api");
    }
};

// A config file naming `names` (provider, name, token variable).
std::string config_of(const Mock& m, const std::vector<std::tuple<std::string, std::string, std::string>>& sources,
                      const std::string& extra = {}) {
    std::string text = "{ \"sources\": [";
    for (std::size_t i = 0; i < sources.size(); ++i) {
        const auto& [provider, name, token_env] = sources[i];
        text += std::string(i == 0 ? "" : ",") + "\n { \"name\": \"" + name + "\", \"provider\": \"" + provider +
                "\", \"base_url\": \"" + m.root(provider) + "\", \"token_env\": \"" + token_env + "\"" +
                (i == 0 ? extra : "") + " }";
    }
    return text + " ] }\n";
}

ProcessResult cli(std::vector<std::string> args, std::vector<std::string> env = {}) {
    args.insert(args.begin(), CALLBRIDGE_CLI);
    return run_process(args, {}, env, 120s);
}

// A worker process with its own environment, output to files.
class Worker {
public:
    Worker(std::vector<std::string> args, const std::vector<std::string>& env, const std::string& log) {
        args.insert(args.begin(), CALLBRIDGE_CLI);
        std::vector<std::string> environment = env;
        for (char** e = environ; *e != nullptr; ++e) environment.emplace_back(*e);
        std::vector<char*> argv, envp;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        for (auto& e : environment) envp.push_back(e.data());
        envp.push_back(nullptr);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
        posix_spawn_file_actions_addopen(&actions, 2, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        const int spawned = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), envp.data());
        posix_spawn_file_actions_destroy(&actions);
        if (spawned != 0) throw std::runtime_error("cannot start callbridge");
    }
    ~Worker() { stop(SIGKILL); }
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;

    int stop(int signal) {
        if (pid_ <= 0) return -1;
        ::kill(pid_, signal);
        int status = 0;
        ::waitpid(pid_, &status, 0);
        pid_ = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    bool running() {
        int status = 0;
        return pid_ > 0 && ::waitpid(pid_, &status, WNOHANG) == 0;
    }

private:
    pid_t pid_ = -1;
};

struct LoggedRequest {
    std::int64_t time_ms = 0;
    std::string account;
    std::string worker;
    std::int64_t page = 0;
};

// The mock's request log; tokens are "xx-NN-wK-..." (account NN, worker K).
std::vector<LoggedRequest> read_request_log(const std::string& path) {
    // The mock appends while the test reads: a last line without its newline
    // is still being written, and is left for the next read.
    std::vector<LoggedRequest> out;
    std::ifstream in(path);
    for (std::string line; std::getline(in, line);) {
        if (in.eof()) break;
        const auto o = boost::json::parse(line).as_object();
        const std::string token(o.at("token").as_string());
        out.push_back({o.at("time_ms").as_int64(), token.substr(3, 2), token.substr(6, 2), o.at("page").as_int64()});
    }
    return out;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// Per source, the feed as (op, id, version) in seq order; the seqs must be
// 1, 2, 3, ... with no gap or repeat.
std::map<std::string, std::vector<std::string>> feed_by_source(const std::string& url) {
    std::map<std::string, std::vector<std::string>> out;
    const auto feed = feed_of(url);
    for (std::size_t i = 0; i < feed.size(); ++i) {
        CHECK(feed[i].seq == i + 1);
        out[feed[i].record.source].push_back(std::string(to_string(feed[i].op)) + " " + feed[i].record.id + " " +
                                             feed[i].version);
    }
    return out;
}

}  // namespace

TEST_SUITE("sync") {

TEST_CASE("sync and changes from the command line: summaries and emitted changes and per-source filters and exit statuses") {
    TempDir dir;
    Mock m({.calls = 150});
    const std::string config = dir.file("sources.json");
    std::ofstream(config) << config_of(m, {{"autocalls", "main", "AC_TOKEN"}, {"talkover", "tk", "TK_TOKEN"}},
                                       R"(, "filters": {"status": ["completed"]})");
    const std::vector<std::string> env{"AC_TOKEN=ac-01-w1-secret", "TK_TOKEN=tk-02-w1-secret"};
    const std::string store = "sqlite:" + dir.file("calls.db");
    const std::vector<std::string> base{"sync", "--config", config, "--ca-file", m.ca.path(), "--store", store};

    auto first = cli([&] { auto a = base; a.push_back("--emit"); return a; }(), env);
    INFO(first.err);
    REQUIRE(first.exit_code == 0);
    CHECK(first.err.find("callbridge: sync 'main': ") != std::string::npos);
    CHECK(first.err.find("callbridge: sync 'tk': 150 inserted, 0 updated, 0 unchanged") != std::string::npos);
    CHECK(first.err.find("secret") == std::string::npos);
    std::istringstream emitted(first.out);
    std::size_t lines = 0;
    std::set<std::uint64_t> seqs;
    for (std::string line; std::getline(emitted, line); ++lines) {
        const auto o = boost::json::parse(line).as_object();
        seqs.insert(static_cast<std::uint64_t>(o.at("seq").as_int64()));
        CHECK(o.at("op").as_string() == "insert");
        if (o.at("record").as_object().at("source").as_string() == "main")
            CHECK(o.at("record").as_object().at("status").as_string() == "completed");
    }
    const auto feed = feed_of(store);
    CHECK(lines == feed.size());
    CHECK(seqs.size() == feed.size());

    auto changes = cli({"changes", "--store", store, "--since", std::to_string(feed.size() - 2)});
    REQUIRE(changes.exit_code == 0);
    CHECK(changes.out == to_json(feed[feed.size() - 2]) + "\n" + to_json(feed.back()) + "\n");
    auto table = cli({"changes", "--store", store, "--since", std::to_string(feed.size() - 1), "--format", "table"});
    REQUIRE(table.exit_code == 0);
    CHECK(table.out.find("SEQ     OP      CREATED (UTC)") == 0);
    CHECK(table.out.find("(1 change)") != std::string::npos);
    auto csv = cli({"changes", "--store", store, "--format", "csv"});
    REQUIRE(csv.exit_code == 0);
    CHECK(csv.out.find("seq,op,source,provider,id,") == 0);

    auto again = cli(base, env);
    REQUIRE(again.exit_code == 0);
    CHECK(again.err.find("callbridge: sync 'tk': 0 inserted, 0 updated, ") != std::string::npos);
    CHECK(feed_of(store).size() == feed.size());

    // A filter changed for every source: both refused, exit 2, nothing sent.
    const auto requests = m.vendors->requests();
    auto refused = cli([&] { auto a = base; a.insert(a.end(), {"--direction", "outbound"}); return a; }(), env);
    CHECK(refused.exit_code == 2);
    CHECK(refused.err.find("filter direction was not set, is now \"outbound\"") != std::string::npos);
    CHECK(refused.err.find("sync --reset main") != std::string::npos);
    CHECK(m.vendors->requests() == requests);
    // A flag and the file setting the same filter.
    auto twice = cli([&] { auto a = base; a.insert(a.end(), {"--status", "failed"}); return a; }(), env);
    CHECK(twice.exit_code == 2);
    CHECK(twice.err.find("sets filter status in the config file, and a flag sets it too") != std::string::npos);
    CHECK(cli([&] { auto a = base; a.insert(a.end(), {"--lookback", "2 hours"}); return a; }(), env).exit_code == 2);
    CHECK(cli([&] { auto a = base; a.insert(a.end(), {"--limit", "5"}); return a; }(), env).exit_code == 2);
    CHECK(cli([&] { auto a = base; a.insert(a.end(), {"--reset", "nosuch"}); return a; }(), env).exit_code == 2);
    auto no_store = cli({"sync", "--config", config, "--ca-file", m.ca.path(), "--store",
                         "sqlite:" + dir.file("no-such-dir/calls.db")},
                        env);
    CHECK(no_store.exit_code == 8);
    CHECK(no_store.err.find("store unavailable") != std::string::npos);
    CHECK(cli({"changes", "--store", "postgresql://callbridge@127.0.0.1:1/x?connect_timeout=2"}).exit_code == 8);
    // list refuses what it would not apply.
    auto list = cli({"list", "--config", config, "--ca-file", m.ca.path()}, env);
    CHECK(list.exit_code == 2);
    CHECK(list.err.find("has filters of its own") != std::string::npos);
}

TEST_CASE("kill -9 at random points of a run then a rerun gives the store and change feed of an uninterrupted run") {
    TempDir dir;
    Mock m({.calls = 1200, .latency = 2ms});
    const std::string config = dir.file("sources.json");
    std::ofstream(config) << config_of(m, {{"autocalls", "main", "AC_TOKEN"}, {"talkover", "tk", "TK_TOKEN"}});
    const std::vector<std::string> env{"AC_TOKEN=ac-01-w1-secret", "TK_TOKEN=tk-02-w1-secret"};
    auto args = [&](const std::string& store) {
        return std::vector<std::string>{"sync", "--config", config, "--ca-file", m.ca.path(), "--store", store,
                                        "--page-size", "50", "--lease", "1s", "--quiet"};
    };
    const std::string reference = "sqlite:" + dir.file("reference.db");
    const auto started = std::chrono::steady_clock::now();
    auto uninterrupted = cli(args(reference), env);
    const auto run_time = std::chrono::steady_clock::now() - started;
    REQUIRE_MESSAGE(uninterrupted.exit_code == 0, uninterrupted.err);

    const std::string killed = "sqlite:" + dir.file("killed.db");
    const unsigned seed = std::random_device()();
    INFO("seed " << seed);
    std::mt19937 random(seed);
    std::uniform_real_distribution<double> when(0.05, 0.95);
    for (int kill = 0; kill < 3; ++kill) {
        const auto after = std::chrono::duration_cast<std::chrono::milliseconds>(run_time * when(random));
        INFO("kill " << kill << " after " << after.count() << " ms");
        {
            Worker run(args(killed), env, dir.file("killed-" + std::to_string(kill) + ".log"));
            std::this_thread::sleep_for(after);
            run.stop(SIGKILL);
        }
        std::this_thread::sleep_for(1100ms);  // its lease expires
    }
    auto rerun = cli(args(killed), env);
    REQUIRE_MESSAGE(rerun.exit_code == 0, rerun.err);
    CHECK(stored_of(killed) == stored_of(reference));
    CHECK(stored_of(killed).size() == 2400);
    CHECK(feed_by_source(killed) == feed_by_source(reference));
    CHECK(checkpoint_of(killed, "main") == checkpoint_of(reference, "main"));
    auto once_more = cli(args(killed), env);
    REQUIRE(once_more.exit_code == 0);
    CHECK(feed_of(killed).size() == 2400);
}

TEST_CASE("three workers share twelve accounts through PostgreSQL with one killed mid-run and no source synced by two at once") {
    TempDir dir;
    const std::string log = dir.file("requests.jsonl");
    Mock m({.calls = 600, .latency = 25ms, .request_log = log});
    const std::string url = PostgresServer::shared().create_database();
    std::vector<std::tuple<std::string, std::string, std::string>> accounts;
    const char* providers[] = {"autocalls", "clickspeak", "talkover"};
    for (int i = 1; i <= 12; ++i) {
        const std::string number = (i < 10 ? "0" : "") + std::to_string(i);
        accounts.emplace_back(providers[i % 3], "acct" + number, "TOKEN_" + number);
    }
    const std::string config = dir.file("sources.json");
    std::ofstream(config) << config_of(m, accounts);
    auto env_of = [&](int worker) {
        std::vector<std::string> env;
        for (const auto& [provider, name, token_env] : accounts) {
            const std::string prefix = provider == "autocalls" ? "ac" : provider == "clickspeak" ? "cs" : "tk";
            env.push_back(token_env + "=" + prefix + "-" + name.substr(4) + "-w" + std::to_string(worker) + "-secret");
        }
        return env;
    };
    const std::vector<std::string> args{"sync",   "--config",      config, "--ca-file", m.ca.path(), "--store",
                                        url,      "--watch",       "1h",   "--lease",   "2s",        "--page-size",
                                        "50",     "--concurrency", "2",    "--quiet"};
    std::vector<std::unique_ptr<Worker>> workers;
    for (int w = 1; w <= 3; ++w) workers.push_back(std::make_unique<Worker>(args, env_of(w), dir.file("w" + std::to_string(w) + ".log")));

    // Kill worker 2 once it is part way through an account (page 3 asked for,
    // past the first wave; twelve pages to go through).
    std::string cut_account;
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while (cut_account.empty() && std::chrono::steady_clock::now() < deadline) {
        for (const auto& r : read_request_log(log))
            if (r.worker == "w2" && r.page == 3) cut_account = r.account;
        if (cut_account.empty()) std::this_thread::sleep_for(2ms);
    }
    REQUIRE_MESSAGE(!cut_account.empty(), "worker 2 took no account");
    workers[1]->stop(SIGKILL);
    INFO("worker 2 killed during account " << cut_account);

    // Every account synced to the end, by someone.
    while (PostgresServer::query_value(url, "SELECT count(*) FROM callbridge_checkpoints") != "12") {
        REQUIRE_MESSAGE(std::chrono::steady_clock::now() < deadline,
                        "not all accounts synced in time:\n" << read_file(dir.file("w1.log")) << read_file(dir.file("w3.log")));
        std::this_thread::sleep_for(50ms);
    }
    CHECK(workers[0]->stop(SIGTERM) == 130);
    CHECK(workers[2]->stop(SIGTERM) == 130);

    // Every call stored once; every version once in the feed.
    const auto stored = stored_of(url);
    CHECK(stored.size() == 12 * 600);
    const auto feed = feed_of(url);
    CHECK(feed.size() == 12 * 600);
    std::set<std::string> versions;
    for (std::size_t i = 0; i < feed.size(); ++i) {
        CHECK(feed[i].seq == i + 1);
        CHECK(versions.insert(feed[i].record.source + " " + feed[i].record.id + " " + feed[i].version).second);
    }

    // From the mock's log: per account, once a worker began a run, no other
    // worker asked for anything until a run began again. A run begins with
    // its first wave, pages 1 and 2 asked for together (concurrency 2), which
    // the mock may log in either order: a page 2 begins a run only when the
    // same worker asks for page 1 of the account at about the same time.
    auto requests = read_request_log(log);
    std::stable_sort(requests.begin(), requests.end(), [](const auto& a, const auto& b) { return a.time_ms < b.time_ms; });
    auto begins_run = [&](const auto& r) {
        if (r.page == 1) return true;
        if (r.page != 2) return false;
        return std::any_of(requests.begin(), requests.end(), [&](const auto& other) {
            return other.page == 1 && other.account == r.account && other.worker == r.worker &&
                   other.time_ms + 250 >= r.time_ms && other.time_ms <= r.time_ms + 250;
        });
    };
    std::map<std::string, std::string> running;           // account -> worker of the current run
    std::map<std::string, std::set<std::string>> runners;  // account -> workers that ran it
    int overlaps = 0;
    for (const auto& r : requests) {
        if (begins_run(r)) {
            running[r.account] = r.worker;
            runners[r.account].insert(r.worker);
        } else if (running[r.account] != r.worker) {
            ++overlaps;
            MESSAGE("account " << r.account << ": " << r.worker << " asked for page " << r.page << " during a run of "
                               << running[r.account]);
        }
    }
    CHECK(overlaps == 0);
    CHECK(runners.size() == 12);
    // The cut account was taken over by a survivor after worker 2's lease expired.
    CHECK(runners[cut_account].size() == 2);
    CHECK(runners[cut_account].count("w2") == 1);
    std::set<std::string> all_workers;
    for (const auto& [account, who] : runners) all_workers.insert(who.begin(), who.end());
    CHECK(all_workers.size() == 3);
}

}  // TEST_SUITE
