#include <callbridge/providers.hpp>
#include <callbridge/registry.hpp>
#include <callbridge/source_config.hpp>

namespace callbridge {

Registry Registry::with_shipped_providers() {
    Registry registry;
    register_shipped_providers(registry);
    return registry;
}

void Registry::add(ProviderDescriptor descriptor) {
    if (!descriptor.factory && descriptor.dialect)
        descriptor.factory = [dialect = descriptor.dialect](boost::asio::any_io_executor executor, SourceOptions options) {
            return make_http_source(std::move(executor), dialect, std::move(options));
        };
    std::string name = descriptor.name;
    providers_.insert_or_assign(std::move(name), std::move(descriptor));
}

void Registry::add(std::string provider, SourceFactory factory) {
    add(ProviderDescriptor{.name = std::move(provider), .factory = std::move(factory)});
}

void Registry::add(std::shared_ptr<const Dialect> dialect) {
    std::string name(dialect->provider());
    add(ProviderDescriptor{.name = std::move(name), .dialect = std::move(dialect)});
}

bool Registry::contains(std::string_view provider) const { return providers_.contains(provider); }

const ProviderDescriptor* Registry::find(std::string_view provider) const {
    const auto found = providers_.find(provider);
    return found == providers_.end() ? nullptr : &found->second;
}

std::vector<std::string> Registry::providers() const {
    std::vector<std::string> names;
    for (const auto& [name, descriptor] : providers_) names.push_back(name);
    return names;
}

std::string Registry::token_env(std::string_view provider) const {
    const ProviderDescriptor* descriptor = find(provider);
    if (descriptor != nullptr && !descriptor->token_env.empty()) return descriptor->token_env;
    return default_token_env(provider);
}

boost::system::result<std::shared_ptr<CallSource>, Error> Registry::make(std::string_view provider,
                                                                         boost::asio::any_io_executor executor,
                                                                         SourceOptions options) const {
    const ProviderDescriptor* descriptor = find(provider);
    if (descriptor == nullptr || !descriptor->factory) {
        std::string known;
        for (const auto& name : providers()) known += (known.empty() ? "" : ", ") + name;
        Error error = invalid_option("provider", "unknown provider '" + std::string(provider) + "'; expected one of: " + known);
        error.details().source = options.name;
        return error;
    }
    return descriptor->factory(std::move(executor), std::move(options));
}

}  // namespace callbridge
