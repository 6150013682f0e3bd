//! The header of a history file: which kind of file it is and where each column is
//! (history.cpp's first step; internal to scenarios/).
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "scenarios/csv.h"
#include "scenarios/history.h"

namespace capexsim::history_layout {

//! What a column holds, whatever its name in the kind of file.
enum Slot {
  kCompany,
  kPeriod,
  kRange,
  kOcf,
  kCapex,
  kBuybacks,
  kDividends,
  kCash,
  kDebt,
  kSource,
  kConfidence,
  kSlots
};

struct Layout {
  HistoryKind kind = HistoryKind::annual;
  std::array<int, kSlots> at{};                 //!< field index of each slot, -1 if not in the kind
  std::array<std::string_view, kSlots> name{};  //!< the slot's column name in this kind
};

//! The kind (told by the period column, or the balance columns) and the column of every slot;
//! throws an InputError at the header for a missing, unknown or repeated column.
Layout read(const csv::Record& header, const std::string& path);

}  // namespace capexsim::history_layout
