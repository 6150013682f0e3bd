// The sensitivity sample's buffers: their index of the drawn inputs, their exchange between
// ranks and checkpoints, and their ranking at the end of the run.
#include "sim/sensitivity_sample.h"

#include <span>

#include "sim/distributed.h"

namespace capexsim {

SensitivityCapture::SensitivityCapture(const Scenario& scenario, std::size_t paths,
                                       std::uint64_t sample_paths)
    : inputs_(sensitivity_inputs(scenario)),
      E_(scenario.companies.size() + 1),
      T_(scenario.years.size()),
      S_(inputs_.empty() ? 0 : std::min<std::size_t>(paths, sample_paths)) {}

void SensitivityCapture::allocate(bool streaming, bool zeroed, bool balance) {
  balance_ = balance;
  const std::size_t C = E_ - 1;
  input_.assign(C * kParamCount * T_, -1);
  for (std::size_t i = 0; i < inputs_.size(); ++i) {
    const SensitivityInput& in = inputs_[i];
    input_[(in.company * kParamCount + static_cast<std::size_t>(in.param)) * T_ + in.year] =
        static_cast<std::ptrdiff_t>(i);
  }
  draws_.resize(inputs_.size() * S_);
  first_negative_year_.resize(E_ * S_);
  if (!streaming) return;
  surplus_.resize(E_ * T_ * S_);
  if (balance) net_cash_.resize(E_ * T_ * S_);
  if (zeroed) {
    std::fill(draws_.begin(), draws_.end(), 0.0);
    std::fill(first_negative_year_.begin(), first_negative_year_.end(), 0);
    std::fill(surplus_.begin(), surplus_.end(), 0.0);
    std::fill(net_cash_.begin(), net_cash_.end(), 0.0);
  }
}

void SensitivityCapture::gather_to_root(Cluster& c) {
  gather_disjoint(c, std::span<double>(draws_));
  gather_disjoint(c, std::span<std::int32_t>(first_negative_year_));
  gather_disjoint(c, std::span<double>(surplus_));
  gather_disjoint(c, std::span<double>(net_cash_));
}

void SensitivityCapture::add_to_snapshot(EngineSnapshot& s, std::size_t done) {
  const std::size_t sampled = std::min(done, S_);
  if (!draws_.empty())
    s.reals.push_back({"sample_draws", draws_.data(), draws_.size() / S_, S_, sampled});
  if (!first_negative_year_.empty())
    s.integers.push_back({"sample_first_negative_year", first_negative_year_.data(),
                          first_negative_year_.size() / S_, S_, sampled});
  if (!surplus_.empty())
    s.reals.push_back({"sample_surplus", surplus_.data(), surplus_.size() / S_, S_, sampled});
  if (!net_cash_.empty())
    s.reals.push_back({"sample_net_cash", net_cash_.data(), net_cash_.size() / S_, S_, sampled});
}

RankSensitivity SensitivityCapture::rank_and_free(const Scenario& scenario, std::size_t used,
                                                  const double* const* surplus_rows,
                                                  const double* net_cash_rows, std::size_t stride) {
  const std::size_t n = std::min(used, S_);
  SensitivitySample sample;
  for (std::size_t i = 0; i < inputs_.size(); ++i)
    sample.draws.emplace_back(draws_.data() + i * S_, n);
  for (std::size_t i = 0; i < E_ * T_; ++i)
    sample.surplus.emplace_back(
        surplus_rows == nullptr ? surplus_.data() + i * S_ : surplus_rows[i], n);
  for (std::size_t e = 0; e < E_; ++e)
    sample.first_negative_year.emplace_back(first_negative_year_.data() + e * S_, n);
  if (balance_)
    for (std::size_t i = 0; i < E_ * T_; ++i)
      sample.net_cash.emplace_back(
          net_cash_rows == nullptr ? net_cash_.data() + i * S_ : net_cash_rows + i * stride, n);
  RankSensitivity result = rank_sensitivity(scenario, inputs_, sample);
  draws_ = {};
  first_negative_year_ = {};
  surplus_ = {};
  net_cash_ = {};
  return result;
}

}  // namespace capexsim
