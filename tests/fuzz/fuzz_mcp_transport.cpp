// Fuzz target: what the MCP transports take from headers and parameters besides the body:
// protocol version negotiation (lifecycle § Version Negotiation), the MCP-Protocol-Version shape,
// the session policy, Accept lists, pagination cursors, and SSE framing of any data. The input is
// "version\naccept\ncursor\ndata".
// Invariants: negotiation always yields a supported version and echoes a supported request; every
// supported version is well formed; a refused session is a 4xx; a page lies within the list; an
// SSE event reads back (WHATWG HTML § Server-sent events) as one event carrying the data.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_check.h"
#include "mcp/pagination.h"
#include "mcp/protocol_version.h"
#include "mcp/session_policy.h"
#include "mcp/sse.h"

namespace {

using gw::fuzz::require;

void check_version(std::string_view version, std::uint8_t flags) {
  const std::string negotiated = gw::mcp::negotiate_version(version);
  require(gw::mcp::is_supported_version(negotiated), "negotiation yields a supported version");
  if (gw::mcp::is_supported_version(version)) {
    require(negotiated == version, "a supported version is echoed");
    require(gw::mcp::is_well_formed_version(version), "a supported version is well formed");
  }
  gw::mcp::SessionFacts facts;
  facts.is_initialize = flags & 1;
  facts.stateless_allowed = flags & 2;
  facts.session_header_present = flags & 8;
  facts.session_live = facts.session_header_present && (flags & 16);
  facts.session_version = facts.session_live ? std::string(gw::mcp::kLatestVersion) : "";
  facts.header_version = std::string(version);
  const gw::mcp::SessionDecision d = gw::mcp::decide_session(facts);
  require(d.http_status == 0 || (d.http_status >= 400 && d.http_status < 500),
          "a refused session is a 4xx");
  require(d.http_status == 0 || !d.message.empty(), "a refused session says why");
  require(d.http_status != 0 || d.version.empty() || gw::mcp::is_supported_version(d.version) ||
              d.version == gw::mcp::kAssumedVersion,
          "a served request runs at a version we speak");
}

void check_cursor(std::string_view cursor) {
  const std::uint64_t fingerprint = gw::mcp::list_fingerprint({"a", "b", "c", "d", "e"});
  for (const auto& value : {nlohmann::json(std::string(cursor)), nlohmann::json(nullptr)}) {
    auto page = gw::mcp::paginate(5, 2, fingerprint, value);
    if (!page) continue;
    require(page->begin <= page->end && page->end <= 5, "a page lies within the list");
  }
}

// Reads back one SSE event: lines up to the first blank line; "data" fields joined by '\n'.
void check_sse(std::string_view data) {
  const std::string event = gw::mcp::sse_event("message", data);
  require(event.size() >= 2 && event.substr(event.size() - 2) == "\n\n", "an event ends the block");
  std::string expected;
  for (char c : data) {
    if (c != '\r') expected += c;
  }
  std::string read;
  bool first_data = true;
  std::string_view rest(event);
  rest.remove_suffix(2);
  while (true) {
    const std::size_t nl = rest.find('\n');
    const std::string_view line = rest.substr(0, nl);
    require(!line.empty(), "no blank line inside an event");
    if (line.substr(0, 6) == "data: ") {
      read += (first_data ? "" : "\n") + std::string(line.substr(6));
      first_data = false;
    } else {
      require(line == "event: message", "only event and data fields");
    }
    if (nl == std::string_view::npos) break;
    rest.remove_prefix(nl + 1);
  }
  require(read == expected, "the event carries the data");
  const std::string comment = gw::mcp::sse_comment(data);
  require(comment.find('\n') == comment.size() - 2, "a comment is one line");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t flags = data[0];
  const auto [version, rest1] = gw::fuzz::split_first_line(gw::fuzz::as_text(data + 1, size - 1));
  const auto [accept, rest2] = gw::fuzz::split_first_line(rest1);
  const auto [cursor, payload] = gw::fuzz::split_first_line(rest2);
  check_version(version, flags);
  gw::mcp::accept_lists(accept, gw::mcp::kEventStream);
  check_cursor(cursor);
  check_sse(payload);
  return 0;
}
