#include "scenarios/dist_params.h"

#include <array>

namespace capexsim {
namespace {

constexpr double kInf = Distribution::kInf;

constexpr std::array<ParamKey, 1> kFixed = {{{"value", {}}}};
constexpr std::array<ParamKey, 4> kNormal = {
    {{"mean", {}}, {"sd", {}}, {"min", -kInf}, {"max", kInf}}};
constexpr std::array<ParamKey, 2> kUniform = {{{"min", {}}, {"max", {}}}};
constexpr std::array<ParamKey, 3> kTriangular = {{{"min", {}}, {"mode", {}}, {"max", {}}}};
constexpr std::array<ParamKey, 3> kLognormal = {{{"mean", {}}, {"sd", {}}, {"shift", 0.0}}};
constexpr std::array<ParamKey, 4> kPert = {
    {{"min", {}}, {"mode", {}}, {"max", {}}, {"lambda", 4.0}}};
constexpr std::array<ParamKey, 4> kBeta = {
    {{"alpha", {}}, {"beta", {}}, {"min", 0.0}, {"max", 1.0}}};
constexpr std::array<ParamKey, 3> kStudentT = {{{"location", {}}, {"scale", {}}, {"df", {}}}};

void check_at_least(const YearArgs& a, std::string_view key, double bound) {
  if (a[key] >= bound) return;
  a.fail({key},
         a.path(key) + " must be >= " + format_number(bound) + ", got " + format_number(a[key]));
}

void check_positive(const YearArgs& a, std::string_view key) {
  if (a[key] > 0) return;
  a.fail({key}, a.path(key) + " must be > 0, got " + format_number(a[key]));
}

void check_ordered(const YearArgs& a, std::string_view low, std::string_view high) {
  if (a[low] <= a[high]) return;
  a.fail({low, high}, a.path(low) + " must be <= " + std::string(high) + ", got " +
                          std::string(low) + " = " + format_number(a[low]) + " and " +
                          std::string(high) + " = " + format_number(a[high]));
}

//! A truncation interval further than this many sd from the mean holds no double-precision
//! probability (the normal tail at 37.5 sd is below the smallest normal double).
constexpr double kMaxTruncationSds = 37;

void check_truncation(const YearArgs& a) {
  const double reach = kMaxTruncationSds * a["sd"];
  const bool above = a["min"] > a["mean"] + reach, below = a["max"] < a["mean"] - reach;
  if (a["sd"] == 0 || (!above && !below)) return;
  a.fail({above ? "min" : "max"},
         a.path(above ? "min" : "max") + " leaves no probability: [min, max] = [" +
             format_number(a["min"]) + ", " + format_number(a["max"]) + "] lies more than " +
             format_number(kMaxTruncationSds) + " sd from the mean " + format_number(a["mean"]));
}

void check_above(const YearArgs& a, std::string_view key, std::string_view other) {
  if (a[key] > a[other]) return;
  a.fail({key, other}, a.path(key) + " must be > " + std::string(other) + ", got " +
                           std::string(key) + " = " + format_number(a[key]) + " and " +
                           std::string(other) + " = " + format_number(a[other]));
}

void check_mode(const YearArgs& a) {
  if (a["min"] <= a["mode"] && a["mode"] <= a["max"]) return;
  a.fail({"mode", "min", "max"}, a.path("mode") + " must be within [min, max] = [" +
                                     format_number(a["min"]) + ", " + format_number(a["max"]) +
                                     "], got " + format_number(a["mode"]));
}

}  // namespace

std::span<const ParamKey> numeric_keys(DistKind kind) {
  switch (kind) {
    case DistKind::fixed:
      return kFixed;
    case DistKind::normal:
      return kNormal;
    case DistKind::uniform:
      return kUniform;
    case DistKind::triangular:
      return kTriangular;
    case DistKind::lognormal:
      return kLognormal;
    case DistKind::pert:
      return kPert;
    case DistKind::beta:
      return kBeta;
    case DistKind::student_t:
      return kStudentT;
    case DistKind::empirical:
      break;
  }
  return {};
}

void YearArgs::fail(std::initializer_list<std::string_view> keys, std::string message) const {
  const toml::node* at = nullptr;
  bool per_year = false;
  for (std::string_view key : keys) {
    const YearValues& param = of(key);
    if (at == nullptr) at = param.nodes[index_];
    per_year = per_year || param.per_year;
  }
  if (per_year) message += " for " + std::to_string(year_);
  site_.fail(at != nullptr ? *at : static_cast<const toml::node&>(table_), message);
}

void YearArgs::fail_factory(const std::invalid_argument& error) const {
  site_.fail(table_, std::string(name_) + ": " + error.what() + " for " + std::to_string(year_));
}

const YearValues& YearArgs::of(std::string_view key) const {
  for (std::size_t i = 0; i < keys_.size(); ++i)
    if (keys_[i].key == key) return values_[i];
  throw std::logic_error("scenario loader: no distribution parameter " + std::string(key));
}

void check_rules(DistKind kind, const YearArgs& a) {
  switch (kind) {
    case DistKind::normal:
      check_at_least(a, "sd", 0);
      check_ordered(a, "min", "max");
      check_truncation(a);
      break;
    case DistKind::uniform:
      check_ordered(a, "min", "max");
      break;
    case DistKind::triangular:
      check_ordered(a, "min", "max");
      check_mode(a);
      break;
    case DistKind::lognormal:
      check_at_least(a, "sd", 0);
      check_above(a, "mean", "shift");
      break;
    case DistKind::pert:
      check_ordered(a, "min", "max");
      check_mode(a);
      check_positive(a, "lambda");
      break;
    case DistKind::beta:
      check_positive(a, "alpha");
      check_positive(a, "beta");
      check_ordered(a, "min", "max");
      break;
    case DistKind::student_t:
      check_at_least(a, "scale", 0);
      check_positive(a, "df");
      break;
    case DistKind::fixed:
    case DistKind::empirical:
      break;
  }
}

Distribution make_distribution(DistKind kind, const YearArgs& a) {
  switch (kind) {
    case DistKind::fixed:
      return Distribution::fixed(a["value"]);
    case DistKind::normal:
      return Distribution::normal(a["mean"], a["sd"], a["min"], a["max"]);
    case DistKind::uniform:
      return Distribution::uniform(a["min"], a["max"]);
    case DistKind::triangular:
      return Distribution::triangular(a["min"], a["mode"], a["max"]);
    case DistKind::lognormal:
      return Distribution::lognormal(a["mean"], a["sd"], a["shift"]);
    case DistKind::pert:
      return Distribution::pert(a["min"], a["mode"], a["max"], a["lambda"]);
    case DistKind::beta:
      return Distribution::beta(a["alpha"], a["beta"], a["min"], a["max"]);
    case DistKind::student_t:
      return Distribution::student_t(a["location"], a["scale"], a["df"]);
    case DistKind::empirical:
      break;
  }
  throw std::logic_error("scenario loader: empirical distributions are built from their values");
}

}  // namespace capexsim
