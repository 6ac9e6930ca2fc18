// RedisStore's counters, pending sign-ins and metadata document clients: the same semantics as
// MemoryState (the journal store's), shared by every replica. Keys (under the scope's prefix, see
// src/oauth/README.md):
//   counter:<key>              hash  count, resets_at (the window, by the gateway's clock)
//   pending:<id>               hash  address, doc (the PendingSignIn as JSON)
//   pending:all                zset  id by expires_at (expiry, total)
//   pending:by_address:<addr>  zset  id by expires_at (oldest first, per-address bound)
//   pending:addresses          zset  address by how many it holds (fair-share eviction)
//   cimd:<url>                 string  the client a metadata document describes, as JSON
//   cimd:all                   zset  url by expires_at (expiry, the bound)
// Each call is one Lua script, so the bounds hold however many replicas insert at once.

#include "oauth/redis_store.h"

#include <charconv>

namespace gw::oauth {
namespace {

constexpr const char* kIncrement = R"lua(
local k = ARGV[1] .. 'counter:' .. ARGV[2]
local now, window = tonumber(ARGV[3]), tonumber(ARGV[4])
local resets = tonumber(redis.call('HGET', k, 'resets_at') or '0')
if resets <= now then
  redis.call('DEL', k)
  resets = now + window
  redis.call('HSET', k, 'resets_at', resets)
  redis.call('EXPIRE', k, math.max(window, 1))
end
return {redis.call('HINCRBY', k, 'count', 1), resets}
)lua";

// Shared by the pending sign-in scripts: removes one form and its index entries; expires the dead.
constexpr const char* kPendingLua = R"lua(
local p = ARGV[1]
local all, addresses = p .. 'pending:all', p .. 'pending:addresses'
local function by(address) return p .. 'pending:by_address:' .. address end
local function erase(id)
  if not id then return end
  local address = redis.call('HGET', p .. 'pending:' .. id, 'address')
  redis.call('DEL', p .. 'pending:' .. id)
  redis.call('ZREM', all, id)
  if address then
    redis.call('ZREM', by(address), id)
    if tonumber(redis.call('ZINCRBY', addresses, -1, address)) <= 0 then
      redis.call('ZREM', addresses, address)
    end
  end
end
local function expire(now)
  for _, id in ipairs(redis.call('ZRANGEBYSCORE', all, '-inf', now)) do erase(id) end
end
)lua";

constexpr const char* kPutPending = R"lua(
local now, per_address, total = ARGV[2], math.max(tonumber(ARGV[3]), 1), math.max(tonumber(ARGV[4]), 1)
local id, address, expires, doc, ttl = ARGV[5], ARGV[6], ARGV[7], ARGV[8], tonumber(ARGV[9])
expire(now)
if redis.call('EXISTS', p .. 'pending:' .. id) == 1 then erase(id) end
while redis.call('ZCARD', by(address)) >= per_address do
  erase(redis.call('ZRANGE', by(address), 0, 0)[1])
end
-- (Each loop removes one form a turn; a missing index entry ends it instead of spinning.)
while redis.call('ZCARD', all) >= total do
  -- Fair share: the address holding the most gives up its oldest form; on a tie, the address
  -- asking for one more (the newcomer pays); among other equals, the first by name.
  local most = redis.call('ZREVRANGE', addresses, 0, 0, 'WITHSCORES')[2]
  if not most then break end
  local victim = redis.call('ZRANGEBYSCORE', addresses, most, most, 'LIMIT', 0, 1)[1]
  if tonumber(redis.call('ZSCORE', addresses, address) or '0') == tonumber(most) then
    victim = address
  end
  local oldest = redis.call('ZRANGE', by(victim), 0, 0)[1]
  if not oldest then break end
  erase(oldest)
end
redis.call('HSET', p .. 'pending:' .. id, 'address', address, 'doc', doc)
redis.call('EXPIRE', p .. 'pending:' .. id, ttl)
redis.call('ZADD', all, expires, id)
-- Ordered by opening, not by expiry: expiry times are whole seconds, and forms opened in the same
-- second would tie (then the one pushed out would be the first by name, not the oldest).
redis.call('ZADD', by(address), redis.call('INCR', p .. 'pending:opened'), id)
redis.call('ZINCRBY', addresses, 1, address)
return 1
)lua";

// A form completes once: of concurrent takes on any replicas, exactly one gets it.
constexpr const char* kTakePending = R"lua(
local doc = redis.call('HGET', p .. 'pending:' .. ARGV[2], 'doc')
if not doc then return false end
erase(ARGV[2])
return doc
)lua";

constexpr const char* kCountPending = R"lua(
expire(ARGV[2])
if ARGV[3] == '' then return redis.call('ZCARD', all) end
return redis.call('ZCARD', by(ARGV[3]))
)lua";

nlohmann::json pending_to_json(const PendingSignIn& p) {
  return {{"id", p.id},
          {"address", p.address},
          {"csrf_hash", p.csrf_hash},
          {"expires_at", p.expires_at},
          {"request", p.request}};
}

Result<PendingSignIn> pending_from_text(const std::string& text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  try {
    if (j.is_discarded()) throw nlohmann::json::other_error::create(0, "not JSON", nullptr);
    PendingSignIn p;
    p.id = j.at("id").get<std::string>();
    p.address = j.at("address").get<std::string>();
    p.csrf_hash = j.at("csrf_hash").get<std::string>();
    p.expires_at = j.at("expires_at").get<std::int64_t>();
    p.request = j.at("request");
    return p;
  } catch (const nlohmann::json::exception&) {
    return internal_error("malformed pending sign-in record in the state store");
  }
}

bool parse_int(const std::string& text, std::int64_t* out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && end == text.data() + text.size();
}

WindowCount window_of(const redis::Reply& r) {
  if (r.elements.size() != 2) return {};
  return {r.elements[0].integer, r.elements[1].integer};
}

// ARGV: prefix, url, doc, now, expires_at, ttl, max_entries.
constexpr const char* kPutMetadataClient = R"lua(
local p, url = ARGV[1], ARGV[2]
local all = p .. 'cimd:all'
redis.call('SET', p .. 'cimd:' .. url, ARGV[3], 'EX', ARGV[6])
redis.call('ZADD', all, ARGV[5], url)
local function drop(urls)
  for i = 1, #urls do
    redis.call('DEL', p .. 'cimd:' .. urls[i])
    redis.call('ZREM', all, urls[i])
  end
end
local over = redis.call('ZCARD', all) - tonumber(ARGV[7])
if over <= 0 then return 1 end
drop(redis.call('ZRANGEBYSCORE', all, '-inf', ARGV[4]))
over = redis.call('ZCARD', all) - tonumber(ARGV[7])
if over > 0 then drop(redis.call('ZRANGE', all, 0, over - 1)) end
return 1
)lua";

}  // namespace

Result<WindowCount> RedisStore::increment_counter(std::string_view key, std::int64_t now,
                                                  std::int64_t window_s) {
  auto r =
      eval(kIncrement, {prefix_, std::string(key), std::to_string(now), std::to_string(window_s)});
  if (!r) return r.status();
  return window_of(*r);
}

Result<WindowCount> RedisStore::read_counter(std::string_view key, std::int64_t now) {
  auto r =
      client_->command({"HMGET", prefix_ + "counter:" + std::string(key), "count", "resets_at"});
  if (!r) return r.status();
  if (r->elements.size() != 2 || r->elements[0].is_nil()) return WindowCount{};
  WindowCount out;
  if (!parse_int(r->elements[0].text, &out.count) ||
      !parse_int(r->elements[1].text, &out.resets_at)) {
    return internal_error("malformed counter record in the state store");
  }
  if (out.resets_at <= now) return WindowCount{};
  return out;
}

Status RedisStore::reset_counter(std::string_view key) {
  auto r = client_->command({"DEL", prefix_ + "counter:" + std::string(key)});
  return r ? Status::ok() : r.status();
}

Status RedisStore::put_pending_sign_in(const PendingSignIn& p, std::int64_t now,
                                       std::size_t max_per_address, std::size_t max_total) {
  auto r = eval(std::string(kPendingLua) + kPutPending,
                {prefix_, std::to_string(now), std::to_string(max_per_address),
                 std::to_string(max_total), p.id, p.address, std::to_string(p.expires_at),
                 pending_to_json(p).dump(), std::to_string(ttl(p.expires_at))});
  return r ? Status::ok() : r.status();
}

Result<PendingSignIn> RedisStore::find_pending_sign_in(std::string_view id, std::int64_t now) {
  auto r = client_->command({"HGET", prefix_ + "pending:" + std::string(id), "doc"});
  if (!r) return r.status();
  if (r->is_nil()) return not_found("no such pending sign-in");
  auto p = pending_from_text(r->text);
  if (!p) return not_found("the pending sign-in is unreadable");
  if (p->expires_at <= now) return not_found("the pending sign-in expired");
  return p;
}

Result<PendingSignIn> RedisStore::take_pending_sign_in(std::string_view id, std::int64_t now) {
  auto r = eval(std::string(kPendingLua) + kTakePending, {prefix_, std::string(id)});
  if (!r) return r.status();
  if (r->is_nil()) return not_found("no such pending sign-in");
  auto p = pending_from_text(r->text);
  if (!p) return p.status();
  if (p->expires_at <= now) return not_found("the pending sign-in expired");
  return p;
}

Result<std::size_t> RedisStore::count_pending_sign_ins(std::string_view address, std::int64_t now) {
  auto r = eval(std::string(kPendingLua) + kCountPending,
                {prefix_, std::to_string(now), std::string(address)});
  if (!r) return r.status();
  return static_cast<std::size_t>(r->integer);
}

Status RedisStore::put_metadata_client(const ClientRecord& client, std::int64_t now,
                                       std::int64_t expires_at, std::size_t max_entries) {
  const nlohmann::json doc = {{"client", to_json(client)}, {"expires_at", expires_at}};
  auto r = eval(kPutMetadataClient, {prefix_, client.client_id, doc.dump(), std::to_string(now),
                                     std::to_string(expires_at), std::to_string(ttl(expires_at)),
                                     std::to_string(max_entries)});
  return r ? Status::ok() : r.status();
}

Result<ClientRecord> RedisStore::find_metadata_client(std::string_view client_id,
                                                      std::int64_t now) {
  auto r = client_->command({"GET", prefix_ + "cimd:" + std::string(client_id)});
  if (!r) return r.status();
  if (r->is_nil()) return not_found("no such client metadata document");
  const nlohmann::json doc = nlohmann::json::parse(r->text, nullptr, false);
  if (!doc.is_object() || !doc.contains("expires_at") || !doc["expires_at"].is_number_integer() ||
      doc["expires_at"].get<std::int64_t>() <= now) {
    return not_found("the client metadata document expired");
  }
  return client_from_json(doc.value("client", nlohmann::json()));
}

}  // namespace gw::oauth
