"""check_layering.py passes on the repository and fails on each kind of broken rule: a copy of the
sources with one include or link added that a rule forbids must be refused, naming file and line."""
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHECK = Path(__file__).with_name("check_layering.py")
LAYERS = ["models", "scenarios", "sim", "analysis", "output", "cli"]

# (what is broken, file to edit, text appended, words the report must contain)
BREAKS = [
    ("models includes sim", "models/cashflow.h", '#include "sim/results.h"\n', "models/ may not include"),
    ("scenarios includes sim", "scenarios/loader.cpp", '#include "sim/engine.h"\n', "scenarios/ may not include"),
    ("sim includes scenarios", "sim/engine.cpp", '#include "scenarios/loader.h"\n', "sim/ may not include"),
    ("sim includes output", "sim/replay.cpp", '#include "output/h5.h"\n', "sim/ may not include"),
    ("sim includes analysis", "sim/accumulator.cpp", '#include "analysis/solve.h"\n', "sim/ may not include"),
    ("analysis includes output", "analysis/solve.cpp", '#include "output/h5.h"\n', "analysis/ may not include"),
    ("output includes the engine", "output/results_writer.cpp", '#include "sim/engine.h"\n',
     "only the result types"),
    ("a library includes cli", "output/h5.cpp", '#include "cli/app.h"\n', "output/ may not include"),
    ("HDF5 outside output", "sim/replay.cpp", "#include <hdf5.h>\n", "belongs in output"),
    ("toml++ outside scenarios", "sim/replay.cpp", "#include <toml++/toml.h>\n", "belongs in scenarios"),
    ("CLI11 outside cli", "output/h5.cpp", "#include <CLI/CLI.hpp>\n", "belongs in cli"),
    ("sim links scenarios", "sim/CMakeLists.txt",
     "target_link_libraries(capexsim_sim PRIVATE capexsim_scenarios)\n", "may not link capexsim_scenarios"),
    ("the plain executable links MPI", "cli/CMakeLists.txt",
     "target_link_libraries(capexsim PRIVATE capexsim_mpi)\n", "capexsim may not link capexsim_mpi"),
    ("models links sim", "models/CMakeLists.txt",
     "target_link_libraries(capexsim_models PRIVATE capexsim_sim)\n", "may not link capexsim_sim"),
]


def copy_sources(dest):
    for layer in LAYERS:
        shutil.copytree(ROOT / layer, dest / layer)


def run(root):
    return subprocess.run([sys.executable, str(CHECK), str(root)], capture_output=True, text=True)


def main():
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "tree"
        copy_sources(tree)
        clean = run(tree)
        if clean.returncode != 0:
            failures.append(f"the unbroken copy fails:\n{clean.stdout}")
        for name, rel, text, words in BREAKS:
            target = tree / rel
            original = target.read_text()
            target.write_text(original + text)
            r = run(tree)
            target.write_text(original)
            line = original.count("\n") + 1
            if r.returncode != 1 or words not in r.stdout or f"{rel}:" not in r.stdout:
                failures.append(f"{name}: expected exit 1 naming {rel} with '{words}', got "
                                f"{r.returncode}:\n{r.stdout}")
            elif not rel.endswith("CMakeLists.txt") and f"{rel}:{line}" not in r.stdout:
                failures.append(f"{name}: the report does not name {rel}:{line}:\n{r.stdout}")
            else:
                print(f"refused as expected: {name}")
    for f in failures:
        print("FAILED:", f)
    print(f"{len(BREAKS) + 1 - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
