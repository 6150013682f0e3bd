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

template <std::size_t N>
HWY_INLINE V poly(const double (&c)[N], V x) {
  const D d;
  V y = hn::Set(d, c[N - 1]);
  for (std::size_t i = N - 1; i-- > 0;) y = hn::MulAdd(y, x, hn::Set(d, c[i]));
  return y;
}

//! The same polynomial by Estrin's scheme: more multiplications, a dependency chain of
//! log2(N) steps instead of N (the long polynomials of Giles' method are latency-bound).
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

//! Wichura (1988), "Algorithm AS 241: the percentage points of the normal distribution",
//! PPND16: about 1e-16 relative. The tails are computed only when a lane needs them.
HWY_INLINE V inv_normal(V u) {
  static constexpr double a[] = {3.3871328727963666080e0,  1.3314166789178437745e+2,
                                 1.9715909503065514427e+3, 1.3731693765509461125e+4,
                                 4.5921953931549871457e+4, 6.7265770927008700853e+4,
                                 3.3430575583588128105e+4, 2.5090809287301226727e+3};
  static constexpr double b[] = {1.0,
                                 4.2313330701600911252e+1,
                                 6.8718700749205790830e+2,
                                 5.3941960214247511077e+3,
                                 2.1213794301586595867e+4,
                                 3.9307895800092710610e+4,
                                 2.8729085735721942674e+4,
                                 5.2264952788528545610e+3};
  static constexpr double c[] = {1.42343711074968357734e0,  4.63033784615654529590e0,
                                 5.76949722146069140550e0,  3.64784832476320460504e0,
                                 1.27045825245236838258e0,  2.41780725177450611770e-1,
                                 2.27238449892691845833e-2, 7.74545014278341407640e-4};
  static constexpr double dd[] = {1.0,
                                  2.05319162663775882187e0,
                                  1.67638483018380384940e0,
                                  6.89767334985100004550e-1,
                                  1.48103976427480074590e-1,
                                  1.51986665636164571966e-2,
                                  5.47593808499534494600e-4,
                                  1.05075007164441684324e-9};
  static constexpr double e[] = {6.65790464350110377720e0,  5.46378491116411436990e0,
                                 1.78482653991729133580e0,  2.96560571828504891230e-1,
                                 2.65321895265761230930e-2, 1.24266094738807843860e-3,
                                 2.71155556874348757815e-5, 2.01033439929228813265e-7};
  static constexpr double f[] = {1.0,
                                 5.99832206555887937690e-1,
                                 1.36929880922735805310e-1,
                                 1.48753612908506148525e-2,
                                 7.86869131145613259100e-4,
                                 1.84631831751005468180e-5,
                                 1.42151175831644588870e-7,
                                 2.04426310338993978564e-15};
  const D d;
  const V q = hn::Sub(u, hn::Set(d, 0.5));
  const V r = hn::NegMulAdd(q, q, hn::Set(d, 0.180625));
  V num = hn::Mul(q, poly(a, r)), den = poly(b, r);
  const auto tail = hn::Gt(hn::Abs(q), hn::Set(d, 0.425));
  if (!hn::AllFalse(d, tail)) {  // one division for both regions: the rationals are blended
    const V p = hn::Min(u, hn::Sub(hn::Set(d, 1.0), u));
    const V s = hn::Sqrt(hn::Neg(hn::Log(d, p)));
    const auto far = hn::Gt(s, hn::Set(d, 5.0));
    const V s1 = hn::Sub(s, hn::Set(d, 1.6));
    V tn = poly(c, s1), td = poly(dd, s1);
    if (!hn::AllFalse(d, hn::And(far, tail))) {
      const V s2 = hn::Sub(s, hn::Set(d, 5.0));
      tn = hn::IfThenElse(far, poly(e, s2), tn), td = hn::IfThenElse(far, poly(f, s2), td);
    }
    num = hn::IfThenElse(tail, hn::CopySign(tn, q), num), den = hn::IfThenElse(tail, td, den);
  }
  const V x = hn::Div(num, den);
  return x;
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

//! The normal score of u by the column's method.
HWY_INLINE V normal_score(const ColumnKernel& k, V u) {
  return k.erfinv ? giles(*k.erfinv, u) : inv_normal(u);
}

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

void InverseNormal(const ErfinvPoly* p, const double* u, std::size_t n, double* out) {
  const D d;
  ColumnKernel k;
  k.erfinv = p;
  for (std::size_t i = 0; i < n; i += hn::Lanes(d))
    hn::StoreU(normal_score(k, hn::LoadU(d, u + i)), d, out + i);
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

void inverse_normal(const ErfinvPoly* method, const double* u, std::size_t n, double* out) {
  HWY_DYNAMIC_DISPATCH(InverseNormal)(method, u, n, out);
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
