#include "support/postgres_server.hpp"

#include <libpq-fe.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

namespace callbridge::test {
namespace {

namespace fs = std::filesystem;

// The newest server installed (Debian: /usr/lib/postgresql/15/bin).
std::string server_bin_dir() {
    std::string best;
    int best_version = 0;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec)) {
        const auto bin = entry.path() / "bin";
        const int version = std::atoi(entry.path().filename().c_str());
        if (fs::exists(bin / "initdb") && fs::exists(bin / "postgres") && version > best_version) {
            best = bin.string();
            best_version = version;
        }
    }
    if (best.empty())
        throw std::runtime_error("PostgreSQL is not installed: no /usr/lib/postgresql/*/bin/initdb "
                                 "(tools/setup.sh installs postgresql-15)");
    return best;
}

// Who runs the server: this user, or `postgres` when this is root.
struct RunAs {
    bool switch_user = false;
    uid_t uid = 0;
    gid_t gid = 0;
};

RunAs run_as() {
    if (::geteuid() != 0) return {};
    const passwd* user = ::getpwnam("postgres");
    if (user == nullptr)
        throw std::runtime_error("running as root, and there is no 'postgres' user to run the test server as "
                                 "(PostgreSQL refuses root; installing postgresql-15 creates the user)");
    return {true, user->pw_uid, user->pw_gid};
}

int free_port() {
    const int s = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (::bind(s, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::getsockname(s, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        ::close(s);
        throw std::runtime_error("no free loopback port");
    }
    ::close(s);
    return ntohs(address.sin_port);
}

// Starts `argv` as `who`, output to `log`; with `die_with_parent`, the child
// gets SIGQUIT (PostgreSQL's immediate shutdown) when this process ends.
pid_t start(const std::vector<std::string>& argv, const RunAs& who, const std::string& log, bool die_with_parent) {
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        const int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        if (out >= 0) {
            ::dup2(out, 1);
            ::dup2(out, 2);
        }
        const int null = ::open("/dev/null", O_RDONLY);
        if (null >= 0) ::dup2(null, 0);
        if (who.switch_user && (::setgroups(0, nullptr) != 0 || ::setgid(who.gid) != 0 || ::setuid(who.uid) != 0))
            ::_exit(126);
        // After the change of user, which clears it.
        if (die_with_parent && (::prctl(PR_SET_PDEATHSIG, SIGQUIT) != 0 || ::getppid() != parent)) ::_exit(125);
        std::vector<char*> args;
        for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        ::execv(args[0], args.data());
        ::_exit(127);
    }
    return pid;
}

std::string tail_of(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    std::string all = text.str();
    return all.size() > 1500 ? all.substr(all.size() - 1500) : all;
}

struct ConnectionDeleter {
    void operator()(PGconn* c) const { PQfinish(c); }
};

std::unique_ptr<PGconn, ConnectionDeleter> connect(const std::string& url) {
    std::unique_ptr<PGconn, ConnectionDeleter> c(PQconnectdb(url.c_str()));
    if (PQstatus(c.get()) != CONNECTION_OK)
        throw std::runtime_error("cannot connect to the test server: " + std::string(PQerrorMessage(c.get())));
    return c;
}

}  // namespace

PostgresServer& PostgresServer::shared() {
    static PostgresServer server;
    return server;
}

PostgresServer::PostgresServer(bool durable) {
    const std::string bin = server_bin_dir();
    const RunAs who = run_as();
    char pattern[] = "/tmp/callbridge-pg-XXXXXX";
    if (::mkdtemp(pattern) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir_ = pattern;
    if (who.switch_user && ::chown(dir_.c_str(), who.uid, who.gid) != 0)
        throw std::runtime_error("cannot give " + dir_ + " to the postgres user");
    const std::string data = dir_ + "/data";
    const std::string log = dir_ + "/server.log";
    int status = 0;
    const pid_t initdb = start({bin + "/initdb", "-D", data, "-U", "callbridge", "--auth=trust", "-E", "UTF8",
                                "--no-sync", "--no-instructions"},
                               who, log, false);
    ::waitpid(initdb, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        throw std::runtime_error("initdb failed (exit " + std::to_string(WEXITSTATUS(status)) + "): " + tail_of(log));
    port_ = free_port();
    pid_ = start({bin + "/postgres", "-D", data, "-p", std::to_string(port_), "-k", dir_, "-c",
                  "listen_addresses=127.0.0.1", "-c", durable ? "fsync=on" : "fsync=off", "-c", "max_connections=60"},
                 who, log, true);
    // Ready when it answers; a server that exits is a failure at once.
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    const std::string ping = "host=127.0.0.1 port=" + std::to_string(port_) + " user=callbridge dbname=postgres";
    while (PQping(ping.c_str()) != PQPING_OK) {
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            throw std::runtime_error("the PostgreSQL test server exited: " + tail_of(log));
        }
        if (std::chrono::steady_clock::now() > deadline)
            throw std::runtime_error("the PostgreSQL test server did not answer within 30 s: " + tail_of(log));
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

PostgresServer::~PostgresServer() {
    if (pid_ > 0) {
        ::kill(pid_, SIGINT);  // fast shutdown
        int status = 0;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (::waitpid(pid_, &status, WNOHANG) == 0) {
            if (std::chrono::steady_clock::now() > deadline) {
                ::kill(pid_, SIGKILL);
                ::waitpid(pid_, &status, 0);
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }
    std::error_code ec;
    if (!dir_.empty()) fs::remove_all(dir_, ec);
}

std::string PostgresServer::url(const std::string& database) const {
    return "postgresql://callbridge@127.0.0.1:" + std::to_string(port_) + "/" + database;
}

std::string PostgresServer::create_database() {
    const std::string name = "test_" + std::to_string(::getpid()) + "_" + std::to_string(++databases_);
    execute(url("postgres"), "CREATE DATABASE " + name);
    return url(name);
}

void PostgresServer::execute(const std::string& url, const std::string& sql) {
    auto c = connect(url);
    PGresult* r = PQexec(c.get(), sql.c_str());
    const auto status = PQresultStatus(r);
    const std::string error = PQresultErrorMessage(r);
    PQclear(r);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) throw std::runtime_error(sql + ": " + error);
}

std::string PostgresServer::query_value(const std::string& url, const std::string& sql) {
    auto c = connect(url);
    PGresult* r = PQexec(c.get(), sql.c_str());
    std::string value;
    const bool ok = PQresultStatus(r) == PGRES_TUPLES_OK;
    const std::string error = PQresultErrorMessage(r);
    if (ok && PQntuples(r) > 0) value = PQgetvalue(r, 0, 0);
    PQclear(r);
    if (!ok) throw std::runtime_error(sql + ": " + error);
    return value;
}

}  // namespace callbridge::test
