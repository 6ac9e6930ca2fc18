#include "bytes.h"

#include <cstring>

namespace gw::tdsdev {

void ByteWriter::u16(uint16_t v) {
  u8(v & 0xFF);
  u8(v >> 8);
}
void ByteWriter::u16_be(uint16_t v) {
  u8(v >> 8);
  u8(v & 0xFF);
}
void ByteWriter::u32(uint32_t v) {
  for (int i = 0; i < 4; ++i) u8((v >> (8 * i)) & 0xFF);
}
void ByteWriter::u32_be(uint32_t v) {
  for (int i = 3; i >= 0; --i) u8((v >> (8 * i)) & 0xFF);
}
void ByteWriter::u64(uint64_t v) {
  for (int i = 0; i < 8; ++i) u8((v >> (8 * i)) & 0xFF);
}
void ByteWriter::bytes(const void* p, size_t n) {
  const auto* b = static_cast<const uint8_t*>(p);
  data_.insert(data_.end(), b, b + n);
}
void ByteWriter::ucs2(std::string_view utf8) { bytes(utf8_to_utf16le(utf8)); }
void ByteWriter::b_varchar(std::string_view utf8) {
  std::string u = utf8_to_utf16le(utf8);
  size_t chars = std::min<size_t>(u.size() / 2, 255);
  u8(static_cast<uint8_t>(chars));
  bytes(u.data(), chars * 2);
}
void ByteWriter::us_varchar(std::string_view utf8) {
  std::string u = utf8_to_utf16le(utf8);
  size_t chars = std::min<size_t>(u.size() / 2, 65535);
  u16(static_cast<uint16_t>(chars));
  bytes(u.data(), chars * 2);
}
void ByteWriter::patch_u16(size_t at, uint16_t v) {
  data_[at] = v & 0xFF;
  data_[at + 1] = v >> 8;
}

bool ByteReader::need(size_t n) {
  if (failed_ || n > n_ - pos_) {
    failed_ = true;
    return false;
  }
  return true;
}
uint8_t ByteReader::u8() { return need(1) ? p_[pos_++] : 0; }
uint16_t ByteReader::u16() {
  if (!need(2)) return 0;
  uint16_t v = p_[pos_] | (p_[pos_ + 1] << 8);
  pos_ += 2;
  return v;
}
uint16_t ByteReader::u16_be() {
  if (!need(2)) return 0;
  uint16_t v = (p_[pos_] << 8) | p_[pos_ + 1];
  pos_ += 2;
  return v;
}
uint32_t ByteReader::u32() {
  if (!need(4)) return 0;
  uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | p_[pos_ + i];
  pos_ += 4;
  return v;
}
uint64_t ByteReader::u64() {
  if (!need(8)) return 0;
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p_[pos_ + i];
  pos_ += 8;
  return v;
}
std::string ByteReader::bytes(size_t n) {
  if (!need(n)) return {};
  std::string s(reinterpret_cast<const char*>(p_ + pos_), n);
  pos_ += n;
  return s;
}
std::string ByteReader::ucs2(size_t chars) { return utf16le_to_utf8(bytes(chars * 2)); }
void ByteReader::skip(size_t n) {
  if (need(n)) pos_ += n;
}
void ByteReader::seek(size_t pos) {
  if (pos > n_) {
    failed_ = true;
    return;
  }
  pos_ = pos;
}

namespace {

// Decodes one code point; advances i. Invalid sequences yield U+FFFD and consume one byte.
uint32_t next_code_point(std::string_view s, size_t& i) {
  auto b0 = static_cast<uint8_t>(s[i]);
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  int extra = (b0 >> 5) == 6 ? 1 : (b0 >> 4) == 14 ? 2 : (b0 >> 3) == 30 ? 3 : -1;
  if (extra < 0 || i + extra >= s.size()) {
    ++i;
    return 0xFFFD;
  }
  uint32_t cp = b0 & (0x3F >> extra);
  for (int k = 1; k <= extra; ++k) {
    auto b = static_cast<uint8_t>(s[i + k]);
    if ((b & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  i += extra + 1;
  return cp;
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Windows-1252 0x80..0x9F; 0 marks the five undefined positions.
constexpr uint16_t kCp1252High[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

}  // namespace

std::string utf8_to_utf16le(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size() * 2);
  size_t i = 0;
  while (i < utf8.size()) {
    uint32_t cp = next_code_point(utf8, i);
    auto put = [&out](uint32_t u) {
      out += static_cast<char>(u & 0xFF);
      out += static_cast<char>(u >> 8);
    };
    if (cp >= 0x10000) {
      cp -= 0x10000;
      put(0xD800 | (cp >> 10));
      put(0xDC00 | (cp & 0x3FF));
    } else {
      put(cp);
    }
  }
  return out;
}

std::string utf16le_to_utf8(std::string_view u) {
  std::string out;
  out.reserve(u.size());
  for (size_t i = 0; i + 1 < u.size(); i += 2) {
    uint32_t w = static_cast<uint8_t>(u[i]) | (static_cast<uint8_t>(u[i + 1]) << 8);
    if (w >= 0xD800 && w < 0xDC00 && i + 3 < u.size()) {
      uint32_t w2 = static_cast<uint8_t>(u[i + 2]) | (static_cast<uint8_t>(u[i + 3]) << 8);
      if (w2 >= 0xDC00 && w2 < 0xE000) {
        append_utf8(out, 0x10000 + ((w - 0xD800) << 10) + (w2 - 0xDC00));
        i += 2;
        continue;
      }
    }
    append_utf8(out, (w >= 0xD800 && w < 0xE000) ? 0xFFFD : w);
  }
  return out;
}

std::string utf8_to_cp1252(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  size_t i = 0;
  while (i < utf8.size()) {
    uint32_t cp = next_code_point(utf8, i);
    if (cp < 0x80 || (cp >= 0xA0 && cp <= 0xFF)) {
      out += static_cast<char>(cp);
      continue;
    }
    char c = '?';
    for (int k = 0; k < 32; ++k) {
      if (kCp1252High[k] != 0 && kCp1252High[k] == cp) c = static_cast<char>(0x80 + k);
    }
    out += c;
  }
  return out;
}

std::string cp1252_to_utf8(std::string_view bytes) {
  std::string out;
  for (char ch : bytes) {
    auto b = static_cast<uint8_t>(ch);
    uint32_t cp = b;
    if (b >= 0x80 && b < 0xA0) cp = kCp1252High[b - 0x80] ? kCp1252High[b - 0x80] : 0xFFFD;
    append_utf8(out, cp);
  }
  return out;
}

}  // namespace gw::tdsdev
