#include "oauth/records.h"

namespace gw::oauth {
namespace {

const char* origin_name(ClientOrigin o) {
  switch (o) {
    case ClientOrigin::kDynamic: return "dynamic";
    case ClientOrigin::kPreregistered: return "preregistered";
    case ClientOrigin::kMetadataDocument: return "metadata_document";
  }
  return "dynamic";
}

ClientOrigin origin_from_name(const std::string& s) {
  if (s == "preregistered") return ClientOrigin::kPreregistered;
  if (s == "metadata_document") return ClientOrigin::kMetadataDocument;
  return ClientOrigin::kDynamic;
}

}  // namespace

const char* auth_method_name(AuthMethod m) {
  switch (m) {
    case AuthMethod::kNone: return "none";
    case AuthMethod::kClientSecretPost: return "client_secret_post";
    case AuthMethod::kClientSecretBasic: return "client_secret_basic";
  }
  return "none";
}

Result<AuthMethod> auth_method_from_name(std::string_view name) {
  if (name == "none") return AuthMethod::kNone;
  if (name == "client_secret_post") return AuthMethod::kClientSecretPost;
  if (name == "client_secret_basic") return AuthMethod::kClientSecretBasic;
  return invalid_argument("unsupported token_endpoint_auth_method " + std::string(name));
}

nlohmann::json to_json(const ClientRecord& c) {
  return {{"client_id", c.client_id},
          {"secret_hash", c.secret_hash},
          {"auth_method", auth_method_name(c.auth_method)},
          {"redirect_uris", c.redirect_uris},
          {"client_name", c.client_name},
          {"metadata", c.metadata},
          {"origin", origin_name(c.origin)},
          {"created_at", c.created_at},
          {"secret_expires_at", c.secret_expires_at},
          {"used", c.used}};
}

nlohmann::json to_json(const TokenRecord& t) {
  return {{"token_hash", t.token_hash},
          {"kind", t.kind == TokenKind::kAccess ? "access" : "refresh"},
          {"client_id", t.client_id},
          {"user", t.user},
          {"resource", t.resource},
          {"scope", t.scope},
          {"family_id", t.family_id},
          {"issued_at", t.issued_at},
          {"expires_at", t.expires_at},
          {"rotated_at", t.rotated_at},
          {"successor_key", t.successor_key}};
}

Result<ClientRecord> client_from_json(const nlohmann::json& j) {
  try {
    ClientRecord c;
    c.client_id = j.at("client_id").get<std::string>();
    c.secret_hash = j.at("secret_hash").get<std::string>();
    auto method = auth_method_from_name(j.at("auth_method").get<std::string>());
    if (!method) return method.status();
    c.auth_method = *method;
    c.redirect_uris = j.at("redirect_uris").get<std::vector<std::string>>();
    c.client_name = j.value("client_name", "");
    c.metadata = j.value("metadata", nlohmann::json::object());
    c.origin = origin_from_name(j.value("origin", "dynamic"));
    c.created_at = j.at("created_at").get<std::int64_t>();
    c.secret_expires_at = j.value("secret_expires_at", std::int64_t{0});
    c.used = j.value("used", false);
    return c;
  } catch (const nlohmann::json::exception& e) {
    return invalid_argument(std::string("malformed client record: ") + e.what());
  }
}

Result<TokenRecord> token_from_json(const nlohmann::json& j) {
  try {
    TokenRecord t;
    t.token_hash = j.at("token_hash").get<std::string>();
    t.kind =
        j.at("kind").get<std::string>() == "refresh" ? TokenKind::kRefresh : TokenKind::kAccess;
    t.client_id = j.at("client_id").get<std::string>();
    t.user = j.at("user").get<std::string>();
    t.resource = j.at("resource").get<std::string>();
    t.scope = j.at("scope").get<std::string>();
    t.family_id = j.at("family_id").get<std::string>();
    t.issued_at = j.at("issued_at").get<std::int64_t>();
    t.expires_at = j.at("expires_at").get<std::int64_t>();
    t.rotated_at = j.value("rotated_at", std::int64_t{0});
    t.successor_key = j.value("successor_key", "");
    return t;
  } catch (const nlohmann::json::exception& e) {
    return invalid_argument(std::string("malformed token record: ") + e.what());
  }
}

}  // namespace gw::oauth
