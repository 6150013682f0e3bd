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

const char* sampler_name(SamplerKind s) {
  switch (s) {
    case SamplerKind::mc:
      return "mc";
    case SamplerKind::lhs:
      return "lhs";
    case SamplerKind::sobol:
      return "sobol";
  }
  return "?";
}

}  // namespace capexsim
