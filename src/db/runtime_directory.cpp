#include "db/runtime_directory.h"

#include <signal.h>

#include <cerrno>
#include <charconv>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace gw::db {
namespace {

constexpr std::string_view kPrefix = "mssql-mcp-gateway-";

}  // namespace

std::filesystem::path runtime_directory(const std::filesystem::path& temp_dir, pid_t pid) {
  return temp_dir / (std::string(kPrefix) + std::to_string(pid));
}

int remove_stale_runtime_directories(const std::filesystem::path& temp_dir, pid_t self,
                                     const std::function<bool(pid_t)>& alive) {
  std::error_code ec;
  std::vector<std::filesystem::path> stale;
  for (std::filesystem::directory_iterator it(temp_dir, ec), end; !ec && it != end;
       it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.size() <= kPrefix.size() || name.compare(0, kPrefix.size(), kPrefix) != 0) continue;
    const std::string_view digits = std::string_view(name).substr(kPrefix.size());
    pid_t pid = 0;
    const auto [end_of_number, error] =
        std::from_chars(digits.data(), digits.data() + digits.size(), pid);
    if (error != std::errc() || end_of_number != digits.data() + digits.size() || pid <= 0) {
      continue;
    }
    std::error_code type_error;
    if (!it->is_directory(type_error) || it->is_symlink(type_error)) continue;
    if (pid == self || alive(pid)) continue;
    stale.push_back(it->path());
  }
  int removed = 0;
  for (const auto& path : stale) {
    std::error_code remove_error;
    if (std::filesystem::remove_all(path, remove_error) > 0 && !remove_error) ++removed;
  }
  return removed;
}

bool process_exists(pid_t pid) { return kill(pid, 0) == 0 || errno == EPERM; }

}  // namespace gw::db
