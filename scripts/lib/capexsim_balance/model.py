"""Issue 14's balance-sheet formulas for one company-year, and their replay over a window of
realized flows from reported start balances. b is the window's start year:

    interest  = cash_yield * (cash[t-1] - cash[b]) - debt_rate * (debt[t-1] - debt[b])
    pre       = cash[t-1] + surplus + interest + other_flows * OCF
    need      = max(0, min_cash_ratio * OCF - pre)
    room      = max(0, max_debt_to_ocf * OCF - debt[t-1])
    issued    = min(need, room)
    equity    = need - issued if equity else 0
    shortfall = need - issued - equity
    cash      = pre + issued + equity
    debt      = debt[t-1] + issued
    net_cash  = cash - debt

`other_flows` (a share of OCF, 0 unless given) is the term this replay measures and proposes
(docs/balance-replay.md); the others are the issue's. Since issued adds to cash and debt alike,
net_cash[t] = net_cash[t-1] + surplus + interest + other + equity: the net cash does not depend
on the debt rule at all, and not on the equity rule when no equity is raised."""
from dataclasses import dataclass

from .data import ReplayError


@dataclass
class Financing:
    cash_yield: float = 0.0
    debt_rate: float = 0.0
    min_cash_ratio: float = 0.25
    max_debt_to_ocf: float = 2.0
    equity: bool = False

    def check(self):
        if self.cash_yield < -1 or self.debt_rate < -1:
            raise ReplayError("cash_yield and debt_rate must be >= -1")
        if self.min_cash_ratio < 0:
            raise ReplayError("min_cash_ratio must be >= 0")
        if self.max_debt_to_ocf <= 0:
            raise ReplayError("max_debt_to_ocf must be > 0")


@dataclass
class Step:
    interest: float
    other: float
    pre: float
    need: float
    room: float
    issued: float
    equity: float
    shortfall: float
    cash: float
    debt: float

    @property
    def net_cash(self):
        return self.cash - self.debt


def step(cash_prev, debt_prev, cash_base, debt_base, ocf, surplus, fin, other_share=0.0):
    """One year of the model from last year's balances and this year's OCF and surplus."""
    interest = fin.cash_yield * (cash_prev - cash_base) - fin.debt_rate * (debt_prev - debt_base)
    other = other_share * ocf
    pre = cash_prev + surplus + interest + other
    need = max(0.0, fin.min_cash_ratio * ocf - pre)
    room = max(0.0, fin.max_debt_to_ocf * ocf - debt_prev)
    issued = min(need, room)
    equity = need - issued if fin.equity else 0.0
    shortfall = need - issued - equity
    return Step(interest, other, pre, need, room, issued, equity, shortfall,
                pre + issued + equity, debt_prev + issued)


@dataclass
class ReplayYear:
    year: int
    label: str
    ocf: float
    surplus: float
    model: Step
    cash: float | None  # reported
    debt: float | None
    flags: set

    def residual(self, name):
        """reported - model for "cash", "debt" or "net_cash"; None where not reported."""
        reported = {"cash": self.cash, "debt": self.debt,
                    "net_cash": None if None in (self.cash, self.debt) else self.cash - self.debt}
        value = reported[name]
        return None if value is None else value - getattr(self.model, name)


@dataclass
class Replay:
    company: str
    basis: str
    start_label: str
    start_cash: float | None
    start_debt: float | None
    years: list
    stopped: str = ""  # why the replay ended before the window did, if it did


def replay(series, start, end, fin, other_share=0.0):
    """Replays years start+1..end of a Series from its reported balances at the end of `start`.
    Stops at the first year whose flows are incomplete (later years would need it)."""
    base = series.years.get(start)
    label = base.label if base else str(start)
    if base is None or not base.has_balances():
        return Replay(series.company, series.basis, label, None, None, [],
                      f"no reported cash and debt at the end of {label}")
    out = Replay(series.company, series.basis, label, base.cash, base.debt, [])
    cash, debt = base.cash, base.debt
    for year in range(start + 1, end + 1):
        y = series.years.get(year)
        if y is None or not y.has_flows():
            out.stopped = f"flows of {y.label if y else year} incomplete"
            break
        s = step(cash, debt, base.cash, base.debt, y.ocf, y.surplus(), fin, other_share)
        out.years.append(ReplayYear(year, y.label, y.ocf, y.surplus(), s, y.cash, y.debt,
                                    set(y.flags)))
        cash, debt = s.cash, s.debt
    return out
