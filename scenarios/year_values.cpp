#include "scenarios/year_values.h"

#include <string>

namespace capexsim {
namespace {

const toml::array& read_per_year_array(const toml::node& node, std::string_view path,
                                       const std::vector<int>& years, const ErrorSite& site) {
  const toml::array& array = *node.as_array();
  if (array.size() != years.size())
    site.fail(node, std::string(path) + " has " + std::to_string(array.size()) +
                        " entries but there are " + std::to_string(years.size()) +
                        " projection years (" + std::to_string(years.front()) + "-" +
                        std::to_string(years.back()) + "): give one value, or one per year");
  return array;
}

std::vector<double> read_samples(const toml::node& node, std::string_view path,
                                 const ErrorSite& site) {
  const toml::array& array = read_array(node, path, site);
  if (array.empty()) site.fail(node, std::string(path) + " must not be empty");
  std::vector<double> samples;
  samples.reserve(array.size());
  for (const toml::node& element : array) samples.push_back(read_number(element, path, site));
  return samples;
}

}  // namespace

YearValues read_year_values(const toml::node& node, std::string_view path,
                            const std::vector<int>& years, const ErrorSite& site) {
  YearValues out;
  if (!node.is_array()) {
    out.values.assign(years.size(), read_number(node, path, site));
    out.nodes.assign(years.size(), &node);
    return out;
  }
  out.per_year = true;
  for (const toml::node& element : read_per_year_array(node, path, years, site)) {
    out.values.push_back(read_number(element, path, site));
    out.nodes.push_back(&element);
  }
  return out;
}

YearValues default_year_values(double value, std::size_t year_count) {
  YearValues out;
  out.values.assign(year_count, value);
  out.nodes.assign(year_count, nullptr);
  return out;
}

std::vector<std::vector<double>> read_year_samples(const toml::node& node, std::string_view path,
                                                   const std::vector<int>& years,
                                                   const ErrorSite& site) {
  const toml::array& array = read_array(node, path, site);
  if (array.empty() || !array.front().is_array())
    return std::vector<std::vector<double>>(years.size(), read_samples(node, path, site));
  std::vector<std::vector<double>> out;
  for (const toml::node& element : read_per_year_array(node, path, years, site))
    out.push_back(read_samples(element, path, site));
  return out;
}

}  // namespace capexsim
