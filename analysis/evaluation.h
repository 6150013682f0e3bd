//! Forecasts scored over many vintages (`capexsim evaluate`, docs/evaluation.md): each base year's
//! simulated flows are scored against the realized ones (analysis/scoring.h) next to two
//! deterministic baselines, and the scores are aggregated by lead time, flow and entity: coverage
//! with Wilson intervals, a PIT histogram with a chi-square uniformity test, mean CRPS.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <limits>
#include <span>
#include <string>
#include <vector>

namespace capexsim {

//! The scored flows, in the order of the /evaluation flow coordinate (before "all").
inline constexpr int kEvalFlows = 5;
inline constexpr std::array<const char*, kEvalFlows> kEvalFlowNames = {"ocf", "capex", "buybacks",
                                                                       "dividends", "surplus"};
//! Bins of the PIT histogram: [0, 0.1), ..., [0.9, 1].
inline constexpr int kPitBins = 10;

inline constexpr double kEvalNaN = std::numeric_limits<double>::quiet_NaN();

//! One realized year of one entity: ocf, capex, buybacks, dividends (NaN where not reported).
struct RealizedYear {
  int year = 0;
  std::array<double, 4> flows{kEvalNaN, kEvalNaN, kEvalNaN, kEvalNaN};
};

//! The realized annual history of one entity, ascending by year.
struct EntitySeries {
  std::string name;
  std::vector<RealizedYear> years;
  //! The year's four flows plus surplus (ocf - capex - buybacks - dividends, NaN unless all four
  //! are there), indexed like kEvalFlowNames; all NaN for a year not in the series.
  std::array<double, kEvalFlows> flows(int year) const;
};

//! The companies' series followed by "total": each flow summed over the companies in the years
//! where every company reports it (NaN otherwise).
std::vector<EntitySeries> with_total(std::vector<EntitySeries> companies);

//! Deterministic forecasts of the five flows at base_year + lead (NaN where the history up to
//! base_year cannot support them). Growth is the ratio of consecutive years' values minus 1, where
//! the earlier is > 0. seed: OCF and capex grow at the mean of the (up to) 3 latest growth rates
//! ending at base_year; naive: at the latest one (base_year over base_year - 1). Both keep the
//! base year's buyback and dividend ratios to OCF; surplus follows from the four.
std::array<double, kEvalFlows> seed_forecast(const EntitySeries& s, int base_year, int lead);
std::array<double, kEvalFlows> naive_forecast(const EntitySeries& s, int base_year, int lead);

//! One scored (vintage, realized year, entity, flow) cell.
struct EvaluationCell {
  int base_year = 0, year = 0;  //!< lead = year - base_year
  int entity = 0, flow = 0;     //!< indices into the entities and kEvalFlowNames
  double realized = 0, median = 0;
  double pit = 0, in50 = 0, in90 = 0, crps = 0;  //!< the model's scores
  double seed = 0, naive = 0;                    //!< the baselines' forecasts
  double crps_seed = 0, crps_naive = 0;          //!< |forecast - realized|
  int lead() const { return year - base_year; }
};

//! The model's per-path sample of (entity, lead, flow) for the vintage being scored.
using VintageSample = std::function<std::vector<double>(int entity, int lead, int flow)>;

//! Scores one vintage: every (entity, lead 1..horizon, flow) whose realized value exists and is
//! non-zero and whose two baselines exist (with_total's entities; a zero realized value, e.g. a
//! company that does not buy back, makes PIT and coverage depend on ties: not scored). Appends to
//! `cells` in (lead, entity, flow) order.
void score_vintage(const std::vector<EntitySeries>& entities, int base_year, int horizon,
                   const VintageSample& sample, std::vector<EvaluationCell>& cells);

//! Pearson's chi-square test of equal bin counts: statistic sum (O - E)^2 / E with E = n / bins,
//! p-value P(chi2(bins - 1) >= statistic) (Boost.Math). NaN for n = 0.
struct ChiSquareTest {
  double statistic = kEvalNaN, p_value = kEvalNaN;
  int df = 0;
};
ChiSquareTest uniformity_test(std::span<const std::int64_t> counts);

//! The PIT's bin: floor(10 pit), with pit = 1 in the last bin.
int pit_bin(double pit);

//! Aggregates over a cube (lead, flow, entity). Each axis has one extra, last entry pooling all
//! of it: lead index `horizon` (coordinate 0), flow "all", entity "all". Index of (l, f, e):
//! (l * flows + f) * entities + e, with flows = kEvalFlows + 1 and entities = entity count + 1.
struct EvaluationSummary {
  std::vector<int> leads;  //!< 1..horizon, then 0 (all leads)
  std::vector<std::string> flows, entities;
  std::vector<std::int64_t> n;
  std::vector<double> in50, in50_lower, in50_upper, in90, in90_lower, in90_upper;
  std::vector<std::int64_t> pit_counts;  //!< (lead, flow, entity, bin)
  std::vector<double> pit_chi2, pit_p;
  std::vector<double> crps, crps_seed, crps_naive;
  std::size_t index(std::size_t lead, std::size_t flow, std::size_t entity) const {
    return (lead * flows.size() + flow) * entities.size() + entity;
  }
};

//! Aggregates `cells`: n, coverage with 95% Wilson intervals, PIT counts and their uniformity
//! test, mean CRPS of the model and both baselines (NaN where n = 0).
EvaluationSummary summarize(std::span<const EvaluationCell> cells, int horizon,
                            const std::vector<std::string>& entities);

//! Everything `capexsim evaluate` writes.
struct VintageEvaluation {
  std::vector<EvaluationCell> cells;
  EvaluationSummary summary;
  std::vector<int> base_years;
  std::string unit = "USD billion";
  std::string history_file;
  std::uint64_t paths = 0, seed = 0;
};

}  // namespace capexsim
