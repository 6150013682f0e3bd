// Checkpoints (docs/checkpoint.md): a run resumed from any snapshot a checkpointing run saved
// gives bit for bit the results of the run that never stopped, for every sampler and store mode,
// with and without --target-stderr; a stop request ends the run with Interrupted, after a last
// snapshot when the run saves them.
#include <catch2/catch.hpp>

#include <csignal>
#include <cstring>
#include <map>
#include <stdexcept>

#include "../support/same_bits.h"
#include "../support/scenario_builders.h"
#include "models/errors.h"
#include "sim/engine.h"
#include "sim/interrupt.h"

namespace capexsim::test {
namespace {

Scenario scenario() { return two_company_scenario("checkpoint"); }

//! The same with a balance sheet on both companies (drawn rates and other flows).
Scenario financed() {
  Scenario s = scenario();
  for (std::size_t c = 0; c < s.companies.size(); ++c) {
    Financing f;
    f.base = {10.0 * static_cast<double>(c + 1), 5};
    f.min_cash_ratio.assign(s.years.size(), 0.2);
    f.max_debt_to_ocf = 1.0;
    f.equity = c == 1;
    give_financing(s, c, f, Distribution::normal(0.03, 0.01, 0.0),
                   Distribution::triangular(0.02, 0.05, 0.12), Distribution::uniform(-0.2, 0.05));
  }
  return s;
}

//! A snapshot with its arrays copied out of the engine that saved it.
struct Saved {
  EngineSnapshot scalars;
  std::map<std::string, std::vector<double>> reals;
  std::map<std::string, std::vector<std::int32_t>> integers;
};

template <class T>
std::vector<T> copy_rows(const SnapshotArray<T>& a) {
  std::vector<T> v;
  for (std::size_t r = 0; r < a.rows; ++r)
    v.insert(v.end(), a.data + r * a.stride, a.data + r * a.stride + a.used);
  return v;
}

template <class T>
void fill_rows(SnapshotArray<T>& a, const std::vector<T>& v) {
  // As the checkpoint reader (output/h5_read.cpp) does: a saved array of another shape is input
  // from another run.
  if (v.size() != a.rows * a.used) throw InputError("saved " + a.name + " differs");
  for (std::size_t r = 0; r < a.rows; ++r)
    std::copy(v.begin() + static_cast<std::ptrdiff_t>(r * a.used),
              v.begin() + static_cast<std::ptrdiff_t>((r + 1) * a.used), a.data + r * a.stride);
}

Saved keep(const EngineSnapshot& s) {
  Saved k;
  k.scalars = s;
  k.scalars.reals.clear();
  k.scalars.integers.clear();
  for (const auto& a : s.reals) k.reals[a.name] = copy_rows(a);
  for (const auto& a : s.integers) k.integers[a.name] = copy_rows(a);
  return k;
}

void give_back(const Saved& k, EngineSnapshot& s) {
  s.blocks_done = k.scalars.blocks_done;
  s.paths_done = k.scalars.paths_done;
  s.round_end = k.scalars.round_end;
  s.accumulator = k.scalars.accumulator;
  s.sketches = k.scalars.sketches;
  s.convergence = k.scalars.convergence;
  for (auto& a : s.reals) fill_rows(a, k.reals.at(a.name));
  for (auto& a : s.integers) fill_rows(a, k.integers.at(a.name));
}

void check_same(const RunResults& a, const RunResults& b) {
  CHECK(a.paths == b.paths);
  CHECK(same_bits(a.surplus_mean, b.surplus_mean));
  CHECK(same_bits(a.surplus_std, b.surplus_std));
  CHECK(same_bits(a.ocf_mean_stderr, b.ocf_mean_stderr));
  CHECK(same_bits(a.prob_negative, b.prob_negative));
  CHECK(same_bits(a.prob_negative_stderr, b.prob_negative_stderr));
  CHECK(same_bits(a.surplus_quantiles, b.surplus_quantiles));
  CHECK(same_bits(a.surplus_quantiles_lower, b.surplus_quantiles_lower));
  CHECK(same_bits(a.survival, b.survival));
  CHECK(a.first_negative_counts == b.first_negative_counts);
  CHECK(a.never_negative_counts == b.never_negative_counts);
  CHECK(same_bits(a.sensitivity.spearman_surplus, b.sensitivity.spearman_surplus));
  CHECK(same_bits(a.sensitivity.spearman_first_negative, b.sensitivity.spearman_first_negative));
  CHECK(same_bits(std::vector<double>(a.path_surplus.begin(), a.path_surplus.end()),
                  std::vector<double>(b.path_surplus.begin(), b.path_surplus.end())));
  CHECK(same_bits(std::vector<double>(a.path_capex.begin(), a.path_capex.end()),
                  std::vector<double>(b.path_capex.begin(), b.path_capex.end())));
  CHECK(std::vector<std::int32_t>(a.path_first_negative_year.begin(),
                                  a.path_first_negative_year.end()) ==
        std::vector<std::int32_t>(b.path_first_negative_year.begin(),
                                  b.path_first_negative_year.end()));
  for (int k = 0; k < kBalanceVarCount; ++k) {
    CHECK(same_bits(a.balance.mean[k], b.balance.mean[k]));
    CHECK(same_bits(a.balance.mean_stderr[k], b.balance.mean_stderr[k]));
  }
  for (int k = 0; k < kBalanceEventCount; ++k) {
    CHECK(same_bits(a.balance.prob[k], b.balance.prob[k]));
    CHECK(same_bits(a.balance.prob_lower[k], b.balance.prob_lower[k]));
    CHECK(a.balance.first_counts[k] == b.balance.first_counts[k]);
    CHECK(a.balance.never_counts[k] == b.balance.never_counts[k]);
  }
  CHECK(same_bits(a.balance.net_cash_quantiles, b.balance.net_cash_quantiles));
  CHECK(same_bits(a.balance.cumulative_issued_quantiles, b.balance.cumulative_issued_quantiles));
  for (int k = 0; k < kBalanceVarCount; ++k)
    CHECK(same_bits(a.balance.quantiles[k], b.balance.quantiles[k]));
  CHECK(same_bits(std::vector<double>(a.path_net_cash.begin(), a.path_net_cash.end()),
                  std::vector<double>(b.path_net_cash.begin(), b.path_net_cash.end())));
  CHECK(a.target_met == b.target_met);
  REQUIRE(a.convergence.size() == b.convergence.size());
  for (std::size_t i = 0; i < a.convergence.size(); ++i) {
    CHECK(a.convergence[i].paths == b.convergence[i].paths);
    CHECK(a.convergence[i].stderr_ == b.convergence[i].stderr_);
  }
}

RunOptions options(SamplerKind sampler, StorePaths store) {
  RunOptions o;
  o.paths = 1'000'000;  // 245 blocks: three snapshots at 64, 128 and 192 blocks
  o.seed = 23;
  o.threads = 2;
  o.sampler = sampler;
  o.store = store;
  o.sensitivity_paths = 300'000;  // the sample spans several snapshots
  return o;
}

}  // namespace

TEST_CASE("a run resumed from any of its checkpoints equals the run that never stopped",
          "[checkpoint]") {
  const auto [sampler, store, crn, target] =
      GENERATE(std::make_tuple(SamplerKind::mc, StorePaths::total, false, 0.0),
               std::make_tuple(SamplerKind::mc, StorePaths::none, false, 0.0),
               std::make_tuple(SamplerKind::mc, StorePaths::all, true, 0.0),
               std::make_tuple(SamplerKind::lhs, StorePaths::none, false, 0.0),
               std::make_tuple(SamplerKind::sobol, StorePaths::total, false, 0.0),
               std::make_tuple(SamplerKind::mc, StorePaths::none, false, 2e-4),
               std::make_tuple(SamplerKind::sobol, StorePaths::none, true, 1e-4));
  INFO("sampler " << static_cast<int>(sampler) << ", store " << static_cast<int>(store) << ", crn "
                  << crn << ", target " << target);
  RunOptions o = options(sampler, store);
  o.common_random_numbers = crn;
  o.target_stderr = target;
  const RunResults plain = run_simulation(scenario(), o);

  std::vector<Saved> saved;
  RunOptions saving = o;
  saving.checkpoint_every = 0;  // after every batch
  saving.save_checkpoint = [&](const EngineSnapshot& s) { saved.push_back(keep(s)); };
  saving.threads = 1;  // saving changes nothing either
  check_same(plain, run_simulation(scenario(), saving));
  REQUIRE(saved.size() >= 2);
  for (const Saved& k : saved) {
    INFO("resumed after " << k.scalars.blocks_done << " blocks");
    RunOptions resumed = o;
    resumed.resume = [&k](EngineSnapshot& s) { give_back(k, s); };
    check_same(plain, run_simulation(scenario(), resumed));
  }
}

TEST_CASE("a run with a balance sheet resumes from any checkpoint bit for bit",
          "[checkpoint][balance]") {
  const auto [sampler, store, crn, quantities] =
      GENERATE(std::make_tuple(SamplerKind::mc, StorePaths::all, false, true),
               std::make_tuple(SamplerKind::mc, StorePaths::none, false, true),
               std::make_tuple(SamplerKind::sobol, StorePaths::total, true, false));
  INFO("sampler " << static_cast<int>(sampler) << ", store " << static_cast<int>(store) << ", crn "
                  << crn << ", balance quantiles " << quantities);
  RunOptions o = options(sampler, store);
  o.paths = 300'000;
  o.sensitivity_paths = 100'000;
  o.common_random_numbers = crn;
  o.balance_quantiles = quantities;
  const RunResults plain = run_simulation(financed(), o);
  REQUIRE_FALSE(plain.balance.empty());
  std::vector<Saved> saved;
  RunOptions saving = o;
  saving.checkpoint_every = 0;
  saving.save_checkpoint = [&](const EngineSnapshot& s) { saved.push_back(keep(s)); };
  check_same(plain, run_simulation(financed(), saving));
  REQUIRE_FALSE(saved.empty());
  for (const Saved& k : saved) {
    INFO("resumed after " << k.scalars.blocks_done << " blocks");
    RunOptions resumed = o;
    resumed.resume = [&k](EngineSnapshot& s) { give_back(k, s); };
    check_same(plain, run_simulation(financed(), resumed));
  }
  // A checkpoint of the run without a balance sheet does not fit it.
  std::vector<Saved> other;
  RunOptions plain_saving = o;
  plain_saving.checkpoint_every = 0;
  plain_saving.save_checkpoint = [&](const EngineSnapshot& s) { other.push_back(keep(s)); };
  run_simulation(scenario(), plain_saving);
  REQUIRE_FALSE(other.empty());
  RunOptions mismatched = o;
  mismatched.resume = [&](EngineSnapshot& s) { give_back(other.front(), s); };
  CHECK_THROWS_AS(run_simulation(financed(), mismatched), InputError);
}

TEST_CASE("a stop request ends a run with Interrupted, after a snapshot when it saves them",
          "[checkpoint]") {
  RunOptions o = options(SamplerKind::mc, StorePaths::total);
  const RunResults plain = run_simulation(scenario(), o);
  std::vector<Saved> saved;
  RunOptions stopping = o;
  stopping.checkpoint_every = 1e9;  // only the snapshot of the stop
  stopping.save_checkpoint = [&](const EngineSnapshot& s) { saved.push_back(keep(s)); };
  stopping.progress = [](std::uint64_t done) {
    if (done >= 300'000) request_stop(SIGTERM);
  };
  try {
    run_simulation(scenario(), stopping);
    FAIL("no Interrupted");
  } catch (const Interrupted& e) {
    CHECK(e.signal() == SIGTERM);
    CHECK(e.checkpointed());
    CHECK(e.paths_done() % (64 * kBlockSize) == 0);
    CHECK(e.paths_done() < o.paths);
  }
  clear_stop();
  REQUIRE(saved.size() == 1);
  RunOptions resumed = o;
  resumed.resume = [&](EngineSnapshot& s) { give_back(saved.front(), s); };
  check_same(plain, run_simulation(scenario(), resumed));

  RunOptions discarding = o;
  discarding.progress = stopping.progress;
  try {
    run_simulation(scenario(), discarding);
    FAIL("no Interrupted");
  } catch (const Interrupted& e) {
    CHECK_FALSE(e.checkpointed());
  }
  clear_stop();
}

TEST_CASE("a snapshot of another shape is refused", "[checkpoint]") {
  RunOptions o = options(SamplerKind::mc, StorePaths::none);
  std::vector<Saved> saved;
  RunOptions saving = o;
  saving.save_checkpoint = [&](const EngineSnapshot& s) { saved.push_back(keep(s)); };
  run_simulation(scenario(), saving);
  REQUIRE_FALSE(saved.empty());
  Scenario other = scenario();
  other.years.push_back(2027);
  for (Company& c : other.companies)
    for (ParamSpec& p : c.params) p.by_year.push_back(p.by_year.back());
  other.dependence = independent(other.companies);
  RunOptions resumed = o;
  resumed.resume = [&](EngineSnapshot& s) { give_back(saved.front(), s); };
  CHECK_THROWS_AS(run_simulation(other, resumed), InputError);
}

}  // namespace capexsim::test
