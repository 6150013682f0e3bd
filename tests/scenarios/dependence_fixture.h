//! A valid three-company scenario for the [[correlation]] and persistence tests: six drawn
//! parameters, one company's capex fixed, and the lines from 21 on supplied by a test.
#pragma once

#include <string>
#include <string_view>

namespace capexsim::test {

//! Drawn, in canonical order: meta.ocf_growth, meta.capex_growth, amazon.ocf_growth,
//! amazon.buyback_ratio, alphabet.ocf_growth, alphabet.capex_growth. Fixed: meta's payout
//! ratios (defaults), amazon.capex_growth, amazon.dividend_ratio, alphabet's payout ratios.
inline constexpr std::string_view kThreeCompanies =
    "[simulation]\n"                                                           // 1
    "name = \"t\"\n"                                                           // 2
    "base_year = 2023\n"                                                       // 3
    "years = [2024, 2025, 2026]\n"                                             // 4
    "[[company]]\n"                                                            // 5
    "name = \"meta\"\n"                                                        // 6
    "base = { ocf = 100, buybacks = 20, dividends = 5, capex = 40 }\n"         // 7
    "ocf_growth = { dist = \"normal\", mean = 0.15, sd = 0.1 }\n"              // 8
    "capex_growth = { dist = \"normal\", mean = 0.3, sd = 0.2 }\n"             // 9
    "[[company]]\n"                                                            // 10
    "name = \"amazon\"\n"                                                      // 11
    "base = { ocf = 80, buybacks = 0, dividends = 0, capex = 50 }\n"           // 12
    "ocf_growth = { dist = \"normal\", mean = 0.15, sd = 0.3 }\n"              // 13
    "capex_growth = { dist = \"fixed\", value = 0.3 }\n"                       // 14
    "buyback_ratio = { dist = \"uniform\", min = 0.0, max = 0.1 }\n"           // 15
    "[[company]]\n"                                                            // 16
    "name = \"alphabet\"\n"                                                    // 17
    "base = { ocf = 100, buybacks = 60, dividends = 0, capex = 30 }\n"         // 18
    "ocf_growth = { dist = \"normal\", mean = 0.15, sd = 0.2 }\n"              // 19
    "capex_growth = { dist = \"pert\", min = 0.1, mode = 0.3, max = 0.6 }\n";  // 20

enum Var { meta_ocf, meta_capex, amazon_ocf, amazon_buyback, alphabet_ocf, alphabet_capex };

//! The three companies, then `lines` from line 21.
inline std::string three_companies(std::string_view lines) {
  return std::string(kThreeCompanies) + std::string(lines) + "\n";
}

}  // namespace capexsim::test
