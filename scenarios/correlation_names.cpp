#include "scenarios/correlation_names.h"

#include <algorithm>
#include <string>
#include <string_view>

namespace capexsim {
namespace {

constexpr std::string_view kPath = "correlation.between";
constexpr std::string_view kWildcard = "*";

int find_param(const std::string& name, std::string_view param, const toml::node& at,
               const ErrorSite& site) {
  for (int p = 0; p < kParamCount; ++p)
    if (param == kParamNames[p]) return p;
  site.fail(at, std::string(kPath) + ": unknown parameter \"" + std::string(param) + "\" in \"" +
                    name + "\" (one of: " +
                    join(std::vector<std::string_view>(kParamNames.begin(), kParamNames.end())) +
                    ")");
}

int find_company(const std::string& name, std::string_view company,
                 const std::vector<Company>& companies, const toml::node& at,
                 const ErrorSite& site) {
  std::vector<std::string_view> names;
  for (std::size_t c = 0; c < companies.size(); ++c) {
    if (companies[c].name == company) return static_cast<int>(c);
    names.push_back(companies[c].name);
  }
  site.fail(at, std::string(kPath) + ": unknown company \"" + std::string(company) + "\" in \"" +
                    name + "\" (companies: " + join(names) + "; or * for every company)");
}

//! The variables one name stands for: one, or every drawn one for a wildcard.
std::vector<int> resolve_name(const std::string& name, const std::vector<Company>& companies,
                              const std::vector<Variable>& variables, const toml::node& at,
                              const ErrorSite& site) {
  // Parameter names hold no '.', company names may.
  const std::size_t dot = name.rfind('.');
  if (dot == std::string::npos)
    site.fail(at, std::string(kPath) + ": \"" + name +
                      "\" is not a <company>.<parameter> name such as \"meta.capex_growth\"");
  const std::string_view company = std::string_view(name).substr(0, dot);
  const int param = find_param(name, std::string_view(name).substr(dot + 1), at, site);
  const bool every = company == kWildcard;
  const int c = every ? -1 : find_company(name, company, companies, at, site);

  std::vector<int> out;
  for (std::size_t k = 0; k < variables.size(); ++k)
    if (variables[k].param == param && (every || variables[k].company == c))
      out.push_back(static_cast<int>(k));
  if (out.empty() && every)
    site.fail(at, std::string(kPath) + ": \"" + name + "\" matches no drawn parameter: every " +
                      "company's " + kParamNames[param] + " is fixed");
  if (out.empty())
    site.fail(at, std::string(kPath) + ": \"" + name +
                      "\" is fixed: a correlation needs a drawn parameter");
  return out;
}

}  // namespace

std::vector<int> resolve_between(const toml::node& between, const std::vector<Company>& companies,
                                 const std::vector<Variable>& variables, const ErrorSite& site) {
  const toml::array& array = read_array(between, kPath, site);
  std::vector<int> out;
  std::vector<std::string> listed_as;  // the entry that brought each variable in
  for (const toml::node& entry : array) {
    const std::string name = read_string(entry, kPath, site);
    for (int k : resolve_name(name, companies, variables, entry, site)) {
      const auto seen = std::find(out.begin(), out.end(), k);
      if (seen != out.end()) {
        const std::string& first = listed_as[static_cast<std::size_t>(seen - out.begin())];
        const std::string& full = variables[static_cast<std::size_t>(k)].name;
        site.fail(entry, std::string(kPath) + ": \"" + full + "\" is listed twice" +
                             (first == full && name == full
                                  ? ""
                                  : " (as \"" + first + "\" and as \"" + name + "\")"));
      }
      out.push_back(k);
      listed_as.push_back(name);
    }
  }
  return out;
}

}  // namespace capexsim
