// capexsim-draw-floor: the floor of the balance sheet's extra draws (scripts/bench FINANCING=1,
// docs/engine.md "The cost of the balance sheet"). Standalone on purpose: it uses none of
// capexsim's libraries and none of its draw code, only the same generator (Boost's mt19937_64,
// part of the format's reproducibility contract) or a faster one, so that it says what drawing the
// same variates could cost, not what the program's code costs.
//
// Per path and company-year it draws what financing adds: cash_yield ~ Normal(0.035, 0.01) and
// debt_rate ~ Normal(0.05, 0.01), each truncated at 0 (rejection; the cut mass is below 3e-4),
// and with --pert other_flows ~ PERT(-0.9528, -0.0758, 0.1968), the scenarios' values. Methods:
// the normal by a 256-layer ziggurat (Marsaglia & Tsang 2000, "The ziggurat method for generating
// random variables", J. Stat. Softw. 5(8); one 64-bit output per accepted draw: 8 bits pick the
// layer, 52 the abscissa), the PERT as min + (max - min) X / (X + Y) with X, Y gammas by Marsaglia
// & Tsang (2000, ACM TOMS 26(3)) on that normal. The sum of the draws is printed so the compiler
// cannot drop them.
//
// Usage: capexsim-draw-floor [--paths N] [--threads K] [--company-years M] [--pert]
//                            [--generator mt19937_64|xoshiro256pp]
// Prints: "floor: N paths x M company-years, V variates in S s (X ns/path, Y ns/variate) on K
// threads with GENERATOR, checksum C".
#include <boost/random/mersenne_twister.hpp>

#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace {

//! xoshiro256++ (Blackman & Vigna 2019), seeded by splitmix64: a fast 64-bit generator, for
//! the part of the floor that is the generator's.
class Xoshiro256pp {
 public:
  using result_type = std::uint64_t;
  explicit Xoshiro256pp(std::uint64_t seed) {
    for (std::uint64_t& w : s_) {
      seed += 0x9e3779b97f4a7c15ULL;
      std::uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      w = z ^ (z >> 31);
    }
  }
  std::uint64_t operator()() {
    const std::uint64_t result = rotl(s_[0] + s_[3], 23) + s_[0];
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::array<std::uint64_t, 4> s_{};
};

//! The 256-layer ziggurat's tables: layer i spans [0, x[i]) at density f[i] = exp(-x[i]^2 / 2);
//! x[0] = V / f(R) (the base strip and tail), x[1] = R, x[256] = 0.
struct Ziggurat {
  static constexpr double kR = 3.6541528853610088;
  static constexpr double kV = 0.00492867323399;
  std::array<double, 257> x{}, f{};
  Ziggurat() {
    const double fr = std::exp(-0.5 * kR * kR);
    x[0] = kV / fr;
    x[1] = kR;
    for (int i = 1; i < 255; ++i)
      x[i + 1] = std::sqrt(-2.0 * std::log(kV / x[i] + std::exp(-0.5 * x[i] * x[i])));
    x[256] = 0.0;
    for (int i = 0; i < 257; ++i) f[i] = std::exp(-0.5 * x[i] * x[i]);
  }
};
const Ziggurat kZig;

template <class Gen>
double unit(Gen& g) {
  return static_cast<double>(g() >> 11) * 0x1p-53;
}

//! Standard normal by the ziggurat.
template <class Gen>
double normal(Gen& g) {
  for (;;) {
    const std::uint64_t bits = g();
    const auto i = static_cast<std::size_t>(bits & 0xff);
    const double u = 2.0 * (static_cast<double>(bits >> 12) * 0x1p-52) - 1.0;  // [-1, 1)
    const double x = u * kZig.x[i];
    if (std::fabs(x) < kZig.x[i + 1]) return x;
    if (i == 0) {  // the tail beyond R (Marsaglia 1964)
      double t, y;
      do {
        t = -std::log(1.0 - unit(g)) / Ziggurat::kR;
        y = -std::log(1.0 - unit(g));
      } while (2.0 * y < t * t);
      return u < 0 ? -(Ziggurat::kR + t) : Ziggurat::kR + t;
    }
    if (kZig.f[i + 1] + (kZig.f[i] - kZig.f[i + 1]) * unit(g) < std::exp(-0.5 * x * x)) return x;
  }
}

//! Normal(mean, sd) truncated to [0, inf) by rejection.
template <class Gen>
double normal_above_zero(Gen& g, double mean, double sd) {
  for (;;) {
    const double x = mean + sd * normal(g);
    if (x >= 0.0) return x;
  }
}

//! Gamma(shape >= 1, 1), Marsaglia & Tsang.
template <class Gen>
double gamma(Gen& g, double d, double c) {
  for (;;) {
    double x, v;
    do {
      x = normal(g);
      v = 1.0 + c * x;
    } while (v <= 0.0);
    v = v * v * v;
    const double u = unit(g);
    const double x2 = x * x;
    if (u < 1.0 - 0.0331 * x2 * x2) return d * v;
    if (u > 0.0 && std::log(u) < 0.5 * x2 + d * (1.0 - v + std::log(v))) return d * v;
  }
}

struct Pert {
  double lo, span, da, ca, db, cb;
  Pert(double min, double mode, double max) : lo(min), span(max - min) {
    const double alpha = 1.0 + 4.0 * (mode - min) / span, beta = 1.0 + 4.0 * (max - mode) / span;
    da = alpha - 1.0 / 3.0;
    ca = 1.0 / std::sqrt(9.0 * da);
    db = beta - 1.0 / 3.0;
    cb = 1.0 / std::sqrt(9.0 * db);
  }
  template <class Gen>
  double operator()(Gen& g) const {
    const double x = gamma(g, da, ca), y = gamma(g, db, cb);
    return lo + span * (x / (x + y));
  }
};

struct Options {
  std::uint64_t paths = 1000000;
  unsigned threads = 1;
  unsigned company_years = 12;
  bool pert = false;
  std::string generator = "mt19937_64";
};

template <class Gen>
double draw_share(std::uint64_t seed, std::uint64_t paths, const Options& o) {
  Gen g(seed);
  const Pert pert(-0.9528, -0.0758, 0.1968);
  double s = 0;
  for (std::uint64_t p = 0; p < paths; ++p)
    for (unsigned k = 0; k < o.company_years; ++k) {
      s += normal_above_zero(g, 0.035, 0.01);
      s += normal_above_zero(g, 0.05, 0.01);
      if (o.pert) s += pert(g);
    }
  return s;
}

[[noreturn]] void usage(const char* why) {
  std::fprintf(stderr,
               "capexsim-draw-floor: %s\nusage: capexsim-draw-floor [--paths N] [--threads K] "
               "[--company-years M] [--pert] [--generator mt19937_64|xoshiro256pp]\n",
               why);
  std::exit(2);
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage(("missing value after " + a).c_str());
      return argv[++i];
    };
    if (a == "--paths")
      o.paths = std::strtoull(value().c_str(), nullptr, 10);
    else if (a == "--threads")
      o.threads = static_cast<unsigned>(std::strtoul(value().c_str(), nullptr, 10));
    else if (a == "--company-years")
      o.company_years = static_cast<unsigned>(std::strtoul(value().c_str(), nullptr, 10));
    else if (a == "--pert")
      o.pert = true;
    else if (a == "--generator")
      o.generator = value();
    else
      usage(("unknown argument " + a).c_str());
  }
  if (o.paths == 0 || o.company_years == 0) usage("--paths and --company-years must be >= 1");
  if (o.threads == 0) o.threads = std::max(1u, std::thread::hardware_concurrency());
  if (o.generator != "mt19937_64" && o.generator != "xoshiro256pp") usage("unknown --generator");
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse(argc, argv);
  std::vector<double> sums(o.threads, 0.0);
  std::vector<std::thread> workers;
  const auto t0 = std::chrono::steady_clock::now();
  for (unsigned k = 0; k < o.threads; ++k) {
    const std::uint64_t share = o.paths / o.threads + (k < o.paths % o.threads ? 1 : 0);
    workers.emplace_back([&, k, share] {
      sums[k] = o.generator == "mt19937_64"
                    ? draw_share<boost::random::mt19937_64>(20240818 + k, share, o)
                    : draw_share<Xoshiro256pp>(20240818 + k, share, o);
    });
  }
  for (std::thread& w : workers) w.join();
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  double checksum = 0;
  for (double x : sums) checksum += x;
  const double per_path = o.company_years * (o.pert ? 3.0 : 2.0);
  const double variates = per_path * static_cast<double>(o.paths);
  std::printf(
      "floor: %llu paths x %u company-years, %.0f variates in %.3f s (%.1f ns/path, %.2f "
      "ns/variate) on %u threads with %s, checksum %.6f\n",
      static_cast<unsigned long long>(o.paths), o.company_years, variates, s,
      s * 1e9 / static_cast<double>(o.paths), s * 1e9 / variates, o.threads, o.generator.c_str(),
      checksum);
  return 0;
}
