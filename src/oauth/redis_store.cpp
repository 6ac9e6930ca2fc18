#include "oauth/redis_store.h"

#include <algorithm>
#include <charconv>
#include <map>

#include "redis/client.h"

namespace gw::oauth {
namespace {

using Fields = std::map<std::string, std::string, std::less<>>;

// Stores the tokens listed in ARGV from index i on: a count, then 12 values per token (see
// RedisStore::token_args). Each token is a hash with its TTL, a member of its family's set (whose
// TTL is the longest of its members') and of the expiry index that purge() reads.
constexpr const char* kPutTokensLua = R"lua(
local function revoked(p, i)
  local n = tonumber(ARGV[i])
  i = i + 1
  for _ = 1, n do
    if redis.call('EXISTS', p .. 'family_revoked:' .. ARGV[i + 2]) == 1 then return true end
    i = i + 12
  end
  return false
end
local function put_tokens(p, i)
  local n = tonumber(ARGV[i])
  i = i + 1
  for _ = 1, n do
    local h, ttl, fam, exp = ARGV[i], tonumber(ARGV[i + 1]), ARGV[i + 2], ARGV[i + 3]
    local k = p .. 'token:' .. h
    redis.call('DEL', k)
    redis.call('HSET', k, 'kind', ARGV[i + 4], 'client_id', ARGV[i + 5], 'user', ARGV[i + 6],
               'resource', ARGV[i + 7], 'scope', ARGV[i + 8], 'family_id', fam,
               'issued_at', ARGV[i + 9], 'expires_at', exp, 'rotated_at', ARGV[i + 10],
               'successor_key', ARGV[i + 11])
    redis.call('EXPIRE', k, ttl)
    redis.call('ZADD', p .. 'expiry', exp, 'token:' .. h)
    local fk = p .. 'family:' .. fam
    redis.call('SADD', fk, h)
    if redis.call('TTL', fk) < ttl then redis.call('EXPIRE', fk, ttl) end
    i = i + 12
  end
end
)lua";

constexpr const char* kPutTokens = R"lua(
if revoked(ARGV[1], 2) then return 0 end
put_tokens(ARGV[1], 2)
return 1
)lua";

// OAuth 2.1 §4.3.1 rotation: the old refresh token is marked rotated and its successors stored in
// the same step, once (Store::rotate_refresh_token); 0 when it is not (any more) a refresh token,
// 2 when it is already rotated (nothing stored).
constexpr const char* kRotate = R"lua(
local p, h, now = ARGV[1], ARGV[2], ARGV[3]
local k = p .. 'token:' .. h
if redis.call('HGET', k, 'kind') ~= 'refresh' then return 0 end
if revoked(p, 4) then return 0 end
if redis.call('HGET', k, 'rotated_at') ~= '0' then return 2 end
redis.call('HSET', k, 'rotated_at', now)
put_tokens(p, 4)
return 1
)lua";

// Single use across every replica (OAuth 2.1 §4.1.2): the code as it was, marked used in the same
// step; nil when there is no such code.
constexpr const char* kConsumeCode = R"lua(
local k = ARGV[1] .. 'code:' .. ARGV[2]
local v = redis.call('HGETALL', k)
if #v == 0 then return false end
redis.call('HSET', k, 'used', '1')
return v
)lua";

constexpr const char* kPutCode = R"lua(
local p, h, ttl, exp = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4]
local k = p .. 'code:' .. h
redis.call('DEL', k)
redis.call('HSET', k, unpack(ARGV, 5))
redis.call('EXPIRE', k, ttl)
redis.call('ZADD', p .. 'expiry', exp, 'code:' .. h)
return 1
)lua";

constexpr const char* kEraseToken = R"lua(
local p, h = ARGV[1], ARGV[2]
local k = p .. 'token:' .. h
local f = redis.call('HGET', k, 'family_id')
redis.call('DEL', k)
redis.call('ZREM', p .. 'expiry', 'token:' .. h)
if f then redis.call('SREM', p .. 'family:' .. f, h) end
return 1
)lua";

constexpr const char* kEraseFamily = R"lua(
local p = ARGV[1]
local fk = p .. 'family:' .. ARGV[2]
for _, h in ipairs(redis.call('SMEMBERS', fk)) do
  redis.call('DEL', p .. 'token:' .. h)
  redis.call('ZREM', p .. 'expiry', 'token:' .. h)
end
redis.call('DEL', fk)
-- A token write of this family racing the revocation (a replayed code on another replica) is
-- refused for as long as such a request can last.
redis.call('SET', p .. 'family_revoked:' .. ARGV[2], '1', 'EX', 600)
return 1
)lua";

// A client record, and its place in the two indexes purge() reads (an empty score: not listed).
constexpr const char* kPutClient = R"lua(
local p, id = ARGV[1], ARGV[2]
redis.call('SET', p .. 'client:' .. id, ARGV[3])
local function index(name, score)
  if score == '' then redis.call('ZREM', p .. name, id)
  else redis.call('ZADD', p .. name, score, id) end
end
index('clients:unused', ARGV[4])
index('clients:secret_expiry', ARGV[5])
return 1
)lua";

constexpr const char* kEraseClient = R"lua(
local p, id = ARGV[1], ARGV[2]
redis.call('DEL', p .. 'client:' .. id)
redis.call('ZREM', p .. 'clients:unused', id)
redis.call('ZREM', p .. 'clients:secret_expiry', id)
return 1
)lua";

// What the injected clock says is dead (at most 1000 rows a call, so one call never blocks Redis
// for long; purge runs every minute), and dynamic clients unused past their TTL or whose secret
// expired. Returns how many keys went.
constexpr const char* kPurge = R"lua(
local p, now, cutoff = ARGV[1], ARGV[2], ARGV[3]
local n = 0
for _, m in ipairs(redis.call('ZRANGEBYSCORE', p .. 'expiry', '-inf', now, 'LIMIT', 0, 1000)) do
  if string.sub(m, 1, 6) == 'token:' then
    local f = redis.call('HGET', p .. m, 'family_id')
    if f then redis.call('SREM', p .. 'family:' .. f, string.sub(m, 7)) end
  end
  n = n + redis.call('DEL', p .. m)
  redis.call('ZREM', p .. 'expiry', m)
end
local gone = {}
for _, id in ipairs(redis.call('ZRANGEBYSCORE', p .. 'clients:unused', '-inf', cutoff)) do
  gone[id] = true
end
for _, id in ipairs(redis.call('ZRANGEBYSCORE', p .. 'clients:secret_expiry', '-inf', now)) do
  gone[id] = true
end
for id, _ in pairs(gone) do
  n = n + redis.call('DEL', p .. 'client:' .. id)
  redis.call('ZREM', p .. 'clients:unused', id)
  redis.call('ZREM', p .. 'clients:secret_expiry', id)
end
return n
)lua";

std::string num(std::int64_t v) { return std::to_string(v); }

Fields to_fields(const redis::Reply& reply) {
  Fields out;
  for (std::size_t i = 0; i + 1 < reply.elements.size(); i += 2) {
    out[reply.elements[i].text] = reply.elements[i + 1].text;
  }
  return out;
}

Status malformed(const std::string& what) {
  return internal_error("malformed " + what + " record in the state store");
}

bool read_int(const Fields& f, const char* name, std::int64_t* out) {
  auto it = f.find(name);
  if (it == f.end()) return false;
  const std::string& s = it->second;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && end == s.data() + s.size();
}

std::string field(const Fields& f, const char* name) {
  auto it = f.find(name);
  return it == f.end() ? std::string() : it->second;
}

Result<TokenRecord> token_from_fields(std::string_view hash, const Fields& f) {
  TokenRecord t;
  t.token_hash = std::string(hash);
  const std::string kind = field(f, "kind");
  if (kind != "access" && kind != "refresh") return malformed("token");
  t.kind = kind == "refresh" ? TokenKind::kRefresh : TokenKind::kAccess;
  t.client_id = field(f, "client_id");
  t.user = field(f, "user");
  t.resource = field(f, "resource");
  t.scope = field(f, "scope");
  t.family_id = field(f, "family_id");
  t.successor_key = field(f, "successor_key");
  if (!read_int(f, "issued_at", &t.issued_at) || !read_int(f, "expires_at", &t.expires_at) ||
      !read_int(f, "rotated_at", &t.rotated_at)) {
    return malformed("token");
  }
  return t;
}

Result<CodeRecord> code_from_fields(std::string_view hash, const Fields& f) {
  CodeRecord c;
  c.code_hash = std::string(hash);
  c.client_id = field(f, "client_id");
  c.redirect_uri = field(f, "redirect_uri");
  c.redirect_uri_required = field(f, "redirect_uri_required") == "1";
  c.code_challenge = field(f, "code_challenge");
  c.resource = field(f, "resource");
  c.scope = field(f, "scope");
  c.user = field(f, "user");
  c.family_id = field(f, "family_id");
  c.used = field(f, "used") == "1";
  if (!read_int(f, "expires_at", &c.expires_at)) return malformed("authorization code");
  return c;
}

}  // namespace

std::string redis_key_prefix(const std::string& scope_name) { return "gw:" + scope_name + ":"; }

RedisStore::RedisStore(std::shared_ptr<redis::Client> client, std::string prefix,
                       const Clock& clock)
    : client_(std::move(client)), prefix_(std::move(prefix)), clock_(clock) {}

std::int64_t RedisStore::ttl(std::int64_t expires_at) const {
  return std::max<std::int64_t>(1, expires_at - clock_.now_seconds());
}

Result<redis::Reply> RedisStore::eval(const std::string& script, std::vector<std::string> args) {
  std::vector<std::string> command = {"EVAL", script, "0"};
  for (auto& a : args) command.push_back(std::move(a));
  return client_->command(command);
}

namespace {

Status as_status(const Result<redis::Reply>& r) { return r ? Status::ok() : r.status(); }

}  // namespace

std::vector<std::string> RedisStore::token_args(const std::vector<TokenRecord>& tokens) const {
  std::vector<std::string> args = {num(static_cast<std::int64_t>(tokens.size()))};
  for (const auto& t : tokens) {
    for (std::string v :
         {t.token_hash, num(ttl(t.expires_at)), t.family_id, num(t.expires_at),
          std::string(t.kind == TokenKind::kRefresh ? "refresh" : "access"), t.client_id, t.user,
          t.resource, t.scope, num(t.issued_at), num(t.rotated_at), t.successor_key}) {
      args.push_back(std::move(v));
    }
  }
  return args;
}

Status RedisStore::put_client(const ClientRecord& client) {
  const bool dynamic = client.origin == ClientOrigin::kDynamic;
  std::string unused = dynamic && !client.used ? num(client.created_at) : "";
  std::string secret_expiry =
      dynamic && client.secret_expires_at != 0 ? num(client.secret_expires_at) : "";
  return as_status(
      eval(kPutClient, {prefix_, client.client_id, to_json(client).dump(), unused, secret_expiry}));
}

Result<ClientRecord> RedisStore::find_client(std::string_view client_id) {
  auto r = client_->command({"GET", prefix_ + "client:" + std::string(client_id)});
  if (!r) return r.status();
  if (r->is_nil()) return not_found("no such client");
  nlohmann::json j = nlohmann::json::parse(r->text, nullptr, false);
  if (j.is_discarded()) return malformed("client");
  return client_from_json(j);
}

Status RedisStore::erase_client(std::string_view client_id) {
  return as_status(eval(kEraseClient, {prefix_, std::string(client_id)}));
}

Status RedisStore::put_code(const CodeRecord& code) {
  return as_status(eval(kPutCode, {prefix_,
                                   code.code_hash,
                                   num(ttl(code.expires_at)),
                                   num(code.expires_at),
                                   "client_id",
                                   code.client_id,
                                   "redirect_uri",
                                   code.redirect_uri,
                                   "redirect_uri_required",
                                   code.redirect_uri_required ? "1" : "0",
                                   "code_challenge",
                                   code.code_challenge,
                                   "resource",
                                   code.resource,
                                   "scope",
                                   code.scope,
                                   "user",
                                   code.user,
                                   "family_id",
                                   code.family_id,
                                   "expires_at",
                                   num(code.expires_at),
                                   "used",
                                   code.used ? "1" : "0"}));
}

Result<CodeRecord> RedisStore::consume_code(std::string_view code_hash) {
  auto r = eval(kConsumeCode, {prefix_, std::string(code_hash)});
  if (!r) return r.status();
  if (r->is_nil()) return not_found("no such authorization code");
  return code_from_fields(code_hash, to_fields(*r));
}

Status RedisStore::put_tokens(const std::vector<TokenRecord>& tokens) {
  std::vector<std::string> args = {prefix_};
  for (auto& a : token_args(tokens)) args.push_back(std::move(a));
  auto r = eval(std::string(kPutTokensLua) + kPutTokens, std::move(args));
  if (!r) return r.status();
  if (r->integer == 0) return not_found("the grant was revoked");
  return Status::ok();
}

Result<TokenRecord> RedisStore::find_token(std::string_view token_hash) {
  auto r = client_->command({"HGETALL", prefix_ + "token:" + std::string(token_hash)});
  if (!r) return r.status();
  if (r->elements.empty()) return not_found("no such token");
  return token_from_fields(token_hash, to_fields(*r));
}

Status RedisStore::rotate_refresh_token(std::string_view token_hash, std::int64_t now,
                                        const std::vector<TokenRecord>& successors) {
  std::vector<std::string> args = {prefix_, std::string(token_hash), num(now)};
  for (auto& a : token_args(successors)) args.push_back(std::move(a));
  auto r = eval(std::string(kPutTokensLua) + kRotate, std::move(args));
  if (!r) return r.status();
  if (r->integer == 0) return not_found("no such refresh token");
  if (r->integer == 2) return failed_precondition("refresh token was already rotated");
  return Status::ok();
}

Status RedisStore::erase_token(std::string_view token_hash) {
  return as_status(eval(kEraseToken, {prefix_, std::string(token_hash)}));
}

Status RedisStore::erase_family(std::string_view family_id) {
  return as_status(eval(kEraseFamily, {prefix_, std::string(family_id)}));
}

Result<std::size_t> RedisStore::purge(std::int64_t now, std::int64_t unused_client_ttl_s) {
  auto r = eval(kPurge, {prefix_, num(now), num(now - unused_client_ttl_s)});
  if (!r) return r.status();
  return static_cast<std::size_t>(r->integer);
}

}  // namespace gw::oauth
