#pragma once
// The embedded Store: state in memory, every change appended as one JSON line to a journal file
// (data_dir/oauth/<scope>.log) and fsync'd before the call returns, so clients and tokens survive a
// restart and kill -9. The journal is replayed at open and compacted (write temp + fsync + rename)
// when it has grown well past the live state. Authorization codes (single-use, ~60 s) stay in
// memory only: a restart in the middle of a sign-in costs one more sign-in, not a journal write. So
// do the counters and pending sign-ins (MemoryState): one process is one replica.

#include <sys/types.h>

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "oauth/memory_state.h"
#include "oauth/store.h"

namespace gw::oauth {

class JournalStore final : public Store {
 public:
  // The system call used to append, replaceable so a test can inject ENOSPC into the real store.
  using WriteFn = std::function<ssize_t(int fd, const void* data, size_t size)>;

  // Opens (creating the file and its directory if needed) and replays `path`. A torn last line
  // (kill -9 in the middle of a write) is dropped with a warning; a damaged line before the last is
  // an error naming the file and line. Expired rows are dropped at open (`now`).
  static Result<std::unique_ptr<JournalStore>> open(const std::string& path, std::int64_t now,
                                                    WriteFn write_fn = {});
  // No file: for tests of the logic above the store.
  static std::unique_ptr<JournalStore> in_memory();

  ~JournalStore() override;

  Status put_client(const ClientRecord& client) override;
  Result<ClientRecord> find_client(std::string_view client_id) override;
  Status erase_client(std::string_view client_id) override;
  Status put_code(const CodeRecord& code) override;
  Result<CodeRecord> consume_code(std::string_view code_hash) override;
  Status put_tokens(const std::vector<TokenRecord>& tokens) override;
  Result<TokenRecord> find_token(std::string_view token_hash) override;
  Status rotate_refresh_token(std::string_view token_hash, std::int64_t now,
                              const std::vector<TokenRecord>& successors) override;
  Status erase_token(std::string_view token_hash) override;
  Status erase_family(std::string_view family_id) override;
  Result<std::size_t> purge(std::int64_t now, std::int64_t unused_client_ttl_s) override;
  Result<WindowCount> increment_counter(std::string_view key, std::int64_t now,
                                        std::int64_t window_s) override;
  Result<WindowCount> read_counter(std::string_view key, std::int64_t now) override;
  Status reset_counter(std::string_view key) override;
  Status put_pending_sign_in(const PendingSignIn& p, std::int64_t now, std::size_t max_per_address,
                             std::size_t max_total) override;
  Result<PendingSignIn> find_pending_sign_in(std::string_view id, std::int64_t now) override;
  Status put_metadata_client(const ClientRecord& client, std::int64_t now, std::int64_t expires_at,
                             std::size_t max_entries) override;
  Result<ClientRecord> find_metadata_client(std::string_view client_id, std::int64_t now) override;
  Result<PendingSignIn> take_pending_sign_in(std::string_view id, std::int64_t now) override;
  Result<std::size_t> count_pending_sign_ins(std::string_view address, std::int64_t now) override;

  // Copies of the live clients and tokens (migrate-state).
  std::vector<ClientRecord> clients() const;
  std::vector<TokenRecord> tokens() const;

  // What open() tolerated (a torn last line), for the caller to log.
  const std::vector<std::string>& open_warnings() const { return warnings_; }
  // Rewrites the journal as the live state now (also done automatically when it grows).
  Status compact();
  std::size_t journal_lines() const;

 private:
  JournalStore() = default;
  Status replay();
  Status apply(const nlohmann::json& op);
  // Appends `ops` as lines and fsyncs; on failure truncates back to where it started.
  Status append(const std::vector<nlohmann::json>& ops);
  void maybe_compact();
  Status compact_locked();
  std::size_t live_rows() const { return clients_.size() + tokens_.size(); }

  mutable std::mutex mu_;
  std::string path_;  // empty: in memory only
  int fd_ = -1;
  off_t size_ = 0;
  std::size_t lines_ = 0;
  WriteFn write_fn_;
  std::vector<std::string> warnings_;
  std::map<std::string, ClientRecord, std::less<>> clients_;
  std::map<std::string, CodeRecord, std::less<>> codes_;
  std::map<std::string, TokenRecord, std::less<>> tokens_;
  // Families erased lately (in memory, the newest kRevokedFamilies): a token write of one of them,
  // racing the revocation, is refused (store.h).
  std::set<std::string, std::less<>> revoked_families_;
  std::deque<std::string> revoked_order_;
  MemoryState memory_;  // has its own lock
};

}  // namespace gw::oauth
