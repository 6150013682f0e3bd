// Nearest correlation matrix by alternating projections with Dykstra's correction:
// N. J. Higham, "Computing the nearest correlation matrix - a problem from finance",
// IMA Journal of Numerical Analysis 22 (2002) 329-343, Algorithm 3.3 with W = I. The PSD cone
// is replaced by {X : eigenvalues >= min_eigenvalue} (also closed and convex, so Dykstra's
// iteration still converges to the nearest point of the intersection); the stopping rule is that of
// Higham's MATLAB nearcorr. The last PSD iterate is rescaled to an exact unit diagonal, which keeps
// it positive definite.
#include "models/correlation_repair.h"

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace capexsim {
namespace {

Eigen::MatrixXd symmetric_part(const Eigen::MatrixXd& m) { return 0.5 * (m + m.transpose()); }

//! Nearest matrix with every eigenvalue >= min_eigenvalue: the eigenvalues clipped from below.
Eigen::MatrixXd project_eigenvalues(const Eigen::MatrixXd& r, double min_eigenvalue) {
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(r);
  const Eigen::MatrixXd& v = eig.eigenvectors();
  return symmetric_part(v * eig.eigenvalues().cwiseMax(min_eigenvalue).asDiagonal() *
                        v.transpose());
}

double relative_change(const Eigen::MatrixXd& now, const Eigen::MatrixXd& before) {
  return (now - before).norm() / now.norm();
}

//! D^-1/2 X D^-1/2 with D = diag(X): congruent to X, so as definite, with a unit diagonal.
Eigen::MatrixXd unit_diagonal(const Eigen::MatrixXd& x) {
  const Eigen::VectorXd scale = x.diagonal().cwiseSqrt().cwiseInverse();
  Eigen::MatrixXd out = symmetric_part(scale.asDiagonal() * x * scale.asDiagonal());
  out.diagonal().setOnes();
  return out;
}

}  // namespace

double smallest_eigenvalue(const Eigen::MatrixXd& symmetric) {
  if (symmetric.size() == 0) return std::numeric_limits<double>::infinity();
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(symmetric, Eigen::EigenvaluesOnly);
  return eig.eigenvalues().minCoeff();
}

NearestCorrelation nearest_correlation(const Eigen::MatrixXd& a,
                                       const NearestCorrelationOptions& options) {
  if (a.rows() != a.cols()) throw std::invalid_argument("nearest_correlation: matrix not square");
  if (a != a.transpose()) throw std::invalid_argument("nearest_correlation: matrix not symmetric");
  NearestCorrelation out;
  if (a.size() == 0) {
    out.matrix = a;
    out.converged = true;
    return out;
  }
  Eigen::MatrixXd y = a, x = a;
  Eigen::MatrixXd correction = Eigen::MatrixXd::Zero(a.rows(), a.cols());
  while (out.iterations < options.max_iterations && !out.converged) {
    const Eigen::MatrixXd r = y - correction;
    const Eigen::MatrixXd x_next = project_eigenvalues(r, options.min_eigenvalue);
    correction = x_next - r;
    Eigen::MatrixXd y_next = x_next;
    y_next.diagonal().setOnes();
    const double change = std::max(
        {relative_change(x_next, x), relative_change(y_next, y), relative_change(y_next, x_next)});
    x = x_next;
    y = y_next;
    ++out.iterations;
    out.converged = change <= options.tolerance;
  }
  out.matrix = unit_diagonal(x);
  return out;
}

}  // namespace capexsim
