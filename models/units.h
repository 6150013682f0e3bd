//! Money units. Scenarios are written in the seed report's unit, USD 100 million; history files
//! (scenarios/data/) are in USD billions. The factor between them lives here only.
#pragma once

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>

namespace capexsim {

//! The seed report's unit, as scenarios and results name it.
inline constexpr std::string_view kUsd100Million = "USD 100 million";

//! USD 100 million per USD billion: USD 1 billion = 10 x USD 100 million.
inline constexpr double kUsd100MillionPerBillion = 10.0;

//! How many of `unit` make one USD billion, the unit read case-insensitively: "USD 100 million"
//! -> kUsd100MillionPerBillion, "USD billion" or "USD billions" -> 1; nullopt for any other.
inline std::optional<double> units_per_billion(std::string_view unit) {
  std::string u(unit);
  std::ranges::transform(u, u.begin(),
                         [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (u == "usd 100 million") return kUsd100MillionPerBillion;
  if (u == "usd billion" || u == "usd billions") return 1.0;
  return std::nullopt;
}

}  // namespace capexsim
