#include "util/random.h"

#include <sys/random.h>

#include <cstring>
#include <random>

namespace gw {
namespace {

// 256 bytes a block: 32 values per getrandom(2) call, 264 bytes of TLS.
struct Block {
  std::uint64_t values[32];
  unsigned next = 32;
};
thread_local Block t_block;

void refill(Block& block) {
  std::size_t filled = 0;
  auto* bytes = reinterpret_cast<unsigned char*>(block.values);
  while (filled < sizeof(block.values)) {
    const ssize_t n = getrandom(bytes + filled, sizeof(block.values) - filled, 0);
    if (n <= 0) break;  // EINTR, or a kernel without getrandom(2) (before Linux 3.17)
    filled += static_cast<std::size_t>(n);
  }
  if (filled < sizeof(block.values)) {
    std::random_device device;
    for (auto& v : block.values) v = (std::uint64_t{device()} << 32) | device();
  }
  block.next = 0;
}

}  // namespace

std::uint64_t random_u64() {
  Block& block = t_block;
  if (block.next == 32) refill(block);
  const std::uint64_t value = block.values[block.next];
  block.values[block.next++] = 0;  // a value is handed out once
  return value;
}

}  // namespace gw
