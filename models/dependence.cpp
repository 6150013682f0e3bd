#include "models/dependence.h"

#include "models/scenario.h"

namespace capexsim {

std::vector<Variable> drawn_variables(const std::vector<Company>& companies) {
  std::vector<Variable> out;
  for (std::size_t c = 0; c < companies.size(); ++c) {
    for (int p = 0; p < kParamCount; ++p) {
      bool drawn = false;
      for (const Distribution& d : companies[c].params[p].by_year) drawn = drawn || !d.is_fixed();
      if (drawn) out.push_back({static_cast<int>(c), p, companies[c].name + "." + kParamNames[p]});
    }
  }
  return out;
}

Dependence independent(const std::vector<Company>& companies) {
  Dependence d;
  d.variables = drawn_variables(companies);
  const auto K = static_cast<Eigen::Index>(d.variables.size());
  d.correlation = Eigen::MatrixXd::Identity(K, K);
  d.declared = d.correlation;
  d.persistence.assign(d.variables.size(), 0.0);
  return d;
}

}  // namespace capexsim
