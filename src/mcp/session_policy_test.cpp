#include "mcp/session_policy.h"

#include <doctest/doctest.h>

namespace gw::mcp {
namespace {

constexpr const char* kMalformed =
    "Bad Request: malformed MCP-Protocol-Version header (supported: 2025-11-25, 2025-06-18, "
    "2025-03-26, 2024-11-05)";
constexpr const char* kNotFound =
    "Session not found: it expired or was ended; send initialize to start a new one";
constexpr const char* kMissing =
    "Bad Request: Mcp-Session-Id header is required; send initialize first";

TEST_CASE("decide_session: the one table of session and version header rules") {
  struct Case {
    const char* name;
    SessionFacts facts;
    SessionVerdict verdict;
    int status;
    const char* version;
    const char* message;
  };
  // Field order: is_initialize, stateless_allowed, session_header_present, session_live,
  // session_version, header_version.
  const Case cases[] = {
      {"initialize with nothing",
       {true, false, false, false, "", ""},
       SessionVerdict::kInitialize,
       0,
       "",
       ""},
      {"initialize with a dead session and a modern header",
       {true, false, true, false, "", "2026-07-28"},
       SessionVerdict::kInitialize,
       0,
       "",
       ""},
      {"initialize with a malformed header",
       {true, false, false, false, "", "junk"},
       SessionVerdict::kInitialize,
       0,
       "",
       ""},
      {"live session, no header",
       {false, false, true, true, "2025-06-18", ""},
       SessionVerdict::kWithSession,
       0,
       "2025-06-18",
       ""},
      {"live session wins over another supported header",
       {false, true, true, true, "2025-06-18", "2025-11-25"},
       SessionVerdict::kWithSession,
       0,
       "2025-06-18",
       ""},
      {"live session tolerates a 2026-07-28 header",
       {false, false, true, true, "2025-11-25", "2026-07-28"},
       SessionVerdict::kWithSession,
       0,
       "2025-11-25",
       ""},
      {"live session, malformed header",
       {false, true, true, true, "2025-11-25", "v1"},
       SessionVerdict::kBadVersionHeader,
       400,
       "",
       kMalformed},
      {"unknown session",
       {false, true, true, false, "", ""},
       SessionVerdict::kUnknownSession,
       404,
       "",
       kNotFound},
      {"unknown session beats a malformed header",
       {false, true, true, false, "", "v1"},
       SessionVerdict::kUnknownSession,
       404,
       "",
       kNotFound},
      {"no session, tools/list, no header",
       {false, true, false, false, "", ""},
       SessionVerdict::kStateless,
       0,
       "2025-03-26",
       ""},
      {"no session, tools/call, supported header",
       {false, true, false, false, "", "2025-06-18"},
       SessionVerdict::kStateless,
       0,
       "2025-06-18",
       ""},
      // Claude's mixed traffic: a 2026-07-28 header, no _meta, no session, after negotiating
      // 2025-11-25; served as the newest initialize-era version.
      {"no session, 2026-07-28 header on tools/list or tools/call",
       {false, true, false, false, "", "2026-07-28"},
       SessionVerdict::kStateless,
       0,
       "2025-11-25",
       ""},
      {"no session, a later unknown header",
       {false, true, false, false, "", "2027-01-15"},
       SessionVerdict::kStateless,
       0,
       "2025-11-25",
       ""},
      {"no session, 2026-07-28 header on a method that needs a session",
       {false, false, false, false, "", "2026-07-28"},
       SessionVerdict::kMissingSession,
       400,
       "",
       kMissing},
      {"older live session keeps its version under a 2026-07-28 header",
       {false, true, true, true, "2025-03-26", "2026-07-28"},
       SessionVerdict::kWithSession,
       0,
       "2025-03-26",
       ""},
      {"no session, unknown old header",
       {false, true, false, false, "", "2024-10-07"},
       SessionVerdict::kBadVersionHeader,
       400,
       "",
       "Bad Request: unsupported MCP-Protocol-Version 2024-10-07 (supported: 2025-11-25, "
       "2025-06-18, 2025-03-26, 2024-11-05)"},
      {"no session, unknown version between ours",
       {false, true, false, false, "", "2025-07-01"},
       SessionVerdict::kBadVersionHeader,
       400,
       "",
       "Bad Request: unsupported MCP-Protocol-Version 2025-07-01 (supported: 2025-11-25, "
       "2025-06-18, 2025-03-26, 2024-11-05)"},
      {"no session, malformed header",
       {false, true, false, false, "", "latest"},
       SessionVerdict::kBadVersionHeader,
       400,
       "",
       kMalformed},
      {"no session, logging/setLevel",
       {false, false, false, false, "", ""},
       SessionVerdict::kMissingSession,
       400,
       "",
       kMissing},
      {"no session, unknown method with a supported header",
       {false, false, false, false, "", "2025-11-25"},
       SessionVerdict::kMissingSession,
       400,
       "",
       kMissing},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    const SessionDecision d = decide_session(c.facts);
    CHECK(d.verdict == c.verdict);
    CHECK(d.http_status == c.status);
    CHECK(d.version == c.version);
    CHECK(d.message == c.message);
  }
}

}  // namespace
}  // namespace gw::mcp
