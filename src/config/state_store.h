#pragma once
// Where the OAuth state and the initialize-era MCP sessions live (server.state_store): the journal
// files under data_dir (one machine), or a Redis server that several gateway replicas share. A
// pure parser of the key's text, so `check` judges it without connecting anywhere.

#include <string>

#include "util/secret.h"
#include "util/status.h"

namespace gw::config {

struct StateStore {
  enum class Kind { kJournal, kRedis };
  Kind kind = Kind::kJournal;
  // kRedis only.
  std::string host;
  int port = 6379;
  int database = 0;
  std::string user;     // empty: Redis's "default" user (AUTH with the password alone)
  Secret password;      // empty: no AUTH
  bool tls = false;     // rediss://
  std::string ca_file;  // rediss://…?ca_file=PATH: the CAs to trust; "": OpenSSL's default store

  bool is_redis() const { return kind == Kind::kRedis; }
  // "journal" or "redis[s]://user@host:port/db": what a log line or an error may show (no
  // password).
  std::string display() const;
};

// "journal", or redis://[user[:password]@]host[:port][/db] (RFC 3986 userinfo; %XX escapes in the
// user and password, so a password may hold '@' or ':'; an IPv6 host in brackets); rediss://…
// the same over TLS, optionally ?ca_file=PATH (%XX escapes allowed) for a private CA.
Result<StateStore> parse_state_store(const std::string& text);

}  // namespace gw::config
