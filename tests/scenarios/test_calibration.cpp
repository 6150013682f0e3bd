// calibrate(): recovery of known parameters from synthetic history (fixed seed, k standard
// errors), the shrinkage arithmetic on a hand example, no peeking past the base year
// (byte-identical output), the written scenario loading back, and `capexsim calibrate`'s file
// handling.
#include <unistd.h>

#include <array>
#include <boost/random/normal_distribution.hpp>
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "cli/calibrate_command.h"
#include "models/distribution.h"
#include "models/errors.h"
#include "output/atomic_file.h"
#include "scenarios/calibration.h"
#include "scenarios/calibration_toml.h"
#include "scenarios/history.h"
#include "scenarios/loader.h"

namespace capexsim {
namespace {

namespace fs = std::filesystem;

constexpr double kSigmas = 4.0;
const std::string kAnnual = std::string(CAPEXSIM_SOURCE_DIR) + "/scenarios/data/annual.csv";
const std::string kQuarterly = std::string(CAPEXSIM_SOURCE_DIR) + "/scenarios/data/quarterly.csv";

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

fs::path temp_path(const std::string& name) {
  return fs::temp_directory_path() / ("capexsim_cal_" + std::to_string(::getpid()) + "_" + name);
}

//! One synthetic company: OCF and capex grown by the given rates from 100 and 50 in year
//! `first`, payout ratios as given (one per year, the first year included).
void add_company(History& h, const std::string& name, int first, const std::vector<double>& g_ocf,
                 const std::vector<double>& g_capex, const std::vector<double>& buyback,
                 const std::vector<double>& dividend) {
  double ocf = 100, capex = 50;
  for (std::size_t t = 0; t <= g_ocf.size(); ++t) {
    if (t > 0) {
      ocf *= 1 + g_ocf[t - 1];
      capex *= 1 + g_capex[t - 1];
    }
    HistoryRow r;
    r.company = name;
    r.year = first + static_cast<int>(t);
    r.ocf = ocf;
    r.capex = capex;
    r.buybacks = ocf * buyback[t];
    r.dividends = ocf * dividend[t];
    r.confidence = "verified";
    h.rows.push_back(r);
  }
}

std::vector<double> draws(const Distribution& d, std::size_t n, Rng& rng) {
  std::vector<double> x(n);
  for (double& v : x) v = d.sample(rng);
  return x;
}

TEST_CASE("calibrate recovers growth and ratio laws from long synthetic histories",
          "[calibration]") {
  // Four companies, 400 growth rates each: the fitted mean and sd are within kSigmas standard
  // errors of the truth (plus the shrinkage's pull toward the pooled mean, weight 3/403).
  struct Truth {
    double mu, sigma;
  };
  const std::vector<Truth> ocf = {{0.05, 0.10}, {0.15, 0.20}, {0.25, 0.08}, {-0.02, 0.15}};
  const Distribution buyback = Distribution::beta(2, 5);
  const Distribution dividend = Distribution::beta(8, 40);
  const std::size_t n = 400;
  Rng rng(20261130);
  History h;
  for (std::size_t c = 0; c < ocf.size(); ++c)
    add_company(h, std::to_string(c) + "c", 1600,
                draws(Distribution::normal(ocf[c].mu, ocf[c].sigma), n, rng),
                draws(Distribution::normal(0.1, 0.3, -0.9), n, rng), draws(buyback, n + 1, rng),
                draws(dividend, n + 1, rng));
  CalibrationOptions o;
  o.base_year = 2000;
  const Calibration cal = calibrate(h, o);
  REQUIRE(cal.companies.size() == 4);
  for (std::size_t c = 0; c < ocf.size(); ++c) {
    const GrowthFit& g = cal.companies[c].ocf;
    REQUIRE(g.rates.size() == n);
    const double se_mean = ocf[c].sigma / std::sqrt(double(n));
    const double se_sd = ocf[c].sigma / std::sqrt(2.0 * double(n - 1));
    const double pull = (1 - g.w_mean) * std::abs(cal.ocf_pooled.mean - ocf[c].mu);
    CHECK(g.w_mean == Approx(400.0 / 403.0));
    CHECK(std::abs(g.own_mean - ocf[c].mu) < kSigmas * se_mean);
    CHECK(std::abs(g.mean - ocf[c].mu) < kSigmas * se_mean + pull);
    CHECK(std::abs(g.own_sd - ocf[c].sigma) < kSigmas * se_sd);
    const double sd_pull = (1 - g.w_sd) * std::abs(cal.ocf_pooled.within_sd - ocf[c].sigma);
    CHECK(std::abs(g.sd - ocf[c].sigma) < kSigmas * se_sd + sd_pull);
    CHECK(g.min == Approx(g.mean - 3 * g.sd));
    // Payout ratios: the mean of the ratios recovers the law's; the written mean is the base
    // year's ratio (the anchor); the step sd (RMS of year-on-year changes of iid draws) recovers
    // sqrt(2) x the law's sd within k standard errors. Its standard error from the fourth moment
    // of the changes, sqrt((m4 - (2 s^2)^2) / m) / (2 sqrt(2) s), with m = n / 2: consecutive
    // changes share a draw, so only every other one is counted as independent.
    for (const auto& [fit, law] : {std::pair{&cal.companies[c].buyback, &buyback},
                                   std::pair{&cal.companies[c].dividend, &dividend}}) {
      const double s = std::sqrt(law->variance());
      CHECK(std::abs(fit->own_mean - law->mean()) < kSigmas * s / std::sqrt(double(n + 1)));
      CHECK(fit->mean == Approx(fit->ratios.back()));
      REQUIRE(fit->changes.size() == n);
      double m4 = 0;
      for (double d : fit->changes) m4 += std::pow(d, 4);
      m4 /= double(n);
      const double step = std::sqrt(2.0) * s;
      const double se =
          std::sqrt((m4 - std::pow(step, 4)) / std::floor(double(n) / 2)) / (2 * step);
      CHECK(std::abs(fit->own_sd - step) < kSigmas * se);
      CHECK(fit->sd <= fit->step_sd + 1e-12);  // cut only down, so that alpha, beta >= 1
      CHECK(fit->alpha >= 1 - 1e-12);
      CHECK(fit->beta >= 1 - 1e-12);
      CHECK(fit->upper == 1.0);
      CHECK(fit->alpha / (fit->alpha + fit->beta) == Approx(fit->mean));
    }
  }
}

//! trigamma(1) = pi^2 / 6: the sampling variance of log s^2 on 2 degrees of freedom.
const double kTrigamma1 = std::acos(-1.0) * std::acos(-1.0) / 6;

TEST_CASE("calibrate pools many short histories and shrinks each toward the pool",
          "[calibration]") {
  // 60 companies with 3 rates each from one normal(0.12, 0.2): the pooled mean and sd recover
  // it within kSigmas standard errors (n = 180); each company sits halfway (3 / (3 + 3)) between
  // its own mean and the pool.
  const double mu = 0.12, sigma = 0.2;
  Rng rng(7);
  History h;
  const Distribution g = Distribution::normal(mu, sigma);
  for (int c = 0; c < 60; ++c)
    add_company(h, std::to_string(c) + "c", 2020, draws(g, 3, rng), draws(g, 3, rng),
                {0.3, 0.3, 0.3, 0.3}, {0, 0, 0, 0});
  CalibrationOptions o;
  o.base_year = 2023;
  const Calibration cal = calibrate(h, o);
  const double n = 180;
  CHECK(cal.ocf_pooled.n == n);
  CHECK(std::abs(cal.ocf_pooled.mean - mu) < kSigmas * sigma / std::sqrt(n));
  CHECK(std::abs(cal.ocf_pooled.sd - sigma) < kSigmas * sigma / std::sqrt(2 * (n - 1)));
  // tau^2 estimates 0 here: the sample variance of 60 log s^2 on 2 df (variance pi^2 / 6, excess
  // kurtosis of log chi^2_2 about 2.4) has standard error about (pi^2 / 6) sqrt((2 + 2.4) / 59).
  CHECK(cal.ocf_pooled.tau2 < kSigmas * kTrigamma1 * std::sqrt(4.4 / 59));
  for (const CompanyCalibration& c : cal.companies) {
    CHECK(c.ocf.mean == Approx(0.5 * c.ocf.own_mean + 0.5 * cal.ocf_pooled.mean));
    // One law for all: the variance weight is the estimated real spread's share (tau^2 near 0).
    CHECK(c.ocf.w_sd == Approx(cal.ocf_pooled.tau2 / (cal.ocf_pooled.tau2 + kTrigamma1)));
    CHECK(c.dividend.fixed_zero);
    CHECK(c.buyback.sd == o.ratio_sd_floor);  // constant ratios: the floor
  }
}

TEST_CASE("calibrate recovers a cross-company correlation of growth", "[calibration]") {
  // Two companies, 400 years, OCF growth jointly normal with rho = 0.6, capex independent.
  // The sample correlation's standard error is (1 - rho^2) / sqrt(n); the written value is that
  // estimate times n / (n + 3), rounded to 0.01.
  const double rho = 0.6;
  const std::size_t n = 400;
  Rng rng(99);
  boost::random::normal_distribution<double> z;
  std::vector<double> a(n), b(n);
  for (std::size_t t = 0; t < n; ++t) {
    const double z1 = z(rng), z2 = z(rng);
    a[t] = 0.1 + 0.1 * z1;
    b[t] = 0.1 + 0.1 * (rho * z1 + std::sqrt(1 - rho * rho) * z2);
  }
  const Distribution capex = Distribution::normal(0.1, 0.1);
  const std::vector<double> ratio(n + 1, 0.2);
  History h;
  add_company(h, "a", 1600, a, draws(capex, n, rng), ratio, ratio);
  add_company(h, "b", 1600, b, draws(capex, n, rng), ratio, ratio);
  CalibrationOptions o;
  o.base_year = 2000;
  const Calibration cal = calibrate(h, o);
  const double se = (1 - rho * rho) / std::sqrt(double(n));
  CHECK(std::abs(cal.ocf_correlation.sample(0, 1) - rho) < kSigmas * se);
  CHECK(std::abs(cal.capex_correlation.sample(0, 1)) < kSigmas / std::sqrt(double(n)));
  CHECK(cal.ocf_correlation.fitted(0, 1) ==
        Approx(std::round(100 * cal.ocf_correlation.sample(0, 1) * 400 / 403) / 100));
  CHECK_FALSE(cal.ocf_correlation.repaired);
}

TEST_CASE("calibrate: pairwise correlations that are not PSD get repair = nearest",
          "[calibration]") {
  // Three companies, each with OCF in two of three 41-year blocks (empty cells elsewhere), so
  // every pair shares one block: a = b in block 0, b = c in block 1, a = -c in block 2. The
  // pairwise estimates (+1, +1, -1, times 40 / 43) cannot all hold: smallest eigenvalue < 0.
  Rng rng(5);
  boost::random::normal_distribution<double> z;
  const int block = 41, first = 1800;
  std::vector<std::array<double, 3>> rate(3 * std::size_t{block});
  for (auto& r : rate) {
    const double common = 0.1 * z(rng);
    r = {common, common, common};
  }
  for (int t = 2 * block; t < 3 * block; ++t) rate[std::size_t(t)][2] *= -1;
  const std::array<std::array<bool, 3>, 3> has = {{{true, false, true},  // a: blocks 0 and 2
                                                   {true, true, false},
                                                   {false, true, true}}};
  History h;
  for (std::size_t c = 0; c < 3; ++c) {
    double ocf = 100;
    for (int t = 0; t < 3 * block; ++t) {
      HistoryRow r;
      r.company = std::string(1, char('a' + c));
      r.year = first + t;
      ocf *= 1 + rate[std::size_t(t)][c];
      if (has[c][std::size_t(t / block)] || t == 3 * block - 1) r.ocf = ocf;
      r.capex = 10 + t;
      r.buybacks = 1;
      r.dividends = 0;
      h.rows.push_back(r);
    }
  }
  CalibrationOptions o;
  o.base_year = first + 3 * block - 1;
  const Calibration cal = calibrate(h, o);
  const CorrelationFit& f = cal.ocf_correlation;
  CHECK(f.counts(0, 1) == 40);
  CHECK(f.sample(0, 1) == Approx(1));
  CHECK(f.sample(0, 2) == Approx(-1));
  CHECK(f.fitted(1, 2) == Approx(0.93));
  CHECK(f.min_eigenvalue < 0);
  CHECK(f.repaired);
  const std::string text = calibration_toml(cal, "h.csv");
  CHECK(text.find("NOT positive semi-definite") != std::string::npos);
  const Scenario s = parse_scenario(text, "cal.toml");
  CHECK(s.dependence.repaired);
}

TEST_CASE("calibrate: the shrinkage arithmetic on a hand example", "[calibration]") {
  // a: OCF 100 -> 110 -> 121 -> 145.2 (+10%, +10%, +20%), b: +0%, +30%, +0% (100, 100, 130, 130).
  History h;
  add_company(h, "A", 2020, {0.1, 0.1, 0.2}, {0, 0, 0}, {0.1, 0.2, 0.3, 0.4}, {0, 0, 0, 0});
  add_company(h, "b", 2020, {0.0, 0.3, 0.0}, {0, 0, 0}, {0.5, 0.5, 0.5, 0.5}, {0, 0, 0, 0.1});
  CalibrationOptions o;
  o.base_year = 2023;
  const Calibration cal = calibrate(h, o);
  // Pooled: mean (0.4 + 0.3) / 6 = 0.116667; sd of {.1,.1,.2,0,.3,0}: ss = 0.068333, / 5.
  CHECK(cal.ocf_pooled.mean == Approx(0.7 / 6));
  CHECK(cal.ocf_pooled.sd == Approx(std::sqrt(0.0683333333 / 5)));
  // Within companies: a's ss about 0.1333 is 0.02 / 3, b's about 0.1 is 0.06; 2 + 2 df.
  CHECK(cal.ocf_pooled.within_sd == Approx(std::sqrt((0.02 / 3 + 0.06) / 4)));
  const GrowthFit& a = cal.companies[0].ocf;
  CHECK(cal.companies[0].name == "a");
  CHECK(a.own_mean == Approx(0.4 / 3));
  CHECK(a.own_sd == Approx(std::sqrt(0.02 / 3 / 2 * 1)).epsilon(1e-9));  // ss = 0.00667, / 2
  CHECK(a.mean == Approx(0.5 * 0.4 / 3 + 0.5 * 0.7 / 6));
  // Variance weight: log s^2 of a (1/300) and b (0.03) differ by ln 9, so their variance is
  // (ln 9)^2 / 2 = 2.4139; less the sampling variance of a log s^2 on 2 df, trigamma(1) =
  // pi^2 / 6: tau^2 = 0.7690, and the own weight tau^2 / (tau^2 + pi^2 / 6) = 0.3186.
  const double trigamma1 = std::acos(-1.0) * std::acos(-1.0) / 6;
  const double tau2 = std::log(9.0) * std::log(9.0) / 2 - trigamma1, w = tau2 / (tau2 + trigamma1);
  CHECK(cal.ocf_pooled.tau2 == Approx(tau2));
  CHECK(a.w_sd == Approx(w));
  CHECK(a.sd == Approx(std::sqrt(w * (0.02 / 3 / 2) + (1 - w) * (0.02 / 3 + 0.06) / 4)));
  // Capex never grew: pooled sd 0, so every sd is the floor, cut at +- 3 floors.
  CHECK(cal.companies[1].capex.sd == 0.05);
  CHECK(cal.companies[1].capex.max == Approx(0.15));
  // Base values x10. Buyback ratios: a's {.1, .2, .3, .4} (changes .1, .1, .1), b's constant 0.5
  // (changes 0, 0, 0): pooled mean square of changes 0.03 / 6; b's step sd, weight 3 / (3 + 3)
  // on its 0. Each anchored at its base-year ratio.
  CHECK(cal.companies[1].base.ocf == Approx(1300));
  CHECK(cal.companies[0].buyback.mean == Approx(0.4));
  CHECK(cal.buyback_pooled_sd.sd == Approx(std::sqrt(0.03 / 6)));
  CHECK(cal.companies[1].buyback.sd == Approx(std::sqrt(0.5 * 0.03 / 6)));
  CHECK_FALSE(cal.companies[1].dividend.fixed_zero);
  CHECK(cal.companies[0].dividend.fixed_zero);
}

TEST_CASE("a calibration based on 2023 does not read 2024-2025 rows", "[calibration]") {
  const fs::path path = temp_path("nopeek.csv");
  const std::string original = read_file(kAnnual);
  CalibrationOptions o;
  o.base_year = 2023;
  const auto calibrated_text = [&](const std::string& csv) {
    std::ofstream(path, std::ios::binary) << csv;
    return calibration_toml(calibrate(read_history(path.string()), o), path.string());
  };
  const std::string before = calibrated_text(original);
  // Every 2024 and 2025 row with different numbers, source and confidence.
  std::istringstream lines(original);
  std::string line, changed, changed_2023;
  while (std::getline(lines, line)) {
    std::string out = line, out_2023 = line;
    if (line.find(",2024,") != std::string::npos || line.find(",2025,") != std::string::npos)
      out = line.substr(0, line.find(',', line.find(',') + 1)) + ",999,1,2,3,elsewhere,estimated";
    if (line.find(",2023,") != std::string::npos && line.rfind("Meta", 0) == 0)
      out_2023 = "Meta,2023,75,27.045,19.774,0.0,s,verified";
    changed += out + "\n";
    changed_2023 += out_2023 + "\n";
  }
  REQUIRE(changed != original);
  CHECK(calibrated_text(changed) == before);
  CHECK(calibrated_text(changed_2023) != before);  // control: 2023 is read
  fs::remove(path);
}

TEST_CASE("the calibrated scenario of the shipped history loads", "[calibration]") {
  CalibrationOptions o;
  o.base_year = 2023;
  const Calibration cal = calibrate(read_history(kAnnual), o);
  const Scenario s = parse_scenario(calibration_toml(cal, "scenarios/data/annual.csv"), "cal.toml");
  REQUIRE(s.companies.size() == 4);
  CHECK(s.companies[0].name == "meta");
  CHECK(s.companies[0].base.ocf == Approx(711.13));
  CHECK(s.companies[3].name == "amazon");  // the file's order: Meta, Microsoft, Alphabet, Amazon
  CHECK(s.years == std::vector<int>{2024, 2025, 2026});
  CHECK(s.unit == "USD 100 million");
  CHECK(s.companies[3].param(Param::dividend_ratio).by_year[0].is_fixed());
  CHECK(s.companies[0].param(Param::dividend_ratio).by_year[0].is_fixed());  // no peek at 2024
  // Amazon bought back in 2022 only, none in 2023: 0 with a chance of resuming (empirical).
  CHECK(s.companies[3].param(Param::buyback_ratio).by_year[0].kind() == DistKind::empirical);
  CHECK(s.companies[0].param(Param::buyback_ratio).by_year[0].kind() == DistKind::beta);
  for (std::size_t c = 0; c < 4; ++c) {
    const Distribution& d = s.companies[c].param(Param::ocf_growth).by_year[2];
    CHECK(d.kind() == DistKind::normal);
    const GrowthFit& f = cal.companies[c].ocf;  // parameters written to 4 decimals
    CHECK(d.mean() ==
          Approx(Distribution::normal(f.means[2], f.sd, f.mins[2], f.maxs[2]).mean()).margin(1e-4));
    CHECK(d.support_min() > -1);
  }
  // 4 OCF + 4 capex growth correlated, pairs within each block only.
  CHECK(s.dependence.active());
  // Drawn: 8 growth rates, 4 buyback ratios (Amazon's may resume) and Microsoft's dividend
  // ratio; the others paid no dividend up to 2023.
  CHECK(s.dependence.correlation.rows() == 13);
  CHECK_FALSE(s.dependence.repaired);
}

TEST_CASE("quarterly calibration: trailing-year sums, and a missing base quarter",
          "[calibration]") {
  CalibrationOptions o;
  o.base_year = 2024;
  const History h = read_history(kQuarterly);
  const Calibration cal = calibrate(h, o);
  const CompanyCalibration& meta = cal.companies[0];
  CHECK(meta.name == "meta");
  // 2024Q4 trailing sum: 19.246 + 19.37 + 24.724 + 27.988 = 91.328 (the annual file's figure).
  CHECK(meta.base.ocf == Approx(913.28));
  REQUIRE(meta.ocf.rates.size() == 13);  // 2021Q4 .. 2024Q4
  CHECK(meta.ocf.n == 13.0 / 4);
  CHECK(meta.ocf.rates.back() == Approx(91.328 / (13.998 + 17.309 + 20.402 + 19.404) - 1));
  const Scenario s = parse_scenario(calibration_toml(cal, "q.csv"), "q.toml");
  CHECK(s.name == "calibrated-2024-quarterly");
  o.base_year = 2023;  // Meta's 2023 capex quarters are empty
  CHECK_THROWS_WITH(calibrate(h, o), Catch::Contains("Meta: no capex for base period 2023Q4"));
  CHECK_THROWS_WITH(calibrate(h, o), Catch::Contains("2023Q1, 2023Q2, 2023Q3, 2023Q4 empty"));
}

TEST_CASE("capexsim calibrate writes atomically and refuses to overwrite", "[calibration]") {
  const fs::path out = temp_path("out.toml");
  fs::remove(out);
  cli::CalibrateArgs args;
  args.history = kAnnual;
  args.base_year = 2023;
  args.out = out.string();
  args.years = 2;
  CHECK(cli::run_calibrate(args) == 0);
  const Scenario s = load_scenario(out.string());
  CHECK(s.years == std::vector<int>{2024, 2025});
  CHECK(read_file(out).find("x10, in USD 100 million") != std::string::npos);
  CHECK_THROWS_AS(cli::run_calibrate(args), OutputExistsError);
  args.force = true;
  CHECK(cli::run_calibrate(args) == 0);
  args.quarterly = true;
  CHECK_THROWS_WITH(cli::run_calibrate(args), Catch::Contains("drop --quarterly"));
  args.history = "/nonexistent.csv";
  CHECK_THROWS_AS(cli::run_calibrate(args), InputError);
  for (const auto& entry : fs::directory_iterator(out.parent_path()))
    CHECK(entry.path().filename().string().find(out.filename().string() + ".tmp") ==
          std::string::npos);
  fs::remove(out);
}

}  // namespace
}  // namespace capexsim
