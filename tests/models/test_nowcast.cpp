//! models/nowcast.h: the nowcast year, known part + drawn remainder, for k = 1/4, 2/4, 3/4, the
//! growth floor on the remainder and the policy acting on the remainder only.
#include <catch2/catch.hpp>

#include "models/nowcast.h"

using capexsim::Draws;
using capexsim::Flows;
using capexsim::KnownPart;
using capexsim::Policy;
using capexsim::project_nowcast_year;
using capexsim::Step;

namespace {

// Flows: ocf, buybacks, dividends, capex.
const Flows kBase{200.0, 40.0, 10.0, 80.0};
const Flows kKnown{60.0, 5.0, 3.0, 50.0};

}  // namespace

TEST_CASE("the nowcast year is the known part plus (1 - k) of the base year grown by g",
          "[nowcast]") {
  const Draws d{0.10, 0.40, 0.25, 0.05};
  for (int n = 1; n <= 3; ++n) {
    INFO("through quarter " << n);
    const KnownPart known{2026, n, kKnown};
    const double k = n / 4.0;
    CHECK(known.share() == k);
    const double rest_ocf = (1 - k) * 200.0 * 1.10, rest_capex = (1 - k) * 80.0 * 1.40;
    const Step s = project_nowcast_year(kBase, known, d);
    CHECK(s.flows.ocf == Approx(60.0 + rest_ocf).epsilon(1e-15));
    CHECK(s.flows.capex == Approx(50.0 + rest_capex).epsilon(1e-15));
    CHECK(s.flows.buybacks == Approx(5.0 + 0.25 * rest_ocf).epsilon(1e-15));
    CHECK(s.flows.dividends == Approx(3.0 + 0.05 * rest_ocf).epsilon(1e-15));
    CHECK_FALSE(s.ocf_growth_floored);
    CHECK_FALSE(s.capex_growth_floored);
  }
}

TEST_CASE("nowcast values by hand for the half year", "[nowcast]") {
  // k = 1/2: rest OCF = 100 * 0.9 = 90, rest capex = 40 * 1.5 = 60.
  const Step s = project_nowcast_year(kBase, {2026, 2, kKnown}, {-0.10, 0.50, 0.20, 0.10});
  CHECK(s.flows.ocf == 150.0);
  CHECK(s.flows.capex == 110.0);
  CHECK(s.flows.buybacks == 5.0 + 18.0);
  CHECK(s.flows.dividends == 3.0 + 9.0);
  CHECK(s.flows.surplus() == 150.0 - 23.0 - 12.0 - 110.0);
}

TEST_CASE("a growth draw at or below -100% floors the remainder, never the known part",
          "[nowcast]") {
  const Step s = project_nowcast_year(kBase, {2026, 3, kKnown}, {-1.5, -1.0, 0.25, 0.05});
  CHECK(s.ocf_growth_floored);
  CHECK(s.capex_growth_floored);
  CHECK(s.flows.ocf == 60.0);
  CHECK(s.flows.capex == 50.0);
  CHECK(s.flows.buybacks == 5.0);
  CHECK(s.flows.dividends == 3.0);
}

TEST_CASE("a negative known OCF is carried as reported", "[nowcast]") {
  const Step s = project_nowcast_year(kBase, {2026, 1, {-20.0, 0, 0, 10.0}}, {0, 0, 0.5, 0});
  CHECK(s.flows.ocf == -20.0 + 150.0);
  CHECK(s.flows.buybacks == 75.0);  // the ratio applies to the drawn remainder only
}

TEST_CASE("a policy acts on the drawn remainder only", "[nowcast][policy]") {
  const KnownPart known{2026, 2, kKnown};  // known capex 50 against known OCF 60
  const Draws d{0.0, 0.0, 0.25, 0.05};     // rest OCF 100, rest capex 40
  SECTION("the capex ceiling bounds the remainder's capex by the remainder's OCF") {
    Policy p;
    p.capex_ceiling = 0.3;
    const Step s = project_nowcast_year(kBase, known, d, p, false);
    CHECK(s.flows.capex == 50.0 + 30.0);
    CHECK(s.flows.ocf == 160.0);
  }
  SECTION("the capex floor raises the remainder's capex only") {
    Policy p;
    p.capex_floor = 0.5;
    const Step s = project_nowcast_year(kBase, known, d, p, false);
    CHECK(s.flows.capex == 50.0 + 50.0);
  }
  SECTION("payout cuts scale the drawn ratios, not the known payouts") {
    Policy p;
    p.buyback_cut = capexsim::PayoutCut{0.0};
    p.dividend_cut = capexsim::PayoutCut{0.5};
    const Step cut = project_nowcast_year(kBase, known, d, p, true);
    CHECK(cut.flows.buybacks == 5.0);
    CHECK(cut.flows.dividends == 3.0 + 0.025 * 100.0);
    const Step uncut = project_nowcast_year(kBase, known, d, p, false);
    CHECK(uncut.flows.buybacks == 5.0 + 25.0);
  }
  SECTION("no rule: the same bits as the plain nowcast") {
    const Step plain = project_nowcast_year(kBase, known, {0.13, -0.07, 0.21, 0.033});
    const Step ruled =
        project_nowcast_year(kBase, known, {0.13, -0.07, 0.21, 0.033}, Policy{}, false);
    CHECK(plain.flows.ocf == ruled.flows.ocf);
    CHECK(plain.flows.capex == ruled.flows.capex);
    CHECK(plain.flows.buybacks == ruled.flows.buybacks);
    CHECK(plain.flows.dividends == ruled.flows.dividends);
  }
}
