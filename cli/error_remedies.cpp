#include "cli/error_remedies.h"

namespace capexsim::cli {

std::string remedy(const InputError& e, std::string_view output_option) {
  if (e.key() == "output") return "; give a file name with " + std::string(output_option);
  if (e.key() == "store_paths") return ": use --store-paths none";
  if (e.key() == "base_gap")
    return "; give --annual FILE (an annual history) to take the base-year total from it";
  return "";
}

std::string remedy(const OutputExistsError& e, std::string_view output_option) {
  switch (e.reason()) {
    case OutputExistsError::Reason::exists:
      return "; use --force to overwrite it or " + std::string(output_option) +
             " to choose another file";
    case OutputExistsError::Reason::appeared:
      return "; use --force to overwrite";
    case OutputExistsError::Reason::has_backtest:
      return "; use --force to replace it";
  }
  return "";
}

std::string remedy(const ResourceError& e) {
  const std::string store_less = "store less per path (--store-paths total or none, fewer --paths)";
  switch (e.resource()) {
    case ResourceError::Resource::disk_space:
      return ": free some space, write elsewhere with --output, or " + store_less;
    case ResourceError::Resource::file_size:
      return ": raise the limit, or " + store_less;
    case ResourceError::Resource::memory:
      return ": lower --paths or --threads, or simulate fewer years or companies";
  }
  return "";
}

}  // namespace capexsim::cli
