//! models/cashflow.h: one projection year, the seed report's 2024E-2026E totals, and the
//! growth floor at g <= -1.
#include <catch2/catch.hpp>

#include <array>

#include "models/cashflow.h"

using capexsim::Draws;
using capexsim::Flows;
using capexsim::project_year;
using capexsim::Step;

TEST_CASE("project_year applies the report's formulas", "[cashflow]") {
  const Draws d{0.10, 0.40, 0.25, 0.05};
  const Step s = project_year(200.0, 80.0, d);
  CHECK(s.flows.ocf == Approx(220.0).epsilon(1e-15));
  CHECK(s.flows.capex == Approx(112.0).epsilon(1e-15));
  CHECK(s.flows.buybacks == Approx(55.0).epsilon(1e-15));
  CHECK(s.flows.dividends == Approx(11.0).epsilon(1e-15));
  CHECK(s.flows.surplus() == Approx(220.0 - 55.0 - 11.0 - 112.0).epsilon(1e-15));
  CHECK(s.flows.usage_ratio() == Approx((55.0 + 11.0 + 112.0) / 220.0).epsilon(1e-15));
  CHECK_FALSE(s.ocf_growth_floored);
  CHECK_FALSE(s.capex_growth_floored);
}

TEST_CASE("project_year reproduces Table 1 of the seed report", "[cashflow]") {
  // Base year 2023, four companies together, USD 100 million (shared/MODEL.md).
  const double ocf0 = 3604.52, capex0 = 1465.48;
  const double buyback_ratio = 1013.23 / ocf0, dividend_ratio = 207.38 / ocf0;
  const std::array<double, 3> capex_growth = {0.50, 0.30, 0.30};
  // 2024E, 2025E, 2026E: OCF, buybacks, dividends, capex, surplus, usage ratio (%).
  const std::array<std::array<double, 6>, 3> table = {{
      {4145.20, 1165.21, 238.49, 2198.22, 543.28, 86.89},
      {4766.98, 1340.00, 274.26, 2857.69, 295.03, 93.81},
      {5482.02, 1541.00, 315.40, 3714.99, -89.36, 101.63},
  }};
  double ocf = ocf0, capex = capex0;
  for (std::size_t t = 0; t < table.size(); ++t) {
    INFO("projection year " << 2024 + t);
    const Step s = project_year(ocf, capex, {0.15, capex_growth[t], buyback_ratio, dividend_ratio});
    const Flows& f = s.flows;
    CHECK(f.ocf == Approx(table[t][0]).epsilon(0).margin(0.005));
    CHECK(f.buybacks == Approx(table[t][1]).epsilon(0).margin(0.005));
    CHECK(f.dividends == Approx(table[t][2]).epsilon(0).margin(0.005));
    CHECK(f.capex == Approx(table[t][3]).epsilon(0).margin(0.005));
    CHECK(f.surplus() == Approx(table[t][4]).epsilon(0).margin(0.005));
    CHECK(100 * f.usage_ratio() == Approx(table[t][5]).epsilon(0).margin(0.005));
    ocf = f.ocf;
    capex = f.capex;
  }
}

TEST_CASE("a growth draw at or below -100% floors the flow at zero and flags it", "[cashflow]") {
  SECTION("exactly -100% on OCF") {
    const Step s = project_year(100.0, 50.0, {-1.0, 0.1, 0.3, 0.05});
    CHECK(s.ocf_growth_floored);
    CHECK_FALSE(s.capex_growth_floored);
    CHECK(s.flows.ocf == 0);
    CHECK(s.flows.buybacks == 0);
    CHECK(s.flows.dividends == 0);
    CHECK(s.flows.capex == Approx(55.0));
    CHECK(s.flows.surplus() == Approx(-55.0));
  }
  SECTION("below -100% on capex") {
    const Step s = project_year(100.0, 50.0, {0.1, -1.7, 0.3, 0.05});
    CHECK_FALSE(s.ocf_growth_floored);
    CHECK(s.capex_growth_floored);
    CHECK(s.flows.capex == 0);
    CHECK(s.flows.ocf == Approx(110.0));
  }
  SECTION("just above -100% is not floored") {
    const Step s = project_year(100.0, 50.0, {-0.999, -0.999, 0.3, 0.05});
    CHECK_FALSE(s.ocf_growth_floored);
    CHECK_FALSE(s.capex_growth_floored);
    CHECK(s.flows.ocf == Approx(0.1));
    CHECK(s.flows.capex == Approx(0.05));
  }
  SECTION("a floored flow stays at zero") {
    const Step first = project_year(100.0, 50.0, {-2.0, -2.0, 0.3, 0.05});
    const Step next = project_year(first.flows.ocf, first.flows.capex, {0.5, 0.5, 0.3, 0.05});
    CHECK(first.ocf_growth_floored);
    CHECK(first.capex_growth_floored);
    CHECK(next.flows.ocf == 0);
    CHECK(next.flows.capex == 0);
    CHECK_FALSE(next.ocf_growth_floored);
  }
}
