// The two shipped scenarios load, hold the report's and the data's numbers, and say what their
// comments claim.
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "models/cashflow.h"
#include "scenario_fixture.h"

namespace capexsim::test {
namespace {

const std::string kRoot = CAPEXSIM_SOURCE_DIR;

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

//! The data vintage the shipped scenarios were derived from (scenarios/data/archive/annual_v1.csv,
//! 2020-2025; annual.csv has since corrected Microsoft's 2020, 2021 and 2025 cells): company ->
//! year -> {ocf, capex, buybacks, dividends}, USD billions.
std::map<std::string, std::map<int, Flows>> read_annual() {
  std::ifstream in(kRoot + "/scenarios/data/archive/annual_v1.csv");
  REQUIRE(in);
  std::map<std::string, std::map<int, Flows>> out;
  std::string line;
  std::getline(in, line);  // header: company,year,ocf,capex,buybacks,dividends,...
  while (std::getline(in, line)) {
    std::istringstream row(line);
    std::string company, year, ocf, capex, buybacks, dividends;
    std::getline(row, company, ',');
    std::getline(row, year, ',');
    std::getline(row, ocf, ',');
    std::getline(row, capex, ',');
    std::getline(row, buybacks, ',');
    std::getline(row, dividends, ',');
    out[company][std::stoi(year)] = {std::stod(ocf), std::stod(buybacks), std::stod(dividends),
                                     std::stod(capex)};
  }
  return out;
}

TEST_CASE("seed_table1.toml is the report's example and reproduces Table 1", "[scenarios]") {
  const std::string path = kRoot + "/scenarios/seed_table1.toml";
  const Scenario s = load_scenario(path);
  CHECK(s.name == "seed-table1");
  CHECK(s.base_year == 2023);
  CHECK(s.years == std::vector<int>{2024, 2025, 2026});
  CHECK(s.unit == "USD 100 million");
  CHECK(s.paths == std::optional<std::uint64_t>(1000));
  CHECK(s.seed == std::optional<std::uint64_t>(20240818));
  CHECK(s.source_text == read_text(path));
  REQUIRE(s.company_count() == 1);

  const Company& big4 = s.companies[0];
  CHECK(big4.name == "big4");
  CHECK(big4.base.ocf == 3604.52);
  CHECK(big4.base.buybacks == 1013.23);
  CHECK(big4.base.dividends == 207.38);
  CHECK(big4.base.capex == 1465.48);
  for (const ParamSpec& spec : big4.params)
    for (const Distribution& d : spec.by_year) CHECK(d.is_fixed());
  const double capex_growth[] = {0.50, 0.30, 0.30};
  for (int y = 0; y < 3; ++y) {
    CHECK(big4.param(Param::ocf_growth).by_year[y].mean() == 0.15);
    CHECK(big4.param(Param::capex_growth).by_year[y].mean() == capex_growth[y]);
    CHECK(big4.param(Param::buyback_ratio).by_year[y].mean() == 1013.23 / 3604.52);
    CHECK(big4.param(Param::dividend_ratio).by_year[y].mean() == 207.38 / 3604.52);
  }

  // Table 1, 2024E-2026E: OCF, buybacks, dividends, capex, surplus.
  const double table1[3][5] = {{4145.20, 1165.21, 238.49, 2198.22, 543.28},
                               {4766.98, 1340.00, 274.26, 2857.69, 295.03},
                               {5482.02, 1541.00, 315.40, 3714.99, -89.36}};
  double ocf = big4.base.ocf, capex = big4.base.capex;
  for (int y = 0; y < 3; ++y) {
    const Draws draws{big4.param(Param::ocf_growth).by_year[y].mean(),
                      big4.param(Param::capex_growth).by_year[y].mean(),
                      big4.param(Param::buyback_ratio).by_year[y].mean(),
                      big4.param(Param::dividend_ratio).by_year[y].mean()};
    const Flows f = project_year(ocf, capex, draws).flows;
    CHECK(f.ocf == Approx(table1[y][0]).margin(0.01));
    CHECK(f.buybacks == Approx(table1[y][1]).margin(0.01));
    CHECK(f.dividends == Approx(table1[y][2]).margin(0.01));
    CHECK(f.capex == Approx(table1[y][3]).margin(0.01));
    CHECK(f.surplus() == Approx(table1[y][4]).margin(0.01));
    ocf = f.ocf;
    capex = f.capex;
  }
}

TEST_CASE("hyperscalers.toml: four companies with their 2023 data, times 10", "[scenarios]") {
  const Scenario s = load_scenario(kRoot + "/scenarios/hyperscalers.toml");
  CHECK(s.name == "hyperscalers");
  CHECK(s.base_year == 2023);
  CHECK(s.years == std::vector<int>{2024, 2025, 2026});
  CHECK(s.unit == "USD 100 million");
  CHECK(s.paths == std::optional<std::uint64_t>(1000000));
  CHECK(s.seed.has_value());
  REQUIRE(s.company_count() == 4);

  const auto annual = read_annual();
  const std::pair<const char*, const char*> names[] = {
      {"meta", "Meta"}, {"microsoft", "Microsoft"}, {"alphabet", "Alphabet"}, {"amazon", "Amazon"}};
  Flows sum;
  for (int i = 0; i < 4; ++i) {
    const Company& c = s.companies[i];
    CHECK(c.name == names[i].first);
    const Flows& data = annual.at(names[i].second).at(2023);
    CHECK(c.base.ocf == Approx(10 * data.ocf).epsilon(1e-12));
    CHECK(c.base.buybacks == Approx(10 * data.buybacks).epsilon(1e-12));
    CHECK(c.base.dividends == Approx(10 * data.dividends).epsilon(1e-12));
    CHECK(c.base.capex == Approx(10 * data.capex).epsilon(1e-12));
    for (const ParamSpec& spec : c.params) CHECK(spec.by_year.size() == 3);
    sum.ocf += c.base.ocf;
    sum.buybacks += c.base.buybacks;
    sum.dividends += c.base.dividends;
  }
  // The data reproduce the report's 2023 totals.
  CHECK(sum.ocf == Approx(3604.52).margin(0.005));
  CHECK(sum.buybacks == Approx(1013.23).margin(0.02));
  CHECK(sum.dividends == Approx(207.38).margin(0.05));
}

TEST_CASE("hyperscalers.toml is centred on the report's assumptions", "[scenarios]") {
  const Scenario s = load_scenario(kRoot + "/scenarios/hyperscalers.toml");
  double capex_2023 = 0, capex_2024 = 0;
  for (const Company& c : s.companies) {
    INFO(c.name);
    const ParamSpec& ocf = c.param(Param::ocf_growth);
    const ParamSpec& growth = c.param(Param::capex_growth);
    for (int y = 0; y < 3; ++y) {
      // OCF +15% a year: symmetric truncation keeps the normals' means there.
      CHECK(ocf.by_year[y].mean() == Approx(0.15).margin(1e-9));
      // Growth never reaches -100%: no path's flow is floored at 0.
      CHECK(ocf.by_year[y].cdf(-1.0) == 0.0);
      CHECK(growth.by_year[y].cdf(-1.0) == 0.0);
    }
    // 2025 and 2026: the report's +30%.
    CHECK(growth.by_year[1].mean() == Approx(0.30).margin(1e-9));
    CHECK(growth.by_year[2].mean() == Approx(0.30).margin(1e-9));
    capex_2023 += c.base.capex;
    capex_2024 += c.base.capex * growth.by_year[0].mean();
    // Buybacks around the company's 2023 ratio.
    const double ratio = c.base.buybacks / c.base.ocf;
    for (const Distribution& d : c.param(Param::buyback_ratio).by_year)
      CHECK(std::abs(d.mean() - ratio) < 0.015);
  }
  // 2024: the companies' guidance adds up to the report's +50% (within a point).
  CHECK(capex_2024 / capex_2023 == Approx(0.50).margin(0.01));

  // Dividends: Microsoft at its 2023 ratio; Meta and Alphabet at their announced 2024
  // dividends, a few percent of OCF; Amazon pays none.
  const Company& microsoft = s.companies[1];
  CHECK(microsoft.param(Param::dividend_ratio).by_year[0].mean() ==
        Approx(microsoft.base.dividends / microsoft.base.ocf).margin(1e-4));
  for (int i : {0, 2})
    for (const Distribution& d : s.companies[i].param(Param::dividend_ratio).by_year) {
      CHECK(d.mean() > 0.04);
      CHECK(d.mean() < 0.09);
    }
  const Company& amazon = s.companies[3];
  for (Param p : {Param::buyback_ratio, Param::dividend_ratio})
    for (const Distribution& d : amazon.param(p).by_year) {
      CHECK(d.is_fixed());
      CHECK(d.mean() == 0.0);
    }
}

}  // namespace
}  // namespace capexsim::test
