// Saltelli design with the Jansen estimators (Saltelli, Annoni, Azzini, Campolongo, Ratto &
// Tarantola 2010, "Variance based sensitivity analysis of model output. Design and estimator
// for the total sensitivity index", Comput. Phys. Commun. 181, 259-270; Jansen 1999, "Analysis
// of variance designs for model output", Comput. Phys. Commun. 117, 35-43).
//
// Two independent N x d matrices of uniforms A and B, and for each group i the matrix A_B^(i):
// A with group i's columns taken from B. With V the variance of f over the 2N rows of A and B,
//   first order  S_i  = (V - 1/(2N) sum_j (f(B)_j - f(A_B^(i))_j)^2) / V
//   total        S_Ti = 1/(2N) sum_j (f(A)_j - f(A_B^(i))_j)^2 / V
// both Jansen's (1999) forms, as listed in Saltelli et al. (2010), Table 2 (the total's is (f)),
// at N (groups + 2) evaluations. f(B) and f(A_B^(i)) share only group i, so half their mean
// squared difference is V - V_i; f(A) and f(A_B^(i)) share everything but group i, so half
// theirs is E[V(Y | X_~i)] = V S_Ti.
//
// Rows of A and B are plain Monte Carlo uniforms, drawn in blocks of kSobolRowBlock rows from
// streams keyed by (seed, block) (sim/streams.h), so no number depends on which thread ran
// which block. Intervals: the nonparametric bootstrap over the N rows (Efron & Tibshirani 1993,
// ch. 13, percentile intervals): each resample draws N rows with replacement from its own
// stream keyed by (seed, resample) and weighs every row by its multiplicity, so the sums run
// over the rows in order; every sum has a fixed order.
#include "analysis/sobol_indices.h"

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>
#include <tuple>

#include "models/errors.h"
#include "sim/quantiles.h"
#include "sim/streams.h"

namespace capexsim {
namespace {

const std::uint64_t kStreamA = fnv1a64("sobol indices A");
const std::uint64_t kStreamB = fnv1a64("sobol indices B");
const std::uint64_t kStreamBootstrap = fnv1a64("sobol indices bootstrap");
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

//! Uniform on the open interval (0, 1): 53-bit cell midpoints, never 0 or 1.
double open_unit(std::uint64_t bits) { return (static_cast<double>(bits >> 11) + 0.5) * 0x1p-53; }

//! Uniform integer in [0, n) without modulo bias (rejection of the top partial range).
std::uint64_t below(Rng& rng, std::uint64_t n) {
  const std::uint64_t limit = UINT64_MAX - UINT64_MAX % n;
  std::uint64_t x;
  do x = rng();
  while (x >= limit);
  return x % n;
}

void validate(std::size_t d, const std::vector<std::vector<std::size_t>>& groups,
              const SobolOptions& o) {
  if (o.n < 2) throw InputError("sobol indices need at least 2 base rows");
  if (d == 0 || groups.empty()) throw InputError("sobol indices need an input");
  std::vector<bool> used(d, false);
  for (const auto& g : groups) {
    if (g.empty()) throw InputError("sobol indices: an empty group");
    for (std::size_t col : g) {
      if (col >= d || used[col])
        throw InputError("sobol indices: column " + std::to_string(col) +
                         " is out of range or in two groups");
      used[col] = true;
    }
  }
}

//! The model's outputs on A, B and every A_B^(i) ([group][row]).
struct Evaluations {
  std::vector<double> a, b, ab;
};

Evaluations evaluate(std::size_t d, const std::vector<std::vector<std::size_t>>& groups,
                     const BatchModel& model, const SobolOptions& o) {
  const std::size_t N = o.n, G = groups.size();
  Evaluations ev;
  ev.a.resize(N);
  ev.b.resize(N);
  ev.ab.resize(G * N);
  const std::uint64_t blocks = (o.n + kSobolRowBlock - 1) / kSobolRowBlock;
  tbb::parallel_for(tbb::blocked_range<std::uint64_t>(0, blocks, 1),
                    [&](const tbb::blocked_range<std::uint64_t>& range) {
                      for (std::uint64_t blk = range.begin(); blk != range.end(); ++blk) {
                        const std::size_t first = blk * kSobolRowBlock;
                        const std::size_t m = std::min<std::size_t>(kSobolRowBlock, N - first);
                        std::vector<double> a(m * d), b(m * d), mixed;
                        Rng ra = make_stream(o.seed, blk, kStreamA),
                            rb = make_stream(o.seed, blk, kStreamB);
                        for (double& u : a) u = open_unit(ra());
                        for (double& u : b) u = open_unit(rb());
                        model(a, std::span<double>(ev.a).subspan(first, m));
                        model(b, std::span<double>(ev.b).subspan(first, m));
                        for (std::size_t i = 0; i < G; ++i) {
                          mixed = a;
                          for (std::size_t r = 0; r < m; ++r)
                            for (std::size_t col : groups[i]) mixed[r * d + col] = b[r * d + col];
                          model(mixed, std::span<double>(ev.ab).subspan(i * N + first, m));
                        }
                      }
                    });
  return ev;
}

//! Mean and variance (denominator 2N - 1) of the outputs on A and B, each row r counted w[r]
//! times, two-pass.
std::pair<double, double> mean_variance(const Evaluations& ev, const std::vector<double>& w) {
  const std::size_t N = ev.a.size();
  double sum = 0;
  for (std::size_t r = 0; r < N; ++r) sum += w[r] * (ev.a[r] + ev.b[r]);
  const double mean = sum / (2.0 * static_cast<double>(N));
  double ss = 0;
  for (std::size_t r = 0; r < N; ++r)
    ss += w[r] * ((ev.a[r] - mean) * (ev.a[r] - mean) + (ev.b[r] - mean) * (ev.b[r] - mean));
  return {mean, ss / (2.0 * static_cast<double>(N) - 1.0)};
}

//! S_i and S_Ti of every group into first / total, each row r counted w[r] times (all ones for
//! the estimate, a resample's multiplicities for the bootstrap). Four partial sums, added in a
//! fixed order, keep the additions independent enough to pipeline.
void estimate(const Evaluations& ev, std::size_t G, const std::vector<double>& w, double* first,
              double* total, double* variance = nullptr, double* mean = nullptr) {
  const std::size_t N = ev.a.size();
  const auto [m, V] = mean_variance(ev, w);
  if (variance) *variance = V;
  if (mean) *mean = m;
  const double denom = 2.0 * static_cast<double>(N) * V;
  const bool varies = V > 0 && std::isfinite(V);
  const double *a = ev.a.data(), *b = ev.b.data();
  for (std::size_t i = 0; i < G; ++i) {
    const double* ab = &ev.ab[i * N];
    double sa[4] = {0, 0, 0, 0}, sb[4] = {0, 0, 0, 0};
    auto add = [&](std::size_t r, double& to_a, double& to_b) {
      const double da = a[r] - ab[r], db = b[r] - ab[r];
      to_a += w[r] * da * da;
      to_b += w[r] * db * db;
    };
    std::size_t r = 0;
    for (; r + 4 <= N; r += 4)
      for (std::size_t l = 0; l < 4; ++l) add(r + l, sa[l], sb[l]);
    for (; r < N; ++r) add(r, sa[0], sb[0]);
    first[i] = varies ? 1.0 - ((sb[0] + sb[1]) + (sb[2] + sb[3])) / denom : kNaN;
    total[i] = varies ? ((sa[0] + sa[1]) + (sa[2] + sa[3])) / denom : kNaN;
  }
}

//! Standard deviation (denominator B - 1) of column i of the B x G replicates.
double column_sd(const std::vector<double>& rep, std::size_t B, std::size_t G, std::size_t i) {
  if (B < 2) return kNaN;
  double sum = 0;
  for (std::size_t k = 0; k < B; ++k) sum += rep[k * G + i];
  const double mean = sum / static_cast<double>(B);
  double ss = 0;
  for (std::size_t k = 0; k < B; ++k) ss += (rep[k * G + i] - mean) * (rep[k * G + i] - mean);
  return std::sqrt(ss / static_cast<double>(B - 1));
}

void bootstrap(const Evaluations& ev, std::size_t G, const SobolOptions& o, SobolIndices& s) {
  const std::size_t B = o.bootstrap, N = o.n;
  for (auto* v : {&s.first_lower, &s.first_upper, &s.first_stderr, &s.total_lower, &s.total_upper,
                  &s.total_stderr})
    v->assign(G, kNaN);
  s.first_sum_lower = s.first_sum_upper = kNaN;
  if (B == 0) return;
  std::vector<double> first(B * G), total(B * G);  // [resample][group]
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, B, 1),
                    [&](const tbb::blocked_range<std::size_t>& range) {
                      std::vector<double> w(N);
                      for (std::size_t k = range.begin(); k != range.end(); ++k) {
                        Rng rng = make_stream(o.seed, k, kStreamBootstrap);
                        std::fill(w.begin(), w.end(), 0.0);
                        for (std::size_t j = 0; j < N; ++j) w[below(rng, N)] += 1.0;
                        estimate(ev, G, w, &first[k * G], &total[k * G]);
                      }
                    });
  const std::vector<double> levels = {0.025, 0.975};
  std::vector<double> column(B);
  for (std::size_t k = 0; k < B; ++k)
    column[k] = std::accumulate(&first[k * G], &first[k * G] + G, 0.0);
  const std::vector<double> sum = quantiles(column, levels);
  s.first_sum_lower = sum[0];
  s.first_sum_upper = sum[1];
  for (std::size_t i = 0; i < G; ++i) {
    for (const auto& [rep, lower, upper, sd] :
         {std::tuple{&first, &s.first_lower, &s.first_upper, &s.first_stderr},
          std::tuple{&total, &s.total_lower, &s.total_upper, &s.total_stderr}}) {
      for (std::size_t k = 0; k < B; ++k) column[k] = (*rep)[k * G + i];
      const std::vector<double> q = quantiles(column, levels);
      (*lower)[i] = q[0];
      (*upper)[i] = q[1];
      (*sd)[i] = column_sd(*rep, B, G, i);
    }
  }
}

}  // namespace

std::vector<std::vector<std::size_t>> singleton_groups(std::size_t d) {
  std::vector<std::vector<std::size_t>> groups(d);
  for (std::size_t i = 0; i < d; ++i) groups[i] = {i};
  return groups;
}

SobolIndices sobol_indices(std::size_t d, const std::vector<std::vector<std::size_t>>& groups,
                           const BatchModel& model, const SobolOptions& options) {
  validate(d, groups, options);
  const std::size_t G = groups.size();
  SobolIndices s;
  s.n = options.n;
  s.bootstrap = options.bootstrap;
  s.seed = options.seed;
  s.evaluations = options.n * (G + 2);
  s.first.resize(G);
  s.total.resize(G);
  tbb::task_arena arena(options.threads > 0 ? options.threads : tbb::task_arena::automatic);
  arena.execute([&] {
    const Evaluations ev = evaluate(d, groups, model, options);
    estimate(ev, G, std::vector<double>(options.n, 1.0), s.first.data(), s.total.data(),
             &s.variance, &s.mean);
    s.first_sum = std::accumulate(s.first.begin(), s.first.end(), 0.0);
    bootstrap(ev, G, options, s);
  });
  return s;
}

}  // namespace capexsim
