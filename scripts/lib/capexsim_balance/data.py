"""Reads scenarios/data/ into one series per company: per year the four flows (ocf, capex,
buybacks, dividends) and the year-end balances (cash and securities, total debt), USD billions.

Empty cells stay None (absent, never zero). Each year carries flags from the files' free-text
`confidence`: "r" when a flow is recalled or an estimate, "p" when a balance is PARTIAL.

Microsoft has two bases. `fiscal` (the default) takes flows and June-30 balances from
microsoft_fiscal.csv: year 2024 is FY2024, July 2023 - June 2024, ending on the balance of
2024-06-30. `calendar` takes the calendar flows of annual.csv (derived from fiscal years and
quarters) and the Dec-31 balances of balance.csv, which end in 2021. The two are never mixed:
calendar flows between June balances would be half a year out of step."""
import csv
import os
from dataclasses import dataclass, field

COMPANIES = ("Meta", "Microsoft", "Alphabet", "Amazon")
FLOWS = ("ocf", "capex", "buybacks", "dividends")
BASES = ("fiscal", "calendar")


class ReplayError(Exception):
    """Bad input: a data file, a column, a year or an option. The command line exits with 2."""


@dataclass
class Year:
    """One company-year: flows over the year and balances at its end (None where absent)."""
    label: str
    ocf: float | None = None
    capex: float | None = None
    buybacks: float | None = None
    dividends: float | None = None
    cash: float | None = None
    debt: float | None = None
    flags: set = field(default_factory=set)

    def has_flows(self):
        return None not in (self.ocf, self.capex, self.buybacks, self.dividends)

    def has_balances(self):
        return self.cash is not None and self.debt is not None

    def surplus(self):
        """OCF - buybacks - dividends - capex, the seed's surplus; None if a flow is absent."""
        if not self.has_flows():
            return None
        return self.ocf - self.buybacks - self.dividends - self.capex

    def net_cash(self):
        return self.cash - self.debt if self.has_balances() else None


@dataclass
class Series:
    company: str
    basis: str  # "calendar, Dec 31" or "fiscal, June 30"
    years: dict  # int -> Year


def _number(path, line, column, text):
    text = text.strip()
    if text == "":
        return None
    try:
        return float(text)
    except ValueError:
        raise ReplayError(f"{path}:{line}: {column} must be a number, not {text!r}") from None


def _rows(path, columns):
    """The rows of a CSV file as (line, dict), checking that every needed column is there."""
    if not os.path.isfile(path):
        raise ReplayError(f"{path}: no such file")
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise ReplayError(f"{path}:1: missing column {missing[0]!r}")
        return [(reader.line_num, row) for row in reader]


def _flow_flags(confidence):
    text = confidence.lower()
    return {"r"} if "recalled" in text or "estimate" in text else set()


def _balance_flags(confidence):
    return {"p"} if "partial" in confidence.lower() else set()


def _year(series, year, label):
    return series.setdefault(year, Year(label))


def _read_calendar(folder, companies):
    """annual.csv flows and balance.csv Dec-31 balances, keyed by calendar year."""
    out = {c: {} for c in companies}
    path = os.path.join(folder, "annual.csv")
    for line, row in _rows(path, ("company", "year", *FLOWS, "confidence")):
        if row["company"] not in out:
            continue
        y = _year(out[row["company"]], int(row["year"]), row["year"])
        for flow in FLOWS:
            setattr(y, flow, _number(path, line, flow, row[flow]))
        y.flags |= _flow_flags(row["confidence"])
    path = os.path.join(folder, "balance.csv")
    columns = ("company", "year", "cash_and_securities", "total_debt", "confidence")
    for line, row in _rows(path, columns):
        if row["company"] not in out:
            continue
        y = _year(out[row["company"]], int(row["year"]), row["year"])
        y.cash = _number(path, line, "cash_and_securities", row["cash_and_securities"])
        y.debt = _number(path, line, "total_debt", row["total_debt"])
        y.flags |= _balance_flags(row["confidence"])
    return out


def _read_fiscal(folder):
    """microsoft_fiscal.csv: flows of FY and the balances of June 30 at its end, keyed by the
    year the fiscal year ends in (FY2024 -> 2024)."""
    out = {}
    path = os.path.join(folder, "microsoft_fiscal.csv")
    columns = ("company", "fiscal_year", *FLOWS, "cash_and_securities_jun30",
               "total_debt_jun30", "confidence")
    for line, row in _rows(path, columns):
        label = row["fiscal_year"].strip()
        if not (label.startswith("FY") and label[2:].isdigit()):
            raise ReplayError(f"{path}:{line}: fiscal_year must look like FY2026, not {label!r}")
        y = _year(out, int(label[2:]), label)
        for flow in FLOWS:
            setattr(y, flow, _number(path, line, flow, row[flow]))
        y.cash = _number(path, line, "cash_and_securities_jun30", row["cash_and_securities_jun30"])
        y.debt = _number(path, line, "total_debt_jun30", row["total_debt_jun30"])
        y.flags |= _flow_flags(row["confidence"]) | _balance_flags(row["confidence"])
    return out


def load(folder, companies=COMPANIES, microsoft="fiscal"):
    """One Series per company, in the order given."""
    if microsoft not in BASES:
        raise ReplayError(f"Microsoft basis {microsoft!r}: expected one of {', '.join(BASES)}")
    calendar = _read_calendar(folder, companies)
    series = []
    for company in companies:
        if company == "Microsoft" and microsoft == "fiscal":
            series.append(Series(company, "fiscal, June 30", _read_fiscal(folder)))
        else:
            series.append(Series(company, "calendar, Dec 31", calendar[company]))
    return series
