//! Samples shaped like capexsim's surplus cells (USD 100 million: both signs, crossing zero, heavy
//! tails, ties), shared by the quantile sketch's tests and its benchmark.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace capexsim::test {

struct SketchSample {
  std::string name;
  std::vector<double> values;
  //! Continuous except at exact zeros, so rank errors are meaningful (an atom at x != 0 is
  //! reported within alpha |x| of x, but never exactly, so its "rank error" is its whole mass).
  bool rank_checked = true;
};

//! n values of each distribution, from a fixed seed.
inline std::vector<SketchSample> sketch_samples(std::size_t n, std::uint64_t seed = 2024) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal;
  std::uniform_real_distribution<double> uniform;
  std::student_t_distribution<double> student(3.0);
  std::vector<SketchSample> s;
  auto make = [&](std::string name, auto draw, bool rank_checked = true) {
    SketchSample sample{std::move(name), std::vector<double>(n), rank_checked};
    for (double& x : sample.values) x = draw();
    s.push_back(std::move(sample));
  };
  make("normal(150, 140), crossing zero", [&] { return 150 + 140 * normal(rng); });
  make("lognormal(ln 300, 0.6)", [&] { return 300 * std::exp(0.6 * normal(rng)); });
  make("minus lognormal(ln 80, 0.8)", [&] { return -80 * std::exp(0.8 * normal(rng)); });
  make("0.7 normal(250, 90) + 0.3 normal(-150, 60)",
       [&] { return uniform(rng) < 0.7 ? 250 + 90 * normal(rng) : -150 + 60 * normal(rng); });
  make("50 + 80 student-t(3)", [&] { return 50 + 80 * student(rng); });
  make("30% exact zeros, 70% normal(-20, 150)",
       [&] { return uniform(rng) < 0.3 ? 0.0 : -20 + 150 * normal(rng); });
  make(
      "normal(100, 150) rounded to 0.5 (ties)",
      [&] { return 0.5 * std::round(2 * (100 + 150 * normal(rng))); }, false);
  return s;
}

}  // namespace capexsim::test
