// The calibration's treatment of what a user checks first (issue 13): payout ratios anchored at
// the base year with a random-walk spread, stopped payouts, growth fading to a long-run rate,
// warnings on thin fits, and quarterly base-year gaps filled from an annual history only when
// asked, never from rows after the base year.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "models/distribution.h"
#include "models/errors.h"
#include "scenarios/calibration.h"
#include "scenarios/calibration_toml.h"
#include "scenarios/history.h"
#include "scenarios/loader.h"

namespace capexsim {
namespace {

namespace fs = std::filesystem;

const std::string kAnnual = std::string(CAPEXSIM_SOURCE_DIR) + "/scenarios/data/annual.csv";
const std::string kQuarterly = std::string(CAPEXSIM_SOURCE_DIR) + "/scenarios/data/quarterly.csv";

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

//! A company with OCF 100 every year (so ratios are the flows / 100) and capex growing 10%.
void add_flat(History& h, const std::string& name, int first, const std::vector<double>& buyback,
              const std::vector<double>& dividend) {
  double capex = 50;
  for (std::size_t t = 0; t < buyback.size(); ++t, capex *= 1.1) {
    HistoryRow r;
    r.company = name;
    r.year = first + static_cast<int>(t);
    r.ocf = 100 + static_cast<double>(t);  // growth rates not all equal
    r.capex = capex;
    r.buybacks = *r.ocf * buyback[t];
    r.dividends = *r.ocf * dividend[t];
    r.confidence = "verified";
    h.rows.push_back(r);
  }
}

const CompanyCalibration& company(const Calibration& cal, const std::string& name) {
  for (const CompanyCalibration& c : cal.companies)
    if (c.name == name) return c;
  FAIL("no company " << name);
  return cal.companies.front();
}
// A reference into a temporary Calibration would dangle: name the calibration first.
const CompanyCalibration& company(Calibration&& cal, const std::string& name) = delete;

TEST_CASE("payout ratios start at the base year's and spread like a random walk", "[calibration]") {
  CalibrationOptions o;
  o.base_year = 2025;
  o.years = 5;
  const Calibration cal = calibrate(read_history(kAnnual), o);
  const CompanyCalibration& meta = company(cal, "meta");
  // 2025: dividends 5.324 / OCF 115.8; buybacks 26.314 / 115.8 (not the 2020-2025 averages).
  CHECK(meta.dividend.mean == Approx(5.324 / 115.8));
  CHECK(meta.buyback.mean == Approx(26.314 / 115.8));
  CHECK(company(cal, "alphabet").dividend.mean == Approx(10.049 / 164.713));
  for (const CompanyCalibration& c : cal.companies)
    for (const RatioFit* r : {&c.buyback, &c.dividend}) {
      if (r->fixed_zero) continue;
      REQUIRE(r->alphas.size() == 5);
      for (std::size_t t = 0; t < 5; ++t) {
        INFO(c.name << " lead " << t + 1);
        // Never degenerate: a bounded density, no pile at 0 (no Beta(0.024, 1.10)).
        CHECK(r->alphas[t] >= 1 - 1e-12);
        CHECK(r->betas[t] >= 1 - 1e-12);
        CHECK(r->alphas[t] / (r->alphas[t] + r->betas[t]) * r->upper == Approx(r->latest));
        const double walk = r->step_sd * std::sqrt(double(t + 1));
        if (r->capped[t])
          CHECK(r->sds[t] < walk);
        else
          CHECK(r->sds[t] == Approx(walk));
        if (t > 0) CHECK(r->sds[t] >= r->sds[t - 1] - 1e-12);
      }
    }
  // Microsoft's dividend: 13 changes, RMS 2.73%, pooled 3.10%: the walk's sd grows uncut.
  const RatioFit& msft = company(cal, "microsoft").dividend;
  CHECK(msft.n == 13);
  CHECK(msft.step_sd ==
        Approx(std::sqrt(msft.w_sd * msft.own_sd * msft.own_sd +
                         (1 - msft.w_sd) * cal.dividend_pooled_sd.sd * cal.dividend_pooled_sd.sd)));
  CHECK(msft.sds[4] == Approx(msft.step_sd * std::sqrt(5.0)));
  // The written file loads, with one beta per year.
  const Scenario s = parse_scenario(calibration_toml(cal, "annual.csv"), "cal.toml");
  const Distribution& d = s.companies[1].param(Param::dividend_ratio).by_year[4];
  CHECK(d.kind() == DistKind::beta);
  CHECK(std::sqrt(d.variance()) == Approx(msft.sds[4]).epsilon(1e-4));
}

TEST_CASE("a payout that stopped is fixed at 0 or may resume, with a derived chance",
          "[calibration]") {
  History h;
  // x: paid, then none in the last 2 years: stopped. y: paid, halted 2 years, resumed, halted in
  // the base year only. z: never paid. Halted years followed by a year: x 2024 (no), y 2022
  // (no), 2023 (yes): 1 resumption in 3 at risk, p = (1 + 0.5) / (3 + 1) = 0.375.
  add_flat(h, "x", 2020, {0.2, 0.2, 0.2, 0, 0}, {0, 0, 0, 0, 0});
  add_flat(h, "y", 2020, {0.1, 0, 0, 0.3, 0}, {0, 0, 0, 0, 0});
  add_flat(h, "z", 2020, {0, 0, 0, 0, 0}, {0.1, 0.1, 0.1, 0.1, 0.1});
  CalibrationOptions o;
  o.base_year = 2024;
  o.years = 3;
  const Calibration cal = calibrate(h, o);
  CHECK(cal.resume.at_risk == 3);
  CHECK(cal.resume.resumed == 1);
  CHECK(cal.resume.p == Approx(0.375));
  const RatioFit& x = company(cal, "x").buyback;
  CHECK(x.treatment == RatioTreatment::stopped);
  CHECK(x.zero_years == 2);
  CHECK(x.fixed_zero);
  CHECK(company(cal, "z").buyback.treatment == RatioTreatment::never_paid);
  const RatioFit& y = company(cal, "y").buyback;
  REQUIRE(y.treatment == RatioTreatment::resuming);
  CHECK_FALSE(y.fixed_zero);
  CHECK(y.resume_level == Approx(0.3));
  REQUIRE(y.values.size() == 3);
  for (std::size_t t = 0; t < 3; ++t) {
    const double chance = 1 - std::pow(0.625, double(t + 1));  // 37.5%, 60.9%, 75.6%
    CHECK(y.resume_chance[t] == Approx(chance));
    REQUIRE(y.values[t].size() == 40);
    const auto paying =
        std::count_if(y.values[t].begin(), y.values[t].end(), [](double v) { return v > 0; });
    CHECK(paying == std::lround(chance * 40));
    for (double v : y.values[t]) CHECK(v < 1);
  }
  // With stopped_years = 3, x's two zero years are not yet a policy: it may resume too.
  o.stopped_years = 3;
  const Calibration resumed = calibrate(h, o);
  CHECK(company(resumed, "x").buyback.treatment == RatioTreatment::resuming);
  // Written: fixed 0 with the reason, empirical values for the resuming one.
  const std::string text = calibration_toml(cal, "h.csv");
  CHECK(text.find("none in the latest 2 year(s)") != std::string::npos);
  CHECK(text.find("never paid in these data") != std::string::npos);
  CHECK(text.find("1 resumption(s) + 0.5) / (3 halted years + 1)") != std::string::npos);
  const Scenario s = parse_scenario(text, "cal.toml");
  CHECK(s.companies[1].param(Param::buyback_ratio).by_year[0].kind() == DistKind::empirical);
  CHECK(s.companies[1].param(Param::buyback_ratio).by_year[0].mean() ==
        Approx(0.3 * 0.375).epsilon(0.1));
}

TEST_CASE("Amazon's buybacks: fixed 0 from 2025, resuming from 2023 with no tail past 50%",
          "[calibration]") {
  const History h = read_history(kAnnual);
  CalibrationOptions o;
  o.base_year = 2025;
  o.years = 5;
  const Calibration latest = calibrate(h, o);
  const RatioFit& now = company(latest, "amazon").buyback;
  CHECK(now.treatment == RatioTreatment::stopped);  // none in 2023, 2024, 2025
  CHECK(now.zero_years == 3);
  o.base_year = 2023;
  const Calibration then = calibrate(h, o);
  const RatioFit& r = company(then, "amazon").buyback;
  REQUIRE(r.treatment == RatioTreatment::resuming);  // bought back in 2022 only
  // Halted years: Amazon 2014-2022 (after its 2012 buyback), one resumption (2022).
  CHECK(then.resume.at_risk == 9);
  CHECK(then.resume.resumed == 1);
  for (const std::vector<double>& year : r.values)
    for (double v : year) CHECK(v < 0.5);
}

TEST_CASE("growth fades geometrically toward the long-run rate", "[calibration]") {
  CalibrationOptions o;
  o.base_year = 2025;
  o.years = 5;
  const History h = read_history(kAnnual);
  const Calibration cal = calibrate(h, o);
  for (const CompanyCalibration& c : cal.companies)
    for (const GrowthFit* g : {&c.ocf, &c.capex}) {
      REQUIRE(g->means.size() == 5);
      CHECK(g->means[0] == g->mean);
      for (std::size_t t = 0; t < 5; ++t) {
        CHECK(g->means[t] == Approx(0.04 + (g->mean - 0.04) * std::pow(0.6, double(t))));
        CHECK(g->mins[t] == Approx(std::max(g->means[t] - 3 * g->sd, -0.9)));
      }
      CHECK(g->means[4] < 0.10);  // no +33% to +39% every year to 2030
    }
  o.long_run_growth = 0.02;
  o.fade = 1.0;  // no fade: the year-1 mean every year (the old behaviour)
  const Calibration no_fade = calibrate(h, o);
  const GrowthFit& flat = company(no_fade, "amazon").capex;
  CHECK(flat.means[4] == Approx(flat.mean));
  o.fade = 0.0;
  const Calibration full_fade = calibrate(h, o);
  const GrowthFit& jump = company(full_fade, "amazon").capex;
  CHECK(jump.means[1] == Approx(0.02));
}

TEST_CASE("warnings name fits on fewer than 5 rates or 3 ratio changes", "[calibration]") {
  CalibrationOptions o;
  o.base_year = 2025;
  const Calibration cal = calibrate(read_history(kAnnual), o);
  // Meta and Alphabet paid dividends in 2024 and 2025 only: 2 changes each.
  REQUIRE(cal.warnings.size() == 2);
  CHECK(cal.warnings[0] ==
        "Meta: dividend ratio spread rests on 2 change(s) (fewer than 3): "
        "its step sd leans on the pooled one");
  CHECK(cal.warnings[1].rfind("Alphabet: dividend ratio", 0) == 0);
  CHECK(calibration_toml(cal, "a.csv").find("# WARNING: Meta: dividend") != std::string::npos);
  History h;  // 4 years: 3 growth rates per company
  add_flat(h, "x", 2020, {0.1, 0.2, 0.1, 0.2}, {0, 0, 0, 0});
  add_flat(h, "y", 2020, {0.1, 0.2, 0.1, 0.2}, {0, 0, 0, 0});
  o.base_year = 2023;
  const Calibration thin = calibrate(h, o);
  CHECK(thin.warnings.size() == 4);  // OCF and capex growth of each; 3 ratio changes suffice
  CHECK(thin.warnings[0] ==
        "x: OCF growth rests on 3 rate(s) (fewer than 5): its mean and sd "
        "lean on the pooled ones");
}

TEST_CASE("quarterly base-year gaps: an error naming them, or the annual total when given",
          "[calibration]") {
  const History q = read_history(kQuarterly);
  const History a = read_history(kAnnual);
  CalibrationOptions o;
  o.base_year = 2025;
  // Microsoft's 2025Q3 and Q4 buybacks are empty.
  try {
    calibrate(q, o);
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()).find("Microsoft: no buybacks for base period 2025Q4 (2025Q3, "
                                     "2025Q4 empty)") != std::string::npos);
    CHECK(e.key() == "base_gap");
  }
  const Calibration cal = calibrate(q, o, &a);
  const CompanyCalibration& msft = company(cal, "microsoft");
  CHECK(msft.base.buybacks == Approx(10 * *a.find("microsoft", 2025)->buybacks));
  REQUIRE(cal.filled.size() == 1);
  CHECK(cal.filled[0].flow == "buybacks");
  CHECK(cal.filled[0].missing == std::vector<std::string>{"2025Q3", "2025Q4"});
  CHECK(cal.filled[0].known == Approx(4.76 + 4.546));
  CHECK(cal.warnings.back().find("Microsoft: base-year buybacks") != std::string::npos);
  // The base ratio joins the ratios as the anchor.
  CHECK(msft.buyback.latest == Approx(msft.base.buybacks / msft.base.ocf));
  CHECK(msft.buyback.years.back() == 2025);
  // Other flows are the quarterly sums, not the annual file's.
  CHECK(msft.base.ocf == Approx(10 * (37.044 + 42.647 + 45.057 + 35.758)));
  // An annual total below the known quarters: the files disagree, an error.
  History low = a;
  for (HistoryRow& r : low.rows)
    if (r.company == "Microsoft" && r.year == 2025) r.buybacks = 5.0;
  CHECK_THROWS_WITH(
      calibrate(q, o, &low),
      Catch::Contains("2025 buybacks 5 is below the sum of its known quarters 9.306"));
  // An annual file without the value: still an error, now naming both files (no remedy key).
  History none = a;
  for (HistoryRow& r : none.rows)
    if (r.company == "Microsoft" && r.year == 2025) r.buybacks.reset();
  try {
    calibrate(q, o, &none);
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()).find("(2025Q3, 2025Q4 empty; and no 2025 buybacks in ") !=
          std::string::npos);
    CHECK(e.key().empty());
  }
}

TEST_CASE("quarterly calibration does not read quarters after the base year", "[calibration]") {
  const fs::path path =
      fs::temp_directory_path() / ("capexsim_calq_" + std::to_string(::getpid()) + ".csv");
  const std::string original = slurp(kQuarterly);
  const History a = read_history(kAnnual);
  CalibrationOptions o;
  o.base_year = 2025;
  const auto calibrated_text = [&](const std::string& csv) {
    std::ofstream(path, std::ios::binary) << csv;
    return calibration_toml(calibrate(read_history(path.string()), o, &a), "q.csv");
  };
  const std::string before = calibrated_text(original);
  std::istringstream lines(original);
  std::string line, changed, control;
  while (std::getline(lines, line)) {
    std::string out = line, out_control = line;
    const auto comma = line.find(',');
    if (line.compare(comma + 1, 4, "2026") == 0)
      out = line.substr(0, comma + 7) + ",999,1,2,3,elsewhere,estimated";
    if (line.rfind("Meta,2025Q4", 0) == 0) out_control = "Meta,2025Q4,30,20,5,1.4,s,verified";
    changed += out + "\n";
    control += out_control + "\n";
  }
  REQUIRE(changed != original);
  CHECK(calibrated_text(changed) == before);
  CHECK(calibrated_text(control) != before);  // control: 2025Q4 is read
  fs::remove(path);
}

}  // namespace
}  // namespace capexsim
