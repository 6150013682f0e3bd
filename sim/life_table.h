//! Time to a first event (a negative surplus, net debt, ...) in life-table form, from the counts
//! of paths whose first event falls in each year: survival S(t) = P(no event through year t) and
//! the yearly hazard h(t) = P(first event in t | none before), each with its 95% Wilson interval.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace capexsim {

struct LifeTable {
  std::vector<double> survival, survival_lower, survival_upper;  //!< (entity, year)
  std::vector<double> hazard, hazard_lower, hazard_upper;        //!< (entity, year)
};

//! `first` (entity, year) row-major over `entities` x `years`; n paths in all.
LifeTable life_table(const std::vector<std::int64_t>& first, double n, std::size_t entities,
                     std::size_t years);

}  // namespace capexsim
