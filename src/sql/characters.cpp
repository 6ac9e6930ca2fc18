#include "sql/characters.h"

#include <cstdio>

namespace gw::sql {
namespace {

// C0 controls by their common alias (Unicode's NameAliases.txt), U+0000..U+001F.
constexpr const char* kC0Names[] = {"NULL",
                                    "START OF HEADING",
                                    "START OF TEXT",
                                    "END OF TEXT",
                                    "END OF TRANSMISSION",
                                    "ENQUIRY",
                                    "ACKNOWLEDGE",
                                    "BELL",
                                    "BACKSPACE",
                                    "CHARACTER TABULATION",
                                    "LINE FEED",
                                    "VERTICAL TAB",
                                    "FORM FEED",
                                    "CARRIAGE RETURN",
                                    "SHIFT OUT",
                                    "SHIFT IN",
                                    "DATA LINK ESCAPE",
                                    "DEVICE CONTROL ONE",
                                    "DEVICE CONTROL TWO",
                                    "DEVICE CONTROL THREE",
                                    "DEVICE CONTROL FOUR",
                                    "NEGATIVE ACKNOWLEDGE",
                                    "SYNCHRONOUS IDLE",
                                    "END OF TRANSMISSION BLOCK",
                                    "CANCEL",
                                    "END OF MEDIUM",
                                    "SUBSTITUTE",
                                    "ESCAPE",
                                    "FILE SEPARATOR",
                                    "GROUP SEPARATOR",
                                    "RECORD SEPARATOR",
                                    "UNIT SEPARATOR"};

// C1 controls by their ISO 6429 names (Unicode's aliases), U+0080..U+009F.
constexpr const char* kC1Names[] = {"PADDING CHARACTER",
                                    "HIGH OCTET PRESET",
                                    "BREAK PERMITTED HERE",
                                    "NO BREAK HERE",
                                    "INDEX",
                                    "NEXT LINE",
                                    "START OF SELECTED AREA",
                                    "END OF SELECTED AREA",
                                    "CHARACTER TABULATION SET",
                                    "CHARACTER TABULATION WITH JUSTIFICATION",
                                    "LINE TABULATION SET",
                                    "PARTIAL LINE FORWARD",
                                    "PARTIAL LINE BACKWARD",
                                    "REVERSE LINE FEED",
                                    "SINGLE SHIFT TWO",
                                    "SINGLE SHIFT THREE",
                                    "DEVICE CONTROL STRING",
                                    "PRIVATE USE ONE",
                                    "PRIVATE USE TWO",
                                    "SET TRANSMIT STATE",
                                    "CANCEL CHARACTER",
                                    "MESSAGE WAITING",
                                    "START OF GUARDED AREA",
                                    "END OF GUARDED AREA",
                                    "START OF STRING",
                                    "SINGLE GRAPHIC CHARACTER INTRODUCER",
                                    "SINGLE CHARACTER INTRODUCER",
                                    "CONTROL SEQUENCE INTRODUCER",
                                    "STRING TERMINATOR",
                                    "OPERATING SYSTEM COMMAND",
                                    "PRIVACY MESSAGE",
                                    "APPLICATION PROGRAM COMMAND"};

struct Named {
  std::uint32_t code_point;
  const char* name;
};

// The refused characters an attacker reaches for first, and a few look-alikes the lexer
// refuses elsewhere (utf8.h), named as in the Unicode Character Database.
constexpr Named kNames[] = {
    {0x007F, "DELETE"},
    {0x00A0, "NO-BREAK SPACE"},
    {0x00AD, "SOFT HYPHEN"},
    {0x034F, "COMBINING GRAPHEME JOINER"},
    {0x061C, "ARABIC LETTER MARK"},
    {0x180E, "MONGOLIAN VOWEL SEPARATOR"},
    {0x200B, "ZERO WIDTH SPACE"},
    {0x200C, "ZERO WIDTH NON-JOINER"},
    {0x200D, "ZERO WIDTH JOINER"},
    {0x200E, "LEFT-TO-RIGHT MARK"},
    {0x200F, "RIGHT-TO-LEFT MARK"},
    {0x2028, "LINE SEPARATOR"},
    {0x2029, "PARAGRAPH SEPARATOR"},
    {0x202A, "LEFT-TO-RIGHT EMBEDDING"},
    {0x202B, "RIGHT-TO-LEFT EMBEDDING"},
    {0x202C, "POP DIRECTIONAL FORMATTING"},
    {0x202D, "LEFT-TO-RIGHT OVERRIDE"},
    {0x202E, "RIGHT-TO-LEFT OVERRIDE"},
    {0x2060, "WORD JOINER"},
    {0x2061, "FUNCTION APPLICATION"},
    {0x2062, "INVISIBLE TIMES"},
    {0x2063, "INVISIBLE SEPARATOR"},
    {0x2064, "INVISIBLE PLUS"},
    {0x2066, "LEFT-TO-RIGHT ISOLATE"},
    {0x2067, "RIGHT-TO-LEFT ISOLATE"},
    {0x2068, "FIRST STRONG ISOLATE"},
    {0x2069, "POP DIRECTIONAL ISOLATE"},
    {0xFEFF, "ZERO WIDTH NO-BREAK SPACE"},
    {0xFFF9, "INTERLINEAR ANNOTATION ANCHOR"},
    {0xFFFA, "INTERLINEAR ANNOTATION SEPARATOR"},
    {0xFFFB, "INTERLINEAR ANNOTATION TERMINATOR"},
    {0xFFFE, "(a noncharacter)"},
    {0xFFFF, "(a noncharacter)"},
};

struct Range {
  std::uint32_t first;
  std::uint32_t last;
};

// Unicode 15.1 General_Category=Cf (DerivedGeneralCategory.txt), whole.
constexpr Range kFormatCharacters[] = {
    {0x00AD, 0x00AD},   {0x0600, 0x0605},   {0x061C, 0x061C},   {0x06DD, 0x06DD},
    {0x070F, 0x070F},   {0x0890, 0x0891},   {0x08E2, 0x08E2},   {0x180E, 0x180E},
    {0x200B, 0x200F},   {0x202A, 0x202E},   {0x2060, 0x2064},   {0x2066, 0x206F},
    {0xFEFF, 0xFEFF},   {0xFFF9, 0xFFFB},   {0x110BD, 0x110BD}, {0x110CD, 0x110CD},
    {0x13430, 0x1343F}, {0x1BCA0, 0x1BCA3}, {0x1D173, 0x1D17A}, {0xE0001, 0xE0001},
    {0xE0020, 0xE007F},
};

bool is_format_character(std::uint32_t cp) {
  for (const Range& r : kFormatCharacters) {
    if (cp >= r.first && cp <= r.last) return true;
  }
  return false;
}

}  // namespace

bool is_refused_outside_strings(std::uint32_t cp) {
  if (cp < 0x20) return cp != '\t' && cp != '\n' && cp != '\r';
  if (cp >= 0x7F && cp <= 0x9F) return true;  // DEL and C1 (NEL is U+0085)
  if (cp == 0x2028 || cp == 0x2029) return true;
  if (cp == 0xFFFE || cp == 0xFFFF) return true;
  return is_format_character(cp);
}

std::string character_name(std::uint32_t cp) {
  char code[16];
  std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(cp));
  const char* name = nullptr;
  if (cp < 0x20) name = kC0Names[cp];
  if (cp >= 0x80 && cp <= 0x9F) name = kC1Names[cp - 0x80];
  for (const Named& n : kNames) {
    if (n.code_point == cp) name = n.name;
  }
  if (name == nullptr && is_format_character(cp)) name = "(a format character)";
  if (name == nullptr) return code;
  return std::string(code) + " " + name;
}

}  // namespace gw::sql
