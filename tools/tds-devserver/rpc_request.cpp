#include "rpc_request.h"

#include <cctype>
#include <cmath>
#include <cstring>

#include <fmt/format.h>

#include "bytes.h"
#include "sql_type.h"
#include "type_tokens.h"
#include "value_codec.h"

namespace gw::tdsdev {

namespace {

struct TypeInfo {
  uint8_t token = 0;
  uint32_t max_len = 0;  // fixed length, or the declared maximum; 0xFFFF for PLP (max) types
  uint8_t precision = 0, scale = 0;
};

int fixed_size(uint8_t t) {
  switch (t) {
    case kNull: return 0;
    case kInt1:
    case kBit: return 1;
    case kInt2: return 2;
    case kInt4:
    case kDateTim4:
    case kFlt4:
    case kMoney4: return 4;
    case kMoney:
    case kDateTime:
    case kFlt8:
    case kInt8: return 8;
    default: return -1;
  }
}

Result<TypeInfo> read_type_info(ByteReader& r) {
  TypeInfo ti;
  ti.token = r.u8();
  int fixed = fixed_size(ti.token);
  if (fixed >= 0) {
    ti.max_len = static_cast<uint32_t>(fixed);
    return ti;
  }
  switch (ti.token) {
    case kIntN:
    case kBitN:
    case kFltN:
    case kMoneyN:
    case kDateTimN:
    case kGuid: ti.max_len = r.u8(); break;
    case kDecimalN:
    case kNumericN:
      ti.max_len = r.u8();
      ti.precision = r.u8();
      ti.scale = r.u8();
      break;
    case kDateN: break;
    case kTimeN:
    case kDateTime2N:
    case kDateTimeOffsetN: ti.scale = r.u8(); break;
    case kBigVarChr:
    case kBigChar:
    case kNVarChar:
    case kNChar:
      ti.max_len = r.u16();
      r.skip(5);  // collation
      break;
    case kBigVarBin:
    case kBigBinary: ti.max_len = r.u16(); break;
    case kText:
    case kNText:
    case kImage:
      ti.max_len = r.u32();
      if (ti.token != kImage) r.skip(5);
      break;
    default:
      return invalid_argument(
          fmt::format("parameter type 0x{:02X} is not supported by tds-devserver", ti.token));
  }
  return ti;
}

bool is_plp(const TypeInfo& ti) {
  return ti.max_len == 0xFFFF &&
         (ti.token == kBigVarChr || ti.token == kNVarChar || ti.token == kBigVarBin ||
          ti.token == kBigChar || ti.token == kNChar || ti.token == kBigBinary);
}

// Reads the raw value bytes; returns false for NULL.
bool read_raw(ByteReader& r, const TypeInfo& ti, std::string& raw) {
  if (is_plp(ti)) {
    uint64_t total = r.u64();
    if (total == ~0ULL) return false;
    for (int guard = 0; guard < 1000000 && !r.failed(); ++guard) {
      uint32_t chunk = r.u32();
      if (chunk == 0) break;
      raw += r.bytes(chunk);
    }
    return true;
  }
  int fixed = fixed_size(ti.token);
  if (fixed >= 0) {
    raw = r.bytes(static_cast<size_t>(fixed));
    return ti.token != kNull;
  }
  switch (ti.token) {
    case kBigVarChr:
    case kBigChar:
    case kNVarChar:
    case kNChar:
    case kBigVarBin:
    case kBigBinary: {
      uint16_t n = r.u16();
      if (n == 0xFFFF) return false;
      raw = r.bytes(n);
      return true;
    }
    case kText:
    case kNText:
    case kImage: {
      uint32_t n = r.u32();
      if (n == 0xFFFFFFFF) return false;
      raw = r.bytes(n);
      return true;
    }
    default: {
      uint8_t n = r.u8();
      if (n == 0) return false;
      raw = r.bytes(n);
      return true;
    }
  }
}

int64_t le_signed(const std::string& b) {
  uint64_t v = 0;
  for (size_t i = b.size(); i-- > 0;) v = (v << 8) | static_cast<uint8_t>(b[i]);
  if (b.size() < 8 && (static_cast<uint8_t>(b.back()) & 0x80)) v |= ~0ULL << (8 * b.size());
  return static_cast<int64_t>(v);
}

uint64_t le_unsigned(const std::string& b, size_t from, size_t n) {
  uint64_t v = 0;
  for (size_t i = from + n; i-- > from;) v = (v << 8) | static_cast<uint8_t>(b[i]);
  return v;
}

std::string format_date(int64_t days) {
  int y, m, d;
  civil_from_days(days, y, m, d);
  return fmt::format("{:04}-{:02}-{:02}", y, m, d);
}

std::string format_time(int64_t ticks100ns) {
  int64_t s = ticks100ns / 10000000;
  return fmt::format("{:02}:{:02}:{:02}.{:07}", s / 3600, s / 60 % 60, s % 60,
                     ticks100ns % 10000000);
}

ParamValue decode_datetime(const TypeInfo& ti, const std::string& raw) {
  ParamValue v;
  v.kind = ParamValue::kText;
  auto scale_to_ticks = [&](uint64_t units) {
    for (int k = ti.scale; k < 7; ++k) units *= 10;
    return static_cast<int64_t>(units);
  };
  size_t tlen = raw.size() - (ti.token == kDateTime2N ? 3 : ti.token == kDateTimeOffsetN ? 5 : 0);
  switch (ti.token) {
    case kDateN: v.bytes = format_date(static_cast<int64_t>(le_unsigned(raw, 0, 3))); break;
    case kTimeN: v.bytes = format_time(scale_to_ticks(le_unsigned(raw, 0, raw.size()))); break;
    case kDateTime2N:
      v.bytes = format_date(static_cast<int64_t>(le_unsigned(raw, tlen, 3))) + " " +
                format_time(scale_to_ticks(le_unsigned(raw, 0, tlen)));
      break;
    case kDateTimeOffsetN: {
      auto offset = static_cast<int16_t>(le_unsigned(raw, tlen + 3, 2));
      int64_t ticks = scale_to_ticks(le_unsigned(raw, 0, tlen)) + int64_t{offset} * 600000000LL;
      auto days = static_cast<int64_t>(le_unsigned(raw, tlen, 3));
      while (ticks < 0) {
        ticks += 864000000000LL;
        --days;
      }
      while (ticks >= 864000000000LL) {
        ticks -= 864000000000LL;
        ++days;
      }
      v.bytes = format_date(days) + " " + format_time(ticks) +
                fmt::format(" {}{:02}:{:02}", offset < 0 ? '-' : '+', std::abs(offset) / 60,
                            std::abs(offset) % 60);
      break;
    }
    default: {  // datetime (8 bytes) or smalldatetime (4 bytes)
      int64_t base = days_from_civil(1900, 1, 1) - days_from_civil(1, 1, 1);
      int64_t days, ticks;
      if (raw.size() == 4) {
        days = static_cast<int64_t>(le_unsigned(raw, 0, 2));
        ticks = static_cast<int64_t>(le_unsigned(raw, 2, 2)) * 600000000LL;
      } else {
        days = static_cast<int32_t>(le_unsigned(raw, 0, 4));
        ticks = (static_cast<int64_t>(le_unsigned(raw, 4, 4)) * 100000 + 1) / 3;
      }
      std::string t = format_time(ticks);
      v.bytes = format_date(base + days) + " " + t.substr(0, 12);
    }
  }
  return v;
}

// Whether a non-NULL value of `n` bytes is one the type can carry (MS-TDS §2.2.5.5.1: the lengths
// of the byte-length types; fixed types are read at their size). decode_value reads by the type, so
// a length it does not expect must be refused first (found by fuzz_tds_request: a 1-byte DATEN
// value was read as 3 bytes).
bool value_length_ok(const TypeInfo& ti, size_t n) {
  switch (ti.token) {
    case kIntN: return n == 1 || n == 2 || n == 4 || n == 8;
    case kBitN: return n == 1;
    case kFltN:
    case kMoneyN:
    case kDateTimN: return n == 4 || n == 8;
    case kGuid: return n == 16;
    case kDecimalN:
    case kNumericN: return n >= 2 && n <= 17;
    case kDateN: return n == 3;
    case kTimeN: return n >= 3 && n <= 5;
    case kDateTime2N: return n >= 6 && n <= 8;
    case kDateTimeOffsetN: return n >= 8 && n <= 10;
    default: {
      const int fixed = fixed_size(ti.token);
      return fixed < 0 || n == static_cast<size_t>(fixed);
    }
  }
}

ParamValue decode_value(const TypeInfo& ti, const std::string& raw) {
  ParamValue v;
  switch (ti.token) {
    case kInt1:
    case kBit:
    case kBitN:
      v.kind = ParamValue::kInteger;
      v.integer = static_cast<uint8_t>(raw[0]);
      return v;
    case kInt2:
    case kInt4:
    case kInt8:
    case kIntN:
      v.kind = ParamValue::kInteger;
      v.integer = raw.size() == 1 ? static_cast<uint8_t>(raw[0]) : le_signed(raw);
      return v;
    case kFlt4:
    case kFlt8:
    case kFltN: {
      v.kind = ParamValue::kReal;
      if (raw.size() == 4) {
        float f;
        std::memcpy(&f, raw.data(), 4);
        v.real = f;
      } else {
        std::memcpy(&v.real, raw.data(), 8);
      }
      return v;
    }
    case kMoney:
    case kMoney4:
    case kMoneyN: {
      int64_t m =
          raw.size() == 4
              ? le_signed(raw)
              : static_cast<int64_t>((le_unsigned(raw, 0, 4) << 32) | le_unsigned(raw, 4, 4));
      v.kind = ParamValue::kReal;
      v.real = static_cast<double>(m) / 10000.0;
      return v;
    }
    case kDecimalN:
    case kNumericN: {
      UInt128 mag = 0;
      for (size_t i = raw.size(); i-- > 1;) mag = (mag << 8) | static_cast<uint8_t>(raw[i]);
      double d = static_cast<double>(mag) / std::pow(10.0, ti.scale);
      v.kind = ParamValue::kReal;
      v.real = raw[0] == 0 ? -d : d;
      if (ti.scale == 0 && mag < (static_cast<UInt128>(1) << 62)) {
        v.kind = ParamValue::kInteger;
        v.integer = raw[0] == 0 ? -static_cast<int64_t>(mag) : static_cast<int64_t>(mag);
      }
      return v;
    }
    case kGuid: {
      const std::string& b = raw;
      std::string ordered = {b[3], b[2], b[1], b[0], b[5], b[4], b[7], b[6]};
      ordered += b.substr(8);
      std::string hex;
      for (char c : ordered) hex += fmt::format("{:02X}", static_cast<uint8_t>(c));
      v.kind = ParamValue::kText;
      v.bytes = hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
                hex.substr(16, 4) + "-" + hex.substr(20);
      return v;
    }
    case kNVarChar:
    case kNChar:
    case kNText:
      v.kind = ParamValue::kText;
      v.bytes = utf16le_to_utf8(raw);
      return v;
    case kBigVarChr:
    case kBigChar:
    case kText:
      v.kind = ParamValue::kText;
      v.bytes = cp1252_to_utf8(raw);
      return v;
    case kBigVarBin:
    case kBigBinary:
    case kImage:
      v.kind = ParamValue::kBlob;
      v.bytes = raw;
      return v;
    default: return decode_datetime(ti, raw);
  }
}

std::string proc_name_for_id(uint16_t id) {
  switch (id) {
    case 1: return "sp_cursor";
    case 10: return "sp_executesql";
    case 11: return "sp_prepare";
    case 12: return "sp_execute";
    case 13: return "sp_prepexec";
    case 15: return "sp_unprepare";
    default: return fmt::format("procid {}", id);
  }
}

}  // namespace

Result<size_t> skip_all_headers(const std::vector<uint8_t>& payload) {
  ByteReader r(payload);
  uint32_t total = r.u32();
  // A pre-7.2 client sends no ALL_HEADERS: the text starts right away (and its first 4 bytes
  // cannot form a length this small and within the message).
  if (r.failed() || total < 4 || total > payload.size()) return size_t{0};
  return static_cast<size_t>(total);
}

Result<std::string> parse_sql_batch(const std::vector<uint8_t>& payload) {
  auto off = skip_all_headers(payload);
  if (!off) return off.status();
  std::string_view rest(reinterpret_cast<const char*>(payload.data()) + *off,
                        payload.size() - *off);
  return utf16le_to_utf8(rest);
}

Result<std::vector<RpcRequest>> parse_rpc(const std::vector<uint8_t>& payload) {
  auto off = skip_all_headers(payload);
  if (!off) return off.status();
  ByteReader r(payload);
  r.seek(*off);
  std::vector<RpcRequest> out;
  while (r.remaining() > 0) {
    RpcRequest req;
    uint16_t name_len = r.u16();
    if (name_len == 0xFFFF) {
      req.proc_id = r.u16();
      req.proc_name = proc_name_for_id(req.proc_id);
    } else {
      req.proc_name = r.ucs2(name_len);
      for (char& c : req.proc_name)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    r.u16();  // option flags
    while (r.remaining() > 0) {
      uint8_t peek = r.data()[r.pos()];
      if (peek == 0xFF || peek == 0x80 || peek == 0xFE) {  // batch separators (MS-TDS §2.2.6.6)
        r.u8();
        break;
      }
      RpcParam p;
      p.name = r.ucs2(r.u8());
      p.output = (r.u8() & 0x01) != 0;
      auto ti = read_type_info(r);
      if (!ti) return ti.status();
      std::string raw;
      const bool present = read_raw(r, *ti, raw);
      if (r.failed()) return invalid_argument("RPC: truncated parameter " + p.name);
      if (present && !value_length_ok(*ti, raw.size())) {
        return invalid_argument(
            fmt::format("RPC: parameter {} has a {}-byte value, which type 0x{:02X} cannot carry",
                        p.name, raw.size(), ti->token));
      }
      if (present) p.value = decode_value(*ti, raw);
      req.params.push_back(std::move(p));
    }
    if (r.failed()) return invalid_argument("RPC: truncated request");
    out.push_back(std::move(req));
  }
  return out;
}

}  // namespace gw::tdsdev
