#include "http/stream_slots.h"

#include <doctest/doctest.h>

#include <vector>

namespace gw::http {
namespace {

using LeasePtr = std::shared_ptr<StreamSlots::Lease>;

TEST_CASE("streams are capped per token, per address and in all; closing one frees its slot") {
  auto slots = std::make_shared<StreamSlots>();
  const StreamCaps caps{2, 3, 4};
  std::vector<LeasePtr> held;
  auto open = [&](const std::string& token, const std::string& address) {
    LeasePtr lease;
    const StreamRefusal refusal = slots->try_open(token, address, caps, &lease);
    CHECK((refusal == StreamRefusal::kNone) == (lease != nullptr));
    if (lease) held.push_back(lease);
    return refusal;
  };
  CHECK(open("alice", "10.0.0.1") == StreamRefusal::kNone);
  CHECK(open("alice", "10.0.0.1") == StreamRefusal::kNone);
  CHECK(open("alice", "10.0.0.2") == StreamRefusal::kPerToken);  // from anywhere
  CHECK(open("bob", "10.0.0.1") == StreamRefusal::kNone);
  CHECK(open("carol", "10.0.0.1") == StreamRefusal::kPerAddress);
  CHECK(open("", "10.0.0.1") == StreamRefusal::kPerAddress);  // no token: the address still counts
  CHECK(open("", "10.0.0.2") == StreamRefusal::kNone);
  CHECK(open("", "10.0.0.3") == StreamRefusal::kServer);  // 4 open in all
  CHECK(slots->open() == 4);
  CHECK(slots->open_for_token("alice") == 2);
  CHECK(slots->open_for_address("10.0.0.1") == 3);
  // A refusal holds nothing.
  CHECK(slots->open_for_token("carol") == 0);

  held.erase(held.begin());  // one of alice's streams ends
  CHECK(slots->open() == 3);
  CHECK(slots->open_for_token("alice") == 1);
  CHECK(open("alice", "10.0.0.3") == StreamRefusal::kNone);
  held.clear();
  CHECK(slots->open() == 0);
  CHECK(slots->open_for_address("10.0.0.1") == 0);
}

TEST_CASE("lowered caps (a reload) refuse new streams and leave open ones alone") {
  auto slots = std::make_shared<StreamSlots>();
  std::vector<LeasePtr> held(3);
  for (auto& lease : held) {
    REQUIRE(slots->try_open("t", "a", StreamCaps{16, 64, 100}, &lease) == StreamRefusal::kNone);
  }
  LeasePtr more;
  CHECK(slots->try_open("t", "a", StreamCaps{2, 64, 100}, &more) == StreamRefusal::kPerToken);
  CHECK(slots->open() == 3);
}

TEST_CASE("the server-wide cap keeps a reserve, at most half of max_connections") {
  CHECK(stream_total_cap(4096, 64) == 4032);
  CHECK(stream_total_cap(100, 64) == 50);
  CHECK(stream_total_cap(16, 0) == 16);
  CHECK(stream_total_cap(17, 64) == 9);
  CHECK(std::string(refusal_reason(StreamRefusal::kPerToken)) == "streams_per_token");
  CHECK(std::string(refusal_reason(StreamRefusal::kPerAddress)) == "streams_per_address");
  CHECK(std::string(refusal_reason(StreamRefusal::kServer)) == "streams_server");
}

}  // namespace
}  // namespace gw::http
