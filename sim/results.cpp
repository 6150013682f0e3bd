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

std::optional<StorePaths> store_paths_from_name(std::string_view name) {
  for (StorePaths s : {StorePaths::none, StorePaths::total, StorePaths::all})
    if (name == store_paths_name(s)) return s;
  return std::nullopt;
}

std::optional<SamplerKind> sampler_from_name(std::string_view name) {
  for (SamplerKind s : {SamplerKind::mc, SamplerKind::lhs, SamplerKind::sobol})
    if (name == sampler_name(s)) return s;
  return std::nullopt;
}

}  // namespace capexsim
