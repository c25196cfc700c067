#include <callbridge/providers.hpp>
#include <callbridge/registry.hpp>

namespace callbridge {

Registry Registry::with_shipped_providers() {
    Registry registry;
    for (std::string_view name : shipped_providers()) registry.add(find_dialect(name));
    return registry;
}

void Registry::add(std::string provider, SourceFactory factory) { factories_[std::move(provider)] = std::move(factory); }

void Registry::add(std::shared_ptr<const Dialect> dialect) {
    std::string name(dialect->provider());
    add(std::move(name), [dialect = std::move(dialect)](boost::asio::any_io_executor executor, SourceOptions options) {
        return make_http_source(std::move(executor), dialect, std::move(options));
    });
}

bool Registry::contains(std::string_view provider) const { return factories_.contains(provider); }

std::vector<std::string> Registry::providers() const {
    std::vector<std::string> names;
    for (const auto& [name, factory] : factories_) names.push_back(name);
    return names;
}

boost::system::result<std::shared_ptr<CallSource>, Error> Registry::make(std::string_view provider,
                                                                         boost::asio::any_io_executor executor,
                                                                         SourceOptions options) const {
    const auto found = factories_.find(provider);
    if (found == factories_.end()) {
        std::string known;
        for (const auto& name : providers()) known += (known.empty() ? "" : ", ") + name;
        Error error = invalid_option("provider", "unknown provider '" + std::string(provider) + "'; expected one of: " + known);
        error.details().source = options.name;
        return error;
    }
    return found->second(std::move(executor), std::move(options));
}

}  // namespace callbridge
