#pragma once
// Random 64-bit values from the kernel's CSPRNG (getrandom(2)), for names that must not be guessed
// (the EXECUTE AS cookie variable) or repeat (request ids). No generator state per thread: a
// thread_local std::mt19937_64 is 2.5 KiB of static TLS that glibc zeroes at the top of every
// thread's stack, and the gateway runs a thread per connection (an idle SSE stream's cost).

#include <cstdint>

namespace gw {

// Thread-safe. A few system calls per hundred values (the bytes are fetched in blocks).
std::uint64_t random_u64();

}  // namespace gw
