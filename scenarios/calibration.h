//! Fits a scenario's inputs to company history (scenarios/history.h): base values, growth that
//! fades towards a long-run rate, payout ratios anchored at the base year with a random-walk
//! spread, cross-company correlation of growth. Only periods up to the base year are read, so a
//! calibration never sees the years it is later scored against.
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
  //! Growth mean at lead t: long_run + (year-1 mean - long_run) * fade^(t - 1), OCF and capex.
  double long_run_growth = 0.04;  //!< nominal GDP-like (2% real + 2% inflation)
  double fade = 0.6;              //!< share of the gap to long_run left after each year
  int stopped_years = 2;          //!< a payout 0 for this many latest years is fixed at 0
  double min_growth_points = 5;   //!< fewer (effective) growth rates: a warning
  double min_ratio_points = 3;    //!< fewer (effective) ratio changes: a warning
  int resume_values = 40;         //!< equally likely values per year of a resuming payout
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
  double min = 0, max = 0;          //!< truncation (year 1)
  std::vector<double> means, mins, maxs;  //!< per projection year: the faded mean and its cut
};

//! How a payout ratio is written: drawn around its base-year level; fixed at 0 because it was
//! never paid, or because it stopped `stopped_years` or more years ago; or 0 with a chance of
//! resuming because it stopped in the base year only.
enum class RatioTreatment { drawn, never_paid, stopped, resuming };

//! One fitted payout ratio (buybacks or dividends over OCF) of one company.
struct RatioFit {
  std::vector<double> ratios;  //!< in time order, the base period's last
  std::vector<int> years, quarters;
  std::vector<double> changes;  //!< over the same period a year earlier, unless both are 0
  double n = 0;                 //!< effective number of changes (quarterly: count / 4)
  double own_mean = 0;          //!< mean of the ratios (reported, not used)
  double own_sd = 0;            //!< root mean square of the own changes (a driftless walk)
  double w_sd = 0;              //!< weight of own_sd in the shrunk step sd
  double step_sd = 0;           //!< shrunk and floored sd of one year's change
  double latest = 0;            //!< the base period's ratio: the anchor
  double mean = 0, sd = 0;      //!< year 1: mean = latest; sd after the cap below
  RatioTreatment treatment = RatioTreatment::drawn;
  bool fixed_zero = false;                  //!< never_paid or stopped: written as fixed 0
  int zero_years = 0;                       //!< latest years without a payment
  double alpha = 0, beta = 0, upper = 1;    //!< year 1: Beta(alpha, beta) on [0, upper]
  std::vector<double> sds, alphas, betas;   //!< per projection year (drawn)
  std::vector<bool> capped;                 //!< the year's sd was cut so that alpha, beta >= 1
  double resume_level = 0;                  //!< resuming: the last non-zero ratio
  std::vector<double> resume_chance;        //!< resuming: P(paying again) by projection year
  std::vector<std::vector<double>> values;  //!< resuming: the empirical values by year
};

//! Chance per year that a halted payout resumes: halted years (0 after an earlier payment)
//! followed by a payment, pooled over companies and both payouts, with Jeffreys' prior.
struct ResumeRate {
  int at_risk = 0, resumed = 0;
  double p = 0;  //!< (resumed + 0.5) / (at_risk + 1)
};

//! A base-period value that the quarterly history lacks, taken from an annual history.
struct FilledValue {
  std::string company, flow;
  std::vector<std::string> missing;  //!< the empty quarters
  double known = 0;                  //!< sum of the quarters present (USD billions)
  double annual = 0;                 //!< the annual file's value used (USD billions)
  int annual_line = 0;
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
  //! Growth: the sd of the rates about each company's own mean, pooled over companies (degrees
  //! of freedom n_c - 1 each): the target of a company's sd. The sd of all rates together would
  //! add the spread between the companies' means, which is not the year-to-year spread of any.
  double within_sd = 0;
  //! Growth: how much the companies' true volatilities differ, tau^2: the variance of log s_c^2
  //! across companies less its sampling part (the mean of trigamma(df_c / 2)), floored at 0.
  double tau2 = 0;
};

struct CorrelationFit {
  Eigen::MatrixXd sample;     //!< pairwise Pearson correlation of the growth rates (0 if n < 3)
  Eigen::MatrixXd counts;     //!< periods behind each pair
  Eigen::MatrixXd fitted;     //!< shrunk, rounded to 0.01, repaired if not PSD
  double min_eigenvalue = 0;  //!< of the shrunk matrix, before any repair
  bool repaired = false;
};

//! The within-year correlation of a payout ratio with a growth rate, fitted over companies
//! (scenarios/calibration_payout_link.h).
struct PayoutLink {
  int pairs = 0;      //!< (ratio change, growth) pairs behind it
  double n = 0;       //!< effective pairs (quarterly: pairs / 4)
  double sample = 0;  //!< pooled within-company Pearson correlation
  double fitted = 0;  //!< shrunk by n / (n + correlation_k), rounded to 0.01
};

struct Calibration {
  CalibrationOptions options;
  std::string history_path;
  bool quarterly = false;
  std::vector<CompanyCalibration> companies;  //!< in order of first appearance in the file
  Pooled ocf_pooled, capex_pooled;
  Pooled buyback_pooled_sd, dividend_pooled_sd;  //!< RMS of year-on-year ratio changes
  ResumeRate resume;
  CorrelationFit ocf_correlation, capex_correlation;
  PayoutLink dividend_link;  //!< dividend ratio with OCF growth: sticky dividends
  std::vector<FilledValue> filled;
  std::vector<std::string> warnings;  //!< fits on too few points, filled gaps
};

//! Throws InputError when the history cannot support a calibration (a base-year value missing
//! and not filled, fewer than two growth rates in all, no company). `annual` (quarterly
//! histories only): a base-year flow whose quarters are not all present is taken from it.
Calibration calibrate(const History& history, const CalibrationOptions& options,
                      const History* annual = nullptr);

}  // namespace capexsim
