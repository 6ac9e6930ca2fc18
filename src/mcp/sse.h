#pragma once
// Server-Sent Events framing (WHATWG HTML § Server-sent events) and the Accept checks that decide
// when a response may be a stream.

#include <string>
#include <string_view>

namespace gw::mcp {

inline constexpr std::string_view kEventStream = "text/event-stream";

// "event: <event>\ndata: <line>\n...\n\n". A data line break starts another data: line, so
// the receiver rebuilds the same text; CR is dropped (it would end a field early).
std::string sse_event(std::string_view event, std::string_view data);
// ": <text>\n\n": a comment; clients ignore it, proxies see traffic (keep-alive).
std::string sse_comment(std::string_view text);

// Whether an Accept header names the media type itself (no wildcards) with a q above 0.
// SSE is chosen only when the client named it: a client sending */* may not parse a stream.
bool accept_lists(std::string_view accept, std::string_view media_type);

}  // namespace gw::mcp
