//! nearest_correlation: Higham's (2002) worked example to the paper's 4 decimals, a valid
//! correlation matrix left as it is, and the result at least as near as its valid neighbours.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <random>
#include <stdexcept>

#include "models/correlation_repair.h"

using capexsim::nearest_correlation;
using capexsim::NearestCorrelation;
using capexsim::smallest_eigenvalue;

namespace {

Eigen::MatrixXd matrix3(double a, double b, double c) {
  Eigen::MatrixXd m(3, 3);
  m << 1, a, b, a, 1, c, b, c, 1;
  return m;
}

//! Symmetric, unit diagonal, positive definite enough for Eigen's Cholesky.
void check_valid(const Eigen::MatrixXd& m) {
  CHECK(m == m.transpose());
  for (Eigen::Index i = 0; i < m.rows(); ++i) CHECK(m(i, i) == 1.0);
  CHECK(smallest_eigenvalue(m) > 0);
  CHECK(Eigen::LLT<Eigen::MatrixXd>(m).info() == Eigen::Success);
}

}  // namespace

TEST_CASE("smallest_eigenvalue of known matrices", "[repair]") {
  CHECK(smallest_eigenvalue(matrix3(0, 0, 0)) == Approx(1.0).margin(1e-15));
  Eigen::MatrixXd singular(2, 2);
  singular << 1, 1, 1, 1;
  CHECK(smallest_eigenvalue(singular) == Approx(0.0).margin(1e-15));
  // Higham's example has eigenvalues 1 - sqrt(2), 1, 1 + sqrt(2).
  CHECK(smallest_eigenvalue(matrix3(1, 0, 1)) == Approx(1 - std::sqrt(2.0)).margin(1e-14));
}

TEST_CASE("Higham's example: the nearest correlation matrix of the paper", "[repair]") {
  // Higham (2002), section 4: A = [1 1 0; 1 1 1; 0 1 1] has nearest correlation matrix
  // [1 0.7607 0.1573; 0.7607 1 0.7607; 0.1573 0.7607 1] (to 4 decimals).
  const Eigen::MatrixXd a = matrix3(1, 0, 1);
  const NearestCorrelation result = nearest_correlation(a);
  CHECK(result.converged);
  INFO("iterations " << result.iterations);
  const Eigen::MatrixXd& x = result.matrix;
  check_valid(x);
  CHECK(x(0, 1) == Approx(0.7607).margin(1e-4));
  CHECK(x(1, 2) == Approx(0.7607).margin(1e-4));
  CHECK(x(0, 2) == Approx(0.1573).margin(1e-4));
}

TEST_CASE("A correlation matrix that is already valid is left as it is", "[repair]") {
  const Eigen::MatrixXd a = matrix3(0.5, 0.2, 0.3);
  const NearestCorrelation result = nearest_correlation(a);
  CHECK(result.converged);
  CHECK((result.matrix - a).cwiseAbs().maxCoeff() < 1e-14);
  check_valid(result.matrix);
}

TEST_CASE("No valid neighbour of the repaired matrix is nearer to the input", "[repair]") {
  // Two strong positive links and a strong negative one cannot coexist.
  Eigen::MatrixXd a(4, 4);
  a << 1, 0.9, -0.9, 0.3,  //
      0.9, 1, 0.9, 0.1,    //
      -0.9, 0.9, 1, -0.2,  //
      0.3, 0.1, -0.2, 1;
  REQUIRE(smallest_eigenvalue(a) < 0);
  const NearestCorrelation result = nearest_correlation(a);
  CHECK(result.converged);
  check_valid(result.matrix);
  const double distance = (result.matrix - a).norm();

  // Move along random symmetric zero-diagonal directions; keep the neighbours that are valid.
  // The margin allows for the eigenvalue floor (1e-8), which keeps the result inside the cone.
  std::mt19937_64 rng(20240818);
  std::normal_distribution<double> normal;
  int valid_neighbours = 0;
  for (int trial = 0; trial < 2000; ++trial) {
    Eigen::MatrixXd direction = Eigen::MatrixXd::Zero(4, 4);
    for (int i = 0; i < 4; ++i)
      for (int j = i + 1; j < 4; ++j) direction(i, j) = direction(j, i) = normal(rng);
    const Eigen::MatrixXd neighbour = result.matrix + 1e-3 * direction.normalized();
    if (smallest_eigenvalue(neighbour) < 0) continue;
    ++valid_neighbours;
    CHECK((neighbour - a).norm() >= distance - 1e-7);
  }
  CHECK(valid_neighbours > 100);
}

TEST_CASE("nearest_correlation rejects a matrix that is not square or not symmetric", "[repair]") {
  CHECK_THROWS_AS(nearest_correlation(Eigen::MatrixXd::Identity(2, 3)), std::invalid_argument);
  Eigen::MatrixXd skew = Eigen::MatrixXd::Identity(2, 2);
  skew(0, 1) = 0.5;
  CHECK_THROWS_AS(nearest_correlation(skew), std::invalid_argument);
}
