//! Dependence between the drawn parameters: a Gaussian copula across parameters in the same
//! year (normal-score correlation matrix) and AR(1) persistence of each parameter's normal
//! score across years. The joint structure is documented in docs/dependence.md.
#pragma once

#include <Eigen/Dense>
#include <string>
#include <vector>

namespace capexsim {

struct Company;

//! One drawn parameter of one company: a "variable" of the copula.
struct Variable {
  int company = 0;   //!< index into Scenario::companies
  int param = 0;     //!< static_cast<int>(Param)
  std::string name;  //!< "<company>.<parameter>", e.g. "meta.capex_growth"
};

struct Dependence {
  //! The drawn (company, parameter) pairs, companies in scenario order, parameters in Param
  //! order; a parameter is drawn when its distribution is not fixed in at least one year.
  std::vector<Variable> variables;
  //! K x K normal-score correlation used by the run (identity when nothing is declared;
  //! Spearman declarations already converted; the repaired matrix when repaired).
  Eigen::MatrixXd correlation;
  //! The matrix as assembled from the scenario, before any repair (== correlation otherwise).
  Eigen::MatrixXd declared;
  bool repaired = false;
  double repair_distance = 0;  //!< Frobenius norm of (correlation - declared)
  //! K AR(1) coefficients of the normal scores across years, in [-1, 1]; 0 = independent years.
  std::vector<double> persistence;

  //! True when any correlation or persistence is declared (the copula path is needed).
  bool active() const {
    for (double p : persistence)
      if (p != 0.0) return true;
    const auto K = correlation.rows();
    for (Eigen::Index i = 0; i < K; ++i)
      for (Eigen::Index j = 0; j < K; ++j)
        if (i != j && correlation(i, j) != 0.0) return true;
    return false;
  }
};

//! The drawn (company, parameter) pairs of these companies, in canonical order.
std::vector<Variable> drawn_variables(const std::vector<Company>& companies);

//! No dependence: the drawn variables, identity correlation, zero persistence.
Dependence independent(const std::vector<Company>& companies);

}  // namespace capexsim
