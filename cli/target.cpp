// STAT[ENTITY,YEAR] <-> TargetStatistic, and the statistic's name and description for messages.
// The balance sheet's names come from sim/balance_stats.h: <var>_mean, prob_<event>,
// survival_<event>.
#include "cli/target.h"

#include <array>
#include <cmath>
#include <cstdio>

#include "models/errors.h"
#include "sim/results.h"

namespace capexsim::cli {
namespace {

using Kind = TargetStatistic::Kind;

constexpr const char* kStatistics =
    "prob_negative, surplus_mean, ocf_mean, capex_mean, survival or surplus_qNN; with financing "
    "also prob_net_debt, prob_issued, prob_shortfall, survival_net_debt, survival_issued, "
    "survival_shortfall, cash_mean, debt_mean, net_cash_mean, issued_mean, equity_mean, "
    "shortfall_mean, interest_mean, other_flows_mean or net_cash_qNN; NN one of 01 05 10 25 50 "
    "75 90 95 99";
constexpr const char* kWhileRunning =
    "prob_negative, surplus_mean, ocf_mean or capex_mean; with financing also prob_net_debt, "
    "prob_issued, prob_shortfall or a balance mean (net_cash_mean, ...)";

//! In BalanceEvent order, in words: "P(total <condition> in 2028)" (the long names, from
//! sim/balance_stats.h, give "mean total net cash in 2028", "P(no total net debt through 2028)").
constexpr std::array<const char*, kBalanceEventCount> kEventConditions = {
    "net cash < 0", "debt issued > 0", "shortfall > 0"};

std::string percent(double level) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02.0f", level * 100);
  return buf;
}

//! Sets t.level from a quantile statistic "<prefix>NN"; false when NN is not a stored level.
bool parse_level(const std::string& stat, const std::string& prefix, TargetStatistic& t) {
  for (double level : kQuantileLevels)
    if (stat == prefix + percent(level)) {
      t.level = level;
      return true;
    }
  return false;
}

//! Sets t.kind (and t.var, t.event or t.level) from a balance-sheet statistic's name; false for
//! an unknown name.
bool parse_balance_kind(const std::string& stat, TargetStatistic& t) {
  for (int k = 0; k < kBalanceVarCount; ++k)
    if (stat == std::string(kBalanceVarNames[k]) + "_mean") {
      t.kind = Kind::balance_mean;
      t.var = static_cast<BalanceVar>(k);
      return true;
    }
  for (int k = 0; k < kBalanceEventCount; ++k) {
    const std::string event = kBalanceEventNames[k];
    t.event = static_cast<BalanceEvent>(k);
    if (stat == "prob_" + event) {
      t.kind = Kind::balance_prob;
      return true;
    }
    if (stat == "survival_" + event) {
      t.kind = Kind::balance_survival;
      return true;
    }
  }
  t.kind = Kind::net_cash_quantile;
  return parse_level(stat, "net_cash_q", t);
}

//! Sets t.kind (and t.level, t.var, t.event) from the statistic's name; false for an unknown
//! name.
bool parse_kind(const std::string& stat, TargetStatistic& t) {
  if (stat == "prob_negative")
    t.kind = Kind::prob_negative;
  else if (stat == "surplus_mean")
    t.kind = Kind::surplus_mean;
  else if (stat == "ocf_mean")
    t.kind = Kind::ocf_mean;
  else if (stat == "capex_mean")
    t.kind = Kind::capex_mean;
  else if (stat == "survival")
    t.kind = Kind::survival;
  else if (stat.rfind("surplus_q", 0) == 0) {
    t.kind = Kind::surplus_quantile;
    return parse_level(stat, "surplus_q", t);
  } else {
    return parse_balance_kind(stat, t);
  }
  return true;
}

std::string entity_name(const TargetStatistic& t, const Scenario& scenario) {
  return t.entity < 0 ? "total" : scenario.companies[static_cast<std::size_t>(t.entity)].name;
}

int year_of(const TargetStatistic& t, const Scenario& scenario) {
  return scenario.years[t.year < 0 ? scenario.years.size() - 1 : static_cast<std::size_t>(t.year)];
}

std::string level_text(double level) {
  char text[16];
  std::snprintf(text, sizeof text, "%g%%", level * 100);
  return text;
}

}  // namespace

TargetStatistic parse_target(const std::string& text, const Scenario& scenario,
                             std::string_view option, bool while_running) {
  const std::string opt(option);
  TargetStatistic t;
  const auto bracket = text.find('[');
  const std::string stat = text.substr(0, bracket);
  if (!parse_kind(stat, t))
    throw InputError(opt + ": unknown statistic \"" + stat + "\" (one of " +
                     (while_running ? kWhileRunning : kStatistics) + ")");
  if (while_running && !estimable_while_running(t.kind))
    throw InputError(opt + ": " + stat + " cannot be watched while running (one of " +
                     kWhileRunning + ")");
  if (is_balance_statistic(t.kind) && !scenario.has_financing())
    throw InputError(opt + ": " + stat +
                     " is a balance-sheet statistic, but the scenario has no financing (give every "
                     "company a financing table: docs/model.md, \"Balance sheet\")");
  if (bracket == std::string::npos) return t;
  const auto comma = text.find(',', bracket);
  if (comma == std::string::npos || text.back() != ']')
    throw InputError(opt + ": write STAT[ENTITY,YEAR], e.g. prob_negative[total,2026]");
  const std::string entity = text.substr(bracket + 1, comma - bracket - 1);
  const std::string year = text.substr(comma + 1, text.size() - comma - 2);
  if (entity != "total") {
    t.entity = -2;
    for (std::size_t c = 0; c < scenario.companies.size(); ++c)
      if (scenario.companies[c].name == entity) t.entity = static_cast<int>(c);
    if (t.entity == -2) throw InputError(opt + ": no entity \"" + entity + "\" in the scenario");
  }
  t.year = -2;
  for (std::size_t y = 0; y < scenario.years.size(); ++y)
    if (std::to_string(scenario.years[y]) == year) t.year = static_cast<int>(y);
  if (t.year == -2) throw InputError(opt + ": year " + year + " is not in the scenario's years");
  return t;
}

std::string target_name(const TargetStatistic& t, const Scenario& scenario) {
  std::string stat;
  switch (t.kind) {
    case Kind::prob_negative:
      stat = "prob_negative";
      break;
    case Kind::surplus_mean:
      stat = "surplus_mean";
      break;
    case Kind::ocf_mean:
      stat = "ocf_mean";
      break;
    case Kind::capex_mean:
      stat = "capex_mean";
      break;
    case Kind::survival:
      stat = "survival";
      break;
    case Kind::surplus_quantile:
      stat = "surplus_q" + percent(t.level);
      break;
    case Kind::balance_mean:
      stat = std::string(kBalanceVarNames[static_cast<std::size_t>(t.var)]) + "_mean";
      break;
    case Kind::balance_prob:
      stat = std::string("prob_") + kBalanceEventNames[static_cast<std::size_t>(t.event)];
      break;
    case Kind::balance_survival:
      stat = std::string("survival_") + kBalanceEventNames[static_cast<std::size_t>(t.event)];
      break;
    case Kind::net_cash_quantile:
      stat = "net_cash_q" + percent(t.level);
      break;
  }
  return stat + "[" + entity_name(t, scenario) + "," + std::to_string(year_of(t, scenario)) + "]";
}

std::string target_description(const TargetStatistic& t, const Scenario& scenario) {
  const std::string entity = entity_name(t, scenario), year = std::to_string(year_of(t, scenario));
  const auto var = static_cast<std::size_t>(t.var), event = static_cast<std::size_t>(t.event);
  switch (t.kind) {
    case Kind::prob_negative:
      return "P(" + entity + " surplus < 0 in " + year + ")";
    case Kind::surplus_mean:
      return "mean " + entity + " surplus in " + year;
    case Kind::ocf_mean:
      return "mean " + entity + " OCF in " + year;
    case Kind::capex_mean:
      return "mean " + entity + " capex in " + year;
    case Kind::survival:
      return "P(no " + entity + " deficit through " + year + ")";
    case Kind::surplus_quantile:
      return level_text(t.level) + " quantile of " + entity + " surplus in " + year;
    case Kind::balance_mean:
      return "mean " + entity + " " + kBalanceVarText[var].long_name + " in " + year;
    case Kind::balance_prob:
      return "P(" + entity + " " + kEventConditions[event] + " in " + year + ")";
    case Kind::balance_survival:
      return "P(no " + entity + " " + kBalanceEventText[event].long_name + " through " + year + ")";
    case Kind::net_cash_quantile:
      return level_text(t.level) + " quantile of " + entity + " net cash in " + year;
  }
  return "";
}

bool is_probability(const TargetStatistic& t) {
  return t.kind == Kind::prob_negative || t.kind == Kind::survival ||
         t.kind == Kind::balance_prob || t.kind == Kind::balance_survival;
}

}  // namespace capexsim::cli
