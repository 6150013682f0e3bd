#include "sim/results.h"

namespace capexsim {

const char* store_paths_name(StorePaths s) {
  switch (s) {
    case StorePaths::none:
      return "none";
    case StorePaths::total:
      return "total";
    case StorePaths::all:
      return "all";
  }
  return "?";
}

}  // namespace capexsim
