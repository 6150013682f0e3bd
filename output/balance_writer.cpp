#include "output/balance_writer.h"

#include <array>
#include <stdexcept>
#include <string_view>

namespace capexsim {
namespace {

void require_size(std::size_t actual, hsize_t expected, std::string_view field) {
  if (actual != expected)
    throw std::invalid_argument("write_results: RunResults::balance." + std::string(field) +
                                " has " + std::to_string(actual) + " values, expected " +
                                std::to_string(expected));
}

struct VarText {
  const char* long_name;
  const char* description;
};
//! In BalanceVar order.
constexpr std::array<VarText, kBalanceVarCount> kVarText = {{
    {"cash", "Year-end cash"},
    {"debt", "Year-end debt"},
    {"net cash", "Year-end cash - debt"},
    {"debt issued", "Debt issued in the year to keep cash at min_cash_ratio x OCF"},
    {"equity issued", "Equity issued in the year for what debt could not cover"},
    {"shortfall", "Part of the year's financing need that neither debt nor equity covered"},
    {"net interest", "Interest on the change in cash and debt since the base year"},
    {"other flows", "Other cash flows (acquisitions, securities, taxes, FX): other_flows x OCF"},
}};

//! In BalanceEvent order.
constexpr std::array<VarText, kBalanceEventCount> kEventText = {{
    {"net debt", "net_cash < 0"},
    {"debt issued", "issued > 0"},
    {"shortfall", "shortfall > 0"},
}};

}  // namespace

namespace {

//! EVENT_survival and EVENT_hazard with their _lower and _upper Wilson bounds, as the surplus'
//! /summary/survival and /summary/hazard.
void write_life_table(const h5::Group& group, const Scales& sc, const std::string& event,
                      const std::string& long_name, const LifeTable& life,
                      std::span<const hsize_t> ey) {
  struct Column {
    const char* suffix;
    const std::vector<double>* values;
    std::string what;
  };
  const std::string surv = "P(no " + long_name + " through the year)";
  const std::string haz = "P(first " + long_name + " in the year | none before)";
  const Column columns[] = {
      {"_survival", &life.survival, surv},
      {"_survival_lower", &life.survival_lower, "lower end of the 95% Wilson interval of " + surv},
      {"_survival_upper", &life.survival_upper, "upper end of the 95% Wilson interval of " + surv},
      {"_hazard", &life.hazard, haz},
      {"_hazard_lower", &life.hazard_lower, "lower end of the 95% Wilson interval of " + haz},
      {"_hazard_upper", &life.hazard_upper, "upper end of the 95% Wilson interval of " + haz}};
  for (const Column& c : columns) {
    const h5::Dataset d = h5::write_dataset(group, event + c.suffix, std::span(*c.values), ey);
    h5::describe(d, event + c.suffix, c.what, "1");
    h5::attach_scales(d, {&sc.entity, &sc.year});
  }
}

}  // namespace

void validate_balance(const RunResults& r) {
  const BalanceResults& b = r.balance;
  if (b.empty()) return;
  const Shape s = shape_of(r);
  const hsize_t ey = s.entities * s.years;
  for (int k = 0; k < kBalanceVarCount; ++k) {
    require_size(b.mean[k].size(), ey, std::string(kBalanceVarNames[k]) + "_mean");
    require_size(b.mean_stderr[k].size(), ey, std::string(kBalanceVarNames[k]) + "_mean_stderr");
  }
  for (int k = 0; k < kBalanceEventCount; ++k) {
    for (const auto* v : {&b.prob[k], &b.prob_lower[k], &b.prob_upper[k]})
      require_size(v->size(), ey, std::string("prob_") + kBalanceEventNames[k]);
    require_size(b.first_counts[k].size(), ey, std::string("first_") + kBalanceEventNames[k]);
    require_size(b.never_counts[k].size(), s.entities,
                 std::string("never_") + kBalanceEventNames[k]);
    const LifeTable& life = b.time_to[k];
    for (const auto* v : {&life.survival, &life.survival_lower, &life.survival_upper, &life.hazard,
                          &life.hazard_lower, &life.hazard_upper})
      require_size(v->size(), ey, std::string(kBalanceEventNames[k]) + "_survival/hazard");
  }
  require_size(b.net_cash_quantiles.size(), ey * s.quantiles, "net_cash_quantiles");
  require_size(b.cumulative_issued_quantiles.size(), s.entities * s.quantiles,
               "cumulative_issued_quantiles");
  require_size(r.path_net_cash.size(), r.store == StorePaths::all ? ey * s.paths : 0,
               "path_net_cash");
}

void write_balance(const h5::File& file, const RunResults& r, const Shape& s,
                   const std::string& unit) {
  const BalanceResults& b = r.balance;
  if (b.empty()) return;
  const h5::Group group = h5::create_group(file, "balance");
  const Scales sc = write_scales(group, r, s, false);
  const hsize_t ey[] = {s.entities, s.years}, eyq[] = {s.entities, s.years, s.quantiles},
                e[] = {s.entities}, eq[] = {s.entities, s.quantiles};
  for (int k = 0; k < kBalanceVarCount; ++k) {
    const std::string name = kBalanceVarNames[k];
    const h5::Dataset d = h5::write_dataset(group, name + "_mean", std::span(b.mean[k]), ey);
    h5::describe(d, std::string("mean ") + kVarText[k].long_name,
                 std::string(kVarText[k].description) + ", mean over paths", unit);
    h5::attach_scales(d, {&sc.entity, &sc.year});
    const h5::Dataset se =
        h5::write_dataset(group, name + "_mean_stderr", std::span(b.mean_stderr[k]), ey);
    h5::describe(se, std::string("standard error of mean ") + kVarText[k].long_name,
                 "Monte Carlo standard error of " + name + "_mean", unit);
    h5::attach_scales(se, {&sc.entity, &sc.year});
  }
  const h5::Dataset q =
      h5::write_dataset(group, "net_cash_quantiles", std::span(b.net_cash_quantiles), eyq);
  h5::describe(q, "net cash quantiles", "Quantiles of year-end net cash over paths", unit);
  h5::attach_scales(q, {&sc.entity, &sc.year, &sc.quantile});
  const h5::Dataset cum = h5::write_dataset(group, "cumulative_issued_quantiles",
                                            std::span(b.cumulative_issued_quantiles), eq);
  h5::describe(cum, "cumulative debt issued quantiles",
               "Quantiles over paths of the debt issued over the whole horizon", unit);
  h5::attach_scales(cum, {&sc.entity, &sc.quantile});
  for (int k = 0; k < kBalanceEventCount; ++k) {
    const std::string event = kBalanceEventNames[k];
    const VarText& text = kEventText[k];
    const std::string cond = text.description;
    struct Prob {
      const char* suffix;
      const std::vector<double>* values;
      const char* what;
    };
    const Prob probs[] = {{"", &b.prob[k], "Share of paths with "},
                          {"_lower", &b.prob_lower[k],
                           "Lower end of the 95% Wilson interval "
                           "of the share of paths with "},
                          {"_upper", &b.prob_upper[k],
                           "Upper end of the 95% Wilson interval "
                           "of the share of paths with "}};
    for (const Prob& p : probs) {
      const h5::Dataset d =
          h5::write_dataset(group, "prob_" + event + p.suffix, std::span(*p.values), ey);
      h5::describe(d, std::string("P(") + text.long_name + ")", p.what + cond + " in the year",
                   "1");
      h5::attach_scales(d, {&sc.entity, &sc.year});
    }
    const h5::Dataset first =
        h5::write_dataset(group, "first_" + event + "_counts", std::span(b.first_counts[k]), ey);
    h5::describe(first, std::string("paths with first ") + text.long_name + " in year",
                 "Number of paths on which " + cond + " holds first in that year", "paths");
    h5::attach_scales(first, {&sc.entity, &sc.year});
    const h5::Dataset never =
        h5::write_dataset(group, "never_" + event + "_counts", std::span(b.never_counts[k]), e);
    h5::describe(never, std::string("paths never with ") + text.long_name,
                 "Number of paths on which " + cond + " holds in no year of the horizon", "paths");
    h5::attach_scales(never, {&sc.entity});
    write_life_table(group, sc, event, text.long_name, b.time_to[k], ey);
  }
}

void write_balance_paths(const h5::Group& paths, const Scales& sc, const RunResults& r,
                         const Shape& s, const std::string& unit, std::vector<double>& buffer) {
  if (r.balance.empty() || r.store != StorePaths::all) return;
  const h5::Dataset d = create_path_dataset(paths, "net_cash", H5T_IEEE_F64LE,
                                            {s.entities, s.paths, s.years}, 1, s.compress);
  for (hsize_t e = 0; e < s.entities; ++e)
    write_path_flow(d, r.path_net_cash.data() + e * s.years * s.paths, s, true, e, buffer);
  h5::describe(d, "net cash", "Per-path year-end net cash (cash - debt) of every entity", unit);
  h5::attach_scales(d, {&sc.entity, &sc.path, &sc.year});
}

}  // namespace capexsim
