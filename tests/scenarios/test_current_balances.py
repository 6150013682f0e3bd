"""Test that scenarios/current.toml's base-year balances are the data's (docs/current-view.md,
"Base-year balances"), so that neither can drift from the other.

For every company, `base.cash` and `base.debt` must equal, exactly as written, the data's
`cash_and_securities` (cash and cash equivalents + marketable securities / short-term
investments) and `total_debt` (short- and long-term debt, leases excluded), as
scenarios/data/README.md defines them:
- from scenarios/data/balance.csv at the base year's Dec 31 where that row has both;
- where it has neither (Microsoft: no Dec-31 balance after 2021), from the nearest reported
  balance before the base year ends, microsoft_fiscal.csv's June-30 balance of the fiscal year
  that ends in the base year (FY2025, period 2024-07-01..2025-06-30). Not the June-30 balance of
  the next fiscal year: that holds the first half of the projection year, which `known` adds.
Only Microsoft may use the fiscal balance, and a half-filled balance.csv row is an error, so a
Dec-31 balance added to the data later makes this test fail until the scenario uses it.

The January-June 2026 financing in `known` must be the data's too: Meta's and Alphabet's
`known.debt_issued` the rise of long-term debt from balance.csv's year-end 2025 (its source note's
long-term debt) to 2026-06-30 (guidance_2026.md, "Other 2026 facts"), Alphabet's
`known.equity_issued` the Q2 common and mandatory convertible preferred issues (guidance_2026.md's
quarterly table), and the other two companies none.

Usage: /usr/bin/python3 tests/scenarios/test_current_balances.py (from anywhere; ctest runs it)."""
import csv
import os
import re
import sys
import tomllib

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCENARIO = os.path.join(ROOT, "scenarios", "current.toml")
DATA = os.path.join(ROOT, "scenarios", "data")
NAMES = {"meta": "Meta", "microsoft": "Microsoft", "alphabet": "Alphabet", "amazon": "Amazon"}
FISCAL_ALLOWED = {"microsoft"}  # balance.csv has no Dec-31 balance for it after 2021
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print(f"FAIL: {message}", file=sys.stderr)


def read_rows(name, key):
    with open(os.path.join(DATA, name), newline="") as f:
        return {(r["company"], r[key]): r for r in csv.DictReader(f)}


def expected_balance(name, base_year, balance, fiscal):
    """(cash, debt, where) from the data for the company's base-year balance."""
    data = NAMES[name]
    row = balance.get((data, str(base_year)))
    check(row is not None, f"{name}: no {base_year} row in balance.csv")
    if row is None:
        return None
    cash, debt = row["cash_and_securities"].strip(), row["total_debt"].strip()
    if cash and debt:
        return float(cash), float(debt), f"balance.csv {base_year}"
    check(not cash and not debt, f"{name}: balance.csv {base_year} has only one of cash and debt")
    check(name in FISCAL_ALLOWED,
          f"{name}: balance.csv has no {base_year} balance, and only {sorted(FISCAL_ALLOWED)} "
          f"may use another date")
    fy = fiscal.get((data, f"FY{base_year}"))
    check(fy is not None, f"{name}: no FY{base_year} row in microsoft_fiscal.csv")
    if fy is None:
        return None
    check(fy["period"] == f"{base_year - 1}-07-01..{base_year}-06-30",
          f"{name}: FY{base_year} period {fy['period']} does not end on {base_year}-06-30")
    return (float(fy["cash_and_securities_jun30"]), float(fy["total_debt_jun30"]),
            f"microsoft_fiscal.csv FY{base_year} (June 30)")


def number(pattern, text, what):
    """The number the regex's group 1 finds in the text (commas as thousands separators)."""
    m = re.search(pattern, text, re.S)
    check(m is not None, f"not found in the data: {what}")
    return float(m.group(1).replace(",", "")) if m else float("nan")


def check_known_financing(companies, balance):
    guidance = open(os.path.join(DATA, "guidance_2026.md")).read()
    june = {"meta": number(r"Meta cash.*?long-term debt ([\d.]+) at 2026-06-30", guidance,
                           "Meta's long-term debt at 2026-06-30"),
            "alphabet": number(r"Alphabet total cash.*?long-term debt ([\d.]+) at 2026-06-30",
                               guidance, "Alphabet's long-term debt at 2026-06-30")}
    equity = sum(number(rf"{kind} \+([\d.]+)", guidance, f"Alphabet's Q2-2026 {kind}")
                 for kind in ("common stock", "mandatory convertible preferred"))
    for company in companies:
        name = company["name"]
        known = company.get("known", {})
        debt_issued, equity_issued = known.get("debt_issued", 0.0), known.get("equity_issued", 0.0)
        print(f"{name}: known.debt_issued {debt_issued}, known.equity_issued {equity_issued}")
        if name not in june:
            check(debt_issued == 0.0 and equity_issued == 0.0,
                  f"{name}: no 2026 financing in the data, but known has some")
            continue
        note = balance[(NAMES[name], "2025")]["confidence"]  # "... long-term debt 58,744 ..."
        long_term = number(r"long-term debt ([\d,]+)", note, f"{name}'s 2025 long-term debt") / 1000
        expected = round(june[name] - long_term, 3)
        check(abs(debt_issued - expected) < 5e-4,
              f"{name}: known.debt_issued {debt_issued} != {june[name]} - {long_term} = {expected}")
        want = round(equity, 3) if name == "alphabet" else 0.0
        check(abs(equity_issued - want) < 5e-4,
              f"{name}: known.equity_issued {equity_issued} != {want}")


def main():
    scenario = tomllib.load(open(SCENARIO, "rb"))
    base_year = scenario["simulation"]["base_year"]
    balance = read_rows("balance.csv", "year")
    fiscal = read_rows("microsoft_fiscal.csv", "fiscal_year")
    companies = scenario["company"]
    check(sorted(c["name"] for c in companies) == sorted(NAMES), "the four companies")
    for company in companies:
        name = company["name"]
        check("financing" in company, f"{name}: no financing table")
        expected = expected_balance(name, base_year, balance, fiscal)
        if expected is None:
            continue
        cash, debt, where = expected
        base = company["base"]
        print(f"{name}: base.cash {base.get('cash')}, base.debt {base.get('debt')}; {where}: "
              f"{cash}, {debt}")
        check(base.get("cash") == cash, f"{name}: base.cash {base.get('cash')} != {where} {cash}")
        check(base.get("debt") == debt, f"{name}: base.debt {base.get('debt')} != {where} {debt}")
    check_known_financing(companies, balance)
    if failures:
        sys.exit(f"{len(failures)} check(s) failed")
    print("all checks passed")


if __name__ == "__main__":
    main()
