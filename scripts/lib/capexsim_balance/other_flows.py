"""What the surplus does not explain: per company-year,

    other[t] = (net_cash[t] - net_cash[t-1]) - surplus[t]      (reported balances)

as an amount and as a share of OCF[t]. It is the net-cash residual of a one-year replay from the
reported balances of t-1: with b = t-1 the interest term is 0 whatever the rates, and the debt
rule does not move net cash. It holds acquisitions, purchases of non-marketable investments,
taxes paid on share settlement, finance-lease principal, stock issued, securities' gains and
losses, FX, and any error in the data."""
import math
import statistics
from dataclasses import dataclass


@dataclass
class OtherYear:
    company: str
    year: int
    label: str
    ocf: float
    surplus: float
    change: float  # reported net_cash[t] - net_cash[t-1]
    other: float
    flags: set

    @property
    def share(self):
        return self.other / self.ocf


def measure(series, first, last):
    """OtherYear for each year first..last with both balances and all flows; and the years
    left out, as (label, reason)."""
    rows, gaps = [], []
    for year in range(first, last + 1):
        y, prev = series.years.get(year), series.years.get(year - 1)
        label = y.label if y else str(year)
        if y is None or not y.has_flows():
            gaps.append((label, "flows incomplete"))
        elif not y.has_balances():
            gaps.append((label, "no reported balances at its end"))
        elif prev is None or not prev.has_balances():
            gaps.append((label, "no reported balances at its start"))
        else:
            change = y.net_cash() - prev.net_cash()
            flags = set(y.flags) | ({"p"} & prev.flags)
            rows.append(OtherYear(series.company, year, label, y.ocf, y.surplus(), change,
                                  change - y.surplus(), flags))
    return rows, gaps


@dataclass
class Stats:
    n: int
    mean: float
    sd: float  # sample standard deviation (n - 1), nan for n < 2
    lo: float
    hi: float
    p10: float  # percentiles by linear interpolation between order statistics (numpy's default)
    median: float
    p90: float
    aggregate: float  # sum(other) / sum(OCF)

    @property
    def se(self):
        return self.sd / math.sqrt(self.n)

    @property
    def t(self):
        return self.mean / self.se if self.se > 0 else math.nan


def stats(rows):
    """Statistics of the shares of OCF; None for no rows."""
    if not rows:
        return None
    shares = [r.share for r in rows]
    n = len(shares)
    mean = sum(shares) / n
    sd = math.sqrt(sum((s - mean) ** 2 for s in shares) / (n - 1)) if n > 1 else math.nan
    p10, p90 = (statistics.quantiles(shares, n=10, method="inclusive")[i] for i in (0, 8)) \
        if n > 1 else (shares[0], shares[0])
    return Stats(n, mean, sd, min(shares), max(shares), p10, statistics.median(shares), p90,
                 sum(r.other for r in rows) / sum(r.ocf for r in rows))


def pert_for_mean(lo, hi, mean, lam=4.0):
    """The Beta-PERT on [lo, hi] whose mean is `mean` (docs/distributions.md: mean =
    (lo + lam mode + hi) / (lam + 2)): (mode, sd), or None when no mode in [lo, hi] gives it."""
    mode = ((lam + 2) * mean - lo - hi) / lam
    if not lo <= mode <= hi or hi <= lo:
        return None
    a = 1 + lam * (mode - lo) / (hi - lo)
    b = 1 + lam * (hi - mode) / (hi - lo)
    return mode, (hi - lo) * math.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))
