// The per-path buffers' layout, their checkpoint arrays and their hand-over to the results.
#include "sim/path_buffers.h"

#include <algorithm>

#include "sim/run_options.h"

namespace capexsim {
namespace {

//! Keeps the first `used` of every row of `rows` rows of length `stride`, contiguously.
template <class T>
void compact_rows(PathArray<T>& v, std::size_t rows, std::size_t stride, std::size_t used) {
  if (used == stride || v.empty()) return;
  for (std::size_t r = 1; r < rows; ++r)
    std::copy(v.begin() + static_cast<std::ptrdiff_t>(r * stride),
              v.begin() + static_cast<std::ptrdiff_t>(r * stride + used),
              v.begin() + static_cast<std::ptrdiff_t>(r * used));
  v.resize(rows * used);
  v.shrink_to_fit();
}

}  // namespace

PathBuffers::PathBuffers(std::size_t companies, std::size_t years, std::size_t paths,
                         StorePaths store)
    : C_(companies), E_(companies + 1), T_(years), P_(paths), store_(store) {}

void PathBuffers::allocate() {
  if (store_ == StorePaths::none) return;
  surplus_rows_.resize(E_ * T_);
  if (store_ == StorePaths::all) {
    surplus_all_.resize(E_ * T_ * P_);
    for (std::size_t i = 0; i < E_ * T_; ++i) surplus_rows_[i] = surplus_all_.data() + i * P_;
    for (auto* v : {&ocf_, &buybacks_, &dividends_, &capex_}) v->resize(E_ * T_ * P_);
    first_negative_year_.resize(E_ * P_);
  } else {
    company_surplus_.resize(C_ * T_ * P_);
    total_surplus_.resize(T_ * P_);
    for (std::size_t i = 0; i < C_ * T_; ++i) surplus_rows_[i] = company_surplus_.data() + i * P_;
    for (std::size_t t = 0; t < T_; ++t)
      surplus_rows_[C_ * T_ + t] = total_surplus_.data() + t * P_;
    if (store_ == StorePaths::total) first_negative_year_.resize(P_);
  }
}

SurplusRows PathBuffers::block_rows(std::size_t begin, std::vector<double*>& scratch_rows) {
  if (store_ != StorePaths::none) return {surplus_rows_.data(), 0};
  std::vector<double>& scratch = scratch_.local();
  scratch.resize(E_ * T_ * kBlockSize);
  for (std::size_t i = 0; i < E_ * T_; ++i) scratch_rows.push_back(scratch.data() + i * kBlockSize);
  return {scratch_rows.data(), begin};
}

void PathBuffers::add_to_snapshot(EngineSnapshot& s, std::size_t done) {
  auto real = [&](const char* name, PathArray<double>& v) {
    if (!v.empty()) s.reals.push_back({name, v.data(), v.size() / P_, P_, done});
  };
  real("surplus_all", surplus_all_);
  real("company_surplus", company_surplus_);
  real("total_surplus", total_surplus_);
  real("ocf", ocf_);
  real("buybacks", buybacks_);
  real("dividends", dividends_);
  real("capex", capex_);
  if (!first_negative_year_.empty())
    s.integers.push_back({"first_negative_year", first_negative_year_.data(),
                          first_negative_year_.size() / P_, P_, done});
}

void PathBuffers::hand_over(RunResults& r, std::size_t used) {
  switch (store_) {
    case StorePaths::none:
      break;
    case StorePaths::total:
      compact_rows(total_surplus_, T_, P_, used);
      compact_rows(first_negative_year_, 1, P_, used);
      r.path_surplus = std::move(total_surplus_);
      r.path_first_negative_year = std::move(first_negative_year_);
      break;
    case StorePaths::all:
      for (auto* v : {&surplus_all_, &ocf_, &buybacks_, &dividends_, &capex_})
        compact_rows(*v, E_ * T_, P_, used);
      compact_rows(first_negative_year_, E_, P_, used);
      r.path_surplus = std::move(surplus_all_);
      r.path_ocf = std::move(ocf_);
      r.path_buybacks = std::move(buybacks_);
      r.path_dividends = std::move(dividends_);
      r.path_capex = std::move(capex_);
      r.path_first_negative_year = std::move(first_negative_year_);
      break;
  }
}

}  // namespace capexsim
