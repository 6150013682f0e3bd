//! Sobol' indices of one output of the cash-flow model (docs/sensitivity.md): each drawn input
//! (company, parameter, year) is one uniform factor, turned into its draw by exactly the
//! engine's transform (sim/transformed_draws.h); analysis/sobol_indices.h does the estimation.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/sobol_indices.h"
#include "models/scenario.h"
#include "sim/draw_plan.h"

namespace capexsim {

//! The output decomposed: one number per path.
struct SobolOutput {
  enum class Kind {
    surplus,         //!< the surplus of the entity in the year
    negative,        //!< 1 if that surplus is < 0, else 0 (its mean is P(surplus < 0))
    first_negative,  //!< index of the entity's first negative year, the year count for never
    // The balance sheet's (scenarios with financing; docs/model.md, "Balance sheet"):
    net_cash,           //!< the entity's year-end net cash in the year
    net_debt,           //!< 1 if that net cash is < 0, else 0 (its mean is P(net debt))
    first_net_debt,     //!< index of the entity's first net-debt year, the year count for never
    cumulative_issued,  //!< the debt the entity issued over the whole horizon
  } kind = Kind::surplus;
  int entity = -1;  //!< company index; -1: the total
  int year = -1;    //!< index into the years; -1: the last (unused by first_negative)
};

//! E.g. "surplus[total,2026]", "first_negative[meta]", "net_debt[total,2030]".
std::string sobol_output_name(const SobolOutput& output, const Scenario& scenario);

//! The output kinds' names, in Kind order, and whether a kind takes a year / needs financing.
inline constexpr const char* kSobolOutputNames[] = {
    "surplus",  "negative",       "first_negative",   "net_cash",
    "net_debt", "first_net_debt", "cumulative_issued"};
inline constexpr int kSobolOutputCount = 7;
bool sobol_output_has_year(SobolOutput::Kind kind);
bool sobol_output_needs_financing(SobolOutput::Kind kind);

//! How the inputs are grouped into factors whose columns are swapped together.
enum class SobolGrouping {
  input,      //!< one factor per company.parameter.year
  variable,   //!< company.parameter: all its years
  parameter,  //!< parameter: all companies and years
  company,    //!< company: all its parameters and years
};
const char* sobol_grouping_name(SobolGrouping g);
//! The inverse of sobol_grouping_name; empty for an unknown name.
std::optional<SobolGrouping> sobol_grouping_from_name(std::string_view name);

//! The model's uniform inputs and their groups. Inputs are the plan's dimensions that can move a
//! draw: without dependence the non-fixed (company, parameter, year) draws; with dependence the
//! copula's independent innovations (one per variable and year) that reach a non-fixed draw.
struct SobolFactors {
  std::vector<std::size_t> dims;                 //!< plan dimension (t K + k) of each input column
  std::vector<std::string> inputs;               //!< "company.parameter.year" of each column
  std::vector<std::string> names;                //!< one per group
  std::vector<std::vector<std::size_t>> groups;  //!< input columns of each group
};
SobolFactors sobol_factors(const Scenario& scenario, const DrawPlan& plan, SobolGrouping by);

struct SobolRunOptions {
  SobolOutput output;
  SobolGrouping by = SobolGrouping::input;
  SobolOptions sobol;
};

struct SobolResults {
  std::string statistic;  //!< sobol_output_name of the output
  SobolGrouping by = SobolGrouping::input;
  bool dependence = false;  //!< the factors are the copula's innovations
  //! With dependence: the copula's factor is triangular (Cholesky), so innovation k enters
  //! variables k, k+1, ... only; false when a singular matrix was factored through its
  //! eigendecomposition and innovation k is an eigen-direction, not variable k's own.
  bool triangular = true;
  std::size_t inputs = 0;            //!< uniform input columns d
  std::vector<std::string> factors;  //!< one per group, in the order of `indices`
  SobolIndices indices;
};

//! Peak bytes the analysis keeps: the N (groups + 2) outputs, one row-weight vector per
//! worker and the bootstrap replicates (`threads` workers, 0 read as 1).
std::uint64_t sobol_memory_bytes(const Scenario& scenario, const SobolRunOptions& options,
                                 std::uint64_t threads);

//! Throws InputError when the scenario draws nothing, or on bad options.
SobolResults run_sobol_sensitivity(const Scenario& scenario, const SobolRunOptions& options);

}  // namespace capexsim
