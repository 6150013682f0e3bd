//! What one block of paths contributes to the summary; blocks are merged in block order.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/balance_stats.h"
#include "sim/mean_var.h"

namespace capexsim {

//! The four flows, in the order of RunResults' *_mean arrays.
inline constexpr int kFlowCount = 4;

//! What one block adds up for one (entity, year), kept together so that the hot loop touches
//! one small struct per cell.
struct CellStats {
  ShiftedSums flows[kFlowCount];  //!< ocf, buybacks, dividends, capex
  MeanVar surplus;
  std::int64_t negative = 0, first_negative = 0, ocf_growth_floored = 0, capex_growth_floored = 0;
};

//! Per-block sums and counts; cells are (entity, year), row-major like RunResults.
struct BlockStats {
  double n = 0;  //!< paths in the block
  std::vector<CellStats> cells;
  std::vector<std::int64_t> never_negative;  // (entity)
  //! The balance sheet's sums (sim/balance_stats.h); empty without financing.
  BalanceBlockStats balance;

  void resize(std::size_t entity_years, std::size_t entities) {
    cells.assign(entity_years, CellStats{});
    never_negative.assign(entities, 0);
  }
};

}  // namespace capexsim
