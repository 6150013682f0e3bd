// Calibration from history. Growth means and sds are shrunk toward the pooled estimate over all
// companies with weight n / (n + k) on the company's own (James & Stein 1961; Efron & Morris,
// "Stein's estimation rule and its competitors", JASA 68 (1973) 117-130, for the empirical-Bayes
// reading: k is the prior's worth in observations); the mean then fades toward a long-run rate.
// Payout ratios start from the base year's own ratio (payout policy is the company's choice, and
// its latest choice is the best guess of the next) and spread like a random walk whose step sd
// is shrunk toward the pooled one (ratio_fit.cpp). Correlations
// are Pearson's over common periods, shrunk toward 0 by n / (n + k), and checked positive
// semi-definite by the smallest eigenvalue (models/correlation_repair.h).
#include "scenarios/calibration.h"

#include <algorithm>
#include <boost/math/special_functions/trigamma.hpp>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <utility>

#include "models/correlation_repair.h"
#include "models/errors.h"
#include "scenarios/calibration_payout_link.h"
#include "scenarios/ratio_fit.h"

namespace capexsim {
namespace {

//! One observation point: a calendar year, or in quarterly files the 4 quarters ending there.
struct Point {
  int year = 0, quarter = 0;
  std::optional<double> ocf, capex, buybacks, dividends;
  const HistoryRow* row = nullptr;
};

using Member = std::optional<double> HistoryRow::*;

//! Sum of the four quarters ending at (year, quarter), if all four have the value.
std::optional<double> trailing_sum(const std::map<std::pair<int, int>, const HistoryRow*>& rows,
                                   int year, int quarter, Member member) {
  double sum = 0;
  for (int k = 0; k < 4; ++k) {
    const auto it = rows.find({year, quarter});
    if (it == rows.end() || !(it->second->*member)) return std::nullopt;
    sum += *(it->second->*member);
    if (--quarter == 0) {
      quarter = 4;
      --year;
    }
  }
  return sum;
}

//! The company's points up to the base year, in time order.
std::vector<Point> points_of(const std::vector<const HistoryRow*>& rows, bool quarterly,
                             int base_year) {
  std::vector<Point> points;
  std::map<std::pair<int, int>, const HistoryRow*> by_period;
  for (const HistoryRow* r : rows) by_period[{r->year, r->quarter}] = r;
  for (const HistoryRow* r : rows) {
    if (r->year > base_year) continue;  // no peeking at the years to be scored
    Point p{r->year, r->quarter, r->ocf, r->capex, r->buybacks, r->dividends, r};
    if (quarterly) {
      p.ocf = trailing_sum(by_period, r->year, r->quarter, &HistoryRow::ocf);
      p.capex = trailing_sum(by_period, r->year, r->quarter, &HistoryRow::capex);
      p.buybacks = trailing_sum(by_period, r->year, r->quarter, &HistoryRow::buybacks);
      p.dividends = trailing_sum(by_period, r->year, r->quarter, &HistoryRow::dividends);
    }
    points.push_back(p);
  }
  return points;
}

using PointMember = std::optional<double> Point::*;

//! Growth over the same period a year earlier, where both values exist and the earlier is > 0.
void growth_rates(const std::vector<Point>& points, PointMember member, GrowthFit& fit) {
  for (const Point& p : points) {
    if (!(p.*member)) continue;
    for (const Point& q : points)
      if (q.year == p.year - 1 && q.quarter == p.quarter && (q.*member) && *(q.*member) > 0) {
        fit.years.push_back(p.year);
        fit.quarters.push_back(p.quarter);
        fit.rates.push_back(*(p.*member) / *(q.*member) - 1.0);
      }
  }
}

double mean_of(const std::vector<double>& x) {
  double s = 0;
  for (double v : x) s += v;
  return x.empty() ? 0.0 : s / static_cast<double>(x.size());
}

//! Sample sd (divisor n - 1); 0 for fewer than two values.
double sd_of(const std::vector<double>& x) {
  if (x.size() < 2) return 0.0;
  const double m = mean_of(x);
  double ss = 0;
  for (double v : x) ss += (v - m) * (v - m);
  return std::sqrt(ss / static_cast<double>(x.size() - 1));
}

//! Effective sample size: overlapping trailing-year rates of a quarterly file count 1/4 each.
double effective(std::size_t count, bool quarterly) {
  return quarterly ? static_cast<double>(count) / 4.0 : static_cast<double>(count);
}

//! The year-1 mean fades geometrically toward the long-run rate; each year cut at its mean +- the
//! truncation, never below growth_min.
void fade_growth(GrowthFit& f, const CalibrationOptions& o) {
  double gap = f.mean - o.long_run_growth;
  for (int t = 0; t < o.years; ++t, gap *= o.fade) {
    const double mean = o.long_run_growth + gap;
    const double min = std::max(mean - o.truncate_sd * f.sd, o.growth_min);
    f.means.push_back(mean);
    f.mins.push_back(min);
    f.maxs.push_back(std::max(mean + o.truncate_sd * f.sd, min + f.sd));
  }
}

//! log s^2 of a normal sample with df degrees of freedom has sampling variance trigamma(df / 2)
//! (about 2 / df for large df; 1.64 at df = 2, where 2 / df would say 1).
double log_variance_noise(double df) { return boost::math::trigamma(df / 2); }

void fit_growth(GrowthFit& f, const Pooled& pooled, const CalibrationOptions& o, bool quarterly) {
  f.n = effective(f.rates.size(), quarterly);
  f.own_mean = mean_of(f.rates);
  f.own_sd = sd_of(f.rates);
  f.w_mean = f.n / (f.n + o.shrink_k);
  const double df = f.rates.size() >= 2 ? std::max(0.0, f.n - 1.0) : 0.0;
  // Empirical Bayes on the log variance (in the spirit of Smyth 2004's moderated variances): the
  // own variance's weight is the share of its log's variance that is real difference between
  // companies, tau^2 / (tau^2 + sampling noise); 0 when the companies do not differ.
  f.w_sd = df > 0 ? pooled.tau2 / (pooled.tau2 + log_variance_noise(df)) : 0.0;
  f.mean = f.w_mean * f.own_mean + (1 - f.w_mean) * pooled.mean;
  const double var =
      f.w_sd * f.own_sd * f.own_sd + (1 - f.w_sd) * pooled.within_sd * pooled.within_sd;
  f.sd = std::max(std::sqrt(var), o.growth_sd_floor);
  f.min = std::max(f.mean - o.truncate_sd * f.sd, o.growth_min);
  f.max = std::max(f.mean + o.truncate_sd * f.sd, f.min + f.sd);
  fade_growth(f, o);
}

//! tau^2 of Pooled: what the companies' log variances spread beyond their sampling noise is a
//! real difference in volatility (OCF: Microsoft's about 11% a year, Meta's about 45%).
double volatility_spread(const std::vector<CompanyCalibration>& cs,
                         GrowthFit CompanyCalibration::*g, bool quarterly) {
  std::vector<double> logs;
  double noise = 0;
  for (const CompanyCalibration& c : cs) {
    const std::vector<double>& r = (c.*g).rates;
    const double df = effective(r.size(), quarterly) - 1;
    const double s = sd_of(r);
    if (r.size() < 2 || df <= 0 || s <= 0) continue;
    logs.push_back(std::log(s * s));
    noise += log_variance_noise(df);
  }
  if (logs.size() < 2) return 0;
  const double spread = sd_of(logs);
  return std::max(0.0, spread * spread - noise / static_cast<double>(logs.size()));
}

Pooled pool_growth(const std::vector<CompanyCalibration>& cs, GrowthFit CompanyCalibration::*g,
                   bool quarterly, const std::string& what, const std::string& path) {
  std::vector<double> all;
  for (const CompanyCalibration& c : cs)
    all.insert(all.end(), (c.*g).rates.begin(), (c.*g).rates.end());
  if (all.size() < 2)
    throw InputError(path, 0, 0,
                     "only " + std::to_string(all.size()) + " " + what +
                         " growth rate(s) up to the base year in all: at least 2 are needed");
  double ss = 0, df = 0;
  for (const CompanyCalibration& c : cs) {
    const std::vector<double>& r = (c.*g).rates;
    if (r.size() < 2) continue;
    const double m = mean_of(r);
    for (double v : r) ss += (v - m) * (v - m);
    df += static_cast<double>(r.size() - 1);
  }
  // No company with two rates: no within-company spread to pool; the spread of all rates stands in.
  const double within = df > 0 ? std::sqrt(ss / df) : sd_of(all);
  return {mean_of(all), sd_of(all), effective(all.size(), quarterly), within,
          volatility_spread(cs, g, quarterly)};
}

void ratios(const std::vector<Point>& points, PointMember member, RatioFit& fit) {
  for (const Point& p : points)
    if ((p.*member) && p.ocf && *p.ocf > 0) {
      fit.ratios.push_back(*(p.*member) / *p.ocf);
      fit.years.push_back(p.year);
      fit.quarters.push_back(p.quarter);
    }
}

CorrelationFit correlate(const std::vector<CompanyCalibration>& cs,
                         GrowthFit CompanyCalibration::*g, const CalibrationOptions& o,
                         bool quarterly) {
  const auto n = static_cast<Eigen::Index>(cs.size());
  CorrelationFit fit;
  fit.sample = Eigen::MatrixXd::Identity(n, n);
  fit.counts = Eigen::MatrixXd::Zero(n, n);
  fit.fitted = Eigen::MatrixXd::Identity(n, n);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = i + 1; j < n; ++j) {
      const GrowthFit& a = cs[static_cast<std::size_t>(i)].*g;
      const GrowthFit& b = cs[static_cast<std::size_t>(j)].*g;
      std::vector<double> x, y;
      for (std::size_t p = 0; p < a.rates.size(); ++p)
        for (std::size_t q = 0; q < b.rates.size(); ++q)
          if (a.years[p] == b.years[q] && a.quarters[p] == b.quarters[q]) {
            x.push_back(a.rates[p]);
            y.push_back(b.rates[q]);
          }
      fit.counts(i, j) = fit.counts(j, i) = static_cast<double>(x.size());
      const double sx = sd_of(x), sy = sd_of(y);
      if (x.size() < 3 || sx == 0 || sy == 0) continue;
      const double mx = mean_of(x), my = mean_of(y);
      double sxy = 0;
      for (std::size_t k = 0; k < x.size(); ++k) sxy += (x[k] - mx) * (y[k] - my);
      const double r = sxy / static_cast<double>(x.size() - 1) / (sx * sy);
      const double ne = effective(x.size(), quarterly);
      fit.sample(i, j) = fit.sample(j, i) = r;
      fit.fitted(i, j) = fit.fitted(j, i) = std::round(100 * r * ne / (ne + o.correlation_k)) / 100;
    }
  fit.min_eigenvalue = smallest_eigenvalue(fit.fitted);
  fit.repaired = fit.min_eigenvalue < 0;
  return fit;
}

//! A count or value for messages: up to 6 significant digits, no trailing zeros.
std::string points_text(double n) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", n);
  return buf;
}

//! A base-year flow of a quarterly history with quarters missing: taken from the annual
//! history's base-year row when one is given (recorded in `filled`), else an error naming the
//! empty quarters. Never invented: no value is carried forward or interpolated.
double fill_from_annual(const std::vector<const HistoryRow*>& rows, Member member, const char* what,
                        const CompanyCalibration& c, const CalibrationOptions& o,
                        const std::string& path, int line, const History* annual,
                        std::vector<FilledValue>& filled) {
  FilledValue v{c.display, what, {}, 0, 0, 0};
  for (int quarter = 1; quarter <= 4; ++quarter) {
    const auto it = std::find_if(rows.begin(), rows.end(), [&](const HistoryRow* r) {
      return r->year == o.base_year && r->quarter == quarter;
    });
    if (it == rows.end() || !((*it)->*member))
      v.missing.push_back(period_label(o.base_year, quarter));
    else
      v.known += *((*it)->*member);
  }
  std::string list;
  for (const std::string& m : v.missing) list += (list.empty() ? "" : ", ") + m;
  const HistoryRow* row = annual ? annual->find(c.name, o.base_year) : nullptr;
  if (!row || !(row->*member))
    throw InputError(
        path, line, 0,
        "company " + c.display + ": no " + what + " for base period " +
            period_label(o.base_year, 4) + " (" + list + " empty" +
            (annual ? "; and no " + std::to_string(o.base_year) + " " + what + " in " + annual->path
                    : "") +
            ")",
        annual ? "" : "base_gap");  // the command's remedy names --annual
  v.annual = *(row->*member);
  v.annual_line = row->line;
  if (v.annual < v.known - 1e-9 * std::max(1.0, v.known))
    throw InputError(annual->path, row->line, 0,
                     "company " + c.display + ": " + std::to_string(o.base_year) + " " + what +
                         " " + points_text(v.annual) + " is below the sum of its known quarters " +
                         points_text(v.known) + " in " + path);
  filled.push_back(v);
  return v.annual;
}

//! The base-year point of a company, every flow present (or filled) and OCF > 0.
Flows base_flows(const std::vector<Point>& points, const std::vector<const HistoryRow*>& rows,
                 bool quarterly, const CompanyCalibration& c, const CalibrationOptions& o,
                 const std::string& path, const History* annual, std::vector<FilledValue>& filled) {
  const Point* base = nullptr;
  for (const Point& p : points)
    if (p.year == o.base_year && p.quarter == (quarterly ? 4 : 0)) base = &p;
  const std::string period = period_label(o.base_year, quarterly ? 4 : 0);
  if (!base) throw InputError(path, 0, 0, "company " + c.display + " has no row for " + period);
  const auto need = [&](const std::optional<double>& v, Member member, const char* what) {
    if (v) return *v * o.scale;
    if (!quarterly)
      throw InputError(path, base->row->line, 0,
                       "company " + c.display + ": no " + what + " for base period " + period);
    return o.scale *
           fill_from_annual(rows, member, what, c, o, path, base->row->line, annual, filled);
  };
  Flows f;
  f.ocf = need(base->ocf, &HistoryRow::ocf, "ocf");
  f.capex = need(base->capex, &HistoryRow::capex, "capex");
  f.buybacks = need(base->buybacks, &HistoryRow::buybacks, "buybacks");
  f.dividends = need(base->dividends, &HistoryRow::dividends, "dividends");
  if (f.ocf <= 0)
    throw InputError(path, base->row->line, 0,
                     "company " + c.display + ": base-year ocf must be > 0");
  return f;
}

//! The base period's ratio is the anchor and the last of the ratios; a quarterly base period
//! whose flow was filled from the annual file has no ratio yet: it is added.
void add_base_ratio(RatioFit& f, double flow, double ocf, const CalibrationOptions& o,
                    bool quarterly) {
  const int quarter = quarterly ? 4 : 0;
  if (!f.years.empty() && f.years.back() == o.base_year && f.quarters.back() == quarter) return;
  f.ratios.push_back(flow / ocf);
  f.years.push_back(o.base_year);
  f.quarters.push_back(quarter);
}

//! Fits that rest on fewer points than the options' minimums, and filled gaps.
std::vector<std::string> warnings_of(const Calibration& cal) {
  const CalibrationOptions& o = cal.options;
  std::vector<std::string> w;
  for (const CompanyCalibration& c : cal.companies) {
    for (const auto& [g, what] : {std::pair{&c.ocf, "OCF"}, std::pair{&c.capex, "capex"}})
      if (g->n < o.min_growth_points)
        w.push_back(c.display + ": " + what + " growth rests on " + points_text(g->n) +
                    " rate(s) (fewer than " + points_text(o.min_growth_points) +
                    "): its mean and sd lean on the pooled ones");
    for (const auto& [r, what] :
         {std::pair{&c.buyback, "buyback"}, std::pair{&c.dividend, "dividend"}})
      if (r->treatment == RatioTreatment::drawn && r->n < o.min_ratio_points)
        w.push_back(c.display + ": " + what + " ratio spread rests on " + points_text(r->n) +
                    " change(s) (fewer than " + points_text(o.min_ratio_points) +
                    "): its step sd leans on the pooled one");
  }
  for (const FilledValue& f : cal.filled) {
    std::string list;
    for (const std::string& m : f.missing) list += (list.empty() ? "" : ", ") + m;
    w.push_back(f.company + ": base-year " + f.flow + " " + points_text(f.annual) +
                " taken from the annual history (line " + std::to_string(f.annual_line) +
                "): " + list + " empty in the quarterly one");
  }
  return w;
}

}  // namespace

Calibration calibrate(const History& history, const CalibrationOptions& options,
                      const History* annual) {
  require_calendar_flows(history);  // a balance or fiscal-year file has no calendar flows
  if (annual) require_calendar_flows(*annual);
  Calibration cal;
  cal.options = options;
  cal.history_path = history.path;
  cal.quarterly = history.quarterly;
  const bool q = history.quarterly;
  const std::string& path = history.path;
  std::vector<std::string> names;
  for (const HistoryRow& row : history.rows)
    if (std::find(names.begin(), names.end(), lowercase(row.company)) == names.end())
      names.push_back(lowercase(row.company));
  if (names.empty()) throw InputError(path, 0, 0, "the history has no rows");
  for (const std::string& name : names) {
    const std::vector<const HistoryRow*> rows = history.company(name);
    CompanyCalibration c;
    c.name = name;
    c.display = rows.front()->company;
    const std::vector<Point> points = points_of(rows, q, options.base_year);
    c.base = base_flows(points, rows, q, c, options, path, annual, cal.filled);
    growth_rates(points, &Point::ocf, c.ocf);
    growth_rates(points, &Point::capex, c.capex);
    ratios(points, &Point::buybacks, c.buyback);
    ratios(points, &Point::dividends, c.dividend);
    add_base_ratio(c.buyback, c.base.buybacks, c.base.ocf, options, q);
    add_base_ratio(c.dividend, c.base.dividends, c.base.ocf, options, q);
    ratio_changes(c.buyback);
    ratio_changes(c.dividend);
    for (const HistoryRow* r : rows)
      if (r->year <= options.base_year && lowercase(r->confidence) != "verified")
        c.approximate.push_back(period_label(r->year, r->quarter) + ": " + r->confidence);
    cal.companies.push_back(std::move(c));
  }
  cal.ocf_pooled = pool_growth(cal.companies, &CompanyCalibration::ocf, q, "ocf", path);
  cal.capex_pooled = pool_growth(cal.companies, &CompanyCalibration::capex, q, "capex", path);
  for (CompanyCalibration& c : cal.companies) {
    fit_growth(c.ocf, cal.ocf_pooled, options, q);
    fit_growth(c.capex, cal.capex_pooled, options, q);
  }
  cal.buyback_pooled_sd = pool_ratio_changes(cal.companies, &CompanyCalibration::buyback, q);
  cal.dividend_pooled_sd = pool_ratio_changes(cal.companies, &CompanyCalibration::dividend, q);
  cal.resume = resume_rate(cal.companies);
  for (CompanyCalibration& c : cal.companies) {
    fit_ratio(c.buyback, c.base.buybacks / c.base.ocf, cal.buyback_pooled_sd, cal.resume, options,
              q);
    fit_ratio(c.dividend, c.base.dividends / c.base.ocf, cal.dividend_pooled_sd, cal.resume,
              options, q);
  }
  if (cal.companies.size() >= 2) {
    cal.ocf_correlation = correlate(cal.companies, &CompanyCalibration::ocf, options, q);
    cal.capex_correlation = correlate(cal.companies, &CompanyCalibration::capex, options, q);
  }
  cal.dividend_link = fit_dividend_link(cal.companies, options, q);
  cal.warnings = warnings_of(cal);
  return cal;
}

}  // namespace capexsim
