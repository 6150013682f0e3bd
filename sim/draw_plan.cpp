// The copula factor: Eigen's Cholesky (LLT) of the correlation matrix; a valid but singular
// matrix (e.g. rho = 1 between two parameters) has none, and is factored through its symmetric
// eigendecomposition F = V sqrt(max(Lambda, 0)) instead, which gives the same joint normal law.
#include "sim/draw_plan.h"

#include <stdexcept>
#include <string>

#include "models/errors.h"
#include "sim/streams.h"

namespace capexsim {
namespace {

Eigen::MatrixXd factor_of(const Eigen::MatrixXd& c) {
  Eigen::LLT<Eigen::MatrixXd> llt(c);
  if (llt.info() == Eigen::Success) return llt.matrixL();
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(c);
  const Eigen::VectorXd root = eig.eigenvalues().cwiseMax(0.0).cwiseSqrt();
  return eig.eigenvectors() * root.asDiagonal();
}

}  // namespace

DrawPlan DrawPlan::make(const Scenario& scenario, const RunOptions& options) {
  DrawPlan plan;
  plan.sampler = options.sampler;
  plan.common_random_numbers = options.common_random_numbers;
  const Dependence dep =
      scenario.dependence.variables.empty() && scenario.dependence.correlation.size() == 0
          ? independent(scenario.companies)
          : scenario.dependence;
  plan.variables = dep.variables;
  plan.K = plan.variables.size();
  plan.T = scenario.years.size();
  plan.copula = dep.active();
  plan.factor = plan.copula ? factor_of(dep.correlation) : Eigen::MatrixXd();
  for (std::size_t k = 0; k < plan.K; ++k) {
    const Variable& v = plan.variables[k];
    const double phi = dep.persistence.empty() ? 0.0 : dep.persistence[k];
    plan.persistence.push_back(phi);
    plan.innovation.push_back(std::sqrt(std::max(0.0, 1.0 - phi * phi)));
    plan.stream.push_back(
        stream_id(scenario.companies[static_cast<std::size_t>(v.company)].name, v.param));
  }
  if (plan.sampler == SamplerKind::sobol && plan.dims() > 0) {
    if (options.sobol_replicates < 2)
      throw InputError("sobol needs at least 2 replicates to estimate its error");
    plan.replicates = static_cast<std::uint64_t>(options.sobol_replicates);
    try {
      plan.sobol = std::make_shared<const boost::random::sobol>(plan.dims());
    } catch (const std::exception& e) {
      throw InputError("sobol: " + std::to_string(plan.dims()) +
                       " dimensions (drawn parameters x years) are more than "
                       "Boost.Random's Sobol' tables hold: " +
                       e.what());
    }
    // One independent random digital shift (XOR) per replicate and dimension.
    const std::uint64_t key = fnv1a64("sobol digital shift");
    for (std::uint64_t r = 0; r < plan.replicates; ++r) {
      Rng rng = make_stream(options.seed, r, key);
      std::vector<std::uint64_t> s(plan.dims());
      for (auto& x : s) x = rng();
      plan.shift.push_back(std::move(s));
    }
  }
  return plan;
}

}  // namespace capexsim
