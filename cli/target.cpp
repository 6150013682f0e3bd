// STAT[ENTITY,YEAR] <-> TargetStatistic, and the statistic's name and description for messages.
#include "cli/target.h"

#include <cmath>
#include <cstdio>

#include "models/errors.h"
#include "sim/results.h"

namespace capexsim::cli {
namespace {

using Kind = TargetStatistic::Kind;

constexpr const char* kStatistics =
    "prob_negative, surplus_mean, ocf_mean, capex_mean, survival or surplus_qNN with NN one of "
    "01 05 10 25 50 75 90 95 99";
constexpr const char* kWhileRunning = "prob_negative, surplus_mean, ocf_mean or capex_mean";

std::string percent(double level) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02.0f", level * 100);
  return buf;
}

//! Sets t.kind (and t.level) from the statistic's name; false for an unknown name.
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
    for (double level : kQuantileLevels)
      if (stat == "surplus_q" + percent(level)) {
        t.level = level;
        return true;
      }
    return false;
  } else {
    return false;
  }
  return true;
}

std::string entity_name(const TargetStatistic& t, const Scenario& scenario) {
  return t.entity < 0 ? "total" : scenario.companies[static_cast<std::size_t>(t.entity)].name;
}

int year_of(const TargetStatistic& t, const Scenario& scenario) {
  return scenario.years[t.year < 0 ? scenario.years.size() - 1 : static_cast<std::size_t>(t.year)];
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
  if (while_running && (t.kind == Kind::surplus_quantile || t.kind == Kind::survival))
    throw InputError(opt + ": " + stat + " cannot be watched while running (one of " +
                     kWhileRunning + ")");
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
  }
  return stat + "[" + entity_name(t, scenario) + "," + std::to_string(year_of(t, scenario)) + "]";
}

std::string target_description(const TargetStatistic& t, const Scenario& scenario) {
  const std::string entity = entity_name(t, scenario), year = std::to_string(year_of(t, scenario));
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
    case Kind::surplus_quantile: {
      char level[16];
      std::snprintf(level, sizeof level, "%g%%", t.level * 100);
      return std::string(level) + " quantile of " + entity + " surplus in " + year;
    }
  }
  return "";
}

bool is_probability(const TargetStatistic& t) {
  return t.kind == Kind::prob_negative || t.kind == Kind::survival;
}

}  // namespace capexsim::cli
