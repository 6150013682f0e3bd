//! A text tornado: one line per input, its signed rho and a bar of '#' proportional to |rho|
//! (kBarWidth characters for |rho| = 1), the strongest first (sim/sensitivity.h strongest()).
#include "cli/sensitivity_summary.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "sim/sensitivity.h"

namespace capexsim::cli {
namespace {

constexpr double kBarWidth = 40;

void print_tornado(std::ostream& out, const RankSensitivity& s, const std::vector<double>& rho,
                   std::size_t top) {
  const std::vector<std::size_t> order = strongest(rho, top);
  if (order.empty()) {
    out << "  (no input varies together with it: every coefficient is undefined)\n";
    return;
  }
  std::size_t width = 0;
  for (std::size_t i : order) width = std::max(width, s.inputs[i].size());
  for (std::size_t i : order) {
    char value[16];
    std::snprintf(value, sizeof value, "%+7.3f", rho[i]);
    const auto bar = static_cast<std::size_t>(std::lround(std::abs(rho[i]) * kBarWidth));
    out << "  " << s.inputs[i] << std::string(width - s.inputs[i].size(), ' ') << " " << value
        << " " << std::string(bar, '#') << "\n";
  }
}

}  // namespace

void print_sensitivity(std::ostream& out, const RunResults& r, std::size_t top) {
  const RankSensitivity& s = r.sensitivity;
  if (s.empty() || r.years.empty()) return;
  const std::size_t E = r.entities.size(), T = r.years.size(), total = E - 1;
  std::vector<double> surplus, first, net;
  for (std::size_t i = 0; i < s.inputs.size(); ++i) {
    surplus.push_back(s.spearman_surplus[(i * E + total) * T + T - 1]);
    first.push_back(s.spearman_first_negative[i * E + total]);
    if (!s.spearman_net_cash.empty())
      net.push_back(s.spearman_net_cash[(i * E + total) * T + T - 1]);
  }
  out << "Sensitivity: Spearman rank correlation with the total surplus in " << r.years.back()
      << " (n = " << s.paths << " paths)\n";
  print_tornado(out, s, surplus, top);
  out << "... and with the total's first negative year (never negative ranks last, so + delays "
         "the deficit)\n";
  print_tornado(out, s, first, top);
  if (net.empty()) return;
  out << "... and with the total's net cash at the end of " << r.years.back() << "\n";
  print_tornado(out, s, net, top);
}

}  // namespace capexsim::cli
