#include "sim/mean_var.h"

#include <algorithm>

namespace capexsim {

// Function multiversioning (GCC and Clang on x86-64 with glibc): an AVX2 clone chosen at load
// time where the CPU has it. Only subtractions, additions and multiplications, one per
// instruction on each element (no FMA: AVX2 does not enable it), so every clone gives the same
// bits.
#if defined(__x86_64__) && defined(__GNUC__) && defined(__gnu_linux__)
__attribute__((target_clones("avx2", "default")))
#endif
void add_shifted(const double* x, std::size_t n, bool first, double* shift, double* sum,
                 double* sum_sq) {
  if (first) std::copy(x, x + n, shift);
  for (std::size_t i = 0; i < n; ++i) {
    const double d = x[i] - shift[i];
    sum[i] += d;
    sum_sq[i] += d * d;
  }
}

}  // namespace capexsim
