//! Scenario texts and helpers shared by the loader tests: a valid one-company scenario whose
//! distribution lines a test supplies, and a catcher that returns the InputError it throws.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

#include <catch2/catch.hpp>

#include "models/errors.h"
#include "scenarios/loader.h"

namespace capexsim::test {

//! Lines 1-4.
inline constexpr std::string_view kSimulation =
    "[simulation]\n"
    "name = \"t\"\n"
    "base_year = 2023\n"
    "years = [2024, 2025, 2026]\n";

//! Lines 5-8.
inline constexpr std::string_view kCompanyHead =
    "[[company]]\n"
    "name = \"meta\"\n"
    "base = { ocf = 100, buybacks = 20, dividends = 5, capex = 40 }\n"
    "ocf_growth = { dist = \"fixed\", value = 0.15 }\n";

inline constexpr std::string_view kCapex = "capex_growth = { dist = \"fixed\", value = 0.3 }";

//! A scenario whose line 9 onward is `lines` (which must define capex_growth to be valid).
inline std::string with_lines(std::string_view lines) {
  return std::string(kSimulation) + std::string(kCompanyHead) + std::string(lines) + "\n";
}

//! The InputError that parsing `text` as "x.toml" throws; fails the test when none is thrown.
inline InputError error_of(const std::string& text) {
  try {
    parse_scenario(text, "x.toml");
  } catch (const InputError& error) {
    return error;
  }
  FAIL("no InputError for:\n" << text);
  throw std::logic_error("unreachable");
}

//! Line `line` (from 1) of `text`.
inline std::string line_of(const std::string& text, int line) {
  std::size_t begin = 0;
  for (int i = 1; i < line; ++i) begin = text.find('\n', begin) + 1;
  return text.substr(begin, text.find('\n', begin) - begin);
}

//! The error is at `line`, at the column where the first `token` on that line starts, and
//! what() begins with "x.toml:line:column: ".
inline void check_at(const InputError& error, const std::string& text, int line,
                     std::string_view token) {
  const std::size_t found = line_of(text, line).find(token);
  REQUIRE(found != std::string::npos);
  const int column = static_cast<int>(found) + 1;
  CHECK(error.file() == "x.toml");
  CHECK(error.line() == line);
  CHECK(error.column() == column);
  const std::string where = "x.toml:" + std::to_string(line) + ":" + std::to_string(column) + ": ";
  CHECK(std::string(error.what()).rfind(where, 0) == 0);
}

}  // namespace capexsim::test
