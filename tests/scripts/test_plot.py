"""Test of scripts/plot: runs capexsim on a small scenario (results, Sobol, sweep and evaluation
files), renders every figure, checks each file is a valid image of sensible size (PNG signature and
IHDR size, SVG parsed as XML with an <svg> root), the printed paths, the skips and the errors.

Usage: /usr/bin/python3 tests/scripts/test_plot.py CAPEXSIM results|sobol|sweep|evaluation
(run from the repository root; ctest does that)."""
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

import h5py

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PLOT = os.path.join(ROOT, "scripts", "plot")
SCENARIO = os.path.join(ROOT, "scenarios", "hyperscalers.toml")  # draws every parameter
ENTITIES = ["meta", "microsoft", "alphabet", "amazon", "total"]
PATHS = "4000"
MIN_PIXELS, MAX_PIXELS, MIN_BYTES = 400, 8000, 5000
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print(f"FAIL: {message}", file=sys.stderr)


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, **kw)


def capexsim(exe, *args):
    result = run([exe, *args])
    if result.returncode != 0:
        sys.exit(f"capexsim {' '.join(args)} failed ({result.returncode}):\n{result.stderr}")


def plot(*args):
    return run([PLOT, *args])


def check_png(path):
    with open(path, "rb") as f:
        head = f.read(24)
    check(head[:8] == b"\x89PNG\r\n\x1a\n", f"{path}: no PNG signature")
    check(head[12:16] == b"IHDR", f"{path}: first chunk is not IHDR")
    width, height = struct.unpack(">II", head[16:24])
    check(MIN_PIXELS <= width <= MAX_PIXELS and MIN_PIXELS <= height <= MAX_PIXELS,
          f"{path}: {width} x {height} pixels, expected {MIN_PIXELS}..{MAX_PIXELS} each")


def check_svg(path):
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as error:
        check(False, f"{path}: not XML ({error})")
        return
    check(root.tag == "{http://www.w3.org/2000/svg}svg", f"{path}: root element {root.tag}")


def check_images(paths):
    for path in paths:
        check(os.path.isfile(path), f"{path}: missing")
        if not os.path.isfile(path):
            continue
        size = os.path.getsize(path)
        check(size > MIN_BYTES, f"{path}: {size} bytes, expected > {MIN_BYTES}")
        (check_png if path.endswith(".png") else check_svg)(path)


def expect_figures(result, folder, stem, suffixes, formats=("png", "svg")):
    """The plot succeeded and printed exactly these figures, which are valid images."""
    check(result.returncode == 0, f"plot exited {result.returncode}: {result.stderr}")
    expected = [os.path.join(folder, f"{stem}_{s}.{ext}") for s in suffixes for ext in formats]
    printed = result.stdout.split()
    check(sorted(printed) == sorted(expected),
          f"printed {printed}, expected {expected}")
    check_images(expected)
    leftovers = [n for n in os.listdir(folder) if n.startswith(".plot-")] \
        if os.path.isdir(folder) else []
    check(not leftovers, f"temporary files left in {folder}: {leftovers}")


def expect_error(result, *needles):
    check(result.returncode == 2, f"expected exit 2, got {result.returncode}: {result.stderr}")
    for needle in needles:
        check(needle in result.stderr, f"stderr lacks {needle!r}: {result.stderr!r}")


def case_results(exe, tmp):
    total = os.path.join(tmp, "r.h5")
    capexsim(exe, "run", SCENARIO, "--paths", PATHS, "--seed", "7", "--output", total, "--quiet")
    out = os.path.join(tmp, "plots")
    # Every figure that applies, PNG and SVG.
    expect_figures(plot(total, "--format", "both", "--out", out), out, "r",
                   [f"fan_{e}" for e in ENTITIES]
                   + ["hist_total", "first-negative", "tornado_total"])
    # Default folder next to the input; an existing figure is kept unless --force.
    only = ["--which", "first-negative"]
    expect_figures(plot(total, *only), os.path.join(tmp, "r_plots"), "r", ["first-negative"],
                   ("png",))
    expect_error(plot(total, *only), "--force", "r_first-negative.png")
    expect_figures(plot(total, *only, "--force"), os.path.join(tmp, "r_plots"), "r",
                   ["first-negative"], ("png",))
    # Options: entities, years, top.
    out2 = os.path.join(tmp, "options")
    expect_figures(plot(total, "--which", "tornado,fan", "--entity", "meta,amazon", "--year",
                        "2025", "--top", "5", "--out", out2), out2, "r",
                   ["tornado_meta", "tornado_amazon", "fan_meta", "fan_amazon"], ("png",))

    # store_paths = all: a company's histogram; none: the histogram is skipped, not an error.
    every = os.path.join(tmp, "all.h5")
    capexsim(exe, "run", SCENARIO, "--paths", PATHS, "--seed", "7", "--output", every, "--quiet",
             "--store-paths", "all")
    out3 = os.path.join(tmp, "all")
    expect_figures(plot(every, "--which", "hist", "--entity", "meta,total", "--year",
                        "2025,2026", "--out", out3), out3, "all", ["hist_meta", "hist_total"],
                   ("png",))
    none = os.path.join(tmp, "none.h5")
    capexsim(exe, "run", SCENARIO, "--paths", PATHS, "--output", none, "--quiet",
             "--store-paths", "none")
    skipped = plot(none, "--which", "hist", "--out", os.path.join(tmp, "none"))
    check(skipped.returncode == 0 and skipped.stdout == "", f"store_paths none: {skipped}")
    check("no per-path data" in skipped.stderr, f"no note on stderr: {skipped.stderr!r}")

    # Bad input: exit 2 naming the file and the dataset or option.
    bad = os.path.join(tmp, "bad.h5")
    with open(bad, "w") as f:
        f.write("not HDF5\n")
    expect_error(plot(bad), "bad.h5")
    expect_error(plot(os.path.join(tmp, "missing.h5")), "missing.h5")
    broken = os.path.join(tmp, "broken.h5")
    shutil.copy(total, broken)
    with h5py.File(broken, "a") as f:
        del f["summary/surplus_quantiles"]
    expect_error(plot(broken, "--which", "fan", "--out", out), "broken.h5",
                 "summary/surplus_quantiles")
    expect_error(plot(total, "--entity", "nosuch", "--out", out), "nosuch")
    expect_error(plot(total, "--year", "1999", "--out", out), "1999")
    expect_error(plot(total, "--which", "sweep", "--out", out), "sweep")
    expect_error(plot(total, "--which", "nosuch"), "nosuch")
    helped = plot("--help")
    check(helped.returncode == 0 and all(k in helped.stdout for k in
                                         ("fan", "hist", "first-negative", "tornado", "sweep")),
          "--help does not list every figure")


def case_sobol(exe, tmp):
    sobol = os.path.join(tmp, "s.h5")
    capexsim(exe, "sensitivity", SCENARIO, "-o", sobol)
    with h5py.File(sobol, "r") as f:
        check(f.attrs["format"] == "capexsim-sobol", "not a capexsim-sobol file")
    out = os.path.join(tmp, "plots")
    expect_figures(plot(sobol, "--format", "both", "--out", out), out, "s", ["tornado"])
    expect_error(plot(sobol, "--which", "fan", "--out", out), "fan")


SWEEPS = {
    # one key: a line per year
    "one": """[[axis]]
key = "company.*.capex_growth"
op = "shift"
values = [-0.1, -0.05, 0.0, 0.05, 0.1]
""",
    # two keys on a full grid: heatmaps
    "grid": """[[axis]]
key = "company.*.capex_growth"
op = "shift"
values = [-0.1, 0.0, 0.1]

[[axis]]
key = "company.meta.ocf_growth.mean"
start = 0.05
stop = 0.25
step = 0.1
""",
    # two keys, Latin hypercube: scatter
    "lhs": """design = "lhs"
n = 8

[[axis]]
key = "company.*.capex_growth"
op = "shift"
min = -0.1
max = 0.1

[[axis]]
key = "company.meta.ocf_growth.mean"
min = 0.05
max = 0.25
""",
}

LAYOUTS = {"one": "line", "grid": "heatmap", "lhs": "scatter"}


def sweep_layout(path):
    """The figure scripts/plot chooses for a sweep file: line, heatmap or scatter."""
    sys.path.insert(0, os.path.join(ROOT, "scripts", "lib"))
    from capexsim_plot import source, sweep
    with source.Source(path) as opened:
        return sweep.layout(sweep.Sweep(opened)).kind


def case_sweep(exe, tmp):
    for name, axes in SWEEPS.items():
        spec = os.path.join(tmp, f"{name}.toml")
        with open(spec, "w") as f:
            f.write(f'scenario = "{SCENARIO}"\npaths = 2000\nseed = 3\n\n{axes}')
        results = os.path.join(tmp, f"{name}.h5")
        capexsim(exe, "sweep", spec, "--output", results)
        with h5py.File(results, "r") as f:
            check(f.attrs["format"] == "capexsim-sweep", f"{results}: not a capexsim-sweep file")
        out = os.path.join(tmp, f"{name}_plots")
        expect_figures(plot(results, "--format", "both", "--out", out), out, name,
                       ["sweep_total"])
        kind = sweep_layout(results)
        check(kind == LAYOUTS[name], f"{name}: drawn as a {kind}, expected {LAYOUTS[name]}")
    grid = os.path.join(tmp, "grid.h5")
    out = os.path.join(tmp, "options")
    expect_figures(plot(grid, "--entity", "meta", "--year", "2026", "--x",
                        "company.meta.ocf_growth.mean", "--out", out), out, "grid",
                   ["sweep_meta"], ("png",))
    expect_error(plot(grid, "--x", "nosuch.key", "--out", out), "nosuch.key")
    expect_error(plot(grid, "--which", "hist", "--out", out), "hist")


def case_evaluation(exe, tmp):
    history = os.path.join(ROOT, "scenarios", "data", "annual.csv")
    ev = os.path.join(tmp, "e.h5")
    capexsim(exe, "evaluate", "--history", history, "--from", "2016", "--to", "2018",
             "--horizon", "2", "--paths", "2000", "-o", ev)
    out = os.path.join(tmp, "plots")
    expect_figures(plot(ev, "--format", "both", "--out", out), out, "e", ["coverage", "pit"])
    out2 = os.path.join(tmp, "one")
    expect_figures(plot(ev, "--which", "pit", "--out", out2), out2, "e", ["pit"], ("png",))
    expect_error(plot(ev, "--which", "fan", "--out", out), "fan")
    broken = os.path.join(tmp, "broken.h5")
    shutil.copy(ev, broken)
    with h5py.File(broken, "a") as f:
        del f["evaluation/in90_upper"]
    expect_error(plot(broken, "--which", "coverage", "--out", out), "broken.h5",
                 "evaluation/in90_upper")


def main():
    if len(sys.argv) != 3 or sys.argv[2] not in ("results", "sobol", "sweep", "evaluation"):
        sys.exit(__doc__)
    exe, case = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory(prefix="capexsim-plot-") as tmp:
        globals()[f"case_{case}"](exe, tmp)
    if failures:
        sys.exit(f"{len(failures)} check(s) failed")
    print(f"test_plot {case}: every check passed")


if __name__ == "__main__":
    main()
