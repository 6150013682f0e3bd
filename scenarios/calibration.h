//! Fits a scenario's inputs to company history (scenarios/history.h): base values, growth and
//! payout-ratio distributions, cross-company correlation of growth. Only periods up to the base
//! year are read, so a calibration never sees the years it is later scored against.
//! The method and its reasons are in docs/calibration.md.
#pragma once

#include <string>
#include <vector>

#include <Eigen/Dense>

#include "models/cashflow.h"
#include "models/units.h"
#include "scenarios/history.h"

namespace capexsim {

struct CalibrationOptions {
  int base_year = 0;
  int years = 3;                            //!< projection years base_year + 1 .. base_year + years
  double scale = kUsd100MillionPerBillion;  //!< history unit -> scenario unit (USD billions -> USD
                                            //!< 100 million)
  double shrink_k = 3.0;                    //!< weight of a company's own estimate: n / (n + k)
  double growth_sd_floor = 0.05;
  double ratio_sd_floor = 0.01;
  double truncate_sd = 3.0;    //!< growth normals cut at mean +- this many sd ...
  double growth_min = -0.9;    //!< ... and never below this (growth > -100%)
  double correlation_k = 3.0;  //!< a correlation over n periods is multiplied by n / (n + k)
};

//! One fitted growth rate (OCF or capex) of one company.
struct GrowthFit {
  std::vector<int> years;     //!< the year of each observed rate (quarterly: its quarter's year)
  std::vector<int> quarters;  //!< 0 (annual) or the quarter of each rate
  std::vector<double> rates;
  double n = 0;                     //!< effective number of observations (quarterly: count / 4)
  double own_mean = 0, own_sd = 0;  //!< sample mean and sd (sd 0 when fewer than 2 rates)
  double w_mean = 0, w_sd = 0;      //!< weights of own_mean and own_sd in the shrunk estimates
  double mean = 0, sd = 0;          //!< fitted, after shrinkage and the floor
  double min = 0, max = 0;          //!< truncation
};

//! One fitted payout ratio (buybacks or dividends over OCF) of one company.
struct RatioFit {
  std::vector<double> ratios;
  double n = 0;
  double own_mean = 0, own_sd = 0, w_sd = 0;
  double mean = 0, sd = 0;
  bool fixed_zero = false;                //!< every observed ratio is 0
  double alpha = 0, beta = 0, upper = 1;  //!< Beta(alpha, beta) on [0, upper]
};

struct CompanyCalibration {
  std::string name;     //!< lowercase, as written to the scenario
  std::string display;  //!< as written in the history
  Flows base;           //!< base-year flows, in the scenario unit
  GrowthFit ocf, capex;
  RatioFit buyback, dividend;
  std::vector<std::string> approximate;  //!< "YEAR: confidence" of used rows not all verified
};

//! Pooled estimate over all companies' rates: the target of the shrinkage.
struct Pooled {
  double mean = 0, sd = 0, n = 0;
};

struct CorrelationFit {
  Eigen::MatrixXd sample;     //!< pairwise Pearson correlation of the growth rates (0 if n < 3)
  Eigen::MatrixXd counts;     //!< periods behind each pair
  Eigen::MatrixXd fitted;     //!< shrunk, rounded to 0.01, repaired if not PSD
  double min_eigenvalue = 0;  //!< of the shrunk matrix, before any repair
  bool repaired = false;
};

struct Calibration {
  CalibrationOptions options;
  std::string history_path;
  bool quarterly = false;
  std::vector<CompanyCalibration> companies;  //!< in order of first appearance in the file
  Pooled ocf_pooled, capex_pooled, buyback_pooled_sd, dividend_pooled_sd;
  CorrelationFit ocf_correlation, capex_correlation;
};

//! Throws InputError when the history cannot support a calibration (a base-year value missing,
//! fewer than two growth rates in all, no company).
Calibration calibrate(const History& history, const CalibrationOptions& options);

}  // namespace capexsim
