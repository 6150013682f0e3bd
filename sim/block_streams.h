//! The random streams of one block: one generator per drawn (company, parameter).
#pragma once

#include <cstdint>
#include <vector>

#include "models/scenario.h"
#include "sim/streams.h"

namespace capexsim {

class BlockStreams {
 public:
  BlockStreams(const Scenario& scenario, std::uint64_t seed, std::uint64_t block)
      : scenario_(scenario), rngs_(scenario.companies.size() * kParamCount) {
    for (std::size_t c = 0; c < scenario.companies.size(); ++c) {
      const Company& company = scenario.companies[c];
      for (int p = 0; p < kParamCount; ++p) {
        bool drawn = false;
        for (const Distribution& d : company.params[p].by_year) drawn = drawn || !d.is_fixed();
        if (drawn)
          rngs_[c * kParamCount + p] = make_stream(seed, block, stream_id(company.name, p));
      }
    }
  }

  //! Draws are made on demand: nothing to prepare per path.
  void next_path() {}

  //! The next draw of parameter p of company c for year t (fixed ones draw nothing).
  double draw(std::size_t c, Param p, int t) {
    const int pi = static_cast<int>(p);
    return scenario_.companies[c].params[pi].by_year[t].sample(rngs_[c * kParamCount + pi]);
  }

 private:
  const Scenario& scenario_;
  std::vector<Rng> rngs_;  // default-constructed (never used) for fixed parameters
};

}  // namespace capexsim
