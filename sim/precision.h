//! Precision of the estimates: standard errors, Wilson score intervals for probabilities,
//! order-statistic intervals for quantiles, and standard errors from independent replicates.
#pragma once

#include <cstdint>
#include <span>
#include <utility>

namespace capexsim {

//! The normal quantile of a two-sided 95% interval.
inline constexpr double kZ95 = 1.959963984540054;

//! Wilson (1927) score interval for a binomial proportion p observed on n trials.
std::pair<double, double> wilson_interval(double p, double n, double z = kZ95);

//! Wilson's interval for p with standard error se: on the effective sample size p (1 - p) / se^2
//! (n itself for mc; the design effect of lhs/sobol otherwise); on n when se carries no
//! information (p is 0 or 1, or se is not finite).
std::pair<double, double> wilson_interval_se(double p, double se, double n, double z = kZ95);

//! Zero-based ranks (lower, upper) of the order statistics that bracket the p-quantile of a
//! sample of n with coverage about 95%: the binomial count of values below it is approximated
//! by a normal, l = floor(n p - z sqrt(n p (1-p))), u = ceil(n p + z sqrt(n p (1-p))) (1-based),
//! clamped to the sample (Conover 1999, Practical Nonparametric Statistics, 3.2).
std::pair<std::uint64_t, std::uint64_t> quantile_interval_ranks(std::uint64_t n, double p,
                                                                double z = kZ95);

//! Standard error of a mean estimated from R >= 2 independent replicate means m_r with weights
//! w_r (their path counts): sqrt(R / (R - 1) * sum (w_r / W)^2 (m_r - m)^2), m the weighted mean.
//! With equal weights this is the usual sd(m_r) / sqrt(R). Returns NaN for R < 2.
double replicate_stderr(std::span<const double> means, std::span<const double> weights);

}  // namespace capexsim
