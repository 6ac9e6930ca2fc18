#include "util/cancellation.h"

#include <doctest/doctest.h>

#include <thread>

namespace gw {
namespace {

TEST_CASE(
    "cancel runs each subscribed callback once, and no callback after its subscription ends") {
  auto token = std::make_shared<CancellationToken>();
  int kept = 0;
  int ended = 0;
  CancellationToken::Subscription keep = CancellationToken::on_cancel(token, [&kept] { ++kept; });
  {
    CancellationToken::Subscription end =
        CancellationToken::on_cancel(token, [&ended] { ++ended; });
  }
  CHECK_FALSE(token->is_cancelled());
  token->cancel();
  token->cancel();
  CHECK(token->is_cancelled());
  CHECK(kept == 1);
  CHECK(ended == 0);
}

TEST_CASE("subscribing to a cancelled token runs the callback at once") {
  auto token = std::make_shared<CancellationToken>();
  token->cancel();
  int runs = 0;
  CancellationToken::Subscription s = CancellationToken::on_cancel(token, [&runs] { ++runs; });
  CHECK(runs == 1);
}

TEST_CASE("a token linked to another is cancelled with it (a request's calls follow the request)") {
  auto request = std::make_shared<CancellationToken>();
  auto call = std::make_shared<CancellationToken>();
  CancellationToken::Subscription link =
      CancellationToken::on_cancel(request, [call] { call->cancel(); });
  std::thread canceller([request] { request->cancel(); });
  canceller.join();
  CHECK(call->is_cancelled());
}

TEST_CASE("a moved subscription ends once") {
  auto token = std::make_shared<CancellationToken>();
  int runs = 0;
  CancellationToken::Subscription outer;
  {
    CancellationToken::Subscription inner =
        CancellationToken::on_cancel(token, [&runs] { ++runs; });
    outer = std::move(inner);
  }
  token->cancel();
  CHECK(runs == 1);
  outer.reset();
}

}  // namespace
}  // namespace gw
