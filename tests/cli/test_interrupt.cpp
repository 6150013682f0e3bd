// Interruption and restart through the executable (docs/checkpoint.md): SIGTERM, SIGINT and
// SIGKILL in the middle of a run; --checkpoint and --resume giving results identical to a run
// that never stopped; resumes of another run refused; an unwritable folder or too little room
// refused before the run; temporary files never left behind and existing results never touched.
#include <catch2/catch.hpp>

#include <csignal>

#include "cli_support.h"

namespace capexsim::test {
namespace {

//! A scenario whose 3M-path run takes a few seconds on one thread, in the repository.
const std::string kScenario = std::string(CAPEXSIM_SOURCE_DIR) + "/scenarios/hyperscalers.toml";

//! Files in `dir` whose name contains ".tmp-" (temporary results or checkpoints).
std::size_t temporary_files(const fs::path& dir) {
  std::size_t n = 0;
  for (const auto& entry : fs::directory_iterator(dir))
    n += entry.path().filename().string().find(".tmp-") != std::string::npos ? 1 : 0;
  return n;
}

bool identical(const fs::path& a, const fs::path& b) {
  const std::string cmd = std::string(CAPEXSIM_PYTHON) + " " + CAPEXSIM_SOURCE_DIR +
                          "/tests/cli/compare_results.py " + a.string() + " " + b.string();
  return std::system(cmd.c_str()) == 0;
}

std::string run_args(const fs::path& dir, const std::string& output, const std::string& more,
                     const std::string& paths = "3000000") {
  return "run " + kScenario + " --quiet --paths " + paths + " --seed 11 --output " +
         (dir / output).string() + " " + more;
}

}  // namespace

TEST_CASE("SIGTERM saves a checkpoint and --resume then gives the uninterrupted run's results",
          "[cli][checkpoint]") {
  const fs::path dir = scratch("sigterm-checkpoint");
  REQUIRE(run(run_args(dir, "plain.h5", "--threads 2"), dir).code == 0);

  const fs::path ck = dir / "run.ckpt";
  const pid_t pid = start(
      run_args(dir, "r.h5", "--threads 1 --checkpoint-every 0 --checkpoint " + ck.string()), dir);
  REQUIRE(wait_for(ck, 60));  // the first checkpoint: the run is under way
  ::kill(pid, SIGTERM);
  const Ended e = finish(pid, dir);
  INFO(e.err);
  CHECK(e.code == 75);
  CHECK(e.err.find("interrupted by SIGTERM") != std::string::npos);
  CHECK(e.err.find("--resume") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / "r.h5"));
  CHECK(temporary_files(dir) == 0);
  REQUIRE(fs::exists(ck));

  const Result r = run(run_args(dir, "r.h5", "--threads 2 --resume " + ck.string()), dir);
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(identical(dir / "plain.h5", dir / "r.h5"));
  CHECK_FALSE(fs::exists(ck));  // the results supersede it
  CHECK(temporary_files(dir) == 0);
}

TEST_CASE("a run killed with SIGKILL resumes from its last checkpoint to identical results",
          "[cli][checkpoint]") {
  const fs::path dir = scratch("sigkill-checkpoint");
  const std::string more = "--store-paths none --sampler sobol";
  REQUIRE(run(run_args(dir, "plain.h5", more), dir).code == 0);

  const fs::path ck = dir / "run.ckpt";
  const pid_t pid = start(
      run_args(dir, "r.h5", more + " --threads 1 --checkpoint-every 0 --checkpoint " + ck.string()),
      dir);
  REQUIRE(wait_for(ck, 60));
  ::kill(pid, SIGKILL);
  const Ended e = finish(pid, dir);
  CHECK(e.signal == SIGKILL);
  CHECK_FALSE(fs::exists(dir / "r.h5"));

  const Result r = run(run_args(dir, "r.h5", more + " --resume " + ck.string()), dir);
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(identical(dir / "plain.h5", dir / "r.h5"));
}

TEST_CASE("SIGINT without a checkpoint discards the run, exits 130, leaves old results alone",
          "[cli][interrupt]") {
  const fs::path dir = scratch("sigint");
  write(dir / "r.h5", "earlier results");
  const pid_t pid =
      start(run_args(dir, "r.h5", "--threads 1 --force --store-paths none", "100000000"), dir);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  ::kill(pid, SIGINT);
  const Ended e = finish(pid, dir);
  INFO(e.err);
  CHECK(e.code == 130);
  CHECK(e.err.find("interrupted by SIGINT") != std::string::npos);
  CHECK(e.err.find("no results written") != std::string::npos);
  CHECK(slurp(dir / "r.h5") == "earlier results");
  CHECK(temporary_files(dir) == 0);
}

TEST_CASE("SIGTERM during a sweep exits 143 and writes nothing", "[cli][interrupt]") {
  const fs::path dir = scratch("sweep-sigterm");
  write(dir / "sweep.toml", "scenario = \"" + kScenario +
                                "\"\npaths = 2000000\n[[axis]]\nkey = \"company.*.capex_growth\"\n"
                                "op = \"shift\"\nvalues = [0.0, 0.01, 0.02, 0.03, 0.04]\n");
  const pid_t pid = start("sweep " + (dir / "sweep.toml").string() + " --quiet --threads 1 -o " +
                              (dir / "s.h5").string(),
                          dir);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  ::kill(pid, SIGTERM);
  const Ended e = finish(pid, dir);
  INFO(e.err);
  CHECK((e.code == 143 || e.signal == SIGTERM));
  CHECK_FALSE(fs::exists(dir / "s.h5"));
  CHECK(temporary_files(dir) == 0);
}

TEST_CASE("a resume of another run is refused with exit code 2", "[cli][checkpoint]") {
  const fs::path dir = scratch("resume-refused");
  const fs::path ck = dir / "run.ckpt";
  const std::string small = "run " + kScenario + " --quiet --paths 600000 --threads 1 ";
  const pid_t pid = start(small + "--seed 5 --checkpoint-every 0 --checkpoint " + ck.string() +
                              " -o " + (dir / "x.h5").string(),
                          dir);
  REQUIRE(wait_for(ck, 60));
  ::kill(pid, SIGTERM);
  REQUIRE(finish(pid, dir).code == 75);

  struct Case {
    std::string options, message;
  };
  for (const Case& c : {Case{"--seed 6", "seed = 5"}, Case{"--seed 5 --paths 700000", "paths"},
                        Case{"--seed 5 --set company.meta.capex_growth+=0.01", "another scenario"},
                        Case{"--seed 5 --sampler lhs", "sampler"},
                        Case{"--seed 5 --store-paths none", "store_paths"}}) {
    INFO(c.options);
    const Result r =
        run(small.substr(0, small.find("--paths")) + "--quiet " + c.options +
                (c.options.find("--paths") == std::string::npos ? " --paths 600000" : "") +
                " --resume " + ck.string() + " -o " + (dir / "y.h5").string(),
            dir);
    CHECK(r.code == 2);
    CHECK(r.err.find(c.message) != std::string::npos);
    CHECK_FALSE(fs::exists(dir / "y.h5"));
  }
  write(dir / "not.ckpt", "not HDF5");
  const Result bad = run(
      small + "--resume " + (dir / "not.ckpt").string() + " -o " + (dir / "y.h5").string(), dir);
  CHECK(bad.code == 2);
  CHECK(bad.err.find("not.ckpt") != std::string::npos);
  // A fresh run does not silently overwrite an existing checkpoint.
  const Result again =
      run(small + "--seed 5 --checkpoint " + ck.string() + " -o " + (dir / "y.h5").string(), dir);
  CHECK(again.code == 2);
  CHECK(again.err.find("--resume") != std::string::npos);
}

TEST_CASE("a resume keeps --balance-quantiles, and a checkpoint saved before that setting resumes",
          "[cli][checkpoint][balance]") {
  const fs::path dir = scratch("resume-balance-quantiles");
  const fs::path ck = dir / "run.ckpt";
  const std::string small = "run " + std::string(CAPEXSIM_SOURCE_DIR) +
                            "/scenarios/bench/hyperscalers_financed.toml --quiet --paths 1500000 "
                            "--seed 5 ";
  const pid_t pid = start(small + "--threads 1 --checkpoint-every 0 --checkpoint " + ck.string() +
                              " -o " + (dir / "x.h5").string(),
                          dir);
  REQUIRE(wait_for(ck, 60));
  ::kill(pid, SIGTERM);
  REQUIRE(finish(pid, dir).code == 75);
  const std::string out = " -o " + (dir / "y.h5").string();
  const Result other = run(small + "--balance-quantiles --resume " + ck.string() + out, dir);
  CHECK(other.code == 2);
  CHECK(other.err.find("balance_quantiles = no") != std::string::npos);
  // A checkpoint written before the setting existed has no balance_quantiles: it was a run
  // without them, and resumes as one.
  const std::string drop = std::string(CAPEXSIM_PYTHON) + " -c \"import h5py; f = h5py.File('" +
                           ck.string() + "', 'r+'); del f['settings'].attrs['balance_quantiles']\"";
  REQUIRE(std::system(drop.c_str()) == 0);
  const Result older = run(small + "--balance-quantiles --resume " + ck.string() + out, dir);
  CHECK(older.code == 2);
  CHECK(older.err.find("balance_quantiles = no") != std::string::npos);
  const Result resumed = run(small + "--resume " + ck.string() + out, dir);
  INFO(resumed.err);
  CHECK(resumed.code == 0);
  CHECK(fs::exists(dir / "y.h5"));
}

TEST_CASE("too little room for the results is refused before the run, leaving no file",
          "[cli][output]") {
  const fs::path dir = scratch("file-size-limit");
  // 3M paths of the total's surplus are about 84 MB; ulimit -f 10000 allows 5 MB (dash counts
  // 512-byte blocks).
  const pid_t pid = start(run_args(dir, "r.h5", "--threads 1"), dir, "ulimit -f 10000; ");
  const Ended e = finish(pid, dir);
  INFO(e.err);
  CHECK(e.code == 1);
  CHECK(e.err.find("ulimit -f") != std::string::npos);
  CHECK(e.err.find("--store-paths") != std::string::npos);
  CHECK(result_files(dir) == 0);
  // The same run without per-path data fits.
  const pid_t fits = start(run_args(dir, "r.h5", "--threads 2 --store-paths none", "100000"), dir,
                           "ulimit -f 10000; ");
  CHECK(finish(fits, dir).code == 0);
}

TEST_CASE("a file system without room for the results is refused before the run", "[cli][output]") {
  // A 2 MiB tmpfs in a private mount namespace; where mounting is not allowed (no root, no
  // CAP_SYS_ADMIN) the case says so and checks nothing.
  if (std::system("unshare -m true 2>/dev/null") != 0) {
    WARN("unshare -m is not allowed here: the full file system case is not run");
    return;
  }
  const fs::path dir = scratch("disk-full");
  const fs::path small = dir / "small";
  fs::create_directories(small);
  const std::string inner = "mount -t tmpfs -o size=2m tmpfs " + small.string() + " && " +
                            CAPEXSIM_EXE + " " + run_args(small, "r.h5", "--threads 1", "1000000") +
                            "; echo $? >" + (dir / "rc").string() + "; ls -A " + small.string() +
                            " >" + (dir / "left").string();
  const std::string cmd = "unshare -m sh -c '" + inner + "' 2>" + (dir / "err").string();
  REQUIRE(std::system(cmd.c_str()) == 0);
  const std::string err = slurp(dir / "err");
  INFO(err);
  CHECK(slurp(dir / "rc") == "1\n");
  CHECK(err.find("needs about") != std::string::npos);
  CHECK(err.find("free") != std::string::npos);
  CHECK(slurp(dir / "left").empty());  // nothing written on the small file system
}

}  // namespace capexsim::test
