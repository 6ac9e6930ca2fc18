#include "oauth/journal_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "util/log.h"

namespace gw::oauth {
namespace {

// Compaction when the journal holds this many lines and at least 4x the live rows: amortised O(1)
// rewrites per change, bounded file size.
constexpr std::size_t kCompactMinLines = 1000;
// Revoked families remembered against a racing token write: the race lasts one request.
constexpr std::size_t kRevokedFamilies = 10000;

Status io_error(const std::string& path, const char* what, int err) {
  return unavailable("oauth store " + path + ": " + what + ": " + std::strerror(err));
}

// Writes all of `data` through `fn`, retrying short writes and EINTR.
int write_all(const JournalStore::WriteFn& fn, int fd, const std::string& data) {
  std::size_t done = 0;
  while (done < data.size()) {
    ssize_t n = fn(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return n == 0 ? ENOSPC : errno;
    done += static_cast<std::size_t>(n);
  }
  return 0;
}

Status fsync_dir(const std::string& file_path) {
  std::string dir = std::filesystem::path(file_path).parent_path().string();
  if (dir.empty()) dir = ".";
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0) return io_error(dir, "open directory", errno);
  int rc = ::fsync(dfd);
  int err = errno;
  ::close(dfd);
  return rc == 0 ? Status::ok() : io_error(dir, "fsync directory", err);
}

}  // namespace

Result<std::unique_ptr<JournalStore>> JournalStore::open(const std::string& path, std::int64_t now,
                                                         WriteFn write_fn) {
  std::unique_ptr<JournalStore> store(new JournalStore());
  store->path_ = path;
  store->write_fn_ = write_fn ? std::move(write_fn) : WriteFn(::write);
  std::error_code ec;
  auto dir = std::filesystem::path(path).parent_path();
  if (!dir.empty()) std::filesystem::create_directories(dir, ec);
  if (ec) return unavailable("oauth store " + dir.string() + ": " + ec.message());
  store->fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (store->fd_ < 0) return io_error(path, "open", errno);
  GW_RETURN_IF_ERROR(store->replay());
  auto purged = store->purge(now, std::int64_t{1} << 40);
  if (!purged) return purged.status();
  return store;
}

std::unique_ptr<JournalStore> JournalStore::in_memory() {
  return std::unique_ptr<JournalStore>(new JournalStore());
}

JournalStore::~JournalStore() {
  if (fd_ >= 0) ::close(fd_);
}

Status JournalStore::replay() {
  std::ifstream in(path_, std::ios::binary);
  std::string line;
  std::size_t line_no = 0;
  off_t good = 0;
  while (std::getline(in, line)) {
    ++line_no;
    bool complete = !in.eof();  // getline hit '\n' (not end of file)
    nlohmann::json op = nlohmann::json::parse(line, nullptr, false);
    Status applied = op.is_discarded() ? invalid_argument("not JSON") : apply(op);
    if (!applied.is_ok() || !complete) {
      if (in.peek() == std::char_traits<char>::eof()) {
        // kill -9 mid-write leaves at most the last line torn; drop it so new lines start clean.
        warnings_.push_back("oauth store " + path_ + ":" + std::to_string(line_no) +
                            ": torn last line dropped");
        if (::ftruncate(fd_, good) != 0) return io_error(path_, "truncate", errno);
        break;
      }
      return invalid_argument("oauth store " + path_ + ":" + std::to_string(line_no) +
                              ": damaged record (" + applied.message() + ")");
    }
    good += static_cast<off_t>(line.size() + 1);
    ++lines_;
  }
  size_ = good;
  return Status::ok();
}

Status JournalStore::apply(const nlohmann::json& op) {
  if (!op.is_object() || !op.contains("op") || !op["op"].is_string()) {
    return invalid_argument("no op");
  }
  const std::string kind = op["op"].get<std::string>();
  auto str = [&](const char* key) { return op.value(key, std::string()); };
  if (kind == "client") {
    auto c = client_from_json(op.value("v", nlohmann::json()));
    if (!c) return c.status();
    clients_[c->client_id] = std::move(*c);
  } else if (kind == "client_del") {
    clients_.erase(str("id"));
  } else if (kind == "token") {
    auto t = token_from_json(op.value("v", nlohmann::json()));
    if (!t) return t.status();
    tokens_[t->token_hash] = std::move(*t);
  } else if (kind == "token_rotated") {
    auto it = tokens_.find(str("h"));
    if (it != tokens_.end()) it->second.rotated_at = op.value("at", std::int64_t{0});
  } else if (kind == "token_del") {
    tokens_.erase(str("h"));
  } else if (kind == "family_del") {
    std::string family = str("f");
    std::erase_if(tokens_, [&](const auto& kv) { return kv.second.family_id == family; });
  } else {
    return invalid_argument("unknown op " + kind);
  }
  return Status::ok();
}

Status JournalStore::append(const std::vector<nlohmann::json>& ops) {
  if (fd_ < 0) return Status::ok();  // in memory
  std::string data;
  for (const auto& op : ops) data += op.dump() + "\n";
  int err = write_all(write_fn_, fd_, data);
  if (err == 0 && ::fdatasync(fd_) != 0) err = errno;
  if (err != 0) {
    // Leave no half line behind: the journal stays exactly as it was before this call.
    if (::ftruncate(fd_, size_) != 0) {
      return io_error(path_, "write failed and could not be undone", err);
    }
    return io_error(path_, "write failed", err);
  }
  size_ += static_cast<off_t>(data.size());
  lines_ += ops.size();
  return Status::ok();
}

void JournalStore::maybe_compact() {
  if (fd_ < 0 || lines_ < kCompactMinLines || lines_ < 4 * live_rows()) return;
  // The change that triggered this is already durable; a failed rewrite only postpones compaction.
  Status s = compact_locked();
  if (!s.is_ok()) log::warning("oauth store compaction failed", {{"error", s.message()}});
}

Status JournalStore::compact() {
  std::lock_guard lock(mu_);
  return compact_locked();
}

Status JournalStore::compact_locked() {
  if (fd_ < 0) return Status::ok();
  std::string data;
  std::size_t lines = 0;
  for (const auto& [id, c] : clients_) {
    data += nlohmann::json{{"op", "client"}, {"v", to_json(c)}}.dump() + "\n";
    ++lines;
  }
  for (const auto& [h, t] : tokens_) {
    data += nlohmann::json{{"op", "token"}, {"v", to_json(t)}}.dump() + "\n";
    ++lines;
  }
  const std::string tmp = path_ + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return io_error(tmp, "open", errno);
  int err = write_all(write_fn_, fd, data);
  if (err == 0 && ::fsync(fd) != 0) err = errno;
  ::close(fd);
  if (err == 0 && ::rename(tmp.c_str(), path_.c_str()) != 0) err = errno;
  if (err != 0) {
    ::unlink(tmp.c_str());
    return io_error(path_, "compaction failed (journal kept as it was)", err);
  }
  GW_RETURN_IF_ERROR(fsync_dir(path_));
  int new_fd = ::open(path_.c_str(), O_RDWR | O_APPEND | O_CLOEXEC);
  if (new_fd < 0) return io_error(path_, "reopen", errno);
  ::close(fd_);
  fd_ = new_fd;
  size_ = static_cast<off_t>(data.size());
  lines_ = lines;
  return Status::ok();
}

std::vector<ClientRecord> JournalStore::clients() const {
  std::lock_guard lock(mu_);
  std::vector<ClientRecord> out;
  for (const auto& [id, c] : clients_) out.push_back(c);
  return out;
}

std::vector<TokenRecord> JournalStore::tokens() const {
  std::lock_guard lock(mu_);
  std::vector<TokenRecord> out;
  for (const auto& [hash, t] : tokens_) out.push_back(t);
  return out;
}

std::size_t JournalStore::journal_lines() const {
  std::lock_guard lock(mu_);
  return lines_;
}

Status JournalStore::put_client(const ClientRecord& client) {
  std::lock_guard lock(mu_);
  GW_RETURN_IF_ERROR(append({{{"op", "client"}, {"v", to_json(client)}}}));
  clients_[client.client_id] = client;
  maybe_compact();
  return Status::ok();
}

Result<ClientRecord> JournalStore::find_client(std::string_view client_id) {
  std::lock_guard lock(mu_);
  auto it = clients_.find(client_id);
  if (it == clients_.end()) return not_found("no such client");
  return it->second;
}

Status JournalStore::erase_client(std::string_view client_id) {
  std::lock_guard lock(mu_);
  auto it = clients_.find(client_id);
  if (it == clients_.end()) return Status::ok();
  GW_RETURN_IF_ERROR(append({{{"op", "client_del"}, {"id", client_id}}}));
  clients_.erase(it);
  return Status::ok();
}

Status JournalStore::put_code(const CodeRecord& code) {
  std::lock_guard lock(mu_);
  codes_[code.code_hash] = code;
  return Status::ok();
}

Result<CodeRecord> JournalStore::consume_code(std::string_view code_hash) {
  std::lock_guard lock(mu_);
  auto it = codes_.find(code_hash);
  if (it == codes_.end()) return not_found("no such authorization code");
  CodeRecord before = it->second;
  it->second.used = true;
  return before;
}

Status JournalStore::put_tokens(const std::vector<TokenRecord>& tokens) {
  std::lock_guard lock(mu_);
  for (const auto& t : tokens) {
    if (revoked_families_.count(t.family_id)) return not_found("the grant was revoked");
  }
  std::vector<nlohmann::json> ops;
  for (const auto& t : tokens) ops.push_back({{"op", "token"}, {"v", to_json(t)}});
  GW_RETURN_IF_ERROR(append(ops));
  for (const auto& t : tokens) tokens_[t.token_hash] = t;
  maybe_compact();
  return Status::ok();
}

Result<TokenRecord> JournalStore::find_token(std::string_view token_hash) {
  std::lock_guard lock(mu_);
  auto it = tokens_.find(token_hash);
  if (it == tokens_.end()) return not_found("no such token");
  return it->second;
}

Status JournalStore::rotate_refresh_token(std::string_view token_hash, std::int64_t now,
                                          const std::vector<TokenRecord>& successors) {
  std::lock_guard lock(mu_);
  auto it = tokens_.find(token_hash);
  if (it == tokens_.end() || it->second.kind != TokenKind::kRefresh) {
    return not_found("no such refresh token");
  }
  for (const auto& t : successors) {
    if (revoked_families_.count(t.family_id)) return not_found("the grant was revoked");
  }
  if (it->second.rotated_at != 0) return failed_precondition("refresh token was already rotated");
  std::vector<nlohmann::json> ops;
  ops.push_back({{"op", "token_rotated"}, {"h", token_hash}, {"at", now}});
  for (const auto& t : successors) ops.push_back({{"op", "token"}, {"v", to_json(t)}});
  GW_RETURN_IF_ERROR(append(ops));
  it->second.rotated_at = now;
  for (const auto& t : successors) tokens_[t.token_hash] = t;
  maybe_compact();
  return Status::ok();
}

Status JournalStore::erase_token(std::string_view token_hash) {
  std::lock_guard lock(mu_);
  auto it = tokens_.find(token_hash);
  if (it == tokens_.end()) return Status::ok();
  GW_RETURN_IF_ERROR(append({{{"op", "token_del"}, {"h", token_hash}}}));
  tokens_.erase(it);
  return Status::ok();
}

Status JournalStore::erase_family(std::string_view family_id) {
  std::lock_guard lock(mu_);
  GW_RETURN_IF_ERROR(append({{{"op", "family_del"}, {"f", family_id}}}));
  std::erase_if(tokens_, [&](const auto& kv) { return kv.second.family_id == family_id; });
  if (revoked_families_.emplace(family_id).second) revoked_order_.emplace_back(family_id);
  if (revoked_order_.size() > kRevokedFamilies) {
    revoked_families_.erase(revoked_order_.front());
    revoked_order_.pop_front();
  }
  return Status::ok();
}

Result<std::size_t> JournalStore::purge(std::int64_t now, std::int64_t unused_client_ttl_s) {
  std::lock_guard lock(mu_);
  std::size_t before = codes_.size() + tokens_.size() + clients_.size();
  // Expired rows need no journal line: replay drops them again by their expiry.
  std::erase_if(codes_, [&](const auto& kv) { return kv.second.expires_at <= now; });
  std::erase_if(tokens_, [&](const auto& kv) { return kv.second.expires_at <= now; });
  std::vector<nlohmann::json> ops;
  std::vector<std::string> unused;
  for (const auto& [id, c] : clients_) {
    bool expired_secret = c.secret_expires_at != 0 && c.secret_expires_at <= now;
    bool never_used = !c.used && c.created_at + unused_client_ttl_s <= now;
    if (c.origin == ClientOrigin::kDynamic && (never_used || expired_secret)) {
      ops.push_back({{"op", "client_del"}, {"id", id}});
      unused.push_back(id);
    }
  }
  if (!ops.empty()) GW_RETURN_IF_ERROR(append(ops));
  for (const auto& id : unused) clients_.erase(id);
  maybe_compact();
  return before - (codes_.size() + tokens_.size() + clients_.size());
}

// Counters and pending sign-ins live in memory only (MemoryState, journal_store.h).
Result<WindowCount> JournalStore::increment_counter(std::string_view key, std::int64_t now,
                                                    std::int64_t window_s) {
  return memory_.increment_counter(key, now, window_s);
}

Result<WindowCount> JournalStore::read_counter(std::string_view key, std::int64_t now) {
  return memory_.read_counter(key, now);
}

Status JournalStore::reset_counter(std::string_view key) {
  memory_.reset_counter(key);
  return Status::ok();
}

Status JournalStore::put_pending_sign_in(const PendingSignIn& p, std::int64_t now,
                                         std::size_t max_per_address, std::size_t max_total) {
  memory_.put_pending_sign_in(p, now, max_per_address, max_total);
  return Status::ok();
}

Result<PendingSignIn> JournalStore::find_pending_sign_in(std::string_view id, std::int64_t now) {
  auto p = memory_.find_pending_sign_in(id, now);
  if (!p) return not_found("no such pending sign-in");
  return *std::move(p);
}

Status JournalStore::put_metadata_client(const ClientRecord& client, std::int64_t now,
                                         std::int64_t expires_at, std::size_t max_entries) {
  memory_.put_metadata_client(client, now, expires_at, max_entries);
  return Status::ok();
}

Result<ClientRecord> JournalStore::find_metadata_client(std::string_view client_id,
                                                        std::int64_t now) {
  auto c = memory_.find_metadata_client(client_id, now);
  if (!c) return not_found("no such client metadata document");
  return *std::move(c);
}

Result<PendingSignIn> JournalStore::take_pending_sign_in(std::string_view id, std::int64_t now) {
  return memory_.take_pending_sign_in(id, now);
}

Result<std::size_t> JournalStore::count_pending_sign_ins(std::string_view address,
                                                         std::int64_t now) {
  return memory_.count_pending_sign_ins(address, now);
}

}  // namespace gw::oauth
