"""Test of scenarios/current.toml, the default scenario (docs/current-view.md).

1. Its base is calendar 2025 of scenarios/data/annual.csv and its `known` flows are the sums of
   2026Q1 and 2026Q2 in scenarios/data/quarterly.csv.
2. Run with a fixed seed and --store-paths all: every company's median 2026 capex equals its
   latest guidance converted to the data's basis (below, from scenarios/data/guidance_2026.md),
   within 4 standard errors of the sample median plus the rounding of the file's parameters.
3. On every path, 2026 = the known H1 plus a drawn H2 that is never negative: each 2026 flow is
   at least its known part; Amazon's buybacks and Alphabet's 2026 buybacks are exactly 0.

Usage: /usr/bin/python3 tests/scenarios/test_current_view.py CAPEXSIM (from the repository root;
ctest does that)."""
import csv
import os
import subprocess
import sys
import tempfile
import tomllib

import h5py
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCENARIO = os.path.join(ROOT, "scenarios", "current.toml")
DATA = os.path.join(ROOT, "scenarios", "data")
NAMES = {"meta": "Meta", "microsoft": "Microsoft", "alphabet": "Alphabet", "amazon": "Amazon"}
FLOWS = ("ocf", "capex", "buybacks", "dividends")
PATHS, SEED = 40000, 13
K_SE = 4.0  # standard errors of the median allowed
# The file rounds each 2026 capex mean to 4 decimals of a growth rate applied to half of 2025's
# capex (at most 65.9): 0.00005 * 65.9 = 0.0033; the converted targets are rounded to 0.001.
ROUNDING = 0.005
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print(f"FAIL: {message}", file=sys.stderr)


def read_rows(name, key):
    with open(os.path.join(DATA, name), newline="") as f:
        return {(r["company"], r[key]): r for r in csv.DictReader(f)}


def converted_targets(q):
    """Each company's 2026 capex guidance midpoint on the data's basis (cash purchases of P&E,
    gross, finance-lease principal excluded). Sources: scenarios/data/guidance_2026.md."""
    h1_cash_msft = sum(float(q[("Microsoft", f"2026Q{n}")]["capex"]) for n in (1, 2))
    return {
        # $130-145bn incl. finance-lease principal: H1 2026 1.805, H2 at Q2's 0.962 a quarter.
        "meta": 137.5 - (1.805 + 2 * 0.962),
        # $195-205bn, already purchases of property and equipment.
        "alphabet": 200.0,
        # ~$220bn cash capex net of proceeds: H1 proceeds 0.969 + 1.132, H2 at Q2's rate.
        "amazon": 220.0 + 0.969 + 1.132 + 2 * 1.132,
        # ~$175bn incl. finance leases; H1 2026 incl. leases 31.9 + 41.0; H2 at H1's cash share.
        "microsoft": h1_cash_msft + (175.0 - 72.9) * h1_cash_msft / 72.9,
    }


def check_inputs(scenario, annual, quarterly):
    sim = scenario["simulation"]
    check(sim["base_year"] == 2025 and sim["years"] == list(range(2026, 2031)), "horizon")
    check(sim["unit"] == "USD billion", "unit")
    for company in scenario["company"]:
        name, data = company["name"], NAMES[company["name"]]
        known = company["known"]
        check(known["through"] == "2026Q2", f"{name}: known.through")
        for flow in FLOWS:
            base = float(annual[(data, "2025")][flow])
            check(company["base"][flow] == base, f"{name}: base.{flow} {company['base'][flow]} != {base}")
            h1 = sum(float(quarterly[(data, f"2026Q{n}")][flow]) for n in (1, 2))
            check(abs(known[flow] - h1) < 5e-10, f"{name}: known.{flow} {known[flow]} != {h1}")


def run(exe, out):
    args = [exe, "run", SCENARIO, "--paths", str(PATHS), "--seed", str(SEED), "--store-paths",
            "all", "--quiet", "--output", out]
    result = subprocess.run(args, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{' '.join(args)} failed ({result.returncode}):\n{result.stderr}")


def median_and_se(x):
    """Sample median and its standard error from order statistics: the ranks n/2 -/+ sqrt(n)/2
    are one binomial standard deviation from the median's rank, so half the distance between
    those two order statistics estimates the median's standard error, whatever the shape."""
    s = np.sort(x)
    n = len(s)
    half = 0.5 * np.sqrt(n)
    lo, hi = int(np.floor(n / 2 - half)), int(np.ceil(n / 2 + half))
    return float(np.median(s)), 0.5 * float(s[hi] - s[lo])


def check_run(scenario, targets, out):
    with h5py.File(out, "r") as f:
        entities = [e.decode() if isinstance(e, bytes) else e for e in f["entity"][()]]
        years = list(f["year"][()])
        flows = {flow: f["paths"][flow][()] for flow in FLOWS}
    t = years.index(2026)
    for company in scenario["company"]:
        name, known = company["name"], company["known"]
        e = entities.index(name)
        capex = flows["capex"][e, :, t]
        median, se = median_and_se(capex)
        tol = K_SE * se + ROUNDING
        print(f"{name}: 2026 capex median {median:.3f} (se {se:.3f}), converted guidance "
              f"{targets[name]:.3f}, tolerance {tol:.3f}")
        check(abs(median - targets[name]) <= tol,
              f"{name}: 2026 capex median {median:.3f} vs guidance {targets[name]:.3f} +- {tol:.3f}")
        for flow in FLOWS:
            low = float(np.min(flows[flow][e, :, t]))
            check(low >= known[flow], f"{name}: 2026 {flow} {low} below the known H1 {known[flow]}")
    for name in ("amazon", "alphabet"):
        b = flows["buybacks"][entities.index(name), :, t]
        check(np.all(b == 0.0), f"{name}: 2026 buybacks not 0 on every path")


def main():
    exe = sys.argv[1]
    scenario = tomllib.load(open(SCENARIO, "rb"))
    quarterly = read_rows("quarterly.csv", "quarter")
    check_inputs(scenario, read_rows("annual.csv", "year"), quarterly)
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "current.h5")
        run(exe, out)
        check_run(scenario, converted_targets(quarterly), out)
    if failures:
        sys.exit(f"{len(failures)} check(s) failed")
    print("all checks passed")


if __name__ == "__main__":
    main()
