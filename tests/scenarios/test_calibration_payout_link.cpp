// Sticky dividends (scenarios/calibration_payout_link.h): the within-company correlation of the
// dividend ratio's change with OCF growth, against a hand computation, 0 where dividends move
// with OCF, and declared in the calibrated scenario, which loads.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "scenarios/calibration.h"
#include "scenarios/calibration_payout_link.h"
#include "scenarios/calibration_toml.h"
#include "scenarios/history.h"
#include "scenarios/loader.h"

namespace capexsim {
namespace {

//! One company: OCF as given, dividends as given, capex 50 growing 10%, buybacks 10% of OCF.
void add(History& h, const std::string& name, const std::vector<double>& ocf,
         const std::vector<double>& dividends) {
  double capex = 50;
  for (std::size_t t = 0; t < ocf.size(); ++t, capex *= 1.1) {
    HistoryRow r;
    r.company = name;
    r.year = 2015 + static_cast<int>(t);
    r.ocf = ocf[t];
    r.capex = capex;
    r.buybacks = 0.1 * ocf[t];
    r.dividends = dividends[t];
    r.confidence = "verified";
    h.rows.push_back(r);
  }
}

Calibration calibrated(const History& h) {
  CalibrationOptions o;
  o.base_year = 2019;
  o.years = 2;
  return calibrate(h, o);
}

}  // namespace

TEST_CASE("sticky dividends: the ratio's change moves against OCF growth", "[calibration]") {
  History h;
  h.path = "sticky.csv";
  // Dividends fixed at 10 while OCF moves: ratios 0.1, 0.08, 0.1, 0.0625, 0.05.
  add(h, "A", {100, 125, 100, 160, 200}, {10, 10, 10, 10, 10});
  // Dividends at a constant ratio: changes 0, centred 0: they add nothing to the sums.
  add(h, "B", {50, 60, 55, 70, 80}, {5, 6, 5.5, 7, 8});
  const Calibration cal = calibrated(h);
  const PayoutLink& l = cal.dividend_link;
  // A's pairs (change, growth): (-0.02, 0.25), (0.02, -0.2), (-0.0375, 0.6), (-0.0125, 0.25);
  // B's: 4 pairs with change 0 (up to rounding). By hand: centred on A's means -0.0125 and
  // 0.225, sum xy = -0.023375, sum xx = 0.0017375, sum yy = 0.3225 (B adds its growth
  // spread to yy only).
  const std::vector<double> gb = {0.2, 55.0 / 60 - 1, 70.0 / 55 - 1, 80.0 / 70 - 1};
  double mb = 0, syy_b = 0;
  for (double g : gb) mb += g / 4;
  for (double g : gb) syy_b += (g - mb) * (g - mb);
  const double r = -0.023375 / std::sqrt(0.0017375 * (0.3225 + syy_b));
  CHECK(l.pairs == 8);
  CHECK(l.sample == Approx(r).margin(1e-9));
  CHECK(l.fitted == Approx(std::round(100 * r * 8 / (8 + 3.0)) / 100));
  CHECK(l.fitted < -0.5);
  const std::string text = calibration_toml(cal, "sticky.csv");
  // One table over both OCF growths and both ratios: a's ratio with a's OCF rho, with b's OCF
  // rho x their OCF correlation, the two ratios rho^2 x it; positive semi-definite as built.
  CHECK(text.find("between = [\"a.ocf_growth\", \"b.ocf_growth\", \"a.dividend_ratio\", "
                  "\"b.dividend_ratio\"]") != std::string::npos);
  const double f = cal.ocf_correlation.fitted(0, 1);
  char row[160];
  std::snprintf(row, sizeof row, "[%.2f, 1.00, %.4f, %.4f]", f, l.fitted * f, l.fitted);
  CHECK(text.find(row) != std::string::npos);
  const Scenario s = parse_scenario(text, "calibrated.toml");
  CHECK(s.companies.size() == 2);
  CHECK_FALSE(s.dependence.repaired);
}

TEST_CASE("dividends that move with OCF get no link, and none is declared", "[calibration]") {
  History h;
  h.path = "proportional.csv";
  add(h, "A", {100, 125, 100, 160, 200}, {10, 12.5, 10, 16, 20});
  add(h, "B", {50, 60, 55, 70, 80}, {0, 0, 0, 0, 0});  // never paid: no pairs
  const Calibration cal = calibrated(h);
  CHECK(cal.dividend_link.pairs == 4);
  CHECK(cal.dividend_link.fitted == 0);
  CHECK(calibration_toml(cal, "p.csv").find(".dividend_ratio\"]") == std::string::npos);
}

}  // namespace capexsim
