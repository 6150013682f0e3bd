// Payout ratios. A payout is a management decision, not a trend: the best guess of next year's
// ratio is this year's, and its uncertainty grows with the lead like a random walk's (step sd
// times sqrt(lead)). The step sd is the root mean square of the company's own year-on-year
// changes, shrunk toward all companies' with weight n / (n + k). A payout that stopped gets a
// fixed 0 (stopped for stopped_years or more) or a stated chance of resuming (stopped in the
// base year only); see docs/calibration.md.
#include "scenarios/ratio_fit.h"

#include <algorithm>
#include <cmath>

#include "models/distribution.h"

namespace capexsim {

void ratio_changes(RatioFit& fit) {
  for (std::size_t i = 0; i < fit.ratios.size(); ++i)
    for (std::size_t j = 0; j < fit.ratios.size(); ++j)
      if (fit.years[j] == fit.years[i] - 1 && fit.quarters[j] == fit.quarters[i] &&
          (fit.ratios[i] != 0 || fit.ratios[j] != 0))
        fit.changes.push_back(fit.ratios[i] - fit.ratios[j]);
}

namespace {

double rms(const std::vector<double>& x) {
  double ss = 0;
  for (double v : x) ss += v * v;
  return x.empty() ? 0.0 : std::sqrt(ss / static_cast<double>(x.size()));
}

double effective(std::size_t count, bool quarterly) {
  return quarterly ? static_cast<double>(count) / 4.0 : static_cast<double>(count);
}

//! Latest consecutive years without a payment: k zero ratios at the end of an annual file are k
//! years; k zero trailing 4-quarter sums end k + 3 quarters without one.
int zero_years(const RatioFit& f, bool quarterly) {
  int k = 0;
  for (auto it = f.ratios.rbegin(); it != f.ratios.rend() && *it == 0; ++it) ++k;
  if (k == 0) return 0;
  return quarterly ? (k + 3) / 4 : k;
}

void fit_drawn(RatioFit& f, const CalibrationOptions& o) {
  // [0, 1] unless a ratio of 1 or more was seen (paying out more than the year's OCF).
  const double top = *std::max_element(f.ratios.begin(), f.ratios.end());
  f.upper = top >= 1 ? 1.25 * top : 1.0;
  for (int t = 1; t <= o.years; ++t) {
    const BetaMoments b = beta_by_moments(f.latest, f.step_sd * std::sqrt(double(t)), f.upper);
    f.alphas.push_back(b.alpha);
    f.betas.push_back(b.beta);
    f.sds.push_back(b.sd);
    f.capped.push_back(b.capped);
  }
  f.alpha = f.alphas.front();
  f.beta = f.betas.front();
  f.sd = f.sds.front();
}

//! Resuming: a payment in year t with chance 1 - (1 - p)^t (once resumed it stays), at about the
//! last non-zero ratio (beta quantiles around it, the step sd as spread); 0 otherwise. Written as
//! resume_values equally likely values per year.
void fit_resuming(RatioFit& f, const ResumeRate& resume, const CalibrationOptions& o) {
  for (auto it = f.ratios.rbegin(); it != f.ratios.rend(); ++it)
    if (*it > 0) {
      f.resume_level = *it;
      break;
    }
  const BetaMoments b = beta_by_moments(f.resume_level, f.step_sd, f.upper);
  const Distribution level = Distribution::beta(b.alpha, b.beta, 0.0, f.upper);
  const int k = o.resume_values;
  for (int t = 1; t <= o.years; ++t) {
    const double chance = 1 - std::pow(1 - resume.p, t);
    const int paying = static_cast<int>(std::lround(chance * k));
    std::vector<double> v(static_cast<std::size_t>(k - paying), 0.0);
    for (int i = 0; i < paying; ++i) v.push_back(level.quantile((i + 0.5) / paying));
    f.resume_chance.push_back(chance);
    f.values.push_back(std::move(v));
  }
}

}  // namespace

Pooled pool_ratio_changes(const std::vector<CompanyCalibration>& cs,
                          RatioFit CompanyCalibration::*r, bool quarterly) {
  std::vector<double> all;
  for (const CompanyCalibration& c : cs)
    all.insert(all.end(), (c.*r).changes.begin(), (c.*r).changes.end());
  return {0.0, rms(all), effective(all.size(), quarterly)};
}

ResumeRate resume_rate(const std::vector<CompanyCalibration>& cs) {
  ResumeRate rate;
  for (const CompanyCalibration& c : cs)
    for (const RatioFit* f : {&c.buyback, &c.dividend}) {
      bool paid = false, halted = false;
      int last_year = 0;
      for (std::size_t i = 0; i < f->ratios.size(); ++i) {
        if (f->quarters[i] != 0 && f->quarters[i] != 4) continue;  // year-end periods only
        const bool consecutive = f->years[i] == last_year + 1;
        if (halted && consecutive) {
          ++rate.at_risk;
          rate.resumed += f->ratios[i] > 0 ? 1 : 0;
        }
        halted = paid && f->ratios[i] == 0;
        paid = paid || f->ratios[i] > 0;
        last_year = f->years[i];
      }
    }
  rate.p = (rate.resumed + 0.5) / (rate.at_risk + 1.0);
  return rate;
}

BetaMoments beta_by_moments(double mean, double sd, double upper) {
  const double m = mean / upper;
  const double cap = std::min(m * m * (1 - m) / (1 + m), m * (1 - m) * (1 - m) / (2 - m));
  BetaMoments b;
  double v = sd * sd / (upper * upper);
  b.capped = v > cap;
  if (b.capped) v = cap;
  const double phi = m * (1 - m) / v - 1;
  b.alpha = m * phi;
  b.beta = (1 - m) * phi;
  b.sd = upper * std::sqrt(v);
  return b;
}

void fit_ratio(RatioFit& f, double latest, const Pooled& pooled, const ResumeRate& resume,
               const CalibrationOptions& o, bool quarterly) {
  f.latest = latest;
  f.mean = latest;
  f.n = effective(f.changes.size(), quarterly);
  f.own_mean = f.ratios.empty() ? 0.0 : [&] {
    double s = 0;
    for (double v : f.ratios) s += v;
    return s / static_cast<double>(f.ratios.size());
  }();
  f.own_sd = rms(f.changes);
  f.w_sd = f.n / (f.n + o.shrink_k);
  f.step_sd =
      std::max(std::sqrt(f.w_sd * f.own_sd * f.own_sd + (1 - f.w_sd) * pooled.sd * pooled.sd),
               o.ratio_sd_floor);
  f.zero_years = zero_years(f, quarterly);
  const bool ever = std::any_of(f.ratios.begin(), f.ratios.end(), [](double v) { return v > 0; });
  if (latest > 0) {
    f.treatment = RatioTreatment::drawn;
    fit_drawn(f, o);
    return;
  }
  f.sd = 0;
  if (!ever) {
    f.treatment = RatioTreatment::never_paid;
  } else if (f.zero_years >= o.stopped_years) {
    f.treatment = RatioTreatment::stopped;
  } else {
    f.treatment = RatioTreatment::resuming;
    const double top = *std::max_element(f.ratios.begin(), f.ratios.end());
    f.upper = top >= 1 ? 1.25 * top : 1.0;
    fit_resuming(f, resume, o);
  }
  f.fixed_zero = f.treatment != RatioTreatment::resuming;
}

}  // namespace capexsim
