#include "oauth/window_counter.h"

#include <algorithm>

namespace gw::oauth {

std::int64_t retry_after_s(const WindowCount& count, int limit, std::int64_t now) {
  if (count.count < limit || count.resets_at <= now) return 0;
  return std::max<std::int64_t>(1, count.resets_at - now);
}

WindowCounter::WindowCounter(Store& store, const Clock& clock, std::string name, int limit,
                             std::int64_t window_s)
    : store_(store), clock_(clock), name_(std::move(name)), limit_(limit), window_s_(window_s) {}

bool WindowCounter::exceeded(const std::string& key) {
  auto count = store_.read_counter(store_key(key), clock_.now_seconds());
  return count && count->count >= limit_;
}

void WindowCounter::record(const std::string& key) {
  (void)store_.increment_counter(store_key(key), clock_.now_seconds(), window_s_);
}

bool WindowCounter::try_acquire(const std::string& key) {
  // Increment first, then compare: two concurrent callers at limit - 1 cannot both pass.
  auto count = store_.increment_counter(store_key(key), clock_.now_seconds(), window_s_);
  return !count || count->count <= limit_;
}

void WindowCounter::reset(const std::string& key) { (void)store_.reset_counter(store_key(key)); }

std::int64_t WindowCounter::retry_after_s(const std::string& key) {
  const std::int64_t now = clock_.now_seconds();
  auto count = store_.read_counter(store_key(key), now);
  return count ? oauth::retry_after_s(*count, limit_, now) : 0;
}

}  // namespace gw::oauth
