"""The dependency rules of capexsim's folders (docs/architecture.md), checked on the sources and on
the CMake target links. Exit 0 when every rule holds, 1 listing each violation as file:line.

    /usr/bin/python3 tests/architecture/check_layering.py [ROOT]

ROOT defaults to the repository. The rules:
  models -> nothing; scenarios -> models; sim -> models; analysis -> sim, models;
  output -> models and the result types of sim and analysis (RESULT_TYPES); cli -> everything;
  nothing includes cli/ (its own files and tests/ aside).
Third-party headers stay in the layer whose job they are: HDF5 in output/, toml++ in scenarios/,
CLI11 in cli/, MPI in the MPI cluster alone, oneTBB never in models/.
"""
import re
import sys
from pathlib import Path

LAYERS = ["models", "scenarios", "sim", "analysis", "output", "cli"]

# Project folders each layer may include (besides its own).
ALLOWED = {
    "models": set(),
    "scenarios": {"models"},
    "sim": {"models"},
    "analysis": {"sim", "models"},
    "output": {"models", "sim", "analysis"},  # sim and analysis: RESULT_TYPES only
    "cli": {"models", "scenarios", "sim", "analysis", "output"},
}

# The headers of sim/ and analysis/ that output/ may include: the results it writes and reads.
RESULT_TYPES = {
    "sim/results.h",
    "sim/path_array.h",
    "sim/engine_snapshot.h",
    "analysis/evaluation.h",
    "analysis/solve.h",
    "analysis/sobol_sensitivity.h",
    "analysis/sobol_indices.h",
}

# Third-party headers (regex on the included name) -> layers allowed to include them.
THIRD_PARTY = [
    (re.compile(r"^(hdf5|H5)"), {"output"}),
    (re.compile(r"^toml\+\+/"), {"scenarios"}),
    (re.compile(r"^CLI/"), {"cli"}),
    (re.compile(r"^mpi\.h$"), {"sim/mpi_cluster.cpp"}),
    (re.compile(r"^(oneapi/)?tbb/"), {"scenarios", "sim", "analysis", "output", "cli"}),
]

# CMake libraries of the layers, and the project libraries each may link.
TARGET_OF = {layer: f"capexsim_{layer}" for layer in LAYERS}
LINKS_ALLOWED = {
    "capexsim_models": set(),
    "capexsim_scenarios": {"capexsim_models"},
    "capexsim_sim": {"capexsim_models"},
    "capexsim_mpi": {"capexsim_sim"},  # the MPI cluster: part of sim, built only with MPI
    "capexsim_analysis": {"capexsim_sim", "capexsim_models"},
    "capexsim_output": {"capexsim_models", "capexsim_sim", "capexsim_analysis"},
    "capexsim_cli": {f"capexsim_{x}" for x in LAYERS if x != "cli"} | {"capexsim_mpi"},
    "capexsim": {"capexsim_cli"},  # never MPI: the plain executable
    "capexsim-mpi": {"capexsim_cli", "capexsim_mpi"},
}
# Interface targets that carry only compile settings, not code.
SETTINGS_TARGETS = {"capexsim_warnings"}

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def source_files(root, layer):
    folder = root / layer
    return sorted(p for p in folder.rglob("*") if p.suffix in (".h", ".cpp", ".hpp") and p.is_file())


def check_includes(root):
    errors = []
    for layer in LAYERS:
        for path in source_files(root, layer):
            rel = path.relative_to(root).as_posix()
            for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
                m = INCLUDE.match(line)
                if not m:
                    continue
                name = m.group(2)
                where = f"{rel}:{number}"
                top = name.split("/", 1)[0]
                if m.group(1) == '"' and top in LAYERS and top != layer:
                    if top not in ALLOWED[layer]:
                        errors.append(f"{where}: {layer}/ may not include {name} "
                                      f"({layer} -> {', '.join(sorted(ALLOWED[layer])) or 'nothing'})")
                    elif layer == "output" and top in ("sim", "analysis") and name not in RESULT_TYPES:
                        errors.append(f"{where}: output/ may include only the result types of sim "
                                      f"and analysis, not {name}")
                for pattern, allowed in THIRD_PARTY:
                    if pattern.search(name) and layer not in allowed and rel not in allowed:
                        errors.append(f"{where}: {name} belongs in {', '.join(sorted(allowed))}, "
                                      f"not {layer}/")
    return errors


LINK = re.compile(r"target_link_libraries\s*\(\s*([A-Za-z0-9_-]+)([^)]*)\)", re.S)


def check_links(root):
    errors = []
    for layer in LAYERS:
        cmake = root / layer / "CMakeLists.txt"
        if not cmake.exists():
            errors.append(f"{layer}/CMakeLists.txt: missing")
            continue
        text = cmake.read_text()
        for m in LINK.finditer(text):
            target, args = m.group(1), m.group(2)
            line = text.count("\n", 0, m.start()) + 1
            if target not in LINKS_ALLOWED:
                errors.append(f"{layer}/CMakeLists.txt:{line}: target {target} has no layering rule")
                continue
            for dep in re.findall(r"\bcapexsim(?:[_-][A-Za-z0-9_]+)?\b", args):
                if dep in SETTINGS_TARGETS:
                    continue
                if dep not in LINKS_ALLOWED[target]:
                    errors.append(f"{layer}/CMakeLists.txt:{line}: {target} may not link {dep}")
    return errors


def main(argv):
    root = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parents[2]
    errors = check_includes(root) + check_links(root)
    for e in errors:
        print(e)
    if errors:
        print(f"layering: {len(errors)} violation(s) of the rules in docs/architecture.md")
        return 1
    print("layering: every include and link follows the rules")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
