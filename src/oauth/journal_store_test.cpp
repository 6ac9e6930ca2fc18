#include "oauth/journal_store.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>

#include "oauth/store_test_records.h"

namespace gw::oauth {
namespace {

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    char tmpl[] = "/tmp/oauth-store-test-XXXXXX";
    path = ::mkdtemp(tmpl);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  std::string file(const char* name) const { return (path / name).string(); }
};

ClientRecord client(const std::string& id, std::int64_t created = 100) {
  ClientRecord c;
  c.client_id = id;
  c.redirect_uris = {"https://claude.ai/api/mcp/auth_callback"};
  c.client_name = "Claude";
  c.created_at = created;
  return c;
}

using store_test::token;

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace

TEST_CASE("journal store: state survives a reopen") {
  TempDir dir;
  const std::string path = dir.file("oauth/demo.log");
  {
    auto store = JournalStore::open(path, 100).value();
    REQUIRE(store->put_client(client("c1")).is_ok());
    REQUIRE(store->put_client(client("c2")).is_ok());
    REQUIRE(store->erase_client("c2").is_ok());
    REQUIRE(store
                ->put_tokens({token("a1", TokenKind::kAccess, "f1"),
                              token("r1", TokenKind::kRefresh, "f1"),
                              token("a2", TokenKind::kAccess, "f2")})
                .is_ok());
    REQUIRE(store->rotate_refresh_token("r1", 150, {}).is_ok());
    REQUIRE(store->erase_family("f2").is_ok());
    REQUIRE(store->put_tokens({token("a3", TokenKind::kAccess, "f3")}).is_ok());
    REQUIRE(store->erase_token("a3").is_ok());
    CodeRecord code;
    code.code_hash = "k";
    code.expires_at = 1000;
    REQUIRE(store->put_code(code).is_ok());
  }
  auto store = JournalStore::open(path, 200).value();
  CHECK(store->open_warnings().empty());
  CHECK(store->find_client("c1").value().client_name == "Claude");
  CHECK_FALSE(store->find_client("c2").is_ok());
  CHECK(store->find_token("a1").value().user == "alice");
  CHECK(store->find_token("r1").value().rotated_at == 150);
  CHECK_FALSE(store->find_token("a2").is_ok());
  CHECK_FALSE(store->find_token("a3").is_ok());
  CHECK(store->consume_code("k").status().code() == StatusCode::kNotFound);  // codes: memory only
  CHECK(std::filesystem::status(path).permissions() ==
        (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
}

TEST_CASE("journal store: no secret material is written, only hashes") {
  TempDir dir;
  const std::string path = dir.file("demo.log");
  auto store = JournalStore::open(path, 100).value();
  REQUIRE(store->put_tokens({token("hash-of-token", TokenKind::kAccess, "f")}).is_ok());
  std::string text = read_all(path);
  CHECK(text.find("hash-of-token") != std::string::npos);
  CHECK(text.find("\"kind\":\"access\"") != std::string::npos);
}

TEST_CASE("journal store: a torn last line is dropped with a warning") {
  TempDir dir;
  const std::string path = dir.file("demo.log");
  {
    auto store = JournalStore::open(path, 100).value();
    REQUIRE(store->put_client(client("c1")).is_ok());
    REQUIRE(store->put_client(client("c2")).is_ok());
  }
  std::string whole = read_all(path);
  // Simulate kill -9 in the middle of the second write.
  std::filesystem::resize_file(path, whole.size() - 20);
  {
    auto store = JournalStore::open(path, 100).value();
    REQUIRE(store->open_warnings().size() == 1);
    CHECK(store->open_warnings()[0] == "oauth store " + path + ":2: torn last line dropped");
    CHECK(store->find_client("c1").is_ok());
    CHECK_FALSE(store->find_client("c2").is_ok());
    REQUIRE(store->put_client(client("c3")).is_ok());  // appends after the last good line
  }
  auto store = JournalStore::open(path, 100).value();
  CHECK(store->open_warnings().empty());
  CHECK(store->find_client("c3").is_ok());
}

TEST_CASE("journal store: a damaged line before the last is an error naming the line") {
  TempDir dir;
  const std::string path = dir.file("demo.log");
  {
    std::ofstream out(path);
    out << "{\"op\":\"client_del\",\"id\":\"x\"}\n"
        << "garbage\n"
        << "{\"op\":\"client_del\",\"id\":\"y\"}\n";
  }
  auto store = JournalStore::open(path, 100);
  REQUIRE_FALSE(store.is_ok());
  CHECK(store.status().message() == "oauth store " + path + ":2: damaged record (not JSON)");
}

TEST_CASE("journal store: a full disk is a clear error and changes nothing") {
  TempDir dir;
  const std::string path = dir.file("demo.log");
  bool full = false;
  auto write_fn = [&full](int fd, const void* data, size_t size) -> ssize_t {
    if (full) {
      // Half the bytes land, then the disk is full: the store must undo the half line.
      ssize_t n = ::write(fd, data, size / 2);
      (void)n;
      errno = ENOSPC;
      full = false;
      return -1;
    }
    return ::write(fd, data, size);
  };
  auto store = JournalStore::open(path, 100, write_fn).value();
  REQUIRE(store->put_client(client("c1")).is_ok());
  auto size_before = std::filesystem::file_size(path);
  full = true;
  Status s = store->put_client(client("c2"));
  CHECK(s.code() == StatusCode::kUnavailable);
  CHECK(s.message() == "oauth store " + path + ": write failed: No space left on device");
  CHECK_FALSE(store->find_client("c2").is_ok());
  CHECK(std::filesystem::file_size(path) == size_before);
  store.reset();
  auto reopened = JournalStore::open(path, 100).value();
  CHECK(reopened->open_warnings().empty());
  CHECK(reopened->find_client("c1").is_ok());
}

TEST_CASE("journal store: a rotation that cannot be written leaves the token unrotated") {
  TempDir dir;
  const std::string path = dir.file("demo.log");
  bool full = false;
  auto write_fn = [&full](int fd, const void* data, size_t size) -> ssize_t {
    if (!full) return ::write(fd, data, size);
    errno = ENOSPC;
    return -1;
  };
  auto store = JournalStore::open(path, 100, write_fn).value();
  REQUIRE(store->put_tokens({token("r", TokenKind::kRefresh, "f")}).is_ok());
  full = true;
  Status s = store->rotate_refresh_token(
      "r", 150, {token("r2", TokenKind::kRefresh, "f"), token("a2", TokenKind::kAccess, "f")});
  CHECK(s.message() == "oauth store " + path + ": write failed: No space left on device");
  CHECK(store->find_token("r").value().rotated_at == 0);
  CHECK_FALSE(store->find_token("r2").is_ok());
  store.reset();
  auto reopened = JournalStore::open(path, 200).value();
  CHECK(reopened->find_token("r").value().rotated_at == 0);
  CHECK_FALSE(reopened->find_token("a2").is_ok());
}

TEST_CASE("journal store: compaction keeps the live state only") {
  TempDir dir;
  const std::string path = dir.file("demo.log");
  {
    auto store = JournalStore::open(path, 100).value();
    for (int i = 0; i < 50; ++i) {
      REQUIRE(store->put_client(client("tmp" + std::to_string(i))).is_ok());
      REQUIRE(store->erase_client("tmp" + std::to_string(i)).is_ok());
    }
    REQUIRE(store->put_client(client("keep")).is_ok());
    REQUIRE(store->put_tokens({token("r", TokenKind::kRefresh, "f")}).is_ok());
    CHECK(store->journal_lines() == 102);
    REQUIRE(store->compact().is_ok());
    CHECK(store->journal_lines() == 2);
    REQUIRE(store->put_client(client("after")).is_ok());
  }
  CHECK_FALSE(std::filesystem::exists(path + ".tmp"));
  auto store = JournalStore::open(path, 100).value();
  CHECK(store->journal_lines() == 3);
  CHECK(store->find_client("keep").is_ok());
  CHECK(store->find_client("after").is_ok());
  CHECK(store->find_token("r").is_ok());
  CHECK_FALSE(store->find_client("tmp0").is_ok());
}

TEST_CASE("journal store: compaction happens by itself when the journal grows") {
  TempDir dir;
  auto store = JournalStore::open(dir.file("demo.log"), 100).value();
  for (int i = 0; i < 600; ++i) {
    REQUIRE(store->put_client(client("tmp")).is_ok());
    REQUIRE(store->erase_client("tmp").is_ok());
  }
  CHECK(store->journal_lines() < 1000);
}

TEST_CASE("purge drops expired tokens and codes, and unused dynamic clients") {
  auto store = JournalStore::in_memory();
  ClientRecord used = client("used", 0);
  used.used = true;
  ClientRecord pre = client("pre", 0);
  pre.origin = ClientOrigin::kPreregistered;
  REQUIRE(store->put_client(used).is_ok());
  REQUIRE(store->put_client(pre).is_ok());
  REQUIRE(store->put_client(client("idle", 0)).is_ok());
  REQUIRE(store->put_client(client("fresh", 90'000)).is_ok());
  REQUIRE(store
              ->put_tokens({token("old", TokenKind::kAccess, "f", 99'999),
                            token("live", TokenKind::kAccess, "f", 100'001)})
              .is_ok());
  CodeRecord code;
  code.code_hash = "c";
  code.expires_at = 50;
  REQUIRE(store->put_code(code).is_ok());
  auto n = store->purge(100'000, 86'400);
  REQUIRE(n.is_ok());
  CHECK(*n == 3);
  CHECK(store->find_client("used").is_ok());
  CHECK(store->find_client("pre").is_ok());
  CHECK(store->find_client("fresh").is_ok());
  CHECK_FALSE(store->find_client("idle").is_ok());
  CHECK_FALSE(store->find_token("old").is_ok());
  CHECK(store->find_token("live").is_ok());
}

TEST_CASE("consume_code reports the state before; a rotation stores the successors with it") {
  auto store = JournalStore::in_memory();
  CodeRecord code;
  code.code_hash = "c";
  code.expires_at = 1000;
  REQUIRE(store->put_code(code).is_ok());
  CHECK_FALSE(store->consume_code("c").value().used);
  CHECK(store->consume_code("c").value().used);
  REQUIRE(
      store->put_tokens({token("r", TokenKind::kRefresh, "f"), token("a", TokenKind::kAccess, "f")})
          .is_ok());
  REQUIRE(store->rotate_refresh_token("r", 10, {token("r2", TokenKind::kRefresh, "f")}).is_ok());
  CHECK(store->find_token("r").value().rotated_at == 10);
  CHECK(store->find_token("r2").value().rotated_at == 0);
  // Once only: a second rotation (a concurrent refresh) stores nothing.
  CHECK(store->rotate_refresh_token("r", 20, {token("r3", TokenKind::kRefresh, "f")}).code() ==
        StatusCode::kFailedPrecondition);
  CHECK(store->find_token("r").value().rotated_at == 10);
  CHECK(store->find_token("r3").status().code() == StatusCode::kNotFound);
  CHECK(store->rotate_refresh_token("a", 10, {}).code() == StatusCode::kNotFound);
  CHECK(store->rotate_refresh_token("zz", 10, {}).code() == StatusCode::kNotFound);
}

}  // namespace gw::oauth

namespace gw::oauth {

TEST_CASE("journal store: counters and pending sign-ins are kept in memory, not journalled") {
  TempDir dir;
  const std::string path = dir.file("oauth/demo.log");
  auto store = JournalStore::open(path, 100).value();
  REQUIRE(store->put_client(client("c1")).is_ok());
  const std::size_t lines = store->journal_lines();
  CHECK(store->increment_counter("k", 100, 60).value().count == 1);
  CHECK(store->increment_counter("k", 101, 60).value().count == 2);
  CHECK(store->read_counter("k", 101).value().resets_at == 160);
  REQUIRE(store->reset_counter("k").is_ok());
  CHECK(store->read_counter("k", 101).value().count == 0);
  REQUIRE(store->put_pending_sign_in({"p1", "1.2.3.4", "h", 700, {{"x", 1}}}, 100, 5, 10).is_ok());
  CHECK(store->count_pending_sign_ins("1.2.3.4", 100).value() == 1);
  CHECK(store->find_pending_sign_in("p1", 100)->request["x"] == 1);
  CHECK(store->take_pending_sign_in("p1", 100).value().id == "p1");
  CHECK_FALSE(store->take_pending_sign_in("p1", 100));
  CHECK(store->journal_lines() == lines);
  CHECK(read_all(path).find("p1") == std::string::npos);
}

}  // namespace gw::oauth
