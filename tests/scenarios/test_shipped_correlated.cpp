// hyperscalers_correlated.toml: hyperscalers.toml's marginals unchanged, and every dependence
// number recomputed from the 2021-2023 history by the rule its comments state (estimate, halved,
// rounded toward 0 to a multiple of 0.05). The history is the data vintage the scenario was
// derived from, scenarios/data/archive/annual_v1.csv: annual.csv has since corrected Microsoft's
// 2020 and 2021 cells, which would move the estimates (scenarios/data/README.md).
#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <initializer_list>
#include <map>
#include <sstream>

#include "models/correlation_repair.h"
#include "scenario_fixture.h"

namespace capexsim::test {
namespace {

const std::string kRoot = CAPEXSIM_SOURCE_DIR;
//! File order; the data's names.
constexpr std::array<const char*, 4> kCompanies = {"Meta", "Microsoft", "Alphabet", "Amazon"};

//! Growth rates 2021, 2022, 2023 of one flow per company, from the 2020-2023 rows.
using Growth = std::array<std::array<double, 3>, 4>;

struct History {
  Growth ocf, capex;
};

History read_history() {
  std::ifstream in(kRoot + "/scenarios/data/archive/annual_v1.csv");
  REQUIRE(in);
  std::map<std::string, std::map<int, std::pair<double, double>>> levels;
  std::string line;
  std::getline(in, line);  // company,year,ocf,capex,...
  while (std::getline(in, line)) {
    std::istringstream row(line);
    std::string company, year, ocf, capex;
    std::getline(row, company, ',');
    std::getline(row, year, ',');
    std::getline(row, ocf, ',');
    std::getline(row, capex, ',');
    levels[company][std::stoi(year)] = {std::stod(ocf), std::stod(capex)};
  }
  History h{};
  for (std::size_t c = 0; c < 4; ++c) {
    const auto& l = levels.at(kCompanies[c]);
    for (int y = 2021; y <= 2023; ++y) {
      const auto t = static_cast<std::size_t>(y - 2021);
      h.ocf[c][t] = l.at(y).first / l.at(y - 1).first - 1;
      h.capex[c][t] = l.at(y).second / l.at(y - 1).second - 1;
    }
  }
  return h;
}

double pearson(const std::array<double, 3>& x, const std::array<double, 3>& y) {
  const double mx = (x[0] + x[1] + x[2]) / 3, my = (y[0] + y[1] + y[2]) / 3;
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t t = 0; t < 3; ++t) {
    sxy += (x[t] - mx) * (y[t] - my);
    sxx += (x[t] - mx) * (x[t] - mx);
    syy += (y[t] - my) * (y[t] - my);
  }
  return sxy / std::sqrt(sxx * syy);
}

//! Mean of the pairwise correlations of the companies in `a` with those in `b` (a < b).
double mean_pairwise(const Growth& g, std::initializer_list<std::size_t> a,
                     std::initializer_list<std::size_t> b) {
  double sum = 0;
  int n = 0;
  for (std::size_t i : a)
    for (std::size_t j : b) {
      if (i >= j) continue;
      sum += pearson(g[i], g[j]);
      ++n;
    }
  return sum / n;
}

//! OCF with capex over the 12 company-years, each company's own means removed.
double pooled_within(const History& h) {
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t c = 0; c < 4; ++c) {
    const double mx = (h.ocf[c][0] + h.ocf[c][1] + h.ocf[c][2]) / 3;
    const double my = (h.capex[c][0] + h.capex[c][1] + h.capex[c][2]) / 3;
    for (std::size_t t = 0; t < 3; ++t) {
      sxy += (h.ocf[c][t] - mx) * (h.capex[c][t] - my);
      sxx += (h.ocf[c][t] - mx) * (h.ocf[c][t] - mx);
      syy += (h.capex[c][t] - my) * (h.capex[c][t] - my);
    }
  }
  return sxy / std::sqrt(sxx * syy);
}

//! Lag-1 autocorrelation of the 8 consecutive pairs around the pooled mean of the 12 rates,
//! less its bias under independence, -8 / (12 * 11).
double lag1_debiased(const Growth& g) {
  double mean = 0;
  for (const auto& rates : g) mean += (rates[0] + rates[1] + rates[2]) / 12;
  double num = 0, den = 0;
  for (const auto& rates : g) {
    num += (rates[0] - mean) * (rates[1] - mean) + (rates[1] - mean) * (rates[2] - mean);
    for (double r : rates) den += (r - mean) * (r - mean);
  }
  return num / den + 8.0 / 132.0;
}

//! The file's shrinkage: halved, rounded toward 0 to a multiple of 0.05.
double shrunk(double estimate) { return std::trunc(estimate / 2 / 0.05) * 0.05; }

TEST_CASE("hyperscalers_correlated.toml has hyperscalers.toml's marginals", "[scenarios]") {
  const Scenario a = load_scenario(kRoot + "/scenarios/hyperscalers.toml");
  const Scenario b = load_scenario(kRoot + "/scenarios/hyperscalers_correlated.toml");
  CHECK(b.name == "hyperscalers-correlated");
  CHECK(b.years == a.years);
  CHECK(b.base_year == a.base_year);
  CHECK(b.paths == a.paths);
  CHECK(b.seed == a.seed);
  REQUIRE(b.company_count() == a.company_count());
  for (int c = 0; c < a.company_count(); ++c) {
    CHECK(b.companies[c].name == a.companies[c].name);
    CHECK(b.companies[c].base.ocf == a.companies[c].base.ocf);
    CHECK(b.companies[c].base.capex == a.companies[c].base.capex);
    for (int p = 0; p < kParamCount; ++p)
      for (int y = 0; y < a.year_count(); ++y) {
        const Distribution& da = a.companies[c].params[p].by_year[y];
        const Distribution& db = b.companies[c].params[p].by_year[y];
        INFO(a.companies[c].name << "." << kParamNames[p] << " " << a.years[y]);
        CHECK(db.kind() == da.kind());
        for (double q : {0.001, 0.1, 0.5, 0.9, 0.999}) CHECK(db.quantile(q) == da.quantile(q));
      }
  }
  CHECK(a.dependence.variables.size() == b.dependence.variables.size());
  CHECK_FALSE(a.dependence.active());
}

TEST_CASE(
    "hyperscalers_correlated.toml: the history's dependence numbers and the AI-cycle judgment",
    "[scenarios]") {
  const History h = read_history();
  const Dependence d = load_scenario(kRoot + "/scenarios/hyperscalers_correlated.toml").dependence;
  // meta, microsoft, alphabet: four drawn parameters each; amazon: its two growth rates.
  REQUIRE(d.variables.size() == 14);
  const auto index = [&](std::size_t company, Param p) {
    for (std::size_t k = 0; k < d.variables.size(); ++k)
      if (d.variables[k].company == static_cast<int>(company) &&
          d.variables[k].param == static_cast<int>(p))
        return static_cast<Eigen::Index>(k);
    FAIL("no variable");
    return Eigen::Index{-1};
  };
  const auto ocf = [&](std::size_t c) { return index(c, Param::ocf_growth); };
  const auto capex = [&](std::size_t c) { return index(c, Param::capex_growth); };
  const Eigen::MatrixXd& m = d.correlation;

  // The estimates the comments quote.
  CHECK(mean_pairwise(h.ocf, {0, 1, 2}, {0, 1, 2}) == Approx(0.88).margin(0.005));
  CHECK(mean_pairwise(h.ocf, {0, 1, 2}, {3}) == Approx(-0.25).margin(0.005));
  CHECK(mean_pairwise(h.capex, {0, 1, 2, 3}, {0, 1, 2, 3}) == Approx(-0.17).margin(0.005));
  CHECK(pooled_within(h) == Approx(-0.75).margin(0.005));
  CHECK(lag1_debiased(h.ocf) == Approx(-0.15).margin(0.005));
  CHECK(lag1_debiased(h.capex) == Approx(-0.18).margin(0.005));

  const double ocf_three = shrunk(mean_pairwise(h.ocf, {0, 1, 2}, {0, 1, 2}));
  const double ocf_amazon = shrunk(mean_pairwise(h.ocf, {0, 1, 2}, {3}));
  // Judgment, not history: one AI cycle moves the four capex plans together and persists.
  const double capex_all = 0.6, capex_persistence = 0.5;
  const double within = shrunk(pooled_within(h));
  for (std::size_t i = 0; i < 4; ++i) {
    CHECK(m(ocf(i), capex(i)) == Approx(within).margin(1e-12));
    for (std::size_t j = i + 1; j < 4; ++j) {
      INFO(kCompanies[i] << " " << kCompanies[j]);
      CHECK(m(ocf(i), ocf(j)) == Approx(j == 3 ? ocf_amazon : ocf_three).margin(1e-12));
      CHECK(m(capex(i), capex(j)) == Approx(capex_all).margin(1e-12));
      CHECK(m(ocf(i), capex(j)) == 0);
      CHECK(m(capex(i), ocf(j)) == 0);
    }
  }
  // Payout ratios: independent of everything.
  for (const Variable& v : d.variables) {
    const auto k = index(static_cast<std::size_t>(v.company), static_cast<Param>(v.param));
    const bool growth = v.param == static_cast<int>(Param::ocf_growth) ||
                        v.param == static_cast<int>(Param::capex_growth);
    if (!growth) CHECK(m.row(k).cwiseAbs().sum() == 1.0);
    const double expected =
        v.param == static_cast<int>(Param::ocf_growth) ? lag1_debiased(h.ocf) : 0.0;
    const double persistence =
        v.param == static_cast<int>(Param::capex_growth) ? capex_persistence : shrunk(expected);
    CHECK(d.persistence[static_cast<std::size_t>(k)] == Approx(persistence).margin(1e-12));
  }

  // Positive definite as declared: no repair, and the smallest eigenvalue the comment quotes.
  CHECK_FALSE(d.repaired);
  CHECK(d.declared == d.correlation);
  CHECK(smallest_eigenvalue(m) == Approx(0.136).margin(0.0005));
  CHECK(Eigen::LLT<Eigen::MatrixXd>(m).info() == Eigen::Success);
}

}  // namespace
}  // namespace capexsim::test
