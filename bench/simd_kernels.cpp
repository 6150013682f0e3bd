// The floor's SIMD kernels (simd_kernels.h), compiled once per x86 target by Highway's
// foreach_target and dispatched at run time. FMA is used where the target has it: the floor
// asks what the draws could cost, not for one set of bits on every CPU.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "bench/simd_kernels.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
// foreach_target re-includes this file once per target; the includes below follow it.
#include <hwy/contrib/math/math-inl.h>
#include <hwy/highway.h>

#include "bench/floor_erfinv.h"
#include "bench/simd_kernels.h"

#include <numbers>
#include <string>

HWY_BEFORE_NAMESPACE();
namespace capexsim_floor {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

using D = hn::CappedTag<double, 8>;  // 8 counters per group: at most 8 lanes a step
using DU = hn::RebindToUnsigned<D>;
using DI = hn::RebindToSigned<D>;
using V = hn::Vec<D>;
using VU = hn::Vec<DU>;

//! The 64-bit product of two lanes that hold 32-bit values.
HWY_INLINE VU mul32(VU a, VU b) {
#if HWY_TARGET == HWY_SCALAR
  return hn::Set(DU(), hn::GetLane(a) * hn::GetLane(b));
#else
  const hn::Repartition<std::uint32_t, DU> du32;
  return hn::MulEven(hn::BitCast(du32, a), hn::BitCast(du32, b));
#endif
}

//! Philox4x32-10 (Salmon et al. 2011, "Parallel random numbers: as easy as 1, 2, 3") on
//! lanes of 64 bits that each hold one 32-bit word: one MulEven gives the whole 64-bit product.
HWY_INLINE void philox10(VU& c0, VU& c1, VU& c2, VU& c3, std::uint32_t k0, std::uint32_t k1) {
  const DU du;
  const VU m0 = hn::Set(du, 0xD2511F53u), m1 = hn::Set(du, 0xCD9E8D57u);
  const VU low = hn::Set(du, 0xFFFFFFFFull);
  for (int round = 0; round < 10; ++round) {
    if (round > 0) k0 += 0x9E3779B9u, k1 += 0xBB67AE85u;
    const VU p0 = mul32(c0, m0), p1 = mul32(c2, m1);
    const VU n0 = hn::Xor(hn::Xor(hn::ShiftRight<32>(p1), c1), hn::Set(du, k0));
    const VU n2 = hn::Xor(hn::Xor(hn::ShiftRight<32>(p0), c3), hn::Set(du, k1));
    c1 = hn::And(p1, low);
    c3 = hn::And(p0, low);
    c0 = n0;
    c2 = n2;
  }
}

//! (k + 1/2) 2^-52 from the top 52 bits k of w: strictly inside (0, 1), symmetric.
HWY_INLINE V to_uniform(VU w) {
  const D d;
  const DU du;
  const VU bits = hn::Or(hn::ShiftRight<12>(w), hn::Set(du, 0x3FF0000000000000ull));
  return hn::Sub(hn::BitCast(d, bits), hn::Set(d, 1.0 - 0x1p-53));
}

//! c[0] + c[1] t + ... by Estrin's scheme: more multiplications than Horner's, but a dependency
//! chain of log2(N) steps instead of N (Giles' polynomials are long: latency-bound otherwise).
template <std::size_t N>
HWY_INLINE V estrin(const double (&c)[N], V t) {
  const D d;
  V level[(N + 1) / 2];
  for (std::size_t i = 0; i < (N + 1) / 2; ++i)
    level[i] = 2 * i + 1 < N ? hn::MulAdd(hn::Set(d, c[2 * i + 1]), t, hn::Set(d, c[2 * i]))
                             : hn::Set(d, c[2 * i]);
  V x = hn::Mul(t, t);
  for (std::size_t m = (N + 1) / 2; m > 1; m = (m + 1) / 2, x = hn::Mul(x, x)) {
    for (std::size_t i = 0; i < m / 2; ++i)
      level[i] = hn::MulAdd(level[2 * i + 1], x, level[2 * i]);
    if (m % 2) level[m / 2] = level[m - 1];
  }
  return level[0];
}

//! Giles' method (floor_erfinv.h): z = sqrt(2) x P(w), x = 2u - 1, w = -log(4 u (1 - u)); the
//! tails' polynomials only when a lane needs them.
HWY_INLINE V giles(const ErfinvPoly& p, V u) {
  const D d;
  const V one = hn::Set(d, 1.0);
  const V x = hn::Sub(hn::Add(u, u), one);
  const V w = hn::Neg(hn::Log(d, hn::Mul(hn::Mul(hn::Set(d, 4.0), u), hn::Sub(one, u))));
  V r = estrin(p.central, hn::MulSub(w, hn::Set(d, 1 / 3.125), one));
  const auto tail = hn::Ge(w, hn::Set(d, 6.25));
  if (!hn::AllFalse(d, tail)) {
    const V s = hn::Sqrt(w);
    V rt = estrin(p.mid, hn::Mul(hn::Sub(s, hn::Set(d, 3.25)), hn::Set(d, 1 / 0.75)));
    const auto far = hn::Ge(s, hn::Set(d, 4.0));
    if (!hn::AllFalse(d, far))
      rt = hn::IfThenElse(far, estrin(p.far, hn::Sub(s, hn::Set(d, 5.0))), rt);
    r = hn::IfThenElse(tail, rt, r);
  }
  return hn::Mul(hn::Mul(x, r), hn::Set(d, std::numbers::sqrt2));
}

//! The normal score of u.
HWY_INLINE V normal_score(const ColumnKernel& k, V u) { return giles(*k.erfinv, u); }

//! The piecewise quintic in z of a FloorTable: one gather per coefficient.
HWY_INLINE V table(const ColumnKernel& k, V z) {
  const D d;
  const DI di;
  const V top = hn::Set(d, static_cast<double>(k.cells));
  const V t = hn::Min(
      hn::Max(hn::Mul(hn::Sub(z, hn::Set(d, k.z0)), hn::Set(d, k.inv_h)), hn::Zero(d)), top);
  const V cell = hn::Min(hn::Floor(t), hn::Sub(top, hn::Set(d, 1.0)));
  const auto i = hn::ConvertTo(di, cell);
  const V s = hn::Sub(t, cell);
  V y = hn::GatherIndex(d, k.coef[5], i);
  for (int j = 4; j >= 0; --j) y = hn::MulAdd(y, s, hn::GatherIndex(d, k.coef[j], i));
  return y;
}

template <Transform kind>
HWY_INLINE V transform(const ColumnKernel& k, V u) {
  const D d;
  if constexpr (kind == Transform::uniform) {
    return hn::MulAdd(u, hn::Set(d, k.b), hn::Set(d, k.a));
  } else if constexpr (kind == Transform::normal) {
    const V z = normal_score(k, hn::MulAdd(u, hn::Set(d, k.d), hn::Set(d, k.c)));
    return hn::MulAdd(k.reflect ? hn::Neg(z) : z, hn::Set(d, k.b), hn::Set(d, k.a));
  } else if constexpr (kind == Transform::lognormal) {
    const V z = normal_score(k, u);
    return hn::Add(hn::Set(d, k.c), hn::Exp(d, hn::MulAdd(z, hn::Set(d, k.b), hn::Set(d, k.a))));
  } else if constexpr (kind == Transform::triangular) {
    const auto left = hn::Lt(u, hn::Set(d, k.c));
    const V w = hn::IfThenElse(left, hn::Mul(u, hn::Set(d, k.d)),
                               hn::Mul(hn::Sub(hn::Set(d, 1.0), u), hn::Set(d, k.e)));
    const V r = hn::Sqrt(w);
    return hn::IfThenElse(left, hn::Add(hn::Set(d, k.a), r), hn::Sub(hn::Set(d, k.b), r));
  } else if constexpr (kind == Transform::table) {
    return hn::MulAdd(table(k, normal_score(k, u)), hn::Set(d, k.b), hn::Set(d, k.a));
  } else {
    const DI di;
    const V n = hn::Set(d, static_cast<double>(k.n));
    const V i = hn::Min(hn::Floor(hn::Mul(u, n)), hn::Sub(n, hn::Set(d, 1.0)));
    return hn::GatherIndex(d, k.values, hn::ConvertTo(di, i));
  }
}

template <Transform kind>
void fill(const ColumnKernel& k, std::uint64_t seed, std::uint32_t column,
          std::uint64_t first_group, std::size_t groups, double* HWY_RESTRICT out) {
  const D d;
  const DU du;
  const std::size_t N = hn::Lanes(d);
  const VU low = hn::Set(du, 0xFFFFFFFFull);
  const VU seed_hi = hn::Set(du, seed >> 32);
  const auto k0 = static_cast<std::uint32_t>(seed);
  for (std::size_t g = 0; g < groups; ++g, out += kGroupPaths) {
    for (std::size_t s = 0; s < kGroupPaths / 2; s += N) {
      const VU counter =
          hn::Add(hn::Set(du, (first_group + g) * (kGroupPaths / 2) + s), hn::Iota(du, 0));
      VU c0 = hn::And(counter, low), c1 = hn::ShiftRight<32>(counter), c2 = seed_hi;
      VU c3 = hn::Zero(du);
      philox10(c0, c1, c2, c3, k0, column);
      const V ua = to_uniform(hn::Or(c0, hn::ShiftLeft<32>(c1)));
      const V ub = to_uniform(hn::Or(c2, hn::ShiftLeft<32>(c3)));
      hn::StoreU(transform<kind>(k, ua), d, out + s);
      hn::StoreU(transform<kind>(k, ub), d, out + kGroupPaths / 2 + s);
    }
  }
}

void FillColumn(const ColumnKernel& k, std::uint64_t seed, std::uint32_t column,
                std::uint64_t first_group, std::size_t groups, double* out) {
  switch (k.transform) {
    case Transform::uniform:
      return fill<Transform::uniform>(k, seed, column, first_group, groups, out);
    case Transform::normal:
      return fill<Transform::normal>(k, seed, column, first_group, groups, out);
    case Transform::lognormal:
      return fill<Transform::lognormal>(k, seed, column, first_group, groups, out);
    case Transform::triangular:
      return fill<Transform::triangular>(k, seed, column, first_group, groups, out);
    case Transform::table:
      return fill<Transform::table>(k, seed, column, first_group, groups, out);
    case Transform::empirical:
      return fill<Transform::empirical>(k, seed, column, first_group, groups, out);
  }
}

void InverseNormal(const ErfinvPoly& p, const double* u, std::size_t n, double* out) {
  const D d;
  for (std::size_t i = 0; i < n; i += hn::Lanes(d))
    hn::StoreU(giles(p, hn::LoadU(d, u + i)), d, out + i);
}

const char* TargetName() { return hwy::TargetName(HWY_TARGET); }

}  // namespace HWY_NAMESPACE
}  // namespace capexsim_floor
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace capexsim_floor {

HWY_EXPORT(FillColumn);
HWY_EXPORT(InverseNormal);
HWY_EXPORT(TargetName);

void fill_column(const ColumnKernel& kernel, std::uint64_t seed, std::uint32_t column,
                 std::uint64_t first_group, std::size_t groups, double* out) {
  HWY_DYNAMIC_DISPATCH(FillColumn)(kernel, seed, column, first_group, groups, out);
}

void fill_uniforms(std::uint64_t seed, std::uint32_t column, std::uint64_t first_group,
                   std::size_t groups, double* out) {
  fill_column(ColumnKernel{}, seed, column, first_group, groups, out);
}

void inverse_normal(const ErfinvPoly& p, const double* u, std::size_t n, double* out) {
  HWY_DYNAMIC_DISPATCH(InverseNormal)(p, u, n, out);
}

const char* simd_target() { return HWY_DYNAMIC_DISPATCH(TargetName)(); }

bool limit_target(const char* name) {
  const std::string n = name;
  std::int64_t target = 0;
  if (n == "best") return true;
  if (n == "avx3") target = HWY_AVX3;
  if (n == "avx2") target = HWY_AVX2;
  if (n == "sse4") target = HWY_SSE4;
  if (n == "scalar") target = HWY_SCALAR;
  if (target == 0 || (hwy::SupportedTargets() & HWY_TARGETS & target) == 0) return false;
  hwy::DisableTargets(target - 1);  // every better target has a lower bit
  return true;
}

}  // namespace capexsim_floor
#endif  // HWY_ONCE
