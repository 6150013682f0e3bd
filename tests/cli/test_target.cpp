// The statistics named STAT[ENTITY,YEAR] (cli/target.h): every balance-sheet statistic parses to
// its kind, prints back to its name and reads in words; a scenario without financing, a level
// that is not stored and watching one while running are refused with a message naming the
// option.
#include <catch2/catch.hpp>

#include <string>

#include "cli/target.h"
#include "models/errors.h"
#include "tests/support/scenario_builders.h"

using namespace capexsim;
using cli::parse_target;
using Kind = TargetStatistic::Kind;

namespace {

Scenario financed() {
  return test::with_financing(test::two_company_scenario("financed"), 10, 5,
                              Distribution::fixed(0.03), Distribution::fixed(0.05), 0.2, 0.3);
}

//! Parses `text` as solve --stat does.
TargetStatistic stat(const std::string& text, const Scenario& s = financed()) {
  return parse_target(text, s, "--stat", false);
}

}  // namespace

TEST_CASE("balance-sheet statistics parse, print back and read in words", "[cli][target]") {
  const Scenario s = financed();
  struct Case {
    const char* text;
    const char* words;
    Kind kind;
    bool probability;
  };
  const Case cases[] = {
      {"prob_net_debt[total,2025]", "P(total net cash < 0 in 2025)", Kind::balance_prob, true},
      {"prob_issued[a,2024]", "P(a debt issued > 0 in 2024)", Kind::balance_prob, true},
      {"prob_shortfall[b,2026]", "P(b shortfall > 0 in 2026)", Kind::balance_prob, true},
      {"survival_net_debt[total,2026]", "P(no total net debt through 2026)", Kind::balance_survival,
       true},
      {"survival_issued[a,2025]", "P(no a debt issued through 2025)", Kind::balance_survival, true},
      {"survival_shortfall[total,2024]", "P(no total shortfall through 2024)",
       Kind::balance_survival, true},
      {"cash_mean[total,2026]", "mean total cash in 2026", Kind::balance_mean, false},
      {"debt_mean[a,2026]", "mean a debt in 2026", Kind::balance_mean, false},
      {"net_cash_mean[total,2025]", "mean total net cash in 2025", Kind::balance_mean, false},
      {"issued_mean[b,2025]", "mean b debt issued in 2025", Kind::balance_mean, false},
      {"equity_mean[total,2024]", "mean total equity issued in 2024", Kind::balance_mean, false},
      {"shortfall_mean[total,2026]", "mean total shortfall in 2026", Kind::balance_mean, false},
      {"interest_mean[a,2025]", "mean a net interest in 2025", Kind::balance_mean, false},
      {"net_cash_q05[total,2026]", "5% quantile of total net cash in 2026", Kind::net_cash_quantile,
       false},
      {"net_cash_q50[b,2024]", "50% quantile of b net cash in 2024", Kind::net_cash_quantile,
       false},
      // The surplus' statistics keep their names on a scenario with financing.
      {"prob_negative[total,2026]", "P(total surplus < 0 in 2026)", Kind::prob_negative, true},
      {"surplus_q05[a,2024]", "5% quantile of a surplus in 2024", Kind::surplus_quantile, false},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    const TargetStatistic t = stat(c.text);
    CHECK(t.kind == c.kind);
    CHECK(cli::target_name(t, s) == c.text);
    CHECK(cli::target_description(t, s) == c.words);
    CHECK(cli::is_probability(t) == c.probability);
    CHECK(is_balance_statistic(t.kind) ==
          (std::string(c.text).find("surplus") == std::string::npos &&
           std::string(c.text).find("negative") == std::string::npos));
  }
  // Each name selects its variable, event or level; without a cell, the total's last year.
  CHECK(stat("issued_mean").var == BalanceVar::issued);
  CHECK(stat("interest_mean").var == BalanceVar::interest);
  CHECK(stat("prob_shortfall").event == BalanceEvent::shortfall);
  CHECK(stat("survival_issued").event == BalanceEvent::issued);
  const TargetStatistic q = stat("net_cash_q95");
  CHECK(q.level == 0.95);
  CHECK(q.entity == -1);
  CHECK(q.year == -1);
  CHECK(cli::target_name(q, s) == "net_cash_q95[total,2026]");
}

TEST_CASE("balance-sheet statistics are refused where they cannot be computed", "[cli][target]") {
  // A scenario without financing: the option, the statistic and the reason.
  const Scenario plain = test::two_company_scenario("plain");
  for (const char* text :
       {"prob_net_debt[total,2026]", "cash_mean", "survival_net_debt[a,2025]", "net_cash_q05"}) {
    INFO(text);
    CHECK_THROWS_WITH(stat(text, plain), Catch::Contains("--stat: ") &&
                                             Catch::Contains("balance-sheet statistic") &&
                                             Catch::Contains("the scenario has no financing"));
  }
  // A level that is not stored, and names that are not statistics.
  for (const char* text : {"net_cash_q07", "net_cash_q", "prob_net", "survival_debt", "cash"})
    CHECK_THROWS_WITH(stat(text), Catch::Contains("--stat: unknown statistic"));
  // While running (run --target-stderr): the means and probabilities, not quantiles or survival.
  CHECK(parse_target("prob_net_debt[total,2026]", financed()).kind == Kind::balance_prob);
  CHECK(parse_target("net_cash_mean", financed()).kind == Kind::balance_mean);
  CHECK_THROWS_WITH(parse_target("net_cash_q05", financed()),
                    Catch::Contains("cannot be watched while running"));
  CHECK_THROWS_AS(parse_target("survival_net_debt", financed()), InputError);
  CHECK(estimable_while_running(Kind::balance_prob));
  CHECK_FALSE(estimable_while_running(Kind::balance_survival));
  CHECK(estimable_while_running(Kind::prob_negative));
  // The entity and year are checked as for every statistic.
  CHECK_THROWS_WITH(stat("prob_net_debt[c,2026]"), Catch::Contains("no entity \"c\""));
  CHECK_THROWS_WITH(stat("prob_net_debt[total,2030]"), Catch::Contains("year 2030"));
}
