//! What every block needs to turn uniforms into draws, built once per run: the drawn variables
//! and their dimensions, the copula's factor and persistence, the Sobol' prototype and shifts.
#pragma once

#include <boost/random/sobol.hpp>
#include <cstdint>
#include <memory>
#include <vector>

#include <Eigen/Dense>

#include "models/scenario.h"
#include "sim/run_options.h"

namespace capexsim {

struct DrawPlan {
  SamplerKind sampler = SamplerKind::mc;
  std::vector<Variable> variables;  //!< K drawn (company, parameter) pairs
  std::size_t K = 0, T = 0;
  std::size_t dims() const { return K * T; }          //!< dimension j = t * K + k
  bool copula = false;                                //!< any correlation or persistence declared
  Eigen::MatrixXd factor;                             //!< F with F F^T = the correlation matrix
  std::vector<double> persistence, innovation;        //!< phi_k and sqrt(1 - phi_k^2)
  std::vector<std::uint64_t> stream;                  //!< stream id of each variable
  std::uint64_t replicates = 0;                       //!< sobol randomizations
  std::shared_ptr<const boost::random::sobol> sobol;  //!< dimension dims()
  std::vector<std::vector<std::uint64_t>> shift;      //!< [replicate][dimension]
  //! Every draw by inverse transform of one normal score per variable and year (--crn), so
  //! that runs of different parameters with one seed share their random numbers.
  bool common_random_numbers = false;
  //! True when the plain independent streams (BlockStreams) do the job: mc, no copula, no crn.
  bool direct() const { return sampler == SamplerKind::mc && !copula && !common_random_numbers; }

  static DrawPlan make(const Scenario& scenario, const RunOptions& options);
};

}  // namespace capexsim
