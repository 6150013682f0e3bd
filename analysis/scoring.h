//! Scores of a probabilistic forecast, given as a Monte Carlo sample, against one realized value:
//! the probability integral transform (PIT), central-interval coverage and the CRPS.
#pragma once

#include <span>
#include <vector>

namespace capexsim {

//! All scores of one sample against one realized value.
struct SampleScores {
  double pit = 0;     //!< mid-rank PIT in [0, 1]
  bool in50 = false;  //!< inside the central 50% interval [q0.25, q0.75]
  bool in90 = false;  //!< inside the central 90% interval [q0.05, q0.95]
  double crps = 0;    //!< in the sample's unit; 0 is a perfect point forecast
  double median = 0;  //!< the sample median
};

//! (#{x < y} + #{x == y} / 2) / n over an ascending sample: 0 below every value, 1 above.
double pit_sorted(std::span<const double> sorted, double y);

//! The level-p sample quantile of an ascending sample, linear between order statistics
//! (Hyndman & Fan 1996, definition 7).
double quantile_sorted(std::span<const double> sorted, double p);

//! Whether y lies in the central interval of probability `mass` (e.g. 0.9: [q0.05, q0.95]).
bool in_central_interval(std::span<const double> sorted, double mass, double y);

//! CRPS of the sample's empirical distribution at y: E|X - y| - E|X - X'| / 2 (Gneiting &
//! Raftery 2007, eq. 21), exact for the sample, O(n) on an ascending sample.
double crps_sorted(std::span<const double> sorted, double y);

//! Sorts `sample` (taken by value) and computes every score; throws on an empty sample.
SampleScores score_sample(std::vector<double> sample, double y);

}  // namespace capexsim
