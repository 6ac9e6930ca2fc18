#include "app/state_store.h"

#include <map>
#include <mutex>

#include "config/state_store.h"
#include "mcp/shared_sessions.h"
#include "oauth/journal_store.h"
#include "oauth/redis_store.h"
#include "redis/client.h"
#include "util/log.h"

namespace gw::app {
namespace {

Result<std::shared_ptr<oauth::Store>> open_shared_journal(const std::string& path,
                                                          std::int64_t now) {
  static std::mutex mu;
  static std::map<std::string, std::weak_ptr<oauth::JournalStore>> open;
  std::lock_guard lock(mu);
  if (auto existing = open[path].lock()) return std::shared_ptr<oauth::Store>(existing);
  auto store = oauth::JournalStore::open(path, now);
  if (!store) return store.status();
  for (const auto& w : (*store)->open_warnings()) log::warning(w);
  std::shared_ptr<oauth::JournalStore> shared(std::move(*store));
  open[path] = shared;
  return std::shared_ptr<oauth::Store>(shared);
}

}  // namespace

std::shared_ptr<redis::Client> shared_redis_client(const config::ServerConfig& server) {
  auto address = config::parse_state_store(server.state_store.reveal());
  if (!address || !address->is_redis()) return nullptr;
  static std::mutex mu;
  // Keyed by the whole URL (with its password): a changed password is another pool.
  static std::map<std::string, std::weak_ptr<redis::Client>> clients;
  std::lock_guard lock(mu);
  auto& slot = clients[server.state_store.reveal()];
  if (auto existing = slot.lock()) return existing;
  auto client = std::make_shared<redis::Client>(*address);
  slot = client;
  return client;
}

Result<std::shared_ptr<oauth::Store>> open_oauth_store(const config::ServerConfig& server,
                                                       const std::string& scope_name,
                                                       const Clock& clock) {
  auto address = config::parse_state_store(server.state_store.reveal());
  if (!address)
    return Status(address.status().code(), "server.state_store: " + address.status().message());
  if (!address->is_redis()) {
    return open_shared_journal(server.data_dir + "/oauth/" + scope_name + ".log",
                               clock.now_seconds());
  }
  auto client = shared_redis_client(server);
  GW_RETURN_IF_ERROR(client->ping());
  return std::shared_ptr<oauth::Store>(
      std::make_shared<oauth::RedisStore>(client, oauth::redis_key_prefix(scope_name), clock));
}

std::shared_ptr<mcp::SharedSessions> open_shared_sessions(const config::ServerConfig& server,
                                                          const std::string& scope_name) {
  auto client = shared_redis_client(server);
  if (!client) return nullptr;
  return mcp::redis_sessions(client, oauth::redis_key_prefix(scope_name));
}

}  // namespace gw::app
