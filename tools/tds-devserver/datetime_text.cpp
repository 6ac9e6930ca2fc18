#include "datetime_text.h"

namespace gw::tdsdev {

int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  // Days since 0001-01-01 in the proleptic Gregorian calendar (as SQL Server's date type counts).
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  auto yoe = static_cast<unsigned>(y - era * 400);
  unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  int64_t since_epoch0 = era * 146097 + static_cast<int64_t>(doe);  // days since 0000-03-01
  return since_epoch0 - 306;  // 0000-03-01 -> 0001-01-01 is 306 days
}

void civil_from_days(int64_t days, int& y, int& m, int& d) {
  int64_t z = days + 306;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  auto doe = static_cast<unsigned>(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t yy = static_cast<int64_t>(yoe) + era * 400;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(yy + (m <= 2));
}

namespace {
bool read_digits(std::string_view s, size_t& i, int n, int& out) {
  out = 0;
  for (int k = 0; k < n; ++k, ++i) {
    if (i >= s.size() || s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

bool parse_time_part(std::string_view s, size_t& i, int64_t& ticks) {
  int hh, mm, ss = 0;
  if (!read_digits(s, i, 2, hh) || i >= s.size() || s[i++] != ':' || !read_digits(s, i, 2, mm))
    return false;
  if (i < s.size() && s[i] == ':') {
    ++i;
    if (!read_digits(s, i, 2, ss)) return false;
  }
  int64_t frac = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    int digits = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      if (digits < 7) {
        frac = frac * 10 + (s[i] - '0');
        ++digits;
      }
      ++i;
    }
    for (; digits < 7; ++digits) frac *= 10;
  }
  if (hh > 23 || mm > 59 || ss > 59) return false;
  ticks = ((hh * 60LL + mm) * 60 + ss) * 10000000LL + frac;
  return true;
}
}  // namespace

std::optional<DateTimeParts> parse_datetime(std::string_view s) {
  DateTimeParts p;
  size_t i = 0;
  if (s.size() >= 5 && s[2] == ':') {  // a bare time
    if (!parse_time_part(s, i, p.ticks) || i != s.size()) return std::nullopt;
    p.days = 0;
    return p;
  }
  int y, m, d;
  if (!read_digits(s, i, 4, y) || i >= s.size() || s[i++] != '-' || !read_digits(s, i, 2, m) ||
      i >= s.size() || s[i++] != '-' || !read_digits(s, i, 2, d)) {
    return std::nullopt;
  }
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1) return std::nullopt;
  p.days = days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
  // 2024-02-30 is no date (SQL Server: conversion failed), not 2024-03-01.
  int cy, cm, cd;
  civil_from_days(p.days, cy, cm, cd);
  if (cd != d) return std::nullopt;
  if (i < s.size() && (s[i] == ' ' || s[i] == 'T')) {
    ++i;
    if (!parse_time_part(s, i, p.ticks)) return std::nullopt;
  }
  while (i < s.size() && s[i] == ' ') ++i;
  if (i < s.size() && s[i] == 'Z') {
    ++i;
  } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    int sign = s[i++] == '-' ? -1 : 1;
    int oh, om = 0;
    if (!read_digits(s, i, 2, oh)) return std::nullopt;
    if (i < s.size() && s[i] == ':') ++i;
    if (i < s.size() && !read_digits(s, i, 2, om)) return std::nullopt;
    p.offset_minutes = sign * (oh * 60 + om);
  }
  if (i != s.size()) return std::nullopt;
  return p;
}

}  // namespace gw::tdsdev
