#pragma once
// A throwaway PostgreSQL server for the sync tests: initdb into a temporary
// directory, the server on a free loopback port, stopped and removed when
// the test program ends. The server runs as this program's child and dies
// with it (even when the program crashes). As root it runs as the
// `postgres` system user, since PostgreSQL refuses to run as root. A
// missing PostgreSQL is an exception, so the tests that need it fail.

#include <string>

namespace callbridge::test {

class PostgresServer {
public:
    /// One server per test program, started on first use.
    static PostgresServer& shared();

    /// `durable`: fsync on, as a real server (the tests run without it).
    explicit PostgresServer(bool durable = false);
    ~PostgresServer();
    PostgresServer(const PostgresServer&) = delete;
    PostgresServer& operator=(const PostgresServer&) = delete;

    /// A new, empty database: its URL (postgresql://callbridge@127.0.0.1:PORT/NAME).
    std::string create_database();
    /// Runs SQL (no results) on the database of `url`; throws on failure.
    static void execute(const std::string& url, const std::string& sql);
    /// The first column of the first row of a query, as text.
    static std::string query_value(const std::string& url, const std::string& sql);

private:
    std::string url(const std::string& database) const;

    std::string dir_;
    int port_ = 0;
    int pid_ = -1;
    int databases_ = 0;
};

}  // namespace callbridge::test
