#include "tools/audit_log.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "db/json_text.h"

namespace gw::tools {
namespace {

std::string iso_utc(std::int64_t unix_seconds) {
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

// A JSON string (RFC 8259 § 7) appended to `out`. Plain ASCII goes through the result encoder's
// escaper (db/json_text); text with any byte >= 0x80 goes through nlohmann's serializer, which
// replaces invalid UTF-8 (arguments come from the client) rather than fail to record the call.
void append_string(std::string& out, std::string_view text) {
  for (const char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      out += nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      return;
    }
  }
  db::append_json_string(out, text);  // the same bytes as nlohmann's for ASCII text
}

void append_field(std::string& out, std::string_view key, std::string_view value) {
  out += ",\"";
  out += key;
  out += "\":";
  append_string(out, value);
}

void append_field(std::string& out, std::string_view key, const std::optional<std::string>& value) {
  if (value) {
    append_field(out, key, std::string_view(*value));
    return;
  }
  out += ",\"";
  out += key;
  out += "\":null";
}

}  // namespace

Result<std::unique_ptr<AuditLog>> AuditLog::open(const std::string& path, Clock& clock) {
  // 0644 like fopen(3)'s "a" under the usual umask.
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) {
    return unavailable(fmt::format("cannot open audit log {}: {}", path, std::strerror(errno)));
  }
  return std::unique_ptr<AuditLog>(new AuditLog(fd, clock));
}

std::unique_ptr<AuditLog> AuditLog::disabled() {
  return std::unique_ptr<AuditLog>(new AuditLog(-1, SystemClock::instance()));
}

AuditLog::~AuditLog() {
  if (fd_ >= 0) ::close(fd_);
}

// Written straight into one string (no JSON tree): the line is built on every call.
std::string AuditLog::format(const AuditRecord& r, std::int64_t unix_seconds) {
  std::string line;
  line.reserve(192 + r.scope.size() + r.client_id.size() + r.user.size() +
               (r.query ? r.query->size() : 0) + (r.error ? r.error->size() : 0));
  line += "{\"time\":\"";
  line += iso_utc(unix_seconds);
  line += '"';
  append_field(line, "scope", std::string_view(r.scope));
  append_field(line, "client_id", std::string_view(r.client_id));
  append_field(line, "user", std::string_view(r.user));
  append_field(line, "tool", std::string_view(r.tool));
  append_field(line, "query", r.query);
  append_field(line, "table", r.table);
  line += fmt::format(",\"rows\":{},\"duration_ms\":{}", r.rows, r.duration_ms);
  append_field(line, "outcome", std::string_view(r.outcome));
  append_field(line, "error", r.error);
  // Only on scopes that have them, so the lines of the others keep their shape.
  if (!r.database.empty()) append_field(line, "database", std::string_view(r.database));
  if (!r.database_user.empty()) {
    append_field(line, "database_user", std::string_view(r.database_user));
  }
  line += '}';
  return line;
}

void AuditLog::write(const AuditRecord& record) {
  if (fd_ < 0) return;
  std::string line = format(record, clock_.now_seconds());
  line += '\n';
  // One write(2) in practice; a short write (a full disk, a signal) goes on with the rest.
  std::size_t done = 0;
  while (done < line.size()) {
    const ssize_t n = ::write(fd_, line.data() + done, line.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      // The disk refused the rest (ENOSPC, EFBIG). A line cut short would run into the next one:
      // take its start back off (O_APPEND left the offset at its end). The call is still answered.
      const off_t end = ::lseek(fd_, 0, SEEK_CUR);
      if (done > 0 && end >= static_cast<off_t>(done)) {
        [[maybe_unused]] const int ignored = ::ftruncate(fd_, end - static_cast<off_t>(done));
      }
      return;
    }
    done += static_cast<std::size_t>(n);
  }
}

}  // namespace gw::tools
