#include "cli/balance_summary.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "cli/summary_format.h"

namespace capexsim::cli {
namespace {

double mean(const RunResults& r, BalanceVar v, std::size_t i) {
  return r.balance.mean[static_cast<std::size_t>(v)][i];
}

void print_total(std::ostream& out, const RunResults& r) {
  const BalanceResults& b = r.balance;
  const int e = r.entity_count() - 1;
  const std::size_t Q = r.quantile_levels.size();
  const std::size_t q5 = quantile_index(r, 0.05), q95 = quantile_index(r, 0.95);
  out << "Total balance sheet, means (net cash = cash - debt; issued, equity, shortfall and "
         "interest in the year)\n";
  out << "  year       cash       debt   net cash  P5 net cash P95 net cash     issued     equity  "
         "shortfall   interest\n";
  for (int t = 0; t < r.year_count(); ++t) {
    const std::size_t i = r.at(e, t);
    out << "  " << r.years[static_cast<std::size_t>(t)]
        << fmt(" %10.2f", mean(r, BalanceVar::cash, i))
        << fmt(" %10.2f", mean(r, BalanceVar::debt, i))
        << fmt(" %10.2f", mean(r, BalanceVar::net_cash, i))
        << fmt("  %11.2f", b.net_cash_quantiles[i * Q + q5])
        << fmt(" %11.2f", b.net_cash_quantiles[i * Q + q95])
        << fmt(" %10.2f", mean(r, BalanceVar::issued, i))
        << fmt(" %10.2f", mean(r, BalanceVar::equity, i))
        << fmt(" %10.2f", mean(r, BalanceVar::shortfall, i))
        << fmt(" %10.2f", mean(r, BalanceVar::interest, i)) << "\n";
  }
}

std::size_t name_width(const RunResults& r) {
  std::size_t width = 6;
  for (const std::string& name : r.entities) width = std::max(width, name.size());
  return width;
}

void print_event(std::ostream& out, const RunResults& r, BalanceEvent ev, const char* title) {
  const auto k = static_cast<std::size_t>(ev);
  const BalanceResults& b = r.balance;
  const double n = static_cast<double>(r.paths);
  const std::size_t width = name_width(r);
  out << title << "\n  " << std::string(width, ' ');
  for (int year : r.years) out << "    " << year;
  out << "   never  | first year:";
  for (int year : r.years) out << "    " << year;
  out << "\n";
  for (int e = 0; e < r.entity_count(); ++e) {
    const std::string& name = r.entities[static_cast<std::size_t>(e)];
    out << "  " << name << std::string(width - name.size(), ' ');
    for (int t = 0; t < r.year_count(); ++t) out << fmt(" %6.2f%%", 100.0 * b.prob[k][r.at(e, t)]);
    out << fmt(" %6.2f%%",
               100.0 * static_cast<double>(b.never_counts[k][static_cast<std::size_t>(e)]) / n)
        << "  |            ";
    for (int t = 0; t < r.year_count(); ++t)
      out << fmt(" %6.2f%%", 100.0 * static_cast<double>(b.first_counts[k][r.at(e, t)]) / n);
    out << "\n";
  }
}

void print_cumulative_issued(std::ostream& out, const RunResults& r) {
  const BalanceResults& b = r.balance;
  const std::size_t Q = r.quantile_levels.size();
  const std::size_t q50 = quantile_index(r, 0.50), q95 = quantile_index(r, 0.95);
  const std::size_t width = name_width(r);
  out << "Debt issued over the horizon\n  " << std::string(width, ' ')
      << "        P50        P95\n";
  for (int e = 0; e < r.entity_count(); ++e) {
    const std::string& name = r.entities[static_cast<std::size_t>(e)];
    const std::size_t i = static_cast<std::size_t>(e) * Q;
    out << "  " << name << std::string(width - name.size(), ' ')
        << fmt(" %10.2f", b.cumulative_issued_quantiles[i + q50])
        << fmt(" %10.2f", b.cumulative_issued_quantiles[i + q95]) << "\n";
  }
}

}  // namespace

void print_balance(std::ostream& out, const RunResults& r) {
  if (r.balance.empty()) return;
  print_total(out, r);
  out << "\n";
  print_event(out, r, BalanceEvent::net_debt,
              "P(net debt: net cash < 0) by entity and year, never, and the first year of it "
              "(share of paths)");
  out << "\n";
  print_event(out, r, BalanceEvent::issued, "P(debt issued > 0), never, first year");
  out << "\n";
  print_event(out, r, BalanceEvent::shortfall,
              "P(shortfall > 0: the floor not met by debt or equity), never, first year");
  out << "\n";
  print_cumulative_issued(out, r);
}

}  // namespace capexsim::cli
