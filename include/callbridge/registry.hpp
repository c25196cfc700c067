#pragma once
// Provider name -> how to make a source of it. The command, config files and
// plugins all make sources through one.

#include <callbridge/call_source.hpp>
#include <callbridge/dialect.hpp>
#include <callbridge/error.hpp>
#include <callbridge/http_source.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/system/result.hpp>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace callbridge {

using SourceFactory = std::function<boost::system::result<std::shared_ptr<CallSource>, Error>(
    boost::asio::any_io_executor executor, SourceOptions options)>;

class Registry {
public:
    /// An empty registry.
    Registry() = default;

    /// The providers callbridge ships: autocalls, clickspeak, talkover.
    static Registry with_shipped_providers();

    /// Adds (or replaces) a provider made by `factory`: a plugin with its own
    /// CallSource.
    void add(std::string provider, SourceFactory factory);
    /// Adds a provider that speaks HTTP + JSON in `dialect`: the plugin needs
    /// no more than the dialect; HTTPS, retries and rate limits come with it.
    void add(std::shared_ptr<const Dialect> dialect);

    [[nodiscard]] bool contains(std::string_view provider) const;
    /// Sorted by name.
    [[nodiscard]] std::vector<std::string> providers() const;

    /// A source of `provider`; an unknown provider is an invalid option error
    /// that lists the known ones.
    boost::system::result<std::shared_ptr<CallSource>, Error> make(std::string_view provider,
                                                                   boost::asio::any_io_executor executor,
                                                                   SourceOptions options) const;

private:
    std::map<std::string, SourceFactory, std::less<>> factories_;
};

}  // namespace callbridge
