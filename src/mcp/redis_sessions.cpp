#include "mcp/shared_sessions.h"
#include "redis/client.h"

namespace gw::mcp {
namespace {

class RedisSessions final : public SharedSessions {
 public:
  RedisSessions(std::shared_ptr<redis::Client> client, std::string prefix)
      : client_(std::move(client)), prefix_(std::move(prefix)) {}

  Status put(const SessionRecord& record, std::int64_t idle_timeout_s) override {
    // One script: the hash and its TTL together, so a half-written session never lingers.
    static constexpr const char* kPut = R"lua(
redis.call('HSET', KEYS[1], 'owner', ARGV[1], 'protocol_version', ARGV[2])
redis.call('EXPIRE', KEYS[1], ARGV[3])
return 1
)lua";
    auto r = client_->command({"EVAL", kPut, "1", key(record.id), record.owner,
                               record.protocol_version, std::to_string(idle_timeout_s)});
    return r ? Status::ok() : r.status();
  }

  Result<SessionRecord> find(std::string_view id) override {
    auto r = client_->command({"HGETALL", key(id)});
    if (!r) return r.status();
    if (r->elements.empty()) return not_found("no such session");
    SessionRecord record;
    record.id = std::string(id);
    for (std::size_t i = 0; i + 1 < r->elements.size(); i += 2) {
      const std::string& field = r->elements[i].text;
      if (field == "owner") record.owner = r->elements[i + 1].text;
      if (field == "protocol_version") record.protocol_version = r->elements[i + 1].text;
    }
    return record;
  }

  Result<bool> touch(std::string_view id, std::int64_t idle_timeout_s) override {
    auto r = client_->command({"EXPIRE", key(id), std::to_string(idle_timeout_s)});
    if (!r) return r.status();
    return r->integer == 1;
  }

  Status erase(std::string_view id) override {
    auto r = client_->command({"DEL", key(id)});
    return r ? Status::ok() : r.status();
  }

 private:
  std::string key(std::string_view id) const { return prefix_ + "session:" + std::string(id); }

  std::shared_ptr<redis::Client> client_;
  const std::string prefix_;
};

}  // namespace

std::shared_ptr<SharedSessions> redis_sessions(std::shared_ptr<redis::Client> client,
                                               std::string prefix) {
  return std::make_shared<RedisSessions>(std::move(client), std::move(prefix));
}

}  // namespace gw::mcp
