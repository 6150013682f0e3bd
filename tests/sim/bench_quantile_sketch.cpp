// Benchmark (prints figures; not a test) of the quantile sketch, for docs/streaming.md:
// 1. speed: nanoseconds per QuantileSketch::add() as the engine calls it (a block of 4096 values
//    into each of 15 sketches in turn), one value at a time and a block at a time, against an
//    exact std::log mapping into a plain array and a plain sum of the values;
// 2. accuracy and memory: for 1M values of each test distribution (tests/sim/sketch_samples.h)
//    and of each raw float64 file given (e.g. a run's surplus cells), the worst rank error and
//    relative value error of the quantiles at 0.001 .. 0.999 and the sketch's memory, at the
//    default relative accuracy and at twice it.
// Usage: bench_quantile_sketch [FILE.f64 ...]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <span>
#include <string>
#include <vector>

#include "sim/quantile_sketch.h"
#include "sim/quantiles.h"
#include "sketch_samples.h"

namespace {

using capexsim::QuantileSketch;
constexpr std::size_t kCells = 15, kBlock = 4096, kValues = 1000000;

//! Best of five timings of body(), in ns per value.
template <class Body>
double best_ns(std::size_t values, Body body) {
  double best = 1e300;
  for (int rep = 0; rep < 5; ++rep) {
    const auto t0 = std::chrono::steady_clock::now();
    body();
    const std::chrono::duration<double, std::nano> dt = std::chrono::steady_clock::now() - t0;
    best = std::min(best, dt.count() / static_cast<double>(values));
  }
  return best;
}

//! The engine's order: block by block, each cell's block of values into that cell's sketch.
template <class Add>
void feed(const std::vector<std::vector<double>>& v, Add add) {
  for (std::size_t b = 0; b < kValues; b += kBlock)
    for (std::size_t c = 0; c < kCells; ++c)
      for (std::size_t k = b; k < std::min(kValues, b + kBlock); ++k) add(c, v[c][k]);
}

void speed() {
  // Surplus-like cells: normals crossing zero whose scale grows with the cell.
  std::mt19937_64 rng(1);
  std::vector<std::vector<double>> v(kCells, std::vector<double>(kValues));
  for (std::size_t c = 0; c < kCells; ++c) {
    const auto scale = static_cast<double>(c + 1);
    std::normal_distribution<double> d(100.0 * scale, 150.0 * scale);
    for (double& x : v[c]) x = d(rng);
  }
  const std::size_t values = kValues * kCells;
  std::vector<QuantileSketch> sketches(kCells);
  const double one_ns = best_ns(values, [&] {
    sketches.assign(kCells, QuantileSketch());
    feed(v, [&](std::size_t c, double x) { sketches[c].add(x); });
  });
  const double span_ns = best_ns(values, [&] {
    sketches.assign(kCells, QuantileSketch());
    for (std::size_t b = 0; b < kValues; b += kBlock)
      for (std::size_t c = 0; c < kCells; ++c)
        sketches[c].add(std::span<const double>(v[c].data() + b, std::min(kBlock, kValues - b)));
  });
  // The textbook mapping, ceil(log_gamma |x|), into a fixed array (no bounds, no extremes).
  const double alpha = QuantileSketch::kDefaultRelativeAccuracy;
  const double inv_log_gamma = 1.0 / (std::log1p(alpha) - std::log1p(-alpha));
  std::vector<std::vector<std::uint64_t>> dense(kCells, std::vector<std::uint64_t>(1 << 16));
  const double log_ns = best_ns(values, [&] {
    for (auto& d : dense) std::fill(d.begin(), d.end(), 0);
    feed(v, [&](std::size_t c, double x) {
      const double a = std::abs(x);
      if (a < 1e-2) return;
      const auto i = static_cast<std::int64_t>(std::ceil(std::log(a) * inv_log_gamma));
      ++dense[c][static_cast<std::size_t>(i + (x < 0 ? 32768 : 0)) & 0xffff];
    });
  });
  double sink = 0;
  const double sum_ns =
      best_ns(values, [&] { feed(v, [&](std::size_t, double x) { sink += x; }); });
  std::printf("speed: %zu values into each of %zu sketches (normal, mean 100c, sd 150c)\n", kValues,
              kCells);
  std::printf("  QuantileSketch::add(double):          %.2f ns per value\n", one_ns);
  std::printf("  QuantileSketch::add(span of a block): %.2f ns per value\n", span_ns);
  std::printf("  std::log mapping into a fixed array:  %.2f ns per value\n", log_ns);
  std::printf("  plain sum of the values:              %.2f ns per value (%g)\n", sum_ns, sink);
}

//! Worst rank error, worst relative error (|x| >= 1) over the levels 0.001 .. 0.999, memory.
void accuracy(const std::string& name, const std::vector<double>& v) {
  std::vector<double> sorted = v;
  std::sort(sorted.begin(), sorted.end());
  const auto n = static_cast<double>(v.size());
  std::vector<double> levels;
  for (int i = 1; i <= 999; ++i) levels.push_back(i / 1000.0);
  const std::vector<double> exact = capexsim::quantiles(v, levels);
  std::printf("  %-44s", name.c_str());
  for (double alpha :
       {QuantileSketch::kDefaultRelativeAccuracy, 2 * QuantileSketch::kDefaultRelativeAccuracy}) {
    QuantileSketch s(alpha);
    s.add(std::span<const double>(v));
    double rank = 0, relative = 0;
    for (std::size_t l = 0; l < levels.size(); ++l) {
      const double q = s.quantile(levels[l]);
      const auto lo = std::lower_bound(sorted.begin(), sorted.end(), q) - sorted.begin();
      const auto hi = std::upper_bound(sorted.begin(), sorted.end(), q) - sorted.begin();
      rank = std::max(
          {rank, static_cast<double>(lo) / n - levels[l], levels[l] - static_cast<double>(hi) / n});
      if (std::abs(exact[l]) >= 1)
        relative = std::max(relative, std::abs(q - exact[l]) / std::abs(exact[l]));
    }
    std::printf(" | %7.2e %7.2e %6.1f", rank, relative,
                static_cast<double>(s.memory_bytes()) / 1024.0);
  }
  std::printf("\n");
}

}  // namespace

int main(int argc, char** argv) {
  speed();
  std::printf("accuracy: worst rank error, worst relative error, KiB per sketch; alpha %g | %g\n",
              QuantileSketch::kDefaultRelativeAccuracy,
              2 * QuantileSketch::kDefaultRelativeAccuracy);
  for (const auto& sample : capexsim::test::sketch_samples(kValues))
    accuracy(sample.name + (sample.rank_checked ? "" : " *"), sample.values);
  for (int i = 1; i < argc; ++i) {
    std::ifstream in(argv[i], std::ios::binary | std::ios::ate);
    std::vector<double> v(static_cast<std::size_t>(in.tellg()) / sizeof(double));
    in.seekg(0);
    in.read(reinterpret_cast<char*>(v.data()), static_cast<std::streamsize>(v.size() * 8));
    std::string name = argv[i];
    accuracy(name.substr(name.rfind('/') + 1), v);
  }
  std::printf("(* atoms at nonzero values: rank error is not meaningful, see docs/streaming.md)\n");
  return 0;
}
