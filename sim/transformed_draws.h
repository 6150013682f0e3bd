//! The draws of one block when they are not plain independent draws: uniforms from the sampler
//! (mc, Latin hypercube or randomized Sobol'), through the Gaussian copula with persistence when
//! one is declared, to each marginal through its quantile function (docs/sampling.md). The same
//! transform also runs on uniforms handed in from outside (set_uniforms), which is how
//! `capexsim sensitivity` evaluates the model on its Saltelli design (docs/sensitivity.md).
#pragma once

#include <boost/random/sobol.hpp>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "models/rng.h"
#include "models/scenario.h"
#include "sim/draw_plan.h"

namespace capexsim {

class TransformedDraws {
 public:
  //! The block's paths are [first_path, first_path + n).
  TransformedDraws(const Scenario& scenario, const DrawPlan& plan, std::uint64_t seed,
                   std::uint64_t block, std::uint64_t first_path, std::uint64_t n);
  //! Draws with no sampler of their own: every path's uniforms come through set_uniforms.
  TransformedDraws(const Scenario& scenario, const DrawPlan& plan);

  //! Computes the draws of the block's next path.
  void next_path();
  //! Computes the current path's draws from `u`, one uniform in (0, 1) per dimension of the plan
  //! (j = t * K + k): exactly the transform next_path() applies to the sampler's uniforms.
  void set_uniforms(std::span<const double> u);
  //! The current path's draw of parameter p of company c in year t.
  double draw(std::size_t c, Param p, int t) const {
    return values_[(c * kParamCount + static_cast<std::size_t>(p)) * T_ +
                   static_cast<std::size_t>(t)];
  }

 private:
  void uniforms();               // fills u_ (lhs, sobol) or normals_ (mc)
  void normals_from_uniforms();  // u_ -> normals_
  void copula();                 // normals_ -> correlated, persistent scores -> values
  void marginals_from_uniforms();
  void marginals_from_normals();  // mc without a copula (common random numbers)

  const Scenario& sc_;
  const DrawPlan& plan_;
  std::size_t T_, n_;
  std::size_t i_ = 0;  // current path within the block
  std::vector<double> u_, normals_, z_, e_, values_;
  std::vector<const Distribution*> dist_;  // [dimension]
  std::vector<bool> via_normal_;           // [dimension]: invert through the normal score
  std::vector<std::size_t> slot_;          // [dimension] -> index into values_
  std::vector<Rng> rng_;                   // mc: per variable; lhs: per dimension
  std::vector<std::uint32_t> perm_;        // lhs: [dimension][path]
  std::optional<boost::random::sobol> sobol_;
  const std::vector<std::uint64_t>* shift_ = nullptr;
};

}  // namespace capexsim
