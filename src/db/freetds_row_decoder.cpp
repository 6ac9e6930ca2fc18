#include "db/freetds_row_decoder.h"

#include <sybdb.h>
#include <sybfront.h>

#include <cstring>
#include <optional>
#include <string>

#include "db/json_text.h"
#include "db/value_encoding.h"

namespace gw::db {
namespace {

// db-lib client-side type codes that sybdb.h does not name.
constexpr int kClientGuid = 36;     // SYBUNIQUE
constexpr int kClientVariant = 98;  // SYBVARIANT
constexpr int kClientXml = 241;     // SYBMSXML

template <typename T>
T load(const BYTE* data) {
  T value;
  std::memcpy(&value, data, sizeof value);  // db-lib buffers are not guaranteed aligned for T
  return value;
}

void append_text(std::string& out, const BYTE* data, DBINT length) {
  append_json_string(
      out, std::string_view(reinterpret_cast<const char*>(data), static_cast<std::size_t>(length)));
}

// decimal/numeric through db-lib's own exact conversion (no binary floating point on the way).
void append_converted(std::string& out, DBPROCESS* dbproc, int type, const BYTE* data,
                      DBINT length) {
  char buffer[8192];
  const DBINT n =
      dbconvert(dbproc, type, data, length, SYBCHAR, reinterpret_cast<BYTE*>(buffer), -1);
  if (n < 0) {
    out += "null";
    return;
  }
  append_json_string(out, std::string_view(buffer, std::strlen(buffer)));
}

std::string datetime_all(int type, const BYTE* data) {
  const auto v = load<DBDATETIMEALL>(data);
  switch (type) {
    case SYBMSDATE: return format_date(v.date);
    case SYBMSTIME: return format_time(v.time, v.time_prec);
    case SYBMSDATETIME2: return format_date(v.date) + "T" + format_time(v.time, v.time_prec);
    default: return format_datetimeoffset(v.date, v.time, v.offset, v.time_prec);
  }
}

// The values whose JSON is a string of a fixed form (money, dates, GUIDs, base64); nullopt when
// the type is not one of them.
std::optional<std::string> formatted(int type, const BYTE* data, DBINT length) {
  switch (type) {
    case SYBMONEY: {
      const auto m = load<DBMONEY>(data);
      return money_to_string(static_cast<std::int64_t>(
          (static_cast<std::uint64_t>(static_cast<std::uint32_t>(m.mnyhigh)) << 32) | m.mnylow));
    }
    case SYBMONEY4: return money_to_string(load<DBMONEY4>(data).mny4);
    case SYBDATETIME: {
      const auto v = load<DBDATETIME>(data);
      return format_datetime(v.dtdays, v.dttime);
    }
    case SYBDATETIME4: {
      const auto v = load<DBDATETIME4>(data);
      return format_smalldatetime(v.days, v.minutes);
    }
    case SYBMSDATE:
    case SYBMSTIME:
    case SYBMSDATETIME2:
    case SYBMSDATETIMEOFFSET: return datetime_all(type, data);
    case SYBBINARY:
    case SYBVARBINARY:
    case SYBIMAGE:
    case 165:
    case 173: return base64_encode(data, static_cast<std::size_t>(length));
    case kClientGuid:
      if (length == 16) return format_guid(data);
      break;
    default: break;
  }
  return std::nullopt;
}

}  // namespace

RowDecoder::RowDecoder(DBPROCESS* dbproc) : dbproc_(dbproc) {
  const int count = dbnumcols(dbproc);
  columns_.reserve(static_cast<std::size_t>(count));
  for (int c = 1; c <= count; ++c) {
    DBCOL2 info;
    std::memset(&info, 0, sizeof info);
    info.SizeOfStruct = sizeof info;
    ColumnInfo column;
    const char* name = dbcolname(dbproc, c);
    column.name = sanitize_utf8(name != nullptr ? name : "");
    // dbtablecolinfo fills DBCOL2's server-side fields (type code, byte length); dbcolinfo does not
    // in 1.3.17.
    if (dbtablecolinfo(dbproc, c, reinterpret_cast<DBCOL*>(&info)) == SUCCEED &&
        info.ServerType != 0) {
      int precision = info.Precision;
      int scale = info.Scale;
      if (const DBTYPEINFO* typeinfo = dbcoltypeinfo(dbproc, c);
          typeinfo != nullptr && (typeinfo->precision != 0 || typeinfo->scale != 0)) {
        precision = typeinfo->precision;
        scale = typeinfo->scale;
      }
      column.type = sql_type_name(info.ServerType, info.ServerMaxLength, precision, scale,
                                  info.ServerTypeDeclaration);
    } else {
      column.type = sql_type_name(dbcoltype(dbproc, c), dbcollen(dbproc, c), 0, 0);
    }
    columns_.push_back(std::move(column));
    client_types_.push_back(dbcoltype(dbproc, c));
  }
}

void RowDecoder::append_json(std::size_t index, std::string& out) const {
  const int column = static_cast<int>(index) + 1;  // db-lib counts from 1
  const BYTE* data = dbdata(dbproc_, column);
  if (data == nullptr) {  // db-lib returns NULL data exactly for SQL NULL
    out += "null";
    return;
  }
  const DBINT length = dbdatlen(dbproc_, column);
  const int type = client_types_[index];
  switch (type) {
    case SYBINT1: return append_json_integer(out, load<DBTINYINT>(data));
    case SYBINT2: return append_json_integer(out, load<DBSMALLINT>(data));
    case SYBINT4: return append_json_integer(out, load<DBINT>(data));
    case SYBINT8: return append_bigint_json(out, load<std::int64_t>(data));
    case SYBBIT:
    case SYBBITN: out += load<DBBIT>(data) != 0 ? "true" : "false"; return;
    case SYBREAL: return append_real_json(out, load<DBREAL>(data));
    case SYBFLT8: return append_json_double(out, load<DBFLT8>(data));
    case SYBDECIMAL:
    case SYBNUMERIC: return append_converted(out, dbproc_, type, data, length);
    case SYBCHAR:
    case SYBVARCHAR:
    case SYBTEXT:
    case SYBNTEXT:
    case SYBNVARCHAR:
    case kClientXml:
    case 175:
    case 167:
    case 239:
    case 231: return append_text(out, data, length);
    case kClientVariant: break;
    default: {
      if (const auto text = formatted(type, data, length)) return append_json_string(out, *text);
      break;
    }
  }
  append_converted(out, dbproc_, type, data, length);
}

}  // namespace gw::db
