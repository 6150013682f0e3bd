//! models/balance.h: a four-year path computed by hand, with and without equity.
#include <catch2/catch.hpp>

#include <array>

#include "models/balance.h"

using capexsim::Balance;
using capexsim::balance_step;
using capexsim::BalanceYear;
using capexsim::FinancingRules;

namespace {

struct Year {
  double surplus, ocf, cash_yield, debt_rate;
};

void check_year(const BalanceYear& got, const BalanceYear& want) {
  constexpr double eps = 1e-13;
  CHECK(got.interest == Approx(want.interest).epsilon(eps).margin(eps));
  CHECK(got.issued == Approx(want.issued).epsilon(eps).margin(eps));
  CHECK(got.equity == Approx(want.equity).epsilon(eps).margin(eps));
  CHECK(got.shortfall == Approx(want.shortfall).epsilon(eps).margin(eps));
  CHECK(got.cash == Approx(want.cash).epsilon(eps).margin(eps));
  CHECK(got.debt == Approx(want.debt).epsilon(eps).margin(eps));
  CHECK(got.net_cash == Approx(want.net_cash).epsilon(eps).margin(eps));
}

// Base year: cash 100, debt 50; min_cash_ratio 0.25, max_debt_to_ocf 2.
constexpr Balance kBase{100.0, 50.0};
constexpr std::array<Year, 4> kYears = {{
    {-20.0, 200.0, 0.04, 0.05},
    {-60.0, 160.0, 0.04, 0.05},
    {-150.0, 40.0, 0.02, 0.10},
    {10.0, 20.0, 0.02, 0.10},
}};

}  // namespace

TEST_CASE("balance_step reproduces a hand-computed path without equity", "[balance]") {
  // t=1: interest = 0.04 (100-100) - 0.05 (50-50) = 0; pre = 100 - 20 + 0 = 80;
  //      need = max(0, 0.25*200 - 80) = 0; room = 2*200 - 50 = 350; issued = 0;
  //      cash 80, debt 50, net 30 (above the floor: nothing happens).
  // t=2: interest = 0.04 (80-100) - 0.05 (50-50) = -0.8; pre = 80 - 60 - 0.8 = 19.2;
  //      need = 0.25*160 - 19.2 = 20.8; room = 320 - 50 = 270; issued = 20.8 (debt covers it);
  //      cash 40 (= the floor), debt 70.8, net -30.8.
  // t=3: interest = 0.02 (40-100) - 0.10 (70.8-50) = -1.2 - 2.08 = -3.28;
  //      pre = 40 - 150 - 3.28 = -113.28; need = 0.25*40 + 113.28 = 123.28;
  //      room = 2*40 - 70.8 = 9.2; issued = 9.2 (the ceiling binds); equity 0;
  //      shortfall = 123.28 - 9.2 = 114.08; cash = -113.28 + 9.2 = -104.08; debt 80;
  //      net -184.08.
  // t=4: interest = 0.02 (-104.08-100) - 0.10 (80-50) = -4.0816 - 3 = -7.0816;
  //      pre = -104.08 + 10 - 7.0816 = -101.1616; need = 0.25*20 + 101.1616 = 106.1616;
  //      room = max(0, 2*20 - 80) = 0 (debt above the ceiling: no room, none repaid);
  //      issued 0; shortfall 106.1616; cash -101.1616; debt 80; net -181.1616.
  const std::array<BalanceYear, 4> want = {{
      {80.0, 50.0, 30.0, 0.0, 0.0, 0.0, 0.0},
      {40.0, 70.8, -30.8, 20.8, 0.0, 0.0, -0.8},
      {-104.08, 80.0, -184.08, 9.2, 0.0, 114.08, -3.28},
      {-101.1616, 80.0, -181.1616, 0.0, 0.0, 106.1616, -7.0816},
  }};
  const FinancingRules rules{0.25, 2.0, false};
  Balance prev = kBase;
  for (std::size_t t = 0; t < kYears.size(); ++t) {
    INFO("year " << t + 1);
    const Year& y = kYears[t];
    const BalanceYear got =
        balance_step(prev, kBase, y.surplus, y.ocf, {y.cash_yield, y.debt_rate, 0.0}, rules);
    check_year(got, want[t]);
    prev = Balance{got.cash, got.debt};
  }
}

TEST_CASE("balance_step with equity fills what debt cannot", "[balance]") {
  // t=1 and t=2 as without equity (need <= room). t=3: need 123.28, room 9.2: issued 9.2,
  //      equity = 123.28 - 9.2 = 114.08, shortfall 0, cash = -113.28 + 9.2 + 114.08 = 10
  //      (= 0.25*40, the floor), debt 80, net -70.
  // t=4: interest = 0.02 (10-100) - 0.10 (80-50) = -1.8 - 3 = -4.8; pre = 10 + 10 - 4.8 = 15.2;
  //      need = max(0, 0.25*20 - 15.2) = 0; room 0; cash 15.2, debt 80, net -64.8.
  const std::array<BalanceYear, 4> want = {{
      {80.0, 50.0, 30.0, 0.0, 0.0, 0.0, 0.0},
      {40.0, 70.8, -30.8, 20.8, 0.0, 0.0, -0.8},
      {10.0, 80.0, -70.0, 9.2, 114.08, 0.0, -3.28},
      {15.2, 80.0, -64.8, 0.0, 0.0, 0.0, -4.8},
  }};
  const FinancingRules rules{0.25, 2.0, true};
  Balance prev = kBase;
  for (std::size_t t = 0; t < kYears.size(); ++t) {
    INFO("year " << t + 1);
    const Year& y = kYears[t];
    const BalanceYear got =
        balance_step(prev, kBase, y.surplus, y.ocf, {y.cash_yield, y.debt_rate, 0.0}, rules);
    check_year(got, want[t]);
    prev = Balance{got.cash, got.debt};
  }
}

TEST_CASE("balance_step: a zero floor issues nothing while cash is positive", "[balance]") {
  const BalanceYear y =
      balance_step(Balance{10.0, 0.0}, Balance{10.0, 0.0}, -4.0, 100.0, {}, {0.0, 1.0, false});
  CHECK(y.issued == 0.0);
  CHECK(y.cash == 6.0);
  CHECK(y.net_cash == 6.0);
}

TEST_CASE("balance_step: other flows are a share of OCF added before the floor", "[balance]") {
  // cash 100, debt 50 (the base); surplus 30, OCF 200, other_flows -0.5: other = -100;
  // pre = 100 + 30 + 0 - 100 = 30; need = 0.25*200 - 30 = 20; room 350: issued 20;
  // cash 50, debt 70, net -20.
  const BalanceYear y =
      balance_step(kBase, kBase, 30.0, 200.0, {0.04, 0.05, -0.5}, {0.25, 2.0, false});
  CHECK(y.other == -100.0);
  CHECK(y.interest == 0.0);
  CHECK(y.issued == 20.0);
  CHECK(y.cash == 50.0);
  CHECK(y.debt == 70.0);
  CHECK(y.net_cash == -20.0);
  // Zero other flows leave every number as it was without the term.
  const BalanceYear none =
      balance_step(kBase, kBase, -20.0, 200.0, {0.04, 0.05, 0.0}, {0.25, 2.0, false});
  CHECK(none.other == 0.0);
  CHECK(none.cash == 80.0);
}

TEST_CASE("balance_step: issuance known in the year is in cash and debt before the rule",
          "[balance][known]") {
  // Base cash 50, debt 40, OCF 100, no interest or other flows; 10 of debt and 5 of equity
  // already issued: pre = 50 + surplus + 15, debt before the rule 50.
  const Balance base{50.0, 40.0};
  FinancingRules rules{0.25, 0.6, false};
  rules.known_debt = 10.0;
  rules.known_equity = 5.0;
  SECTION("the floor is met: the rule issues nothing more") {
    // surplus -30: pre 35 >= floor 25.
    const BalanceYear y = balance_step(base, base, -30.0, 100.0, {}, rules);
    CHECK(y.cash == 35.0);
    CHECK(y.debt == 50.0);
    CHECK(y.issued == 10.0);
    CHECK(y.equity == 5.0);
    CHECK(y.shortfall == 0.0);
    CHECK(y.net_cash == -15.0);
  }
  SECTION("the rule tops up within the room left after the known debt") {
    // surplus -50: pre 15, need 10; room 60 - 50 = 10: borrows 10.
    const BalanceYear y = balance_step(base, base, -50.0, 100.0, {}, rules);
    CHECK(y.cash == 25.0);
    CHECK(y.debt == 60.0);
    CHECK(y.issued == 20.0);
    CHECK(y.equity == 5.0);
    CHECK(y.net_cash == -35.0);
  }
  SECTION("the known debt uses up room: a shortfall, or equity") {
    // Ceiling 0.5625: room 56.25 - 50 = 6.25 of the need 10 (every number exact in binary).
    rules.max_debt_to_ocf = 0.5625;
    const BalanceYear y = balance_step(base, base, -50.0, 100.0, {}, rules);
    CHECK(y.issued == 16.25);
    CHECK(y.shortfall == 3.75);
    CHECK(y.cash == 21.25);
    CHECK(y.debt == 56.25);
    rules.equity = true;
    const BalanceYear e = balance_step(base, base, -50.0, 100.0, {}, rules);
    CHECK(e.equity == 8.75);
    CHECK(e.shortfall == 0.0);
    CHECK(e.cash == 25.0);
    CHECK(e.net_cash == -31.25);
  }
}
