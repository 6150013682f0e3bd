//! Bitwise equality of two arrays of doubles: what "the same numbers for any thread count, after
//! a resume, ..." means in the tests (NaN equals NaN, +0 differs from -0).
#pragma once

#include <cstring>
#include <vector>

namespace capexsim::test {

inline bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  // Empty vectors may have null data, which memcmp must not be given.
  return a.size() == b.size() &&
         (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

}  // namespace capexsim::test
