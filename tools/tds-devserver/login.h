#pragma once
// PRELOGIN (MS-TDS §2.2.6.5) and LOGIN7 (§2.2.6.4) messages.

#include <cstdint>
#include <string>
#include <vector>

#include "util/status.h"

namespace gw::tdsdev {

// MS-TDS §2.2.6.5 ENCRYPTION option: this server never encrypts.
constexpr uint8_t kEncryptNotSupported = 0x02;
constexpr uint8_t kEncryptRequired = 0x03;

struct Prelogin {
  uint8_t encryption = kEncryptNotSupported;
  bool has_encryption = false;
};

Result<Prelogin> parse_prelogin(const std::vector<uint8_t>& payload);
// The reply payload: VERSION, ENCRYPTION = ENCRYPT_NOT_SUP, INSTOPT, THREADID, MARS off.
std::vector<uint8_t> build_prelogin_reply();

struct Login7 {
  uint32_t tds_version = 0;  // as sent: 0x74000004 for TDS 7.4
  uint32_t packet_size = 0;
  bool feature_ext = false;  // OptionFlags3 fExtension: the client waits for FEATUREEXTACK
  std::string host_name;
  std::string user_name;
  std::string password;  // decoded; never logged
  std::string app_name;
  std::string server_name;
  std::string language;
  std::string database;
};

Result<Login7> parse_login7(const std::vector<uint8_t>& payload);

// MS-TDS §2.2.6.4: each password byte has its nibbles swapped and is XORed with 0xA5.
std::string encode_password(const std::string& utf16le);
std::string decode_password(const std::string& obfuscated);

}  // namespace gw::tdsdev
