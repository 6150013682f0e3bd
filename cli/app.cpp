// The command line (CLI11): registers the commands (each in its *_command.cpp), parses the
// arguments, installs the signal handlers, runs the command given and maps its exceptions to
// exit codes.
#include "cli/app.h"

#include <CLI/CLI.hpp>
#include <csignal>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include "cli/backtest_command.h"
#include "cli/calibrate_command.h"
#include "cli/draws_command.h"
#include "cli/error_remedies.h"
#include "cli/evaluate_command.h"
#include "cli/replay_command.h"
#include "cli/run_command.h"
#include "cli/sensitivity_command.h"
#include "cli/solve_command.h"
#include "cli/sweep_command.h"
#include "models/errors.h"
#include "output/atomic_file.h"
#include "sim/cluster.h"
#include "sim/interrupt.h"

namespace capexsim::cli {
namespace {

//! Ctrl-C or SIGTERM. While the engine runs, the first one asks it to stop at the end of its
//! block (sim/interrupt.h): the command then saves a checkpoint or discards its work, removes
//! its temporary files and exits with a code that says which (docs/checkpoint.md). Otherwise, or
//! at a second signal: remove any temporary output file, then die of the signal as usual. Once the
//! results are being moved into place (commit_results) a signal is ignored: the command exits 0.
extern "C" void on_signal(int sig) {
  if (finishing()) return;  // the results are being moved into place: too late to stop
  if (stop_is_honoured() && stop_requested() == 0) {
    request_stop(sig);
    return;
  }
  AtomicOutput::remove_pending_on_signal();
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

void install_signal_handlers() {
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  // Past `ulimit -f`, a write then fails (EFBIG) and is reported like a full disk, instead of
  // the signal killing the process with its temporary file in place.
  std::signal(SIGXFSZ, SIG_IGN);
}

//! Every command's arguments, bound to its options while the command line is parsed.
struct Args {
  RunArgs run;
  DrawsArgs draws;
  ReplayArgs replay;
  CalibrateArgs calibrate;
  BacktestArgs backtest;
  EvaluateArgs evaluate;
  SweepArgs sweep;
  CollectArgs collect;
  SolveArgs solve;
  SensitivityArgs sensitivity;
};

//! A subcommand and what runs it once parsed.
struct Command {
  CLI::App* app;
  std::function<int()> run;
};

//! Adds every subcommand to `app`, in the order `capexsim --help` lists them.
std::vector<Command> add_commands(CLI::App& app, Args& a) {
  return {
      {add_run_command(app, a.run), [&a] { return run_run(a.run); }},
      {add_draws_command(app, a.draws), [&a] { return run_draws(a.draws); }},
      {add_replay_command(app, a.replay), [&a] { return run_replay(a.replay); }},
      {add_calibrate_command(app, a.calibrate), [&a] { return run_calibrate(a.calibrate); }},
      {add_backtest_command(app, a.backtest), [&a] { return run_backtest(a.backtest); }},
      {add_evaluate_command(app, a.evaluate), [&a] { return run_evaluate(a.evaluate); }},
      {add_sweep_command(app, a.sweep), [&a] { return run_sweep(a.sweep); }},
      {add_collect_command(app, a.collect), [&a] { return run_collect(a.collect); }},
      {add_solve_command(app, a.solve), [&a] { return run_solve(a.solve); }},
      {add_sensitivity_command(app, a.sensitivity),
       [&a] { return run_sensitivity(a.sensitivity); }},
  };
}

//! The exit code of the one command parsed (the app requires exactly one).
int run_parsed(const std::vector<Command>& commands) {
  for (const Command& c : commands)
    if (c.app->parsed()) return c.run();
  return kExitFailure;  // not reached: CLI11 refuses a command line without a command
}

}  // namespace

int run_app(int argc, char** argv) {
  CLI::App app{"capexsim: Monte Carlo of the hyperscalers' cash surplus after AI capex"};
  app.set_version_flag("--version", std::string("capexsim ") + CAPEXSIM_VERSION);
  app.require_subcommand(1);
  Args args;
  const std::vector<Command> commands = add_commands(app, args);

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitBadInput;
  }

  install_signal_handlers();
  // The option naming the output file, for the remedies of output errors.
  const std::string output_option =
      app.got_subcommand("calibrate") || app.got_subcommand("sensitivity") ? "--out" : "--output";
  try {
    return run_parsed(commands);
  } catch (const Interrupted& e) {  // sweep, solve, sensitivity: nothing to save
    std::cerr << "capexsim: interrupted by " << signal_name(e.signal())
              << "; no results written.\n";
    return 128 + e.signal();
  } catch (const InputError& e) {  // every rank has it
    if (is_root()) std::cerr << "capexsim: error: " << e.what() << remedy(e, output_option) << "\n";
    return kExitBadInput;
  } catch (const OutputExistsError& e) {
    std::cerr << "capexsim: error: " << e.what() << remedy(e, output_option) << "\n";
    return kExitBadInput;
  } catch (const ResourceError& e) {
    std::cerr << "capexsim: error: " << e.what() << remedy(e) << "\n";
    return kExitFailure;
  } catch (const std::exception& e) {  // IoError and the rest
    std::cerr << "capexsim: error"
              << (is_root() ? "" : " (rank " + std::to_string(cluster().rank()) + ")") << ": "
              << e.what() << "\n";
    return kExitFailure;
  }
}

}  // namespace capexsim::cli
