//! The statistic named on the command line as STAT[ENTITY,YEAR], e.g. prob_negative[total,2026]:
//! what `run --target` watches while running, what `solve --stat` drives to a target and what
//! `sweep --stat` prints per point.
#pragma once

#include <string>
#include <string_view>

#include "models/scenario.h"
#include "sim/run_options.h"

namespace capexsim::cli {

//! Parses "STAT" or "STAT[ENTITY,YEAR]" (default: total, the last year). STAT is prob_negative,
//! surplus_mean, ocf_mean, capex_mean, survival or surplus_qNN (NN a level of
//! /summary/surplus_quantiles in percent, e.g. surplus_q05), or one of the balance sheet's
//! (sim/balance_stats.h): <var>_mean (cash_mean, ..., interest_mean), prob_<event>
//! (prob_net_debt, prob_issued, prob_shortfall), survival_<event> (P(no event through the
//! year)) or net_cash_qNN. With `while_running` only the statistics the engine can estimate
//! between blocks are accepted (estimable_while_running: not quantiles, survival or, yet, the
//! balance sheet's). Throws InputError naming `option` on an unknown statistic, entity or year,
//! and on a balance-sheet statistic when the scenario has no financing.
TargetStatistic parse_target(const std::string& text, const Scenario& scenario,
                             std::string_view option = "--target", bool while_running = true);

//! The canonical text of a statistic, e.g. "prob_negative[total,2026]", "surplus_q05[meta,2025]",
//! "prob_net_debt[total,2028]".
std::string target_name(const TargetStatistic& t, const Scenario& scenario);

//! In words, e.g. "P(total surplus < 0 in 2026)", "5% quantile of meta surplus in 2025",
//! "P(total net cash < 0 in 2028)".
std::string target_description(const TargetStatistic& t, const Scenario& scenario);

//! True for statistics that are probabilities (printed as percentages).
bool is_probability(const TargetStatistic& t);

}  // namespace capexsim::cli
