#include "cli/summary.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "cli/balance_summary.h"
#include "cli/sensitivity_summary.h"
#include "cli/summary_format.h"

namespace capexsim::cli {
namespace {

void print_total_table(std::ostream& out, const RunResults& r) {
  const int e = r.entity_count() - 1;
  const std::size_t Q = r.quantile_levels.size();
  const std::size_t q5 = quantile_index(r, 0.05), q50 = quantile_index(r, 0.50),
                    q95 = quantile_index(r, 0.95);
  out << "Total surplus = OCF - buybacks - dividends - capex (se: standard error of the mean)\n";
  out << "  year        OCF      capex       mean       se         P5        P50        P95  "
         "usage\n";
  for (int t = 0; t < r.year_count(); ++t) {
    const std::size_t i = r.at(e, t);
    out << "  " << r.years[t] << fmt(" %10.2f", r.ocf_mean[i]) << fmt(" %10.2f", r.capex_mean[i])
        << fmt(" %10.2f", r.surplus_mean[i]) << fmt(" %8.3g", r.surplus_mean_stderr[i])
        << fmt(" %10.2f", r.surplus_quantiles[i * Q + q5])
        << fmt(" %10.2f", r.surplus_quantiles[i * Q + q50])
        << fmt(" %10.2f", r.surplus_quantiles[i * Q + q95])
        << fmt(" %6.2f%%", 100.0 * r.usage_ratio[i]) << "\n";
  }
  out << "\n  95% intervals: P(surplus < 0) (Wilson), quantiles (order statistics)\n";
  out << "  year  P(surplus<0)                     P5                   P50                   "
         "P95\n";
  auto interval = [&](std::size_t at) {
    return fmt(" [%8.2f,", r.surplus_quantiles_lower[at]) +
           fmt("%9.2f]", r.surplus_quantiles_upper[at]);
  };
  for (int t = 0; t < r.year_count(); ++t) {
    const std::size_t i = r.at(e, t);
    out << "  " << r.years[t] << fmt("  %6.4f", r.prob_negative[i])
        << fmt(" [%6.4f,", r.prob_negative_lower[i]) << fmt(" %6.4f]", r.prob_negative_upper[i])
        << interval(i * Q + q5) << interval(i * Q + q50) << interval(i * Q + q95) << "\n";
  }
}

void print_dependence(std::ostream& out, const RunResults& r) {
  const Dependence& d = r.dependence;
  const auto K = d.correlation.rows();
  int pairs = 0, persistent = 0;
  for (Eigen::Index i = 0; i < K; ++i)
    for (Eigen::Index j = i + 1; j < K; ++j) pairs += d.correlation(i, j) != 0.0 ? 1 : 0;
  for (double p : d.persistence) persistent += p != 0.0 ? 1 : 0;
  if (pairs == 0 && persistent == 0) {
    out << "Dependence: none (every draw independent)\n";
    return;
  }
  out << "Dependence: " << pairs << " correlated pairs among " << K << " drawn parameters, "
      << persistent << " with persistence";
  if (d.repaired)
    out << "; the declared matrix was not positive semi-definite and was repaired to the nearest "
           "correlation matrix (Frobenius distance "
        << fmt("%.4g", d.repair_distance) << ")";
  out << "\n";
}

void print_precision(std::ostream& out, const RunResults& r) {
  out << "Sampler " << sampler_name(r.sampler);
  if (r.sampler != SamplerKind::mc)
    out << ": standard errors from " << r.replicates << " independent replicates";
  out << "\n";
  if (r.target_statistic.empty()) return;
  const ConvergencePoint& last = r.convergence.back();
  out << (r.target_met ? "Stopped" : "Target not met: ran all paths") << " at " << last.paths
      << " paths: " << r.target_statistic << " = " << fmt("%.6g", last.estimate)
      << ", standard error " << fmt("%.3g", last.stderr_) << fmt(" (target %.3g)", r.target_stderr)
      << "\n";
}

std::size_t name_width(const RunResults& r) {
  std::size_t width = 6;
  for (const std::string& name : r.entities) width = std::max(width, name.size());
  return width;
}

//! A table with one row per entity and one column per year (plus `extra` per row, if any).
template <class Cell, class Extra>
void print_entity_table(std::ostream& out, const RunResults& r, const char* title,
                        const char* extra_header, Cell cell, Extra extra) {
  const std::size_t width = name_width(r);
  out << title << "\n  " << std::string(width, ' ');
  for (int year : r.years) out << "    " << year;
  out << extra_header << "\n";
  for (int e = 0; e < r.entity_count(); ++e) {
    out << "  " << r.entities[e] << std::string(width - r.entities[e].size(), ' ');
    for (int t = 0; t < r.year_count(); ++t) out << fmt(" %6.2f%%", 100.0 * cell(e, t));
    out << extra(e) << "\n";
  }
}

void print_prob_negative(std::ostream& out, const RunResults& r) {
  print_entity_table(
      out, r, "P(surplus < 0) by entity", "",
      [&](int e, int t) { return r.prob_negative[r.at(e, t)]; }, [](int) { return std::string(); });
}

void print_first_negative(std::ostream& out, const RunResults& r) {
  const double n = static_cast<double>(r.paths);
  print_entity_table(
      out, r, "First year the surplus turns negative (share of paths)", "   never",
      [&](int e, int t) { return static_cast<double>(r.first_negative_counts[r.at(e, t)]) / n; },
      [&](int e) {
        return fmt(" %6.2f%%", 100.0 * static_cast<double>(r.never_negative_counts[e]) / n);
      });
}

void print_survival(std::ostream& out, const RunResults& r) {
  const std::size_t width = name_width(r);
  out << "Survival S(t): share of paths with no deficit through year t; hazard h(t): share of\n"
         "those still without one that turn negative in t (95% Wilson intervals in the file)\n  "
      << std::string(width, ' ');
  for (int year : r.years) out << "   S " << year << "   h " << year;
  out << "\n";
  for (int e = 0; e < r.entity_count(); ++e) {
    out << "  " << r.entities[e] << std::string(width - r.entities[e].size(), ' ');
    for (int t = 0; t < r.year_count(); ++t)
      out << fmt(" %7.2f%%", 100.0 * r.survival[r.at(e, t)])
          << fmt(" %7.2f%%", 100.0 * r.hazard[r.at(e, t)]);
    out << "\n";
  }
}

void print_floored(std::ostream& out, const RunResults& r) {
  const int e = r.entity_count() - 1;
  std::int64_t ocf = 0, capex = 0;
  for (int t = 0; t < r.year_count(); ++t) {
    ocf += r.ocf_growth_floored[r.at(e, t)];
    capex += r.capex_growth_floored[r.at(e, t)];
  }
  if (ocf + capex == 0) return;
  out << "Note: " << ocf << " OCF and " << capex
      << " capex growth draws were at or below -100% and were floored at -100% (the flow "
         "became 0); see /summary/*_growth_floored.\n";
}

//! Which companies' first projection year includes actuals (`known`), and through which quarter.
void print_known(std::ostream& out, const Scenario& s) {
  std::string parts;
  for (const Company& c : s.companies) {
    if (!c.known) continue;
    parts += (parts.empty() ? "" : ", ") + c.name + " through " + std::to_string(c.known->year) +
             "Q" + std::to_string(c.known->quarters);
  }
  if (parts.empty()) return;
  out << "Actuals in " << s.years.front() << " (the rest of the year drawn): " << parts << "\n";
}

}  // namespace

void print_summary(std::ostream& out, const Scenario& s, const RunResults& r) {
  out << "Scenario \"" << s.name << "\" (" << s.source_path << "): " << r.paths << " paths, seed "
      << r.seed << ", base year " << s.base_year;
  if (!s.unit.empty()) out << ", unit " << s.unit;
  out << "\n";
  print_known(out, s);
  print_precision(out, r);
  print_dependence(out, r);
  out << "\n";
  print_total_table(out, r);
  out << "\n";
  print_prob_negative(out, r);
  out << "\n";
  print_first_negative(out, r);
  out << "\n";
  print_survival(out, r);
  print_floored(out, r);
  if (!r.balance.empty()) {
    out << "\n";
    print_balance(out, r);
  }
  if (!r.sensitivity.empty()) {
    out << "\n";
    print_sensitivity(out, r);
  }
}

}  // namespace capexsim::cli
