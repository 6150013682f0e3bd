//! The random streams of the financing rates of one block: one generator per drawn
//! (company, rate), with stream ids of their own (parameter slots after the four flows' ones), so
//! that a scenario without financing draws exactly what it drew before (docs/engine.md).
#pragma once

#include <cstdint>
#include <vector>

#include "models/scenario.h"
#include "sim/streams.h"

namespace capexsim {

//! The drawn financing rates, in the stream-id slots after the four parameters'.
enum class Rate { cash_yield = 0, debt_rate = 1 };
inline constexpr int kRateCount = 2;
//! The `param` argument of stream_id for a rate: kParamCount + rate, never a parameter's.
constexpr int rate_stream_slot(Rate r) { return kParamCount + static_cast<int>(r); }

class FinancingStreams {
 public:
  FinancingStreams(const Scenario& scenario, std::uint64_t seed, std::uint64_t block)
      : scenario_(scenario), rngs_(scenario.companies.size() * kRateCount) {
    for (std::size_t c = 0; c < scenario.companies.size(); ++c) {
      const Company& company = scenario.companies[c];
      if (!company.financing) continue;
      for (Rate r : {Rate::cash_yield, Rate::debt_rate}) {
        bool drawn = false;
        for (const Distribution& d : spec(c, r).by_year) drawn = drawn || !d.is_fixed();
        if (drawn)
          rngs_[index(c, r)] =
              make_stream(seed, block, stream_id(company.name, rate_stream_slot(r)));
      }
    }
  }

  //! The next draw of rate r of company c for year t (fixed ones draw nothing).
  double draw(std::size_t c, Rate r, int t) {
    return spec(c, r).by_year[static_cast<std::size_t>(t)].sample(rngs_[index(c, r)]);
  }

 private:
  const ParamSpec& spec(std::size_t c, Rate r) const {
    const Financing& f = *scenario_.companies[c].financing;
    return r == Rate::cash_yield ? f.cash_yield : f.debt_rate;
  }
  static std::size_t index(std::size_t c, Rate r) {
    return c * kRateCount + static_cast<std::size_t>(r);
  }

  const Scenario& scenario_;
  std::vector<Rng> rngs_;  // default-constructed (never used) for fixed rates
};

}  // namespace capexsim
