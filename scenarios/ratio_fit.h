//! Payout-ratio fits of a calibration (scenarios/calibration.h): year-on-year changes, their
//! pooled size, the treatment of payouts that stopped, and the per-year distributions.
//! The method and its reasons are in docs/calibration.md.
#pragma once

#include <vector>

#include "scenarios/calibration.h"

namespace capexsim {

//! Changes of each ratio over the same period a year earlier, skipping pairs that are both 0 (a
//! year without a programme says nothing about how a programme's size moves).
void ratio_changes(RatioFit& fit);

//! Root mean square of all companies' changes of one ratio, with their effective count.
Pooled pool_ratio_changes(const std::vector<CompanyCalibration>& cs,
                          RatioFit CompanyCalibration::*r, bool quarterly);

//! How often a halted payout (0 after an earlier payment) was paid again a year later, over
//! year-end periods of every company and both payouts.
ResumeRate resume_rate(const std::vector<CompanyCalibration>& cs);

//! Treatment, anchor, step sd and per-year distributions of one ratio. `latest` is the base
//! period's ratio (after any filled gap).
void fit_ratio(RatioFit& f, double latest, const Pooled& pooled, const ResumeRate& resume,
               const CalibrationOptions& o, bool quarterly);

//! Beta on [0, upper] with this mean and sd by moments, the variance cut so that alpha >= 1 and
//! beta >= 1: a bounded, unimodal density, never piled up at 0 or at the top.
struct BetaMoments {
  double alpha = 0, beta = 0, sd = 0;
  bool capped = false;
};
BetaMoments beta_by_moments(double mean, double sd, double upper);

}  // namespace capexsim
