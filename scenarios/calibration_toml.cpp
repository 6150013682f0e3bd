// The calibrated scenario as TOML text (docs/scenario-format.md), every fitted number explained
// in a comment next to it, so that a reader can redo the arithmetic by hand.
#include "scenarios/calibration_toml.h"

#include <algorithm>
#include <cstdio>
#include <sstream>
#include <vector>

#include "models/distribution.h"
#include "models/units.h"
#include "scenarios/history.h"

namespace capexsim {
namespace {

std::string fmt(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  std::string s = buf;
  return s == "-0.0000" ? "0.0000" : s;
}
std::string num(double v) { return fmt("%.4f", v); }
std::string pct(double v) { return fmt("%+.1f%%", 100 * v); }

std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

void describe_growth(std::ostream& out, const char* what, const GrowthFit& g, const Pooled& p,
                     const CalibrationOptions& o) {
  out << "# " << what << " growth:";
  if (g.rates.empty()) out << " no observed rate";
  for (std::size_t i = 0; i < g.rates.size(); ++i)
    out << (i % 6 == 0 && i ? "\n#  " : "") << " " << period_label(g.years[i], g.quarters[i]) << " "
        << pct(g.rates[i]);
  out << "\n#   own mean " << pct(g.own_mean) << ", sd " << pct(g.own_sd).substr(1)
      << " (n = " << fmt("%.4g", g.n) << "); mean = " << fmt("%.3f", g.w_mean) << " x own + "
      << fmt("%.3f", 1 - g.w_mean) << " x pooled " << pct(p.mean) << " = " << pct(g.mean)
      << ";\n#   variance weight " << fmt("%.3f", g.w_sd) << " on own, pooled within-company sd "
      << pct(p.within_sd).substr(1) << ": sd " << pct(g.sd).substr(1)
      << (g.sd == o.growth_sd_floor ? " (the floor)" : "") << "; cut to [" << pct(g.min) << ", "
      << pct(g.max) << "]";
  if (g.min == o.growth_min)  // an asymmetric cut moves the mean
    out << ":\n#   the cut at " << pct(o.growth_min) << " moves the drawn mean to "
        << pct(Distribution::normal(g.mean, g.sd, g.min, g.max).mean());
  out << "\n";
}

std::string array(const std::vector<double>& v, const char* format) {
  std::string out = "[";
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + fmt(format, v[i]);
  return out + "]";
}

void write_growth(std::ostream& out, const char* key, const GrowthFit& g,
                  const CalibrationOptions& o) {
  out << "#   fades toward the long-run " << pct(o.long_run_growth) << " (fade "
      << fmt("%.4g", o.fade) << " a year): mean by year";
  for (std::size_t t = 0; t < g.means.size(); ++t)
    out << " " << o.base_year + static_cast<int>(t) + 1 << " " << pct(g.means[t]);
  if (std::find(g.mins.begin(), g.mins.end(), o.growth_min) != g.mins.end()) {
    out << "\n#   the cut at " << pct(o.growth_min) << " moves the drawn means to";
    for (std::size_t t = 0; t < g.means.size(); ++t)
      out << " " << pct(Distribution::normal(g.means[t], g.sd, g.mins[t], g.maxs[t]).mean());
  }
  out << "\n"
      << key << " = { dist = \"normal\", mean = " << array(g.means, "%.4f")
      << ", sd = " << num(g.sd) << ", min = " << array(g.mins, "%.4f")
      << ", max = " << array(g.maxs, "%.4f") << " }\n";
}

std::string ratio_list(const RatioFit& r) {
  std::string out;
  for (std::size_t i = 0; i < r.ratios.size(); ++i)
    out += std::string(i % 8 == 0 && i ? "\n#  " : "") + " " +
           period_label(r.years[i], r.quarters[i]) + " " + fmt("%.1f%%", 100 * r.ratios[i]);
  return out;
}

void write_zero(std::ostream& out, const char* key, const RatioFit& r,
                const CalibrationOptions& o) {
  if (r.treatment == RatioTreatment::never_paid)
    out << "#   never paid in these data: fixed at 0. An announced programme would change it:\n"
        << "#   then set " << key << " by hand.\n";
  else
    out << "#   none in the latest " << r.zero_years << " year(s) (" << o.stopped_years
        << " or more: a halt that long is a policy, not noise): fixed at 0.\n"
        << "#   Paying again would be a board decision, announced first: then set " << key
        << " by hand\n#   (e.g. a beta around the last paid ratio).\n";
  out << key << " = { dist = \"fixed\", value = 0.0 }\n";
}

void write_resuming(std::ostream& out, const char* key, const RatioFit& r, const ResumeRate& p,
                    const CalibrationOptions& o) {
  out << "#   0 in " << o.base_year << " only, after paying before: 0 unless it resumes. Chance to "
      << "resume in a year\n#   " << fmt("%.3f", p.p) << " = (" << p.resumed
      << " resumption(s) + 0.5) / (" << p.at_risk
      << " halted years + 1) over all companies\n#   and both payouts; by year "
      << "1 - (1 - p)^t:";
  for (std::size_t t = 0; t < r.resume_chance.size(); ++t)
    out << " " << o.base_year + static_cast<int>(t) + 1 << " "
        << fmt("%.1f%%", 100 * r.resume_chance[t]);
  out << ".\n#   If it resumes: about the last paid ratio " << fmt("%.2f%%", 100 * r.resume_level)
      << " (beta quantiles, sd " << fmt("%.2f%%", 100 * r.step_sd) << "); " << o.resume_values
      << " equally likely values a year\n";
  out << key << " = { dist = \"empirical\", values = [";
  for (std::size_t t = 0; t < r.values.size(); ++t)
    out << (t ? ",\n    " : "\n    ") << array(r.values[t], "%.4g");
  out << "] }\n";
}

void write_ratio(std::ostream& out, const char* what, const char* key, const RatioFit& r,
                 const Pooled& pooled, const ResumeRate& resume, const CalibrationOptions& o) {
  out << "# " << what << " / OCF:" << ratio_list(r) << "\n";
  if (r.fixed_zero) return write_zero(out, key, r, o);
  out << "#   step sd (RMS of year-on-year changes) " << fmt("%.2f%%", 100 * r.own_sd)
      << " own (n = " << fmt("%.4g", r.n) << "), weight " << fmt("%.3f", r.w_sd) << ", pooled "
      << fmt("%.2f%%", 100 * pooled.sd) << " -> " << fmt("%.2f%%", 100 * r.step_sd) << "\n";
  if (r.treatment == RatioTreatment::resuming) return write_resuming(out, key, r, resume, o);
  out << "#   anchored at " << o.base_year << "'s " << fmt("%.2f%%", 100 * r.latest)
      << "; sd step x sqrt(lead), beta by moments on [0, " << fmt("%.4g", r.upper)
      << "] (sd cut where needed so that alpha, beta >= 1):\n#   sd by year";
  for (std::size_t t = 0; t < r.sds.size(); ++t)
    out << " " << fmt("%.2f%%", 100 * r.sds[t]) << (r.capped[t] ? " (cut)" : "");
  out << "\n"
      << key << " = { dist = \"beta\", alpha = " << array(r.alphas, "%.6g")
      << ", beta = " << array(r.betas, "%.6g") << ", min = 0.0, max = " << fmt("%.6g", r.upper)
      << " }\n";
}

void write_correlation(std::ostream& out, const Calibration& c, const CorrelationFit& f,
                       const char* param) {
  const auto n = static_cast<Eigen::Index>(c.companies.size());
  out << "\n# " << param << " across companies. Pairs (raw Pearson over the common periods, n):\n";
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = i + 1; j < n; ++j)
      out << "#   " << c.companies[static_cast<std::size_t>(i)].name << "-"
          << c.companies[static_cast<std::size_t>(j)].name << " " << fmt("%+.2f", f.sample(i, j))
          << " (" << fmt("%.0f", f.counts(i, j)) << ")"
          << (f.counts(i, j) < 3 ? " too few periods: 0" : "") << "\n";
  out << "# each multiplied by n / (n + " << fmt("%.4g", c.options.correlation_k)
      << ") and rounded to 0.01; smallest eigenvalue " << fmt("%.3f", f.min_eigenvalue)
      << (f.repaired ? ": NOT positive semi-definite, the loader repairs it (Higham 2002)\n"
                     : ": positive semi-definite as written\n");
  out << "[[correlation]]\nbetween = [";
  for (Eigen::Index i = 0; i < n; ++i)
    out << (i ? ", " : "") << quoted(c.companies[static_cast<std::size_t>(i)].name + "." + param);
  out << "]\nmatrix = [";
  for (Eigen::Index i = 0; i < n; ++i) {
    out << (i ? ",\n          [" : "[");
    for (Eigen::Index j = 0; j < n; ++j) out << (j ? ", " : "") << fmt("%.2f", f.fitted(i, j));
    out << "]";
  }
  out << "]\n";
  if (f.repaired) out << "repair = \"nearest\"\n";
}

//! Sticky dividends (scenarios/calibration_payout_link.h) as one matrix over every company's OCF
//! growth and the drawn dividend ratios: each ratio's normal score is rho x its company's OCF
//! score plus independent noise, so ratio-OCF pairs get rho F_ij and ratio-ratio pairs rho^2 F_ij
//! (F the OCF matrix above). Implied by one linear model, the matrix is positive semi-definite
//! whenever F is: declaring only each company's own pair would leave the others at 0, which
//! strong links and correlated OCF make inconsistent.
Eigen::MatrixXd dividend_link_matrix(const Calibration& c, const std::vector<std::size_t>& paying) {
  const auto k = static_cast<Eigen::Index>(c.companies.size());
  const auto m = static_cast<Eigen::Index>(paying.size());
  const Eigen::MatrixXd f = c.ocf_correlation.fitted.size() == k * k
                                ? c.ocf_correlation.fitted
                                : Eigen::MatrixXd::Identity(k, k);
  const double rho = c.dividend_link.fitted;
  Eigen::MatrixXd out = Eigen::MatrixXd::Identity(k + m, k + m);
  out.topLeftCorner(k, k) = f;
  for (Eigen::Index a = 0; a < m; ++a) {
    const auto i = static_cast<Eigen::Index>(paying[static_cast<std::size_t>(a)]);
    for (Eigen::Index j = 0; j < k; ++j) out(k + a, j) = out(j, k + a) = rho * f(i, j);
    for (Eigen::Index b = 0; b < m; ++b)
      if (a != b)
        out(k + a, k + b) =
            rho * rho * f(i, static_cast<Eigen::Index>(paying[static_cast<std::size_t>(b)]));
  }
  return out;
}

void write_dividend_link(std::ostream& out, const Calibration& c) {
  const PayoutLink& l = c.dividend_link;
  out << "\n# Sticky dividends: the dividend ratio's change against the same year's OCF growth,\n"
      << "# within company, over " << l.pairs << " pair(s) where a dividend was paid in both "
      << "years: " << fmt("%+.2f", l.sample) << ",\n# x n / (n + "
      << fmt("%.4g", c.options.correlation_k) << ") = rho " << fmt("%+.2f", l.fitted);
  std::vector<std::size_t> paying;
  for (std::size_t i = 0; i < c.companies.size(); ++i)
    if (!c.companies[i].dividend.fixed_zero &&
        c.companies[i].dividend.treatment == RatioTreatment::drawn)
      paying.push_back(i);
  if (l.fitted == 0 || paying.empty()) {
    out << ": no link declared.\n";
    return;
  }
  out << ". A ratio's normal score is rho x its company's OCF\n# score plus noise: with its own "
         "OCF rho, with another's rho x their OCF correlation, with\n# another ratio rho^2 x it "
         "(the OCF entries repeat the matrix above).\n[[correlation]]\nbetween = [";
  for (std::size_t i = 0; i < c.companies.size(); ++i)
    out << (i ? ", " : "") << quoted(c.companies[i].name + ".ocf_growth");
  for (std::size_t i : paying) out << ", " << quoted(c.companies[i].name + ".dividend_ratio");
  const Eigen::MatrixXd mat = dividend_link_matrix(c, paying);
  out << "]\nmatrix = [";
  for (Eigen::Index i = 0; i < mat.rows(); ++i) {
    out << (i ? ",\n          [" : "[");
    for (Eigen::Index j = 0; j < mat.cols(); ++j)
      out << (j ? ", " : "")
          << (i < static_cast<Eigen::Index>(c.companies.size()) &&
                      j < static_cast<Eigen::Index>(c.companies.size())
                  ? fmt("%.2f", mat(i, j))
                  : fmt("%.4f", mat(i, j)));
    out << "]";
  }
  // Rounding can leave an eigenvalue a hair below 0; the loader then repairs (Higham 2002).
  out << "]\nrepair = \"nearest\"\n";
}

void write_header(std::ostream& out, const Calibration& c, const std::string& label) {
  const CalibrationOptions& o = c.options;
  out << "# Calibrated by `capexsim calibrate` (docs/calibration.md) from " << label << "\n# ("
      << (c.quarterly ? "quarterly" : "annual") << " history), base year " << o.base_year
      << ": only rows up to " << o.base_year << " were read.\n#\n"
      << "# Unit: the history is in USD billions; base values here are x" << fmt("%.6g", o.scale)
      << ", in USD 100 million,\n# the seed report's unit. Growth rates and ratios have no unit.\n"
      << "#\n# Growth rates: "
      << (c.quarterly ? "year-on-year growth of trailing 4-quarter sums, at every "
                        "quarter where both\n# sums exist; those rates overlap, so "
                        "4 of them count as one observation (n = count / 4)."
                      : "the change of each calendar year over the previous one.")
      << "\n# Few years per company: each company's growth mean is shrunk toward the pooled mean "
         "of\n# all companies' rates with weight n / (n + "
      << fmt("%.4g", o.shrink_k) << ") on its own (James-Stein style), and its\n# variance toward "
      << "the pooled within-company variance (rates about each company's own mean)\n# with "
         "weight tau2 / (tau2 + trigamma((n - 1) / 2)) on its own (empirical Bayes on the log\n"
         "# variance: trigamma((n - 1) / 2) is the sampling variance of log s^2, tau2 how much "
         "the\n"
         "# companies' log s^2 spread beyond it; OCF "
      << fmt("%.3f", c.ocf_pooled.tau2) << ", capex " << fmt("%.3f", c.capex_pooled.tau2)
      << ").\n# The sd is floored at " << num(o.growth_sd_floor) << "; the normal is truncated at "
      << "mean +- " << fmt("%.4g", o.truncate_sd) << " sd and never below " << num(o.growth_min)
      << "\n# (growth > -100%).\n"
      << "# Pooled OCF growth: mean " << pct(c.ocf_pooled.mean) << ", sd "
      << pct(c.ocf_pooled.sd).substr(1) << ", within companies "
      << pct(c.ocf_pooled.within_sd).substr(1) << " (n = " << fmt("%.4g", c.ocf_pooled.n)
      << "); capex growth: mean " << pct(c.capex_pooled.mean) << ", sd "
      << pct(c.capex_pooled.sd).substr(1) << ", within companies "
      << pct(c.capex_pooled.within_sd).substr(1) << " (n = " << fmt("%.4g", c.capex_pooled.n)
      << ").\n"
      << "# Year-1 growth means as fitted; later years fade toward a long-run "
      << pct(o.long_run_growth)
      << " (nominal GDP-like:\n# no company outgrows the economy for ever; capex converges to the "
         "same rate as OCF, as it\n# cannot outgrow OCF for ever): mean(t) = long-run + (year-1 "
         "mean - long-run) x "
      << fmt("%.4g", o.fade) << "^(t-1).\n"
      << "# Payout ratios (buybacks, dividends over the same period's OCF): a payout is a board's "
         "choice,\n# so each starts at its "
      << o.base_year
      << " ratio and spreads like a random "
         "walk: sd = step sd x sqrt(lead),\n# the step sd being the root mean square of the "
         "company's year-on-year changes shrunk toward\n# all companies' (buybacks "
      << fmt("%.2f%%", 100 * c.buyback_pooled_sd.sd) << ", dividends "
      << fmt("%.2f%%", 100 * c.dividend_pooled_sd.sd) << ") with weight n / (n + "
      << fmt("%.4g", o.shrink_k) << "), floored at " << num(o.ratio_sd_floor)
      << ";\n# a beta by moments, its sd cut where needed so that alpha, beta >= 1 (no mass piled "
         "at 0).\n# A ratio never paid, or 0 in the latest "
      << o.stopped_years
      << " or more years, is fixed at 0; one 0 in the base year\n# only may resume (below).\n"
      << "# Correlation: Pearson over the periods two companies share, shrunk toward 0 by\n"
      << "# n / (n + " << fmt("%.4g", o.correlation_k)
      << "); OCF and capex growth are not correlated with each other here.\n";
}

}  // namespace

std::string calibration_toml(const Calibration& c, const std::string& history_label) {
  std::ostringstream out;
  const CalibrationOptions& o = c.options;
  write_header(out, c, history_label);
  for (const std::string& w : c.warnings) out << "# WARNING: " << w << "\n";
  out << "\n[simulation]\nname = \"calibrated-" << o.base_year << (c.quarterly ? "-quarterly" : "")
      << "\"\nbase_year = " << o.base_year << "\nyears = [";
  for (int y = 1; y <= o.years; ++y) out << (y > 1 ? ", " : "") << o.base_year + y;
  out << "]\nunit = \"" << kUsd100Million << "\"\npaths = 100000\nseed = 1\n";
  for (const CompanyCalibration& co : c.companies) {
    out << "\n[[company]]\n# " << co.display << "\n";
    for (const std::string& a : co.approximate) out << "# not verified in the data: " << a << "\n";
    out << "name = " << quoted(co.name) << "\nbase = { ocf = " << fmt("%.10g", co.base.ocf)
        << ", buybacks = " << fmt("%.10g", co.base.buybacks)
        << ", dividends = " << fmt("%.10g", co.base.dividends)
        << ", capex = " << fmt("%.10g", co.base.capex) << " }\n";
    describe_growth(out, "OCF", co.ocf, c.ocf_pooled, o);
    write_growth(out, "ocf_growth", co.ocf, o);
    describe_growth(out, "Capex", co.capex, c.capex_pooled, o);
    write_growth(out, "capex_growth", co.capex, o);
    write_ratio(out, "Buybacks", "buyback_ratio", co.buyback, c.buyback_pooled_sd, c.resume, o);
    write_ratio(out, "Dividends", "dividend_ratio", co.dividend, c.dividend_pooled_sd, c.resume, o);
  }
  if (c.companies.size() >= 2) {
    write_correlation(out, c, c.ocf_correlation, "ocf_growth");
    write_correlation(out, c, c.capex_correlation, "capex_growth");
  }
  write_dividend_link(out, c);
  return out.str();
}

}  // namespace capexsim
