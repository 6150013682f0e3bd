//! The paths the rank-correlation sensitivity is computed on (docs/sensitivity.md): the first S
//! paths' drawn inputs and first negative years, captured as the blocks run, and with
//! --store-paths none their surplus too (otherwise the per-path buffers hold it). At the end the
//! captured sample is ranked and freed.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "models/cashflow.h"
#include "models/scenario.h"
#include "sim/cluster.h"
#include "sim/engine_snapshot.h"
#include "sim/path_array.h"
#include "sim/results.h"
#include "sim/sensitivity.h"

namespace capexsim {

class SensitivityCapture {
 public:
  //! Captures min(paths, sample_paths) paths, none when the scenario draws nothing.
  SensitivityCapture(const Scenario& scenario, std::size_t paths, std::uint64_t sample_paths);

  //! The number of paths captured (S); paths 0..S-1 are.
  std::size_t size() const { return S_; }

  //! Sizes the buffers; `streaming`: also the surplus (and, with `balance`, the net cash);
  //! `zeroed`: entries no block of this process writes must read 0 (a run over several ranks,
  //! gather_to_root).
  void allocate(bool streaming, bool zeroed, bool balance = false);

  //! Company c's drawn inputs of year t on `path` (< size()).
  void capture_draws(std::size_t c, int t, const Draws& d, std::size_t path) {
    const double value[kParamCount] = {d.ocf_growth,     d.capex_growth, d.buyback_ratio,
                                       d.dividend_ratio, d.cash_yield,   d.debt_rate,
                                       d.other_flows};
    for (std::size_t p = 0; p < kParamCount; ++p) {
      const std::ptrdiff_t i = input_[(c * kParamCount + p) * T_ + static_cast<std::size_t>(t)];
      if (i >= 0) draws_[static_cast<std::size_t>(i) * S_ + path] = value[p];
    }
  }

  //! Entity e's first negative year on `path` (< size()), 0: never.
  void capture_first_negative_year(std::size_t e, std::size_t path, std::int32_t year) {
    first_negative_year_[e * S_ + path] = year;
  }

  //! Streaming: the surplus of (entity, year) `cell` on paths begin..end-1, x[0] being path
  //! begin's; the part below size() is kept.
  void capture_surplus(std::size_t cell, const double* x, std::size_t begin, std::size_t end) {
    if (begin < S_)
      std::copy(x, x + (std::min(end, S_) - begin), surplus_.data() + cell * S_ + begin);
  }

  //! With financing: the net cash of (entity, year) `cell` on paths begin..end-1 (as
  //! capture_surplus), whenever the run keeps no rows of it (streaming).
  void capture_net_cash(std::size_t cell, const double* x, std::size_t begin, std::size_t end) {
    if (begin < S_)
      std::copy(x, x + (std::min(end, S_) - begin), net_cash_.data() + cell * S_ + begin);
  }

  //! Rank 0 ends with every rank's captured entries (each written by one rank).
  void gather_to_root(Cluster& c);

  //! The sample's arrays with their first min(done, size()) paths as state, for a checkpoint.
  void add_to_snapshot(EngineSnapshot& s, std::size_t done);

  //! Spearman's rho over the first min(used, size()) paths, then frees the buffers.
  //! `surplus_rows`: the run's per-path surplus rows when kept, null when streaming (the
  //! captured surplus is used). With financing `net_cash_rows`, the run's per-path net-cash rows
  //! ([entity][year][path], `stride` paths a row) when kept, null when streaming (captured).
  RankSensitivity rank_and_free(const Scenario& scenario, std::size_t used,
                                const double* const* surplus_rows,
                                const double* net_cash_rows = nullptr, std::size_t stride = 0);

 private:
  const std::vector<SensitivityInput> inputs_;
  const std::size_t E_, T_, S_;
  std::vector<std::ptrdiff_t> input_;  // [(c * kParamCount + p) * T + t] -> input, -1: fixed
  PathArray<double> draws_;            // [input][path]
  PathArray<std::int32_t> first_negative_year_;  // [entity][path]
  PathArray<double> surplus_;                    // streaming: [entity-year][path]
  PathArray<double> net_cash_;                   // streaming with financing: [entity-year][path]
  bool balance_ = false;
};

}  // namespace capexsim
