#pragma once
// Provider name -> how to make a source of it. The command, config files and
// plugins all make sources through one. A provider is described once, by a
// ProviderDescriptor: its name, its dialect (or a source factory of its
// own), and how its credentials are found.

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

/// A value a provider needs beside its token: Twilio's account, say.
struct ProviderParameter {
    /// As in paths and config files: "account".
    std::string name;
    /// The variable that holds it when a config file does not say: "TWILIO_ACCOUNT_SID".
    std::string env;
    /// For help texts.
    std::string description;
    bool required = true;
};

struct ProviderDescriptor {
    /// "autocalls".
    std::string name;
    /// One line for help texts: "Autocalls, app.autocalls.ai".
    std::string summary;
    /// How it speaks HTTP + JSON; HTTPS, retries and rate limits come with it.
    std::shared_ptr<const Dialect> dialect;
    /// Or a source of its own (then `dialect` may be empty).
    SourceFactory factory;
    /// The variable holding the token when a source does not name one;
    /// empty: default_token_env(name).
    std::string token_env;
    /// The variable holding a Basic user name, when the vendor takes one
    /// that is not a parameter (Twilio's API key SID); empty: none.
    std::string user_env;
    std::vector<ProviderParameter> parameters;
    /// The variable holding the token that goes with a user from `user_env`
    /// (Twilio's API key secret, beside its API key SID); empty: none. When
    /// a source names no token variable of its own and both the user's and
    /// this variable are set, they are the credentials; otherwise the token
    /// comes from the token variable and no user is read from the default
    /// `user_env` (a user's name never goes with another's password).
    std::string user_token_env;
};

class Registry {
public:
    /// An empty registry.
    Registry() = default;

    /// The providers callbridge ships (shipped_providers() in providers.hpp).
    static Registry with_shipped_providers();

    /// Adds (or replaces) a provider.
    void add(ProviderDescriptor descriptor);
    /// Adds a provider made by `factory`: a plugin with its own CallSource.
    void add(std::string provider, SourceFactory factory);
    /// Adds a provider that speaks HTTP + JSON in `dialect`: the plugin needs
    /// no more than the dialect; HTTPS, retries and rate limits come with it.
    void add(std::shared_ptr<const Dialect> dialect);

    [[nodiscard]] bool contains(std::string_view provider) const;
    /// The provider's descriptor, or nullptr.
    [[nodiscard]] const ProviderDescriptor* find(std::string_view provider) const;
    /// Sorted by name.
    [[nodiscard]] std::vector<std::string> providers() const;
    /// The variable holding a provider's token by default ("AUTOCALLS_TOKEN").
    [[nodiscard]] std::string token_env(std::string_view provider) const;

    /// A source of `provider`; an unknown provider is an invalid option error
    /// that lists the known ones.
    boost::system::result<std::shared_ptr<CallSource>, Error> make(std::string_view provider,
                                                                   boost::asio::any_io_executor executor,
                                                                   SourceOptions options) const;

private:
    std::map<std::string, ProviderDescriptor, std::less<>> providers_;
};

}  // namespace callbridge
