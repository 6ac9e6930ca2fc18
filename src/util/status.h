#pragma once
// The one error convention of the gateway (src/README.md, "Error reasons"):
// every expected failure is a Status, every fallible computation returns Result<T>.
// No exceptions of our own; a library's exceptions are caught in the adapter that calls it.

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace gw {

enum class StatusCode {
  kOk,
  kInvalidArgument,     // the caller's input is wrong (bad config, bad request, bad SQL)
  kNotFound,            // no such scope, table, session, client
  kPermissionDenied,    // read-only violation, forbidden origin
  kUnauthenticated,     // missing or bad credentials / token
  kFailedPrecondition,  // state does not allow the operation
  kResourceExhausted,   // limits: body too large, pool busy, rate limit
  kDeadlineExceeded,    // timeouts
  kCancelled,           // the client cancelled
  kUnavailable,         // the database or a dependency is down
  kInternal,            // a bug or an unexpected library failure
};

const char* status_code_name(StatusCode code);

// The error codes of an OAuth refusal: RFC 6749 §4.1.2.1 and §5.2, RFC 6750 §3.1, RFC 7591
// §3.2.2, RFC 8707 §2, RFC 8628 §3.5 (slow_down). oauth/oauth_error.h names them and maps them to
// an HTTP status.
enum class OAuthErrorCode {
  kInvalidRequest,
  kInvalidClient,
  kInvalidGrant,
  kUnauthorizedClient,
  kUnsupportedGrantType,
  kInvalidScope,
  kInvalidTarget,
  kAccessDenied,
  kUnsupportedResponseType,
  kServerError,
  kTemporarilyUnavailable,
  kInvalidRedirectUri,
  kInvalidClientMetadata,
  kInvalidToken,
  kInsufficientScope,
  kSlowDown,
};

// An error SQL Server sent (a message of severity 11 or more): what a client needs to look it up
// in Microsoft's "Database engine events and errors" reference.
struct SqlServerError {
  int number = 0;
  int severity = 0;
  int state = 0;
  int line = 0;

  bool operator==(const SqlServerError&) const = default;
};

// A machine-readable reason beside the code, for the surfaces that answer with a protocol's own
// error codes; empty for most failures. The message stays free text, for people and logs: no code
// parses it.
using StatusReason = std::variant<std::monostate, OAuthErrorCode, SqlServerError>;

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message, StatusReason reason = {})
      : code_(code), message_(std::move(message)), reason_(reason) {}

  static Status ok() { return Status(); }
  bool is_ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const StatusReason& reason() const { return reason_; }
  // The OAuth error code of a refusal, or null.
  const OAuthErrorCode* oauth_error_code() const { return std::get_if<OAuthErrorCode>(&reason_); }
  // The SQL Server error behind a failed query, or null.
  const SqlServerError* sql_server_error() const { return std::get_if<SqlServerError>(&reason_); }
  // "InvalidArgument: message", for logs and tests.
  std::string to_string() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  StatusReason reason_;
};

inline Status invalid_argument(std::string m) {
  return {StatusCode::kInvalidArgument, std::move(m)};
}
inline Status not_found(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
inline Status permission_denied(std::string m) {
  return {StatusCode::kPermissionDenied, std::move(m)};
}
inline Status unauthenticated(std::string m) {
  return {StatusCode::kUnauthenticated, std::move(m)};
}
inline Status failed_precondition(std::string m) {
  return {StatusCode::kFailedPrecondition, std::move(m)};
}
inline Status resource_exhausted(std::string m) {
  return {StatusCode::kResourceExhausted, std::move(m)};
}
inline Status deadline_exceeded(std::string m) {
  return {StatusCode::kDeadlineExceeded, std::move(m)};
}
inline Status cancelled(std::string m) { return {StatusCode::kCancelled, std::move(m)}; }
inline Status unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
inline Status internal_error(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

// A value or the Status that explains why there is none. REQUIRES: an error Status is not OK.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}  // NOLINT: implicit by design, like std::expected
  Result(Status error) : state_(std::move(error)) {}  // NOLINT

  bool is_ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return is_ok(); }

  T& value() & { return std::get<T>(state_); }
  const T& value() const& { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  // The error; REQUIRES !is_ok().
  const Status& status() const { return std::get<Status>(state_); }

 private:
  std::variant<T, Status> state_;
};

inline const Status& status_of(const Status& s) { return s; }
template <typename T>
const Status& status_of(const Result<T>& r) {
  return r.status();
}

}  // namespace gw

// Early return for a failing Status or Result inside a function that returns Status or Result<U>.
#define GW_RETURN_IF_ERROR(expr)                                 \
  do {                                                           \
    const auto& gw_status_ = (expr);                             \
    if (!gw_status_.is_ok()) return ::gw::status_of(gw_status_); \
  } while (0)
