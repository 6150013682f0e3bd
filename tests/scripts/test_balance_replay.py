"""Test of scripts/balance_replay: the formulas of one year and a replay on a hand-computed
fixture (every number below is a multiple of 1/8, so the arithmetic is exact in binary and the
checks are equalities), the fiscal and calendar bases, gaps, the other-flows measure and its
statistics, the printed tables, and a run on the shipped data.

Usage: /usr/bin/python3 tests/scripts/test_balance_replay.py (from the repository root; ctest
does that)."""
import math
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCRIPT = os.path.join(ROOT, "scripts", "balance_replay")
sys.path.insert(0, os.path.join(ROOT, "scripts", "lib"))

from capexsim_balance import data, model, other_flows  # noqa: E402

failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print(f"FAIL: {message}", file=sys.stderr)


def equal(got, want, what):
    check(got == want, f"{what}: got {got!r}, want {want!r}")


# The fixture, in USD billions. Meta, calendar, b = 2020, start cash 10, debt 4.
# Financing: cash_yield 0.25, debt_rate 0.5, min_cash_ratio 0.5, max_debt_to_ocf 1, no equity.
#
# 2021: OCF 8, capex 4, buybacks 1, dividends 1 -> surplus 2
#   interest = 0.25 (10 - 10) - 0.5 (4 - 4) = 0;  pre = 10 + 2 + 0 = 12
#   need = max(0, 0.5 * 8 - 12) = 0;  room = max(0, 1 * 8 - 4) = 4;  issued 0
#   cash 12, debt 4, net cash 8.  Reported 11 and 4: residuals cash -1, debt 0, net cash -1.
# 2022: OCF 8, capex 16, buybacks 2, dividends 2 -> surplus -12
#   interest = 0.25 (12 - 10) - 0.5 (4 - 4) = 0.5;  pre = 12 - 12 + 0.5 = 0.5
#   need = 4 - 0.5 = 3.5;  room = 8 - 4 = 4;  issued = min(3.5, 4) = 3.5;  shortfall 0
#   cash 0.5 + 3.5 = 4, debt 4 + 3.5 = 7.5, net cash -3.5.
#   Reported 6 and 8: residuals cash 2, debt 0.5, net cash -2 - (-3.5) = 1.5.
# 2023: OCF 4, capex 8, buybacks 0, dividends 0 -> surplus -4
#   interest = 0.25 (4 - 10) - 0.5 (7.5 - 4) = -1.5 - 1.75 = -3.25;  pre = 4 - 4 - 3.25 = -3.25
#   need = 0.5 * 4 + 3.25 = 5.25;  room = max(0, 4 - 7.5) = 0;  issued 0
#   no equity: shortfall 5.25, cash -3.25, debt 7.5, net cash -10.75
#   with equity: equity 5.25, shortfall 0, cash 2, debt 7.5
#   Reported: cash empty, debt 6: cash and net cash residuals absent, debt residual -1.5.
# With other_flows = -0.25 of OCF, 2021: other = -2, pre = 10 + 2 - 2 = 10, cash 10.
#
# Other flows (one-year steps on the reported balances):
#   2021: change in net cash (11 - 4) - (10 - 4) = 1, other = 1 - 2 = -1, share -1/8 = -0.125
#   2022: change (6 - 8) - (11 - 4) = -9, other = -9 - (-12) = 3, share 3/8 = 0.375
#   2023: no reported cash at its end: left out.
#   mean 0.125, sd sqrt((0.25^2 + 0.25^2) / 1) = sqrt(0.125), sum/sum OCF = 2 / 16 = 0.125.
# Microsoft (fiscal file): FY2020 ends with cash 20, debt 10; FY2021 OCF 16, capex 8,
#   buybacks 2, dividends 2 -> surplus 4, ends with cash 22, debt 10: other = 2 - 4 = -2,
#   share -0.125. Its calendar rows have balances only in 2020: no replay from 2020 to 2021.
# Alphabet: no balance at 2020 (no replay). Amazon: 2021 capex empty (replay stops there).
ANNUAL = """company,year,ocf,capex,buybacks,dividends,source,confidence
Meta,2021,8,4,1,1,s,verified
Meta,2022,8,16,2,2,s,verified
Meta,2023,4,8,0,0,s,"buybacks recalled"
Microsoft,2021,17,9,2,2,s,derived
Alphabet,2021,8,4,0,0,s,verified
Amazon,2021,8,,0,0,s,verified
"""
BALANCE = """company,year,cash_and_securities,total_debt,source,confidence
Meta,2020,10,4,s,verified
Meta,2021,11,4,s,verified
Meta,2022,6,8,s,"debt PARTIAL"
Meta,2023,,6,s,verified
Microsoft,2020,30,10,s,verified
Microsoft,2021,,,s,absent
Alphabet,2021,9,0,s,verified
Amazon,2020,10,0,s,verified
"""
FISCAL = ("company,fiscal_year,period,ocf,capex,buybacks,dividends,cash_and_securities_jun30,"
          "total_debt_jun30,source,confidence\n") + """\
Microsoft,FY2020,2019-07-01..2020-06-30,15,7,2,2,20,10,s,verified
Microsoft,FY2021,2020-07-01..2021-06-30,16,8,2,2,22,10,s,verified
"""

FIN = model.Financing(cash_yield=0.25, debt_rate=0.5, min_cash_ratio=0.5, max_debt_to_ocf=1.0)


def fixture(folder):
    for name, text in (("annual.csv", ANNUAL), ("balance.csv", BALANCE),
                       ("microsoft_fiscal.csv", FISCAL)):
        with open(os.path.join(folder, name), "w", encoding="utf-8") as f:
            f.write(text)


def test_step():
    s = model.step(12.0, 4.0, 10.0, 4.0, 8.0, -12.0, FIN)
    equal((s.interest, s.pre, s.need, s.room, s.issued, s.equity, s.shortfall, s.cash, s.debt),
          (0.5, 0.5, 3.5, 4.0, 3.5, 0.0, 0.0, 4.0, 7.5), "step 2022")
    s = model.step(4.0, 7.5, 10.0, 4.0, 4.0, -4.0, FIN)
    equal((s.interest, s.pre, s.need, s.room, s.issued, s.equity, s.shortfall, s.cash, s.debt,
           s.net_cash), (-3.25, -3.25, 5.25, 0.0, 0.0, 0.0, 5.25, -3.25, 7.5, -10.75),
          "step 2023 without equity")
    with_equity = model.Financing(0.25, 0.5, 0.5, 1.0, equity=True)
    s = model.step(4.0, 7.5, 10.0, 4.0, 4.0, -4.0, with_equity)
    equal((s.equity, s.shortfall, s.cash, s.debt), (5.25, 0.0, 2.0, 7.5), "step 2023 equity")
    # Room for part of the need: cash 4, debt 6 (b: 10, 4), OCF 8, surplus -4:
    # interest = 0.25 (4 - 10) - 0.5 (6 - 4) = -2.5, pre = -2.5, need = 4 + 2.5 = 6.5,
    # room = 8 - 6 = 2, issued 2; equity 4.5 and cash 4, or shortfall 4.5 and cash -0.5.
    s = model.step(4.0, 6.0, 10.0, 4.0, 8.0, -4.0, with_equity)
    equal((s.interest, s.need, s.room, s.issued, s.equity, s.shortfall, s.cash, s.debt),
          (-2.5, 6.5, 2.0, 2.0, 4.5, 0.0, 4.0, 8.0), "step, part room, equity")
    s = model.step(4.0, 6.0, 10.0, 4.0, 8.0, -4.0, FIN)
    equal((s.issued, s.equity, s.shortfall, s.cash, s.debt), (2.0, 0.0, 4.5, -0.5, 8.0),
          "step, part room, no equity")
    s = model.step(10.0, 4.0, 10.0, 4.0, 8.0, 2.0, FIN, other_share=-0.25)
    equal((s.other, s.pre, s.cash), (-2.0, 10.0, 10.0), "step 2021 with other flows")


def test_replay(folder):
    meta, microsoft, alphabet, amazon = data.load(folder)
    rp = model.replay(meta, 2020, 2023, FIN)
    equal([y.label for y in rp.years], ["2021", "2022", "2023"], "Meta years")
    equal([(y.model.cash, y.model.debt) for y in rp.years],
          [(12.0, 4.0), (4.0, 7.5), (-3.25, 7.5)], "Meta model balances")
    equal([(y.residual("cash"), y.residual("debt"), y.residual("net_cash")) for y in rp.years],
          [(-1.0, 0.0, -1.0), (2.0, 0.5, 1.5), (None, -1.5, None)], "Meta residuals")
    equal([y.flags for y in rp.years], [set(), {"p"}, {"r"}], "Meta flags")
    equal((microsoft.basis, [y.label for y in model.replay(microsoft, 2020, 2021, FIN).years]),
          ("fiscal, June 30", ["FY2021"]), "Microsoft fiscal")
    calendar = data.load(folder, ["Microsoft"], microsoft="calendar")[0]
    equal(model.replay(calendar, 2020, 2021, FIN).stopped, "",
          "Microsoft calendar replays from its Dec-2020 balance")
    equal(model.replay(calendar, 2021, 2022, FIN).stopped,
          "no reported cash and debt at the end of 2021", "Microsoft calendar gap")
    equal(model.replay(alphabet, 2020, 2021, FIN).stopped,
          "no reported cash and debt at the end of 2020", "Alphabet no start")
    equal((model.replay(amazon, 2020, 2021, FIN).stopped, model.replay(amazon, 2020, 2021,
                                                                        FIN).years),
          ("flows of 2021 incomplete", []), "Amazon stops at a gap")


def test_other_flows(folder):
    meta, microsoft = data.load(folder, ["Meta", "Microsoft"])
    rows, gaps = other_flows.measure(meta, 2021, 2023)
    equal([(r.label, r.change, r.other, r.share) for r in rows],
          [("2021", 1.0, -1.0, -0.125), ("2022", -9.0, 3.0, 0.375)], "Meta other flows")
    equal(gaps, [("2023", "no reported balances at its end")], "Meta gaps")
    st = other_flows.stats(rows)
    equal((st.n, st.mean, st.sd, st.aggregate), (2, 0.125, math.sqrt(0.125), 0.125), "stats")
    ms_rows, _ = other_flows.measure(microsoft, 2021, 2021)
    equal([(r.label, r.other, r.share) for r in ms_rows], [("FY2021", -2.0, -0.125)],
          "Microsoft fiscal other flows")
    # PERT on [-1, 0.5] with mean -0.25: mode = (6 (-0.25) + 1 - 0.5) / 4 = -0.25, alpha = 1 +
    # 4 (0.75 / 1.5) = 3, beta = 3, sd = 1.5 sqrt(9 / (36 * 7)) = 1.5 / sqrt(28).
    mode, sd = other_flows.pert_for_mean(-1.0, 0.5, -0.25)
    check(mode == -0.25 and abs(sd - 1.5 / math.sqrt(28)) <= 4 * sys.float_info.epsilon,
          f"pert_for_mean: mode {mode}, sd {sd}")
    equal(other_flows.pert_for_mean(-1.0, 0.5, 0.4), None, "pert_for_mean out of reach")


def run(*args):
    return subprocess.run([SCRIPT, *args], capture_output=True, text=True)


def rows_of(stdout, first_header):
    """The rows of the Markdown table whose first header cell is `first_header`, as lists of
    cells; rows with an empty first cell inherit the previous row's first cell."""
    out, inside, last = [], False, ""
    for line in stdout.splitlines():
        if not line.startswith("|"):
            inside = False
            continue
        cells = [c.strip() for c in line.strip("|").split("|")]
        if cells[0] == first_header:
            inside = True
            continue
        if inside and not cells[0].startswith("-"):
            last = cells[0] or last
            out.append([last] + cells[1:])
    return out


def test_cli(folder):
    r = run("replay", "--data", folder, "--start", "2020", "--end", "2023", "--cash-yield",
            "0.25", "--debt-rate", "0.5", "--min-cash-ratio", "0.5", "--max-debt-to-ocf", "1",
            "--company", "meta")
    equal(r.returncode, 0, f"replay exit ({r.stderr})")
    detail = {tuple(row[:2]): row for row in rows_of(r.stdout, "company")}
    # company, year, OCF, surplus, interest, other, issued, equity, shortfall, cash, debt, ...
    equal(detail.get(("Meta", "2023")),
          ["Meta", "2023", "4.000", "-4.000", "-3.250", "0.000", "0.000", "0.000", "5.250",
           "-3.250", "7.500", "-10.750", "r"], "printed 2023 row")
    resid = [row for row in rows_of(r.stdout, "company") if row[1] == "2022" and len(row) == 11]
    # cash model, reported, residual, debt model, reported, residual, net cash, of the year, /OCF
    equal(resid, [["Meta (calendar, Dec 31)", "2022", "4.000", "6.000", "2.000", "7.500", "8.000",
                   "0.500", "1.500", "2.500", "31.2%"]], "printed 2022 residuals")
    r = run("replay", "--data", folder, "--start", "2020", "--end", "2021", "--company", "Meta",
            "--other-flows", "fit", "--fit", "2021-2022")
    check("Meta 12.50%" in r.stdout, f"fitted share printed: {r.stdout[:300]}")
    for bad in (["replay", "--min-cash-ratio", "-0.5"], ["replay", "--max-debt-to-ocf", "0"],
                ["replay", "--company", "Apple"], ["replay", "--other-flows", "x"],
                ["replay", "--data", os.path.join(folder, "none")],
                ["other-flows", "--data", folder, "--from", "x"]):
        equal(run(*bad).returncode, 2, f"exit code of {' '.join(bad)}")


def test_shipped():
    # Meta, from balance.csv and annual.csv: 2023 cash 65.403, debt 18.385; 2024 surplus 91.328
    # - 37.256 - 30.125 - 5.072 = 18.875, so model cash 84.278 and debt 18.385 (no issuance:
    # 84.278 > 0.25 * 91.328); reported 77.815 and 28.826: residuals -6.463, 10.441, -16.904.
    r = run("replay")
    equal(r.returncode, 0, f"shipped replay exit ({r.stderr})")
    rows = rows_of(r.stdout, "company")
    meta = [row for row in rows if row[0].startswith("Meta (") and row[1] == "2024"]
    equal([row[2:9] for row in meta],
          [["84.278", "77.815", "-6.463", "18.385", "28.826", "10.441", "-16.904"]],
          "shipped Meta 2024")
    check(any(row[1] == "FY2025" for row in rows), "Microsoft replayed on fiscal years")
    r = run("other-flows")
    equal(r.returncode, 0, f"shipped other-flows exit ({r.stderr})")
    pooled = [row for row in rows_of(r.stdout, "company") if row[0] == "pooled"]
    equal([row[1] for row in pooled], ["48", "28"], "pooled company-years (all, unflagged)")
    equal(run("ratios").returncode, 0, "shipped ratios exit")
    # The other flows are the net-cash residuals of one-year replays, whatever the rates.
    fin = model.Financing(0.04, 0.05, 0.25, 2.0)
    for series in data.load(os.path.join(ROOT, "scenarios", "data")):
        for row in other_flows.measure(series, 2013, 2025)[0]:
            got = model.replay(series, row.year - 1, row.year, fin).years[0].residual("net_cash")
            scale = sum(abs(v) for v in (row.ocf, row.surplus, row.change)) + 1000
            check(abs(got - row.other) <= 16 * sys.float_info.epsilon * scale,
                  f"{series.company} {row.label}: one-year residual {got} vs other {row.other}")


def main():
    test_step()
    with tempfile.TemporaryDirectory() as folder:
        fixture(folder)
        test_replay(folder)
        test_other_flows(folder)
        test_cli(folder)
    test_shipped()
    if failures:
        print(f"{len(failures)} check(s) failed", file=sys.stderr)
        return 1
    print("test_balance_replay: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
