//! Wichura's algorithm AS 241, PPND16 (Applied Statistics 37(3), 1988, 477-484): rational
//! approximations of degree 7/7 in q = p - 1/2 for |q| <= 0.425 and in r = sqrt(-log(min(p,
//! 1 - p))) beyond; relative error at most 7.6e-16 from p = 1e-300 to 1 - 1e-16 (measured).
#include "models/inverse_normal.h"

#include <cmath>
#include <limits>

namespace capexsim {
namespace {

// c[0] + c[1] x + ... + c[7] x^7 by Estrin's scheme: half the dependency depth of Horner's.
double poly7(const double (&c)[8], double x) {
  const double x2 = x * x;
  return ((c[0] + c[1] * x) + x2 * (c[2] + c[3] * x)) +
         (x2 * x2) * ((c[4] + c[5] * x) + x2 * (c[6] + c[7] * x));
}

// Coefficients as published (hash sums AB 55.8831928806149014439, CD 49.33206503301610289036,
// EF 47.52583317549289671629 check the transcription; tests/models/test_quantile.cpp checks
// the values against Boost.Math).
constexpr double kA[8] = {3.3871328727963666080e0,  1.3314166789178437745e+2,
                          1.9715909503065514427e+3, 1.3731693765509461125e+4,
                          4.5921953931549871457e+4, 6.7265770927008700853e+4,
                          3.3430575583588128105e+4, 2.5090809287301226727e+3};
constexpr double kB[8] = {1.0,
                          4.2313330701600911252e+1,
                          6.8718700749205790830e+2,
                          5.3941960214247511077e+3,
                          2.1213794301586595867e+4,
                          3.9307895800092710610e+4,
                          2.8729085735721942674e+4,
                          5.2264952788528545610e+3};
constexpr double kC[8] = {1.42343711074968357734e0,  4.63033784615654529590e0,
                          5.76949722146069140550e0,  3.64784832476320460504e0,
                          1.27045825245236838258e0,  2.41780725177450611770e-1,
                          2.27238449892691845833e-2, 7.74545014278341407640e-4};
constexpr double kD[8] = {1.0,
                          2.05319162663775882187e0,
                          1.67638483018380384940e0,
                          6.89767334985100004550e-1,
                          1.48103976427480074590e-1,
                          1.51986665636164571966e-2,
                          5.47593808499534494600e-4,
                          1.05075007164441684324e-9};
constexpr double kE[8] = {6.65790464350110377720e0,  5.46378491116411436990e0,
                          1.78482653991729133580e0,  2.96560571828504891230e-1,
                          2.65321895265761230930e-2, 1.24266094738807843860e-3,
                          2.71155556874348757815e-5, 2.01033439929228813265e-7};
constexpr double kF[8] = {1.0,
                          5.99832206555887937690e-1,
                          1.36929880922735805310e-1,
                          1.48753612908506148525e-2,
                          7.86869131145613259100e-4,
                          1.84631831751005468180e-5,
                          1.42151175831644588870e-7,
                          2.04426310338993978564e-15};

}  // namespace

double inverse_normal(double p) {
  const double q = p - 0.5;
  if (std::abs(q) <= 0.425) {
    const double r = 0.180625 - q * q;
    return q * poly7(kA, r) / poly7(kB, r);
  }
  if (!(p >= 0 && p <= 1)) return std::numeric_limits<double>::quiet_NaN();
  const double tail = q < 0 ? p : 1 - p;
  if (tail == 0)
    return q < 0 ? -std::numeric_limits<double>::infinity()
                 : std::numeric_limits<double>::infinity();
  const double r = std::sqrt(-std::log(tail));
  const double z =
      r <= 5 ? poly7(kC, r - 1.6) / poly7(kD, r - 1.6) : poly7(kE, r - 5) / poly7(kF, r - 5);
  return q < 0 ? -z : z;
}

}  // namespace capexsim
