// Latin hypercube: each block is one Latin hypercube of its n paths (McKay, Beckman & Conover
// 1979): in every dimension a random permutation of the n strata, jittered uniformly inside
// each; blocks are independent replicates. Sobol': Boost.Random's sequence (Joe & Kuo
// direction numbers), randomized by a random digital shift (XOR) per replicate and dimension
// (Owen 2013, 17.3); block b belongs to replicate b mod R and takes the next 4096 points of that
// replicate's sequence, so every prefix of blocks gives each replicate a prefix of its sequence.
// Copula: correlated standard normals F n (F F^T = the correlation matrix) drive an AR(1)
// chain per variable, z_t = phi z_{t-1} + sqrt(1 - phi^2) e_t, and x = F^-1(Phi(z_t)).
#include "sim/transformed_draws.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include <boost/random/normal_distribution.hpp>

#include "models/inverse_normal.h"
#include "models/variates.h"
#include "sim/run_options.h"
#include "sim/streams.h"

namespace capexsim {
namespace {

//! Uniform on the open interval (0, 1): 53-bit cell midpoints, never 0 or 1.
double open_unit(std::uint64_t bits) { return (static_cast<double>(bits >> 11) + 0.5) * 0x1p-53; }

std::uint64_t dimension_stream(std::uint64_t variable_stream, std::size_t t) {
  return splitmix64(variable_stream ^ splitmix64(0x4c48u + t));  // "LH" + year
}

}  // namespace

TransformedDraws::TransformedDraws(const Scenario& scenario, const DrawPlan& plan)
    : sc_(scenario), plan_(plan), T_(plan.T), n_(0) {
  const std::size_t K = plan.K, d = plan.dims();
  u_.assign(d, 0.0);
  normals_.assign(d, 0.0);
  z_.assign(K, 0.0);
  e_.assign(K, 0.0);
  // Every parameter's value slot starts at its fixed value (fixed years and parameters).
  values_.assign(sc_.companies.size() * kParamCount * T_, 0.0);
  Rng unused;
  for (std::size_t c = 0; c < sc_.companies.size(); ++c)
    for (int p = 0; p < kParamCount; ++p)
      for (std::size_t t = 0; t < sc_.companies[c].params[p].by_year.size(); ++t) {
        const Distribution& dist = sc_.companies[c].params[p].by_year[t];
        if (dist.is_fixed()) values_[(c * kParamCount + p) * T_ + t] = dist.sample(unused);
      }
  for (std::size_t t = 0; t < T_; ++t)
    for (std::size_t k = 0; k < K; ++k) {
      const Variable& v = plan.variables[k];
      const auto c = static_cast<std::size_t>(v.company);
      dist_.push_back(&sc_.companies[c].params[v.param].by_year[t]);
      // Kinds whose inverse CDF is tabulated or closed-form in the normal score are faster (and
      // as accurate) through it; the others invert the uniform directly.
      const DistKind kind = dist_.back()->kind();
      via_normal_.push_back(kind == DistKind::beta || kind == DistKind::pert ||
                            kind == DistKind::student_t || kind == DistKind::lognormal ||
                            kind == DistKind::normal);
      slot_.push_back((c * kParamCount + static_cast<std::size_t>(v.param)) * T_ + t);
    }
}

TransformedDraws::TransformedDraws(const Scenario& scenario, const DrawPlan& plan,
                                   std::uint64_t seed, std::uint64_t block,
                                   std::uint64_t first_path, std::uint64_t n)
    : TransformedDraws(scenario, plan) {
  const std::size_t K = plan.K, d = plan.dims();
  (void)first_path;
  n_ = n;  // NOLINT(cppcoreguidelines-prefer-member-initializer): the constructor delegates
  switch (plan.sampler) {
    case SamplerKind::mc:
      for (std::size_t k = 0; k < K; ++k) rng_.push_back(make_stream(seed, block, plan.stream[k]));
      break;
    case SamplerKind::lhs:
      perm_.resize(d * n_);
      for (std::size_t j = 0; j < d; ++j) {
        rng_.push_back(make_stream(seed, block, dimension_stream(plan.stream[j % K], j / K)));
        std::uint32_t* perm = &perm_[j * n_];
        for (std::size_t i = 0; i < n_; ++i) perm[i] = static_cast<std::uint32_t>(i);
        for (std::size_t i = n_; i > 1; --i) {  // Fisher-Yates with an unbiased index
          const std::uint64_t limit = UINT64_MAX - UINT64_MAX % i;
          std::uint64_t x;
          do x = rng_[j]();
          while (x >= limit);
          std::swap(perm[i - 1], perm[x % i]);
        }
      }
      break;
    case SamplerKind::sobol:
      if (d > 0) {
        const std::uint64_t r = block % plan.replicates;
        sobol_.emplace(*plan.sobol);
        sobol_->seed((block / plan.replicates) * kBlockSize);
        shift_ = &plan.shift[r];
      }
      break;
  }
}

void TransformedDraws::uniforms() {
  const std::size_t d = plan_.dims();
  switch (plan_.sampler) {
    case SamplerKind::mc:
      // Path-major, then year, within each variable's stream.
      for (std::size_t k = 0; k < plan_.K; ++k)
        for (std::size_t t = 0; t < T_; ++t) normals_[t * plan_.K + k] = variates::normal(rng_[k]);
      break;
    case SamplerKind::lhs: {
      const double inv_n = 1.0 / static_cast<double>(n_);
      for (std::size_t j = 0; j < d; ++j)
        u_[j] = (static_cast<double>(perm_[j * n_ + i_]) + open_unit(rng_[j]())) * inv_n;
      break;
    }
    case SamplerKind::sobol:
      for (std::size_t j = 0; j < d; ++j) u_[j] = open_unit((*sobol_)() ^ (*shift_)[j]);
      break;
  }
}

void TransformedDraws::normals_from_uniforms() {
  for (std::size_t j = 0; j < plan_.dims(); ++j) normals_[j] = inverse_normal(u_[j]);
}

void TransformedDraws::copula() {
  const std::size_t K = plan_.K;
  for (std::size_t t = 0; t < T_; ++t) {
    const double* n = &normals_[t * K];
    for (std::size_t k = 0; k < K; ++k) {
      double e = 0;
      for (std::size_t m = 0; m < K; ++m)
        e += plan_.factor(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(m)) * n[m];
      e_[k] = e;
    }
    for (std::size_t k = 0; k < K; ++k) {
      z_[k] = t == 0 ? e_[k] : plan_.persistence[k] * z_[k] + plan_.innovation[k] * e_[k];
      const std::size_t j = t * K + k;
      values_[slot_[j]] = dist_[j]->quantile_from_normal(z_[k]);
    }
  }
}

void TransformedDraws::marginals_from_uniforms() {
  for (std::size_t j = 0; j < plan_.dims(); ++j)
    values_[slot_[j]] = via_normal_[j] ? dist_[j]->quantile_from_normal(inverse_normal(u_[j]))
                                       : dist_[j]->quantile(u_[j]);
}

void TransformedDraws::marginals_from_normals() {
  for (std::size_t j = 0; j < plan_.dims(); ++j)
    values_[slot_[j]] = dist_[j]->quantile_from_normal(normals_[j]);
}

void TransformedDraws::next_path() {
  uniforms();
  if (plan_.copula) {
    if (plan_.sampler != SamplerKind::mc) normals_from_uniforms();
    copula();
  } else if (plan_.sampler == SamplerKind::mc) {
    marginals_from_normals();  // --crn: inverse transform of each variable's normal score
  } else {
    marginals_from_uniforms();
  }
  ++i_;
}

void TransformedDraws::set_uniforms(std::span<const double> u) {
  if (u.size() != u_.size())
    throw std::invalid_argument("set_uniforms: " + std::to_string(u.size()) +
                                " uniforms for a plan of " + std::to_string(u_.size()) +
                                " dimensions");
  std::copy(u.begin(), u.end(), u_.begin());
  if (plan_.copula) {
    normals_from_uniforms();
    copula();
  } else {
    marginals_from_uniforms();
  }
}

}  // namespace capexsim
