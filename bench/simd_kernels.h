// The SIMD kernels of the standalone floor benchmark (bench/simd_floor.cpp): Philox4x32-10
// uniforms keyed by (seed, column) with the path's group as counter, turned into variates by
// inversion on SIMD lanes (Highway, dispatched at run time to the best target the CPU has).
#pragma once

#include <cstddef>
#include <cstdint>

namespace capexsim_floor {

struct ErfinvPoly;

//! Paths per Philox group: one group is 8 counters, each giving two 52-bit uniforms (paths j
//! and 8 + j of the group), whatever the SIMD width, so a path's uniform is the same on every
//! target.
inline constexpr std::size_t kGroupPaths = 16;

//! How a column's uniform u becomes its variate.
enum class Transform : unsigned char {
  uniform,     //!< a + b u
  normal,      //!< a + b Phi^-1(c + d u): c = Phi(lo), d = Phi(hi) - Phi(lo), lo/hi standardized
  lognormal,   //!< c + exp(a + b Phi^-1(u))
  triangular,  //!< u < c ? a + sqrt(u d) : b - sqrt((1 - u) e)
  table,       //!< a + b T(Phi^-1(u)), T a piecewise quintic in the normal score (FloorTable)
  empirical    //!< values[floor(u n)]
};

//! A column's transform and its parameters, built once (bench/floor_columns.h).
struct ColumnKernel {
  Transform transform = Transform::uniform;
  bool reflect = false;  //!< normal: draw -x of the mirrored truncation (for an upper-tail cut)
  //! The normal score's polynomials (floor_erfinv.h); required by normal, lognormal, table.
  const ErfinvPoly* erfinv = nullptr;
  double a = 0, b = 1, c = 0, d = 0, e = 0;
  // table: cell i holds y = coef[k][i] s^k (k = 0..5) for z in [z0 + i h, z0 + (i + 1) h)
  const double* coef[6] = {};
  double z0 = 0, inv_h = 0;
  std::size_t cells = 0;
  // empirical
  const double* values = nullptr;
  std::size_t n = 0;
};

//! Writes `groups` groups of kGroupPaths variates of column `column`, starting at group
//! `first_group`, to out[0 .. groups * kGroupPaths).
void fill_column(const ColumnKernel& kernel, std::uint64_t seed, std::uint32_t column,
                 std::uint64_t first_group, std::size_t groups, double* out);

//! The uniforms alone (transform uniform with a = 0, b = 1): for the check against Random123.
void fill_uniforms(std::uint64_t seed, std::uint32_t column, std::uint64_t first_group,
                   std::size_t groups, double* out);

//! Phi^-1(u[i]) for i < n (n a multiple of 8) on SIMD lanes, by Giles' method with the
//! polynomials `p`.
void inverse_normal(const ErfinvPoly& p, const double* u, std::size_t n, double* out);

//! The SIMD target dispatched to on this CPU, e.g. "AVX3".
const char* simd_target();

//! Caps the dispatch at `name` (avx3, avx2, sse4 or scalar; best: no cap); false for a name
//! unknown or a target this binary or CPU lacks.
bool limit_target(const char* name);

}  // namespace capexsim_floor
