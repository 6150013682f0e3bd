//! Rank-correlation sensitivity (docs/sensitivity.md): Spearman's rho of each drawn input
//! (company, parameter, year) with each entity's surplus and first negative year over a run's
//! paths, for the /sensitivity group and the printed tornado.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "models/scenario.h"
#include "sim/results.h"

namespace capexsim {

//! One drawn input: a non-fixed (company, parameter, year) draw.
struct SensitivityInput {
  std::size_t company = 0;
  int param = 0;         //!< static_cast<int>(Param)
  std::size_t year = 0;  //!< index into the scenario's years
};

//! The paths the correlations are computed on: views into the engine's buffers.
struct SensitivitySample {
  std::vector<std::span<const double>> draws;    //!< [input] -> n paths
  std::vector<std::span<const double>> surplus;  //!< [entity * years + t] -> n paths
  std::vector<std::span<const std::int32_t>> first_negative_year;  //!< [entity] -> n, 0: never
  std::vector<std::span<const double>> net_cash;  //!< with financing, as surplus; else empty
};

//! The drawn inputs of the scenario: companies in order, then parameters, then years.
std::vector<SensitivityInput> sensitivity_inputs(const Scenario& scenario);

//! Spearman's rho of every input with every outcome of the sample.
RankSensitivity rank_sensitivity(const Scenario& scenario,
                                 const std::vector<SensitivityInput>& inputs,
                                 const SensitivitySample& sample);

//! Peak bytes of the sensitivity sample and its ranking for n paths (`balance`: with the net
//! cash of a scenario with financing).
std::uint64_t sensitivity_memory_bytes(std::uint64_t inputs, std::uint64_t entities,
                                       std::uint64_t years, std::uint64_t n, std::uint64_t threads,
                                       bool balance = false);

//! Positions of the `top` largest |rho| (NaN left out), strongest first, ties in order.
std::vector<std::size_t> strongest(std::span<const double> rho, std::size_t top);

}  // namespace capexsim
