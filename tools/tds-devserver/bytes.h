#pragma once
// Little helpers to write and read the byte layouts of MS-TDS (MS-TDS §2.2.5.1: integers are
// little-endian except the packet header's length and SPID, which are big-endian).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gw::tdsdev {

class ByteWriter {
 public:
  void u8(uint8_t v) { data_.push_back(v); }
  void u16(uint16_t v);
  void u16_be(uint16_t v);
  void u32(uint32_t v);
  void u32_be(uint32_t v);
  void u64(uint64_t v);
  void bytes(const void* p, size_t n);
  void bytes(std::string_view s) { bytes(s.data(), s.size()); }
  // UCS-2/UTF-16LE text, converted from UTF-8.
  void ucs2(std::string_view utf8);
  // B_VARCHAR: a length byte (in characters) then UCS-2 text.
  void b_varchar(std::string_view utf8);
  // US_VARCHAR: a 2-byte length (in characters) then UCS-2 text.
  void us_varchar(std::string_view utf8);
  // Overwrites a little-endian u16 at a position written earlier.
  void patch_u16(size_t at, uint16_t v);

  size_t size() const { return data_.size(); }
  const std::vector<uint8_t>& data() const { return data_; }
  std::vector<uint8_t>& data() { return data_; }
  void clear() { data_.clear(); }

 private:
  std::vector<uint8_t> data_;
};

// Bounded reader: any read past the end sets failed() and returns zeros, so parsers check once at
// the end.
class ByteReader {
 public:
  ByteReader(const uint8_t* p, size_t n) : p_(p), n_(n) {}
  explicit ByteReader(const std::vector<uint8_t>& v) : p_(v.data()), n_(v.size()) {}

  uint8_t u8();
  uint16_t u16();
  uint16_t u16_be();
  uint32_t u32();
  uint64_t u64();
  std::string bytes(size_t n);
  // UCS-2 text of n characters, returned as UTF-8.
  std::string ucs2(size_t chars);
  void skip(size_t n);
  void seek(size_t pos);

  size_t pos() const { return pos_; }
  size_t remaining() const { return failed_ ? 0 : n_ - pos_; }
  bool failed() const { return failed_; }
  const uint8_t* data() const { return p_; }
  size_t size() const { return n_; }

 private:
  bool need(size_t n);
  const uint8_t* p_;
  size_t n_;
  size_t pos_ = 0;
  bool failed_ = false;
};

// UTF-8 <-> UTF-16LE (surrogate pairs included); invalid UTF-8 bytes become U+FFFD.
std::string utf8_to_utf16le(std::string_view utf8);
std::string utf16le_to_utf8(std::string_view utf16le);
// UTF-8 -> Windows-1252 (the code page of SQL_Latin1_General_CP1_CI_AS); unmappable characters
// become '?'.
std::string utf8_to_cp1252(std::string_view utf8);
std::string cp1252_to_utf8(std::string_view bytes);

}  // namespace gw::tdsdev
