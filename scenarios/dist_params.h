//! The numeric parameters of each distribution kind and their rules, checked year by year
//! before the factory is called: the rules mirror the factories' preconditions
//! (models/distribution.h) so that a violation points at the key that breaks it.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "models/distribution.h"
#include "scenarios/toml_fields.h"
#include "scenarios/year_values.h"

namespace capexsim {

//! A numeric parameter of a distribution; without a fallback it is required.
struct ParamKey {
  std::string_view key;
  std::optional<double> fallback;
};

//! The numeric parameters of each kind; empirical has its own `values` list instead.
std::span<const ParamKey> numeric_keys(DistKind kind);

//! The parameters of one distribution in one projection year, and where each was written.
class YearArgs {
 public:
  //! `values[i]` holds `keys[i]`; `name` is the distribution's key ("capex_growth").
  YearArgs(std::span<const ParamKey> keys, const std::vector<YearValues>& values,
           std::size_t year_index, int year, std::string_view name, const toml::table& table,
           const ErrorSite& site)
      : keys_(keys),
        values_(values),
        index_(year_index),
        year_(year),
        name_(name),
        table_(table),
        site_(site) {}

  double operator[](std::string_view key) const { return of(key).values[index_]; }
  std::string path(std::string_view key) const { return key_path(name_, key); }

  //! Points at the first of `keys` written in the file; names the year when one varies by year.
  [[noreturn]] void fail(std::initializer_list<std::string_view> keys, std::string message) const;
  //! A factory's own rejection, reported at the distribution's table.
  [[noreturn]] void fail_factory(const std::invalid_argument& error) const;

 private:
  const YearValues& of(std::string_view key) const;

  std::span<const ParamKey> keys_;
  const std::vector<YearValues>& values_;
  std::size_t index_;
  int year_;
  std::string_view name_;
  const toml::table& table_;
  const ErrorSite& site_;
};

//! Throws an InputError at the offending key when a rule of `kind` is broken.
void check_rules(DistKind kind, const YearArgs& args);

//! Calls the factory of `kind` (not empirical); may still throw std::invalid_argument.
Distribution make_distribution(DistKind kind, const YearArgs& args);

}  // namespace capexsim
