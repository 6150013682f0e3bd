//! The nearest correlation matrix to a symmetric unit-diagonal matrix that is not positive
//! semi-definite (Higham 2002), so that an inconsistent set of declared correlations can be run.
#pragma once

#include <Eigen/Dense>

namespace capexsim {

struct NearestCorrelationOptions {
  //! Eigenvalues are kept at or above this, so that Eigen::LLT of the result succeeds.
  double min_eigenvalue = 1e-8;
  //! Stop when the iterates change by less than this, relative (Frobenius norm).
  double tolerance = 1e-12;
  int max_iterations = 100000;
};

struct NearestCorrelation {
  Eigen::MatrixXd matrix;  //!< symmetric, unit diagonal, eigenvalues >= about min_eigenvalue
  int iterations = 0;
  bool converged = false;  //!< false: stopped at max_iterations (still a valid correlation matrix)
};

//! Smallest eigenvalue of a symmetric matrix; +inf for an empty one.
double smallest_eigenvalue(const Eigen::MatrixXd& symmetric);

//! The correlation matrix nearest to `a` in the Frobenius norm, with its eigenvalues kept at or
//! above options.min_eigenvalue. `a` must be square and symmetric (std::invalid_argument
//! otherwise). Deterministic.
NearestCorrelation nearest_correlation(const Eigen::MatrixXd& a,
                                       const NearestCorrelationOptions& options = {});

}  // namespace capexsim
