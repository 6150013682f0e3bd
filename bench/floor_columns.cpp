#include "bench/floor_columns.h"

#include <boost/math/distributions/students_t.hpp>
#include <boost/math/special_functions/beta.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <stdexcept>
#include <tuple>

namespace capexsim_floor {

namespace {

// The tabulated range of the normal score: the uniforms reach |z| = 8.13 (u = 2^-53).
constexpr double kZLo = -8.25, kZHi = 8.25, kCell = 1.0 / 32;

using Params = std::map<std::string, double>;

// In double, not long double: the 8 tables of hyperscalers.toml build in 50 ms instead of 370,
// to the same 1e-15.
using Double = boost::math::policies::policy<boost::math::policies::promote_double<false>>;

double get(const Params& p, const std::string& key, const std::string& where) {
  const auto it = p.find(key);
  if (it == p.end()) throw std::runtime_error(where + ": missing " + key);
  return it->second;
}

double opt(const Params& p, const std::string& key, double fallback) {
  const auto it = p.find(key);
  return it == p.end() ? fallback : it->second;
}

//! "key=value, key=value" -> map; empirical's "values=[...]" goes to `values`.
Params parse_params(const std::string& body, std::vector<double>& values,
                    const std::string& where) {
  Params p;
  std::size_t i = 0;
  while (i < body.size()) {
    while (i < body.size() && (body[i] == ' ' || body[i] == ',')) ++i;
    if (i >= body.size()) break;
    const std::size_t eq = body.find('=', i);
    if (eq == std::string::npos) throw std::runtime_error(where + ": expected key=value");
    const std::string key = body.substr(i, eq - i);
    if (key == "values") {
      const std::size_t close = body.find(']', eq);
      if (body[eq + 1] != '[' || close == std::string::npos)
        throw std::runtime_error(where + ": values must be [...]");
      std::string list = body.substr(eq + 2, close - eq - 2);
      std::replace(list.begin(), list.end(), ',', ' ');
      std::size_t pos = 0;
      while (pos < list.size()) {
        char* end = nullptr;
        const double v = std::strtod(list.c_str() + pos, &end);
        if (end == list.c_str() + pos) break;  // "..." ends the shown values
        values.push_back(v);
        pos = static_cast<std::size_t>(end - list.c_str());
      }
      i = close + 1;
      continue;
    }
    char* end = nullptr;
    const double v = std::strtod(body.c_str() + eq + 1, &end);
    if (end == body.c_str() + eq + 1) throw std::runtime_error(where + ": bad number for " + key);
    p[key] = v;
    i = static_cast<std::size_t>(end - body.c_str());
  }
  return p;
}

//! F^-1(Phi(z)) of Beta(a, b), each tail from its own side (ibetac_inv above the median).
std::function<double(double)> beta_of_z(double a, double b) {
  return [a, b](double z) {
    return z <= 0 ? boost::math::ibeta_inv(a, b, normal_cdf(z), Double())
                  : boost::math::ibetac_inv(a, b, normal_cdf(-z), Double());
  };
}

std::function<double(double)> student_t_of_z(double df) {
  return [df](double z) {
    const boost::math::students_t_distribution<double, Double> t(df);
    return z <= 0 ? boost::math::quantile(t, normal_cdf(z))
                  : -boost::math::quantile(t, normal_cdf(-z));
  };
}

class Builder {
 public:
  FloorColumn build(const std::string& text, const std::string& where) {
    // The distribution follows the last tab (`capexsim draws --columns`), else the last space
    // before its parenthesis.
    const std::size_t tab = text.rfind('\t');
    const std::size_t open = text.find('(', tab == std::string::npos ? 0 : tab);
    const std::size_t close = text.rfind(')');
    if (open == std::string::npos || close == std::string::npos || close < open)
      throw std::runtime_error(where + ": expected KIND(key=value, ...)");
    std::size_t start = tab != std::string::npos ? tab : text.rfind(' ', open);
    start = start == std::string::npos ? 0 : start + 1;
    FloorColumn c;
    c.text = text;
    const std::string kind = text.substr(start, open - start);
    std::vector<double> values;
    const Params p = parse_params(text.substr(open + 1, close - open - 1), values, where);
    ColumnKernel& k = c.kernel;
    const auto need = [&](const char* key) { return get(p, key, where); };
    if (kind == "uniform") {
      const double lo = need("min"), hi = need("max");
      k.transform = Transform::uniform, k.a = lo, k.b = hi - lo;
      c.cdf = [lo, hi](double x) { return std::clamp((x - lo) / (hi - lo), 0.0, 1.0); };
    } else if (kind == "normal") {
      const double m = need("mean"), s = need("sd");
      double lo = (opt(p, "min", -INFINITY) - m) / s, hi = (opt(p, "max", INFINITY) - m) / s;
      const double plo = normal_cdf(lo), mass = normal_cdf(hi) - plo;
      c.cdf = [m, s, plo, mass](double x) {
        return std::clamp((normal_cdf((x - m) / s) - plo) / mass, 0.0, 1.0);
      };
      k.transform = Transform::normal, k.a = m, k.b = s;
      k.reflect = lo > 0;  // a cut in the upper tail: invert in the lower one, exactly
      if (k.reflect) std::tie(lo, hi) = std::pair(-hi, -lo);
      k.c = normal_cdf(lo), k.d = normal_cdf(hi) - normal_cdf(lo);
    } else if (kind == "lognormal") {
      const double shift = opt(p, "shift", 0), m = need("mean") - shift, s = need("sd");
      const double s2 = std::log1p(s * s / (m * m)), mu = std::log(m) - s2 / 2;
      k.transform = Transform::lognormal, k.a = mu, k.b = std::sqrt(s2), k.c = shift;
      c.cdf = [mu, sig = k.b, shift](double x) {
        return x <= shift ? 0.0 : normal_cdf((std::log(x - shift) - mu) / sig);
      };
    } else if (kind == "triangular") {
      const double lo = need("min"), mode = need("mode"), hi = need("max");
      k.transform = Transform::triangular, k.a = lo, k.b = hi, k.c = (mode - lo) / (hi - lo);
      k.d = (hi - lo) * (mode - lo), k.e = (hi - lo) * (hi - mode);
      c.cdf = [lo, mode, hi](double x) {
        if (x <= lo) return 0.0;
        if (x >= hi) return 1.0;
        return x <= mode ? (x - lo) * (x - lo) / ((hi - lo) * (mode - lo))
                         : 1 - (hi - x) * (hi - x) / ((hi - lo) * (hi - mode));
      };
    } else if (kind == "pert" || kind == "beta") {
      double a = 0, b = 0, lo = need("min"), hi = need("max");
      if (kind == "pert") {
        const double mode = need("mode"), lambda = opt(p, "lambda", 4);
        a = 1 + lambda * (mode - lo) / (hi - lo), b = 1 + lambda * (hi - mode) / (hi - lo);
      } else {
        a = need("alpha"), b = need("beta");
      }
      c.exact = beta_of_z(a, b);
      c.table = table({0, a, b}, c.exact);
      set_table(k, *c.table, lo, hi - lo);
      c.cdf = [a, b, lo, hi](double x) {
        return x <= lo   ? 0.0
               : x >= hi ? 1.0
                         : boost::math::ibeta(a, b, (x - lo) / (hi - lo), Double());
      };
    } else if (kind == "student_t") {
      const double loc = need("location"), scale = need("scale"), df = need("df");
      c.exact = student_t_of_z(df);
      c.table = table({1, df, 0}, c.exact);
      set_table(k, *c.table, loc, scale);
      c.cdf = [loc, scale, df](double x) {
        return boost::math::cdf(boost::math::students_t_distribution<double, Double>(df),
                                (x - loc) / scale);
      };
    } else if (kind == "empirical") {
      const auto n = static_cast<std::size_t>(need("n"));
      if (values.empty() || n == 0) throw std::runtime_error(where + ": empirical without values");
      auto all = std::make_shared<std::vector<double>>();
      for (std::size_t i = 0; i < n; ++i) all->push_back(values[i % values.size()]);
      k.transform = Transform::empirical, k.values = all->data(), k.n = n;
      c.cdf = [all](double x) {
        return static_cast<double>(
                   std::count_if(all->begin(), all->end(), [x](double v) { return v <= x; })) /
               static_cast<double>(all->size());
      };
      c.values = all;
    } else {
      throw std::runtime_error(where + ": unknown distribution '" + kind + "'");
    }
    return c;
  }

 private:
  std::map<std::tuple<int, double, double>, std::shared_ptr<const FloorTable>> tables_;

  std::shared_ptr<const FloorTable> table(std::tuple<int, double, double> shape,
                                          const std::function<double(double)>& exact) {
    auto& t = tables_[shape];
    if (!t) t = std::make_shared<const FloorTable>(exact, kZLo, kZHi, kCell);
    return t;
  }

  static void set_table(ColumnKernel& k, const FloorTable& t, double offset, double scale) {
    k.transform = Transform::table, k.a = offset, k.b = scale;
    for (int j = 0; j < 6; ++j) k.coef[j] = t.coef(j);
    k.z0 = t.z_lo(), k.inv_h = t.inv_h(), k.cells = t.cells();
  }
};

}  // namespace

std::vector<FloorColumn> read_columns(const std::string& path, const ErfinvPoly& normal) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot open");
  Builder builder;
  std::vector<FloorColumn> columns;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.empty() || line[0] == '#') continue;
    columns.push_back(builder.build(line, path + ":" + std::to_string(n)));
    columns.back().kernel.erfinv = &normal;
  }
  if (columns.empty()) throw std::runtime_error(path + ": no columns");
  return columns;
}

}  // namespace capexsim_floor
