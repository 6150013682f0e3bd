// A sweep's points gathered from MPI ranks (cli/sweep_gather.h) without MPI: two fake ranks, the
// message rank 1 sends handed to rank 0, which must unpack every /summary and /balance array of
// rank 1's point bit for bit (a scenario with financing, and one without).
#include <catch2/catch.hpp>

#include <vector>

#include "cli/sweep_gather.h"
#include "output/balance_fields.h"
#include "output/summary_fields.h"
#include "sim/engine.h"
#include "tests/support/scenario_builders.h"

using namespace capexsim;

namespace {

//! Rank `rank` of two: rank 1 keeps what it sends; rank 0 receives it beside its own.
class TwoRanks : public Cluster {
 public:
  TwoRanks(int rank, std::vector<std::byte>* from_rank_1) : rank_(rank), sent_(from_rank_1) {}
  int rank() const override { return rank_; }
  int size() const override { return 2; }
  std::vector<std::vector<std::byte>> gather_to_root(std::span<const std::byte> mine) override {
    if (rank_ == 1) {
      sent_->assign(mine.begin(), mine.end());
      return {};
    }
    return {std::vector<std::byte>(mine.begin(), mine.end()), *sent_};
  }

 private:
  int rank_;
  std::vector<std::byte>* sent_;
};

RunResults run_point(const Scenario& s, std::uint64_t seed) {
  RunOptions o;
  o.paths = 1500;
  o.seed = seed;
  o.threads = 1;
  o.store = StorePaths::none;
  o.sensitivity_paths = 0;
  return run_simulation(s, o);
}

//! Points 0 and 2 on rank 0, point 1 on rank 1; rank 0's copy of point 1 after the gather.
RunResults gathered_point_1(const Scenario& s) {
  std::vector<RunResults> on_rank_1 = {RunResults{}, run_point(s, 2), RunResults{}};
  std::vector<RunResults> on_rank_0 = {run_point(s, 1), RunResults{}, run_point(s, 3)};
  std::vector<std::byte> message;
  TwoRanks one(1, &message), zero(0, &message);
  cli::gather_points(one, on_rank_1);
  cli::gather_points(zero, on_rank_0);
  CHECK(on_rank_0[0].seed == 1);
  CHECK(on_rank_0[2].seed == 3);
  return on_rank_0[1];
}

}  // namespace

TEST_CASE("gathered points carry their /summary and, with financing, /balance bit for bit",
          "[cli][sweep][balance]") {
  const Scenario plain = test::two_company_scenario("plain", 0.4);
  const Scenario financed = test::with_financing(plain, 10, 5, Distribution::normal(0.03, 0.01),
                                                 Distribution::normal(0.05, 0.01, 0), 0.2, 0.3);
  for (const Scenario* s : {&financed, &plain}) {
    INFO(s->name);
    const RunResults expected = run_point(*s, 2);
    const RunResults got = gathered_point_1(*s);
    CHECK(got.seed == 2);
    CHECK(got.entities == expected.entities);
    for (const SummaryField& f : kSummaryFields) CHECK(got.*f.values == expected.*f.values);
    for (const QuantileField& f : kQuantileFields) CHECK(got.*f.values == expected.*f.values);
    CHECK(got.never_negative_counts == expected.never_negative_counts);
    CHECK(got.balance.empty() == (s == &plain));
    int fields = 0;
    for_each_balance_field(
        [&](const BalanceField& f, const auto& a, const auto& b) {
          INFO(f.name);
          CHECK(a == b);
          ++fields;
        },
        got.balance, expected.balance);
    CHECK(fields == 2 * kBalanceVarCount + 4 + static_cast<int>(kQuantileVars.size()) +
                        11 * kBalanceEventCount);
  }
}
