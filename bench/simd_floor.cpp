// capexsim-simd-floor: the floor of a scenario's draws (issue 15; scripts/bench, docs/engine.md
// "The floor"). Standalone on purpose: none of capexsim's libraries and none of its draw code.
// It draws the scenario's exact mix of columns (`capexsim draws --columns SCENARIO > FILE`, one
// per company, year and drawn parameter) by the fastest method known here: counter-based
// uniforms (Philox4x32-10 keyed by seed and column, the path's group as counter) turned into
// variates by inversion on SIMD lanes (Highway, the CPU's best target chosen at run time):
// Giles' method for the normal score (floor_erfinv.h), closed forms for uniform, triangular and
// lognormal, a quintic table in the normal score for beta, PERT and Student's t. The paths are
// drawn in batches of 256, column by column, into one buffer whose values are summed so that none
// can be dropped.
//
// Usage: capexsim-simd-floor --columns FILE [--paths N] [--threads K] [--seed S]
//        capexsim-simd-floor --columns FILE --check    (exit 1 when a check fails)
//        capexsim-simd-floor --generators              (uniform generators compared)
//        --target avx3|avx2|sse4|scalar caps the SIMD target (default: the best the CPU has)
// Prints: "simd floor: N paths x C columns, V variates in S s (X ns/path, Y ns/variate; thread
// CPU Z ns/path) on K threads, TARGET; tables built in T ms; checksum C".
#include <Random123/philox.h>
#include <Random123/threefry.h>
#include <time.h>

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <boost/random/lagged_fibonacci.hpp>
#include <boost/random/mersenne_twister.hpp>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>
#include <thread>
#include <vector>

#include "bench/floor_columns.h"
#include "bench/floor_erfinv.h"
#include "bench/simd_kernels.h"

namespace capexsim_floor {
namespace {

constexpr std::size_t kBatchGroups = 16;  // 256 paths a batch

struct Options {
  std::string columns;
  std::uint64_t paths = 1000000, seed = 1;
  int threads = 1;
  bool check = false, generators = false;
};

double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

//! Sums v[0..n) in 8 independent chains (n a multiple of 8).
double sum(const double* v, std::size_t n) {
  double s[8] = {};
  for (std::size_t i = 0; i < n; i += 8)
    for (int j = 0; j < 8; ++j) s[j] += v[i + static_cast<std::size_t>(j)];
  return ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7]));
}

int time_draws(const Options& o) {
  const auto t0 = std::chrono::steady_clock::now();
  const std::vector<FloorColumn> columns = read_columns(o.columns, erfinv_poly());
  const double build_ms = 1e3 * seconds_since(t0);
  const std::uint64_t groups = (o.paths + kGroupPaths - 1) / kGroupPaths;
  const auto k = static_cast<std::uint64_t>(o.threads);
  std::vector<double> sums(k, 0.0), cpu(k, 0.0);
  const auto t1 = std::chrono::steady_clock::now();
  std::vector<std::thread> pool;
  for (std::uint64_t t = 0; t < k; ++t)
    pool.emplace_back([&, t] {
      const double c0 = thread_cpu_seconds();
      std::vector<double> buf(kBatchGroups * kGroupPaths);
      double s = 0;
      for (std::uint64_t g = groups * t / k; g < groups * (t + 1) / k; g += kBatchGroups) {
        const std::size_t n = std::min<std::uint64_t>(kBatchGroups, groups * (t + 1) / k - g);
        for (std::size_t c = 0; c < columns.size(); ++c) {
          fill_column(columns[c].kernel, o.seed, static_cast<std::uint32_t>(c), g, n, buf.data());
          s += sum(buf.data(), n * kGroupPaths);
        }
      }
      sums[t] = s;
      cpu[t] = thread_cpu_seconds() - c0;
    });
  for (std::thread& th : pool) th.join();
  const double wall = seconds_since(t1);
  double checksum = 0, cpu_s = 0;
  for (std::uint64_t t = 0; t < k; ++t) checksum += sums[t], cpu_s += cpu[t];
  const double paths = static_cast<double>(groups * kGroupPaths);
  const double variates = paths * static_cast<double>(columns.size());
  std::printf(
      "simd floor: %llu paths x %zu columns, %.0f variates in %.3f s (%.1f ns/path, %.2f "
      "ns/variate; thread CPU %.1f ns/path) on %d threads, %s; tables built in %.1f ms; "
      "checksum %.17g\n",
      static_cast<unsigned long long>(groups * kGroupPaths), columns.size(), variates, wall,
      wall * 1e9 / paths, wall * 1e9 / variates, cpu_s * 1e9 / paths, o.threads, simd_target(),
      build_ms, checksum);
  return 0;
}

//! (k + 1/2) 2^-52 from the top 52 bits of w, as the kernels do.
double uniform_of(std::uint64_t w) { return (static_cast<double>(w >> 12) + 0.5) * 0x1p-52; }

//! The SIMD Philox against Random123's, bit for bit.
bool check_philox() {
  using Philox = r123::Philox4x32;
  constexpr std::size_t kGroups = 64;
  std::vector<double> got(kGroups * kGroupPaths);
  std::size_t compared = 0, wrong = 0;
  for (std::uint64_t seed : {1ULL, (1ULL << 40) + 7, 0xdeadbeefcafebabeULL})
    for (std::uint32_t column : {0U, 5U, 41U})
      for (std::uint64_t first : {0ULL, 12345678901ULL}) {
        fill_uniforms(seed, column, first, kGroups, got.data());
        for (std::size_t g = 0; g < kGroups; ++g)
          for (std::size_t j = 0; j < kGroupPaths / 2; ++j) {
            const std::uint64_t counter = (first + g) * (kGroupPaths / 2) + j;
            const Philox::ctr_type ctr = {{static_cast<std::uint32_t>(counter),
                                           static_cast<std::uint32_t>(counter >> 32),
                                           static_cast<std::uint32_t>(seed >> 32), 0}};
            const Philox::key_type key = {{static_cast<std::uint32_t>(seed), column}};
            const Philox::ctr_type x = Philox()(ctr, key);
            const double a = uniform_of(x[0] | (std::uint64_t{x[1]} << 32));
            const double b = uniform_of(x[2] | (std::uint64_t{x[3]} << 32));
            wrong += got[g * kGroupPaths + j] != a;
            wrong += got[g * kGroupPaths + kGroupPaths / 2 + j] != b;
            compared += 2;
          }
      }
  std::printf("philox: %zu uniforms against Random123's Philox4x32-10, %zu differ\n", compared,
              wrong);
  return wrong == 0;
}

//! The normal score on SIMD lanes against Boost.Math's normal quantile, over the whole range of u.
bool check_inverse_normal() {
  std::vector<double> u;
  for (int i = 1; i < 1 << 16; ++i) u.push_back(i * 0x1p-16);
  for (int e = 17; e <= 53; ++e)
    for (double m : {1.0, 1.5, 1.9})
      u.push_back(m * std::ldexp(1.0, -e)), u.push_back(1 - m * std::ldexp(1.0, -e));
  while (u.size() % 8) u.push_back(0.5);
  std::vector<double> z(u.size());
  inverse_normal(erfinv_poly(), u.data(), u.size(), z.data());
  const boost::math::normal n;
  double worst = 0;
  for (std::size_t i = 0; i < u.size(); ++i) {
    const double want =
        u[i] <= 0.5 ? boost::math::quantile(n, u[i]) : -boost::math::quantile(n, 1 - u[i]);
    worst = std::max(worst, std::abs(z[i] - want) / std::max(1e-300, std::abs(want)));
  }
  std::printf("normal score: %zu points in [2^-53, 1 - 2^-53], max relative error %.2g\n", u.size(),
              worst);
  return worst <= 1e-14;
}

//! Kolmogorov-Smirnov of 2^18 draws of every column against its exact CDF, and each table's
//! interpolation error. The critical value 2.23 / sqrt(n) has P(reject) = 1e-4 per column.
bool check_columns(const Options& o) {
  const std::vector<FloorColumn> columns = read_columns(o.columns, erfinv_poly());
  constexpr std::size_t kGroups = 1 << 14;
  const double n = kGroups * kGroupPaths;
  std::vector<double> x(kGroups * kGroupPaths);
  bool ok = true;
  double worst_d = 0, worst_table = 0;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    const FloorColumn& col = columns[c];
    fill_column(col.kernel, o.seed, static_cast<std::uint32_t>(c), 0, kGroups, x.data());
    std::sort(x.begin(), x.end());
    double d = 0;  // over runs of equal values, so that a discrete column is measured too
    for (std::size_t i = 0, j = 0; i < x.size(); i = j) {
      while (j < x.size() && x[j] == x[i]) ++j;
      const double below = col.cdf(std::nextafter(x[i], -INFINITY)), at = col.cdf(x[i]);
      d = std::max({d, std::abs(static_cast<double>(i) / n - below),
                    std::abs(static_cast<double>(j) / n - at)});
    }
    double table_error = 0;
    if (col.table) table_error = col.table->max_error(col.exact);
    const bool pass = d * std::sqrt(n) < 2.23 && table_error <= 1e-9;
    if (!pass)
      std::printf("FAIL %s: KS sqrt(n) D = %.3f, table error %.2g\n", col.text.c_str(),
                  d * std::sqrt(n), table_error);
    ok = ok && pass;
    worst_d = std::max(worst_d, d * std::sqrt(n));
    worst_table = std::max(worst_table, table_error);
  }
  std::printf(
      "columns: %zu, %.0f draws each: largest KS sqrt(n) D %.3f (critical 2.23), largest table "
      "error %.2g (bound 1e-9)\n",
      columns.size(), n, worst_d, worst_table);
  return ok;
}

//! Nanoseconds per uniform of each generator filling a buffer, best of 3 (one thread).
template <class Fill>
double ns_per_uniform(Fill fill) {
  constexpr std::size_t kBuf = 4096, kRounds = 4096;
  std::vector<double> buf(kBuf);
  double best = 1e300, sink = 0;
  for (int r = 0; r < 3; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < kRounds; ++i) fill(buf.data(), kBuf, i), sink += buf[i % kBuf];
    best = std::min(best, seconds_since(t0) * 1e9 / (kBuf * kRounds));
  }
  if (sink == 0.125) std::printf(" ");  // keeps the fills
  return best;
}

int compare_generators() {
  boost::random::mt19937_64 mt(1);
  boost::random::lagged_fibonacci607 lf(1);
  std::printf("uniforms in (0, 1), one thread, a buffer of 4096 filled 4096 times, best of 3\n");
  std::printf("%-44s %10s\n", "generator", "ns/uniform");
  const auto row = [](const char* name, double ns) { std::printf("%-44s %10.3f\n", name, ns); };
  row("boost mt19937_64 (53 bits)", ns_per_uniform([&](double* b, std::size_t n, std::size_t) {
        for (std::size_t i = 0; i < n; ++i) b[i] = static_cast<double>(mt() >> 11) * 0x1p-53;
      }));
  row("boost lagged_fibonacci607 (48 bits)",
      ns_per_uniform([&](double* b, std::size_t n, std::size_t) {
        for (std::size_t i = 0; i < n; ++i) b[i] = lf();
      }));
  row("Random123 Philox4x32-10, scalar (52 bits)",
      ns_per_uniform([](double* b, std::size_t n, std::size_t round) {
        r123::Philox4x32 g;
        const r123::Philox4x32::key_type key = {{1, 0}};
        for (std::size_t i = 0; i < n; i += 2) {
          const std::uint64_t c = round * n + i;
          const r123::Philox4x32::ctr_type x =
              g({{static_cast<std::uint32_t>(c), static_cast<std::uint32_t>(c >> 32), 0, 0}}, key);
          b[i] = uniform_of(x[0] | (std::uint64_t{x[1]} << 32));
          b[i + 1] = uniform_of(x[2] | (std::uint64_t{x[3]} << 32));
        }
      }));
  row("Random123 Threefry4x64-20, scalar (52 bits)",
      ns_per_uniform([](double* b, std::size_t n, std::size_t round) {
        r123::Threefry4x64 g;
        const r123::Threefry4x64::key_type key = {{1, 0, 0, 0}};
        for (std::size_t i = 0; i < n; i += 4) {
          const r123::Threefry4x64::ctr_type x = g({{round * n + i, 0, 0, 0}}, key);
          for (int j = 0; j < 4; ++j) b[i + static_cast<std::size_t>(j)] = uniform_of(x[j]);
        }
      }));
  const std::string simd = std::string("Philox4x32-10 on SIMD lanes, ") + simd_target();
  row(simd.c_str(), ns_per_uniform([](double* b, std::size_t n, std::size_t round) {
        fill_uniforms(1, 0, round * n / kGroupPaths, n / kGroupPaths, b);
      }));
  return 0;
}

int usage(const char* why) {
  std::fprintf(stderr,
               "capexsim-simd-floor: %s\nusage: capexsim-simd-floor --columns FILE [--paths N] "
               "[--threads K] [--seed S] [--target T] [--check] | --generators\n",
               why);
  return 2;
}

int run(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const auto value = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
    if (a == "--check") {
      o.check = true;
    } else if (a == "--generators") {
      o.generators = true;
    } else if (a == "--target") {
      const char* v = value();
      if (!v || !limit_target(v))
        return usage("--target: best, avx3, avx2, sse4 or scalar, one this CPU has");
    } else if (a == "--columns" || a == "--paths" || a == "--threads" || a == "--seed") {
      const char* v = value();
      if (!v) return usage((a + " needs a value").c_str());
      if (a == "--columns") {
        o.columns = v;
        continue;
      }
      char* end = nullptr;
      const unsigned long long n = std::strtoull(v, &end, 10);
      if (*end != '\0' || n == 0) return usage((a + " must be a positive integer").c_str());
      if (a == "--paths") o.paths = n;
      if (a == "--threads") o.threads = static_cast<int>(std::min(n, 4096ULL));
      if (a == "--seed") o.seed = n;
    } else {
      return usage(("unknown argument " + a).c_str());
    }
  }
  if (o.generators) return compare_generators();
  if (o.columns.empty()) return usage("--columns FILE is required");
  if (!o.check) return time_draws(o);
  const bool ok = check_philox() & check_inverse_normal() & check_columns(o);
  std::printf("%s\n", ok ? "all checks passed" : "CHECK FAILED");
  return ok ? 0 : 1;
}

}  // namespace
}  // namespace capexsim_floor

int main(int argc, char** argv) {
  try {
    return capexsim_floor::run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "capexsim-simd-floor: %s\n", e.what());
    return 2;
  }
}
