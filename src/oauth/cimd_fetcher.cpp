#include "oauth/cimd_fetcher.h"

#include <httplib.h>
#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <memory>

#include "http/alarm.h"
#include "http/client_watch.h"
#include "util/cancellation.h"
#include "util/log.h"
#include "util/number.h"

namespace gw::oauth {
namespace {

// Ends a fetch in progress from another thread (the deadline's alarm, the requester's ClientWatch)
// by shutting its socket down: the blocked connect, TLS read or body read returns at once. It holds
// a dup() of httplib's descriptor, so a descriptor number that httplib closed and the process
// reused is never touched.
class FetchAbort {
 public:
  enum class Reason { kNone, kDeadline, kRequesterGone };

  ~FetchAbort() {
    if (fd_ >= 0) ::close(fd_);
  }
  // httplib's socket options hook: the fetch's socket, just created.
  void adopt(int fd) {
    std::lock_guard lock(mu_);
    if (fd_ >= 0) ::close(fd_);
    fd_ = ::dup(fd);
    if (reason_ != Reason::kNone) ::shutdown(fd, SHUT_RDWR);
  }
  void abort(Reason reason) {
    std::lock_guard lock(mu_);
    if (reason_ == Reason::kNone) reason_ = reason;
    if (fd_ >= 0) ::shutdown(fd_, SHUT_RDWR);
  }
  Reason reason() {
    std::lock_guard lock(mu_);
    return reason_;
  }

 private:
  std::mutex mu_;
  int fd_ = -1;
  Reason reason_ = Reason::kNone;
};

// A place among the fetches in flight, held for the fetch's lifetime; taken and checked in one
// atomic step, so concurrent requests cannot all pass a check of the old count.
class InFlight {
 public:
  InFlight(std::atomic<int>& count, int max) : count_(count), held_(++count_ <= max) {}
  ~InFlight() { --count_; }
  InFlight(const InFlight&) = delete;
  InFlight& operator=(const InFlight&) = delete;
  bool held() const { return held_; }

 private:
  std::atomic<int>& count_;
  const bool held_;
};

}  // namespace

CimdFetcher::CimdFetcher(const Clock& clock, CimdOptions options, Store* store)
    : clock_(clock), options_(std::move(options)), store_(store) {}

std::optional<Result<ClientRecord>> CimdFetcher::cached(const std::string& client_id,
                                                        std::int64_t now) {
  std::lock_guard lock(mu_);
  auto it = cache_.find(client_id);
  if (it == cache_.end() || it->second.expires_at <= now) return std::nullopt;
  return it->second.outcome;
}

void CimdFetcher::remember(const std::string& client_id, const Result<ClientRecord>& outcome,
                           std::int64_t cache_for, std::int64_t now) {
  if (cache_for <= 0 || options_.max_cached == 0) return;
  std::lock_guard lock(mu_);
  if (auto it = cache_.find(client_id); it != cache_.end()) {
    cache_by_age_.erase(it->second.order);
    cache_.erase(it);
  }
  while (cache_.size() >= options_.max_cached && !cache_by_age_.empty()) {
    cache_.erase(cache_by_age_.begin()->second);
    cache_by_age_.erase(cache_by_age_.begin());
  }
  const std::uint64_t order = ++next_order_;
  cache_.emplace(client_id, Cached{outcome, now + cache_for, order});
  cache_by_age_.emplace(order, client_id);
}

Result<ClientRecord> CimdFetcher::resolve(const std::string& client_id) {
  GW_RETURN_IF_ERROR(validate_metadata_url(client_id));
  const std::int64_t now = clock_.now_seconds();
  if (store_ != nullptr) {
    // A store that cannot answer is not a miss worth a fetch: the caller's store is the same one.
    auto kept = store_->find_metadata_client(client_id, now);
    if (kept || kept.status().code() != StatusCode::kNotFound) return kept;
  }
  if (auto hit = cached(client_id, now)) return *hit;
  const InFlight place(in_flight_, options_.max_concurrent);
  if (!place.held()) {
    return resource_exhausted("too many client metadata documents are being fetched");
  }
  std::int64_t cache_for = 0;
  auto client = fetch(client_id, cache_for);
  // Failures are cached briefly, so a slow or broken document costs one fetch per
  // failure_cache_s, not one per request; a requester that went away decided nothing.
  if (!client && client.status().code() != StatusCode::kCancelled) {
    cache_for = options_.failure_cache_s;
  }
  if (client && store_ != nullptr) {
    if (cache_for > 0 && options_.max_cached > 0) {
      Status kept = store_->put_metadata_client(*client, now, now + cache_for, options_.max_cached);
      if (!kept.is_ok()) log::warning("client metadata not cached", {{"error", kept.message()}});
    }
    return client;
  }
  remember(client_id, client, cache_for, now);
  return client;
}

Result<std::string> CimdFetcher::pick_address(const std::string& host,
                                              std::chrono::steady_clock::time_point deadline) {
  std::string name = host;
  if (name.size() > 2 && name.front() == '[') name = name.substr(1, name.size() - 2);
  // The lookup counts against the fetch's one deadline (bounded_lookup.h says why).
  auto addresses = lookup_.resolve(name, deadline);
  if (!addresses) return unavailable("client metadata " + addresses.status().message());
  std::string chosen;
  bool refused = false;
  for (const std::string& address : *addresses) {
    // Every address must be public: a name with one private address is a rebinding attempt.
    if (is_non_public_address(address) && !options_.allow_private_addresses) refused = true;
    if (chosen.empty()) chosen = address;
  }
  if (refused) {
    return permission_denied("client metadata host " + host + " resolves to a non-public address");
  }
  if (chosen.empty()) return unavailable("client metadata host " + host + " does not resolve");
  return chosen;
}

Result<ClientRecord> CimdFetcher::fetch(const std::string& client_id, std::int64_t& cache_for) {
  using std::chrono::milliseconds;
  const auto deadline = std::chrono::steady_clock::now() + milliseconds(options_.timeout_ms);
  auto url = parse_url(client_id);
  if (!url) return invalid_argument("client_id URL must be https");
  // parse_url checked the port's digits; its range is checked here (never std::stoi: it throws).
  const auto port =
      url->port.empty() ? std::optional<std::int64_t>(443) : parse_decimal(url->port, 1, 65535);
  if (!port) return invalid_argument("client_id URL port must be a number from 1 to 65535");
  auto address = pick_address(url->host, deadline);
  if (!address) return address.status();
  std::string host = url->host;
  if (host.size() > 2 && host.front() == '[') host = host.substr(1, host.size() - 2);

  auto abort = std::make_shared<FetchAbort>();
  auto cancel = std::make_shared<CancellationToken>();
  const auto abort_on_cancel = CancellationToken::on_cancel(
      cancel, [abort] { abort->abort(FetchAbort::Reason::kRequesterGone); });
  const http::ClientWatch watch([cancel] { cancel->cancel(); });
  const http::Alarm alarm(deadline, [abort] { abort->abort(FetchAbort::Reason::kDeadline); });

  httplib::SSLClient cli(host, static_cast<int>(*port));
  cli.set_hostname_addr_map({{host, *address}});  // connect to the address checked above
  cli.set_socket_options([abort](socket_t fd) { abort->adopt(fd); });
  cli.set_follow_location(false);
  cli.set_keep_alive(false);
  const auto connect_ms = std::min(options_.connect_timeout_ms, options_.timeout_ms);
  cli.set_connection_timeout(milliseconds(connect_ms));
  // Each read and write is also bounded by the whole budget; the alarm bounds their sum.
  cli.set_read_timeout(milliseconds(options_.timeout_ms));
  cli.set_write_timeout(milliseconds(options_.timeout_ms));
  if (!options_.ca_file.empty()) cli.set_ca_cert_path(options_.ca_file);
  cli.enable_server_certificate_verification(true);
  std::string body;
  bool too_big = false;
  std::string target = url->path + (url->query.empty() ? "" : "?" + url->query);
  auto res = cli.Get(target, {{"Accept", "application/json"}}, [&](const char* data, size_t len) {
    if (body.size() + len > options_.max_bytes) {
      too_big = true;
      return false;
    }
    body.append(data, len);
    return true;
  });
  switch (abort->reason()) {
    case FetchAbort::Reason::kRequesterGone:
      return cancelled("the browser went away before the client metadata document arrived");
    case FetchAbort::Reason::kDeadline:
      return unavailable("client metadata document could not be fetched within " +
                         std::to_string(options_.timeout_ms) + " ms");
    case FetchAbort::Reason::kNone: break;
  }
  if (too_big) return invalid_argument("client metadata document is larger than 64 KiB");
  if (!res) {
    return unavailable("client metadata document could not be fetched (" +
                       httplib::to_string(res.error()) + ")");
  }
  if (res->status != 200) {
    // The host answered: the document is wrong, not the network (unavailable means offline).
    return invalid_argument("client metadata document fetch answered HTTP " +
                            std::to_string(res->status));
  }
  cache_for = cache_seconds(res->get_header_value("Cache-Control"),
                            res->get_header_value("Expires"), res->get_header_value("Date"));
  return validate_metadata_document(client_id, body, options_.redirect_policy,
                                    clock_.now_seconds());
}

}  // namespace gw::oauth
