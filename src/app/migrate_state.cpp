#include "app/migrate_state.h"

#include <cstdio>
#include <filesystem>
#include <set>

#include "config/env_expand.h"
#include "config/loader.h"
#include "config/state_store.h"
#include "oauth/journal_store.h"
#include "oauth/redis_store.h"
#include "redis/client.h"
#include "util/clock.h"

namespace gw::app {

int migrate_state(const std::string& config_path, const std::string& to) {
  auto expanded = config::expand_env(to, config::process_environment());
  if (!expanded) {
    std::fprintf(stderr, "--to: %s\n", expanded.status().message().c_str());
    return 2;
  }
  auto address = config::parse_state_store(*expanded);
  if (!address || !address->is_redis()) {
    std::fprintf(stderr, "--to: %s\n",
                 address ? "expected redis://…, the store to copy into"
                         : address.status().message().c_str());
    return 2;
  }
  auto loaded = config::load_file(config_path);
  if (!loaded) {
    std::fprintf(stderr, "%s\n", loaded.status().message().c_str());
    return 1;
  }
  auto client = std::make_shared<redis::Client>(*address);
  if (Status up = client->ping(); !up.is_ok()) {
    std::fprintf(stderr, "--to: %s\n", up.message().c_str());
    return 1;
  }
  const Clock& clock = SystemClock::instance();
  const std::int64_t now = clock.now_seconds();
  for (const auto& scope : (*loaded)->scopes) {
    const std::string path = (*loaded)->server.data_dir + "/oauth/" + scope.name + ".log";
    if (!std::filesystem::exists(path)) {
      std::printf("%-16s no journal (%s): nothing to copy\n", scope.name.c_str(), path.c_str());
      continue;
    }
    auto journal = oauth::JournalStore::open(path, now);
    if (!journal) {
      std::fprintf(stderr, "%s: %s\n", scope.name.c_str(), journal.status().message().c_str());
      return 1;
    }
    oauth::RedisStore redis(client, oauth::redis_key_prefix(scope.name), clock);
    const auto clients = (*journal)->clients();
    for (const auto& c : clients) {
      if (Status s = redis.put_client(c); !s.is_ok()) {
        std::fprintf(stderr, "%s: %s\n", scope.name.c_str(), s.message().c_str());
        return 1;
      }
    }
    std::size_t tokens = 0;
    for (const auto& t : (*journal)->tokens()) {
      if (t.expires_at <= now) continue;
      if (Status s = redis.put_tokens({t}); !s.is_ok()) {
        std::fprintf(stderr, "%s: %s\n", scope.name.c_str(), s.message().c_str());
        return 1;
      }
      ++tokens;
    }
    std::printf("%-16s %zu clients, %zu live tokens copied to %s\n", scope.name.c_str(),
                clients.size(), tokens, address->display().c_str());
  }
  return 0;
}

}  // namespace gw::app
