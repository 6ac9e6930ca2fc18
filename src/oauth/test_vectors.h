#pragma once
// Values several OAuth unit tests share (tests only).

namespace gw::oauth {

// RFC 7636 Appendix B: a code_verifier and its S256 code_challenge.
inline constexpr const char* kVerifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
inline constexpr const char* kChallenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
// The redirect URI Claude registers (a client the redirect policy admits).
inline constexpr const char* kRedirect = "https://claude.ai/api/mcp/auth_callback";

}  // namespace gw::oauth
