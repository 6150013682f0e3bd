"""Test of scripts/plot: runs capexsim on a small scenario (results, Sobol, sweep and evaluation
files, and a results file with a balance sheet), renders every figure, checks each file is a valid
image of sensible size (PNG signature and IHDR size, SVG parsed as XML with an <svg> root), the
printed paths, the skips and the errors; the balance figures' data against the per-path net cash.

Usage: /usr/bin/python3 tests/scripts/test_plot.py CAPEXSIM results|sobol|sweep|evaluation|balance
(run from the repository root; ctest does that)."""
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

import h5py
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PLOT = os.path.join(ROOT, "scripts", "plot")
SCENARIO = os.path.join(ROOT, "scenarios", "hyperscalers.toml")  # draws every parameter
ENTITIES = ["meta", "microsoft", "alphabet", "amazon", "total"]
BALANCE_KINDS = "net-cash,first-net-debt,prob-net-debt"
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
    # Every figure that applies, PNG and SVG; no balance figure and no note about one.
    result = plot(total, "--format", "both", "--out", out)
    expect_figures(result, out, "r", [f"fan_{e}" for e in ENTITIES]
                   + ["hist_total", "first-negative", "tornado_total"])
    check(result.stderr == "", f"notes on a file without /balance: {result.stderr!r}")
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
    # No /balance (no financing): the balance figures are never drawn by default (the printed
    # list above), and asked for by name they are skipped with a note, not an error.
    skipped = plot(total, "--which", BALANCE_KINDS, "--out", out)
    check(skipped.returncode == 0 and skipped.stdout == "", f"no /balance: {skipped}")
    check(skipped.stderr.count("no /balance group") == 3, f"no /balance: {skipped.stderr!r}")
    helped = plot("--help")
    check(helped.returncode == 0 and all(k in helped.stdout for k in
                                         ("fan", "hist", "first-negative", "tornado", "sweep",
                                          *BALANCE_KINDS.split(","))),
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


# Two companies with financing: meta turns to net debt on most paths within the horizon, msft on
# few, so that neither's "never" share is 0 or 1 (checked: the bars are not all of one kind).
FINANCING = """[simulation]
name = "financing"
base_year = 2025
years = [2026, 2027, 2028]
unit = "USD billion"
paths = 4000
seed = 11

[[company]]
name = "meta"
base = { ocf = 115.8, capex = 72.2, buybacks = 26.3, dividends = 5.3, cash = 81.6, debt = 58.7 }
ocf_growth = { dist = "normal", mean = 0.10, sd = 0.05 }
capex_growth = { dist = "normal", mean = 0.30, sd = 0.10 }
[company.financing]
cash_yield = { dist = "fixed", value = 0.04 }
debt_rate = { dist = "normal", mean = 0.05, sd = 0.01, min = 0.0 }
min_cash_ratio = 0.25
max_debt_to_ocf = 2.0

[[company]]
name = "msft"
base = { ocf = 136.2, capex = 64.6, buybacks = 18.4, dividends = 24.1, cash = 94.6, debt = 43.2 }
ocf_growth = { dist = "normal", mean = 0.10, sd = 0.05 }
capex_growth = { dist = "normal", mean = 0.30, sd = 0.10 }
[company.financing]
cash_yield = { dist = "fixed", value = 0.04 }
debt_rate = { dist = "fixed", value = 0.045 }
min_cash_ratio = 0.25
max_debt_to_ocf = 1.5
"""
FINANCING_ENTITIES = ["meta", "msft", "total"]
BASE_YEAR = 2025
BASE_NET_CASH = {"meta": 81.6 - 58.7, "msft": 94.6 - 43.2, "total": 81.6 - 58.7 + 94.6 - 43.2}


def plot_modules():
    sys.path.insert(0, os.path.join(ROOT, "scripts", "lib"))
    from capexsim_plot import first_net_debt, net_cash, prob_net_debt, source
    return source, net_cash, first_net_debt, prob_net_debt


def first_years(net):
    """Independently of capexsim: shares of paths (entity, year + never) whose net cash is < 0
    first in that year, from the per-path net cash (entity, path, year)."""
    debt = net < 0
    first = np.where(debt.any(axis=2), debt.argmax(axis=2), net.shape[2])
    return np.stack([np.bincount(row, minlength=net.shape[2] + 1) for row in first]) \
        / net.shape[1]


def check_net_cash_fan(fig, name, years, net, base):
    """The fan of one entity shows the per-path net cash's quantiles (type 7, as capexsim's
    exact quantiles), mean, P(< 0) and, when `base`, the base year's net cash."""
    ax = fig.axes[0]
    lines = {line.get_label(): line for line in ax.get_lines()}
    median = np.quantile(net, 0.5, axis=0)
    check(np.allclose(lines["median"].get_ydata(), median, rtol=1e-12, atol=1e-9),
          f"net-cash {name}: median {lines['median'].get_ydata()}, paths give {median}")
    check(np.allclose(lines["mean"].get_ydata(), net.mean(axis=0), rtol=1e-9),
          f"net-cash {name}: mean {lines['mean'].get_ydata()}, paths give {net.mean(axis=0)}")
    outer = {c.get_label(): c for c in ax.collections}["P5-P95"].get_paths()[0].vertices
    for j, year in enumerate(years):
        ys = outer[np.isclose(outer[:, 0], year), 1]
        want = np.quantile(net[:, j], [0.05, 0.95])
        check(np.allclose([ys.min(), ys.max()], want, rtol=1e-12, atol=1e-9),
              f"net-cash {name} {year}: P5-P95 band {ys.min()}..{ys.max()}, paths give {want}")
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    probs = [f"{y}\nP(<0) {100 * p:.1f}%" for y, p in zip(years, (net < 0).mean(axis=0))]
    want = ([f"{BASE_YEAR}\nbase"] if base else []) + probs
    check(ticks == want, f"net-cash {name}: year labels {ticks}, expected {want}")
    point = lines.get(f"{BASE_YEAR} (base year, scenario)")
    if not base:
        check(point is None, f"net-cash {name}: a base-year point without a scenario")
    elif point is None:
        check(False, f"net-cash {name}: no base-year point")
    else:
        xy = (point.get_xdata()[0], point.get_ydata()[0])
        check(np.allclose(xy, (BASE_YEAR, BASE_NET_CASH[name])),
              f"net-cash {name}: base-year point {xy}, expected {BASE_NET_CASH[name]}")


def check_balance_data(path, base=True):
    """The balance figures drawn from `path` (written with --store-paths all) show what the
    per-path net cash gives, computed here in NumPy; the fans have the base year's point when
    `base`, else none."""
    source, net_cash, first_net_debt, prob_net_debt = plot_modules()
    with h5py.File(path, "r") as f:
        net = f["paths/net_cash"][()]  # (entity, path, year)
        years = f["balance/year"][()]
        lower, upper = f["balance/prob_net_debt_lower"][()], f["balance/prob_net_debt_upper"][()]
    with source.Source(path) as opened:
        fans = dict(net_cash.plot(opened, FINANCING_ENTITIES))
        (_, bars), = first_net_debt.plot(opened, FINANCING_ENTITIES)
        (_, probs), = prob_net_debt.plot(opened, FINANCING_ENTITIES)
    for e, name in enumerate(FINANCING_ENTITIES):
        check_net_cash_fan(fans[f"net-cash_{name}"], name, years, net[e], base)
    shares = first_years(net)
    check(0 < shares[0, -1] < 1 and 0 < shares[1, -1] < 1, f"degenerate fixture: {shares}")
    drawn = {c.get_label(): c for c in bars.axes[0].containers}
    for e, name in enumerate(FINANCING_ENTITIES):
        heights = [bar.get_height() for bar in drawn[name]]
        check(np.allclose(heights, shares[e], rtol=1e-12),
              f"first-net-debt {name}: bars {heights}, paths give {shares[e]}")
    drawn = {c.get_label(): c for c in probs.axes[0].containers}
    for e, name in enumerate(FINANCING_ENTITIES):
        line, _, (segments, *_) = drawn[name]
        p = (net[e] < 0).mean(axis=0)
        check(np.array_equal(line.get_ydata(), p),
              f"prob-net-debt {name}: {line.get_ydata()}, paths give {p}")
        ends = np.array([[s[0][1], s[1][1]] for s in segments.get_segments()])
        check(np.allclose(ends, np.column_stack([lower[e], upper[e]]), rtol=1e-12),
              f"prob-net-debt {name}: error bars {ends.tolist()}, file has "
              f"{lower[e]}..{upper[e]}")


def case_balance(exe, tmp):
    scenario = os.path.join(tmp, "financing.toml")
    with open(scenario, "w") as f:
        f.write(FINANCING)
    every = os.path.join(tmp, "b.h5")
    capexsim(exe, "run", scenario, "--output", every, "--quiet", "--store-paths", "all")
    out = os.path.join(tmp, "plots")
    balance = [f"net-cash_{e}" for e in FINANCING_ENTITIES] + ["first-net-debt", "prob-net-debt"]
    expect_figures(plot(every, "--format", "both", "--out", out), out, "b",
                   [f"fan_{e}" for e in FINANCING_ENTITIES]
                   + ["hist_total", "first-negative", "tornado_total"] + balance)
    check_balance_data(every)
    out2 = os.path.join(tmp, "options")
    expect_figures(plot(every, "--which", BALANCE_KINDS, "--entity", "msft", "--out", out2),
                   out2, "b", ["net-cash_msft", "first-net-debt", "prob-net-debt"], ("png",))
    expect_error(plot(every, "--which", "net-cash", "--entity", "nosuch", "--out", out2),
                 "nosuch")

    # The scenario text unreadable: the fans are drawn without the base year's point.
    textless = os.path.join(tmp, "textless.h5")
    shutil.copy(every, textless)
    with h5py.File(textless, "a") as f:
        f.attrs["scenario_toml"] = "not = [toml"
    check_balance_data(textless, base=False)
    # No P(net debt) in /balance: that figure is skipped with a note; the others are drawn.
    noprob = os.path.join(tmp, "noprob.h5")
    shutil.copy(every, noprob)
    with h5py.File(noprob, "a") as f:
        for suffix in ("", "_lower", "_upper"):
            del f[f"balance/prob_net_debt{suffix}"]
    out3 = os.path.join(tmp, "noprob")
    result = plot(noprob, "--which", BALANCE_KINDS, "--out", out3)
    expect_figures(result, out3, "noprob", balance[:-1], ("png",))
    check("prob-net-debt: no /balance/prob_net_debt" in result.stderr,
          f"no note for the missing P(net debt): {result.stderr!r}")
    # A /balance without its quantiles is bad input: exit 2 naming the file and the dataset.
    broken = os.path.join(tmp, "broken.h5")
    shutil.copy(every, broken)
    with h5py.File(broken, "a") as f:
        del f["balance/net_cash_quantiles"]
    expect_error(plot(broken, "--which", "net-cash", "--out", out3), "broken.h5",
                 "balance/net_cash_quantiles")

    # --store-paths none: quantiles from sketches, the same figures.
    none = os.path.join(tmp, "none.h5")
    capexsim(exe, "run", scenario, "--output", none, "--quiet", "--store-paths", "none")
    out4 = os.path.join(tmp, "none")
    expect_figures(plot(none, "--which", BALANCE_KINDS, "--out", out4), out4, "none", balance,
                   ("png",))


def main():
    cases = ("results", "sobol", "sweep", "evaluation", "balance")
    if len(sys.argv) != 3 or sys.argv[2] not in cases:
        sys.exit(__doc__)
    exe, case = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory(prefix="capexsim-plot-") as tmp:
        globals()[f"case_{case}"](exe, tmp)
    if failures:
        sys.exit(f"{len(failures)} check(s) failed")
    print(f"test_plot {case}: every check passed")


if __name__ == "__main__":
    main()
