"""Recomputes the balance sheet of a capexsim results file with NumPy from its stored flows and
checks /balance and /paths/net_cash against it (docs/model.md, "Balance sheet"): per-path net cash
to rounding, every mean and P(event) within K standard errors, the first-year and never counts,
the net-cash quantiles with their 95% intervals, the cumulative-issued quantiles and, with
--all-quantiles (a run with --balance-quantiles), every other variable's quantiles, which are
otherwise absent. Needs a run with --store-paths all of a scenario whose rates are fixed (read
from the file's scenario_toml). Usage: check_balance.py FILE [--all-quantiles]. Exit 0 when all
agree, 1 otherwise."""
import sys
import tomllib

import h5py
import numpy as np

K = 5.0
Z95 = 1.959963984540054


def fixed(dist, years):
    assert dist["dist"] == "fixed", "check_balance.py needs fixed rates"
    return np.broadcast_to(np.asarray(dist["value"], dtype=float), (years,))


def recompute(f):
    scenario = tomllib.loads(f.attrs["scenario_toml"])
    ocf, surplus = f["paths/ocf"][()], f["paths/surplus"][()]  # (entity, path, year)
    companies = scenario["company"]
    C, P, T = len(companies), ocf.shape[1], ocf.shape[2]
    names = ["cash", "debt", "net_cash", "issued", "equity", "shortfall", "interest"]
    out = {n: np.zeros((C + 1, P, T)) for n in names}
    for c, company in enumerate(companies):
        fin, base = company["financing"], company["base"]
        cy, dr = fixed(fin["cash_yield"], T), fixed(fin["debt_rate"], T)
        floor = np.broadcast_to(np.asarray(fin["min_cash_ratio"], dtype=float), (T,))
        ceiling, equity = float(fin["max_debt_to_ocf"]), bool(fin.get("equity", False))
        known = company.get("known", {})
        cash = np.full(P, float(base["cash"]))
        debt = np.full(P, float(base["debt"]))
        for t in range(T):
            # Debt and equity already issued in the first year (known) come before the rule.
            known_debt = float(known.get("debt_issued", 0.0)) if t == 0 else 0.0
            known_equity = float(known.get("equity_issued", 0.0)) if t == 0 else 0.0
            interest = cy[t] * (cash - base["cash"]) - dr[t] * (debt - base["debt"])
            pre = cash + surplus[c, :, t] + interest + known_debt + known_equity
            debt = debt + known_debt
            need = np.maximum(0.0, floor[t] * ocf[c, :, t] - pre)
            room = np.maximum(0.0, ceiling * ocf[c, :, t] - debt)
            borrowed = np.minimum(need, room)
            raised = need - borrowed if equity else np.zeros(P)
            cash, debt = pre + borrowed + raised, debt + borrowed
            values = dict(cash=cash, debt=debt, net_cash=cash - debt,
                          issued=borrowed + known_debt, equity=raised + known_equity,
                          shortfall=need - borrowed - raised, interest=interest)
            for n in names:
                out[n][c, :, t] = values[n]
    for n in names:
        out[n][C] = out[n][:C].sum(axis=0)
    return out


def first_counts(event):
    """(entity, year) counts of the first year the event holds, and (entity) never counts."""
    E, P, T = event.shape
    any_ = event.any(axis=2)
    first = np.argmax(event, axis=2)
    counts = np.zeros((E, T), dtype=np.int64)
    for e in range(E):
        counts[e] = np.bincount(first[e][any_[e]], minlength=T)
    return counts, (~any_).sum(axis=1)


def main(path, all_quantiles):
    problems = []
    with h5py.File(path, "r") as f:
        mine = recompute(f)
        b = f["balance"]
        if not np.allclose(f["paths/net_cash"][()], mine["net_cash"], rtol=1e-12, atol=1e-9):
            problems.append("paths/net_cash differs from the recomputation")
        n = mine["cash"].shape[1]
        for name, x in mine.items():
            mean, se = x.mean(axis=1), x.std(axis=1, ddof=1) / np.sqrt(n)
            got = b[name + "_mean"][()]
            if not (np.abs(got - mean) <= K * se + 1e-9).all():
                problems.append(f"{name}_mean: {got} against {mean} (se {se})")
        events = dict(net_debt=mine["net_cash"] < 0, issued=mine["issued"] > 0,
                      shortfall=mine["shortfall"] > 0)
        for name, event in events.items():
            p = event.mean(axis=1)
            se = np.sqrt(np.maximum(p * (1 - p), 1.0 / n) / n)
            if not (np.abs(b["prob_" + name][()] - p) <= K * se).all():
                problems.append(f"prob_{name}: {b['prob_' + name][()]} against {p}")
            counts, never = first_counts(event)
            if not np.array_equal(b[f"first_{name}_counts"][()], counts):
                problems.append(f"first_{name}_counts differ")
            if not np.array_equal(b[f"never_{name}_counts"][()], never):
                problems.append(f"never_{name}_counts differ")
        levels = b["quantile"][()]
        cumulative = np.quantile(mine["issued"].sum(axis=2), levels, axis=1).T  # (entity, q)
        if not np.allclose(b["cumulative_issued_quantiles"][()], cumulative, atol=1e-9):
            problems.append("cumulative_issued_quantiles differ")
        net_q = np.moveaxis(np.quantile(mine["net_cash"], levels, axis=1), 0, -1)
        if not np.allclose(b["net_cash_quantiles"][()], net_q, atol=1e-9):
            problems.append("net_cash_quantiles differ")
        for name, x in mine.items():
            key = name + "_quantiles"
            if name == "net_cash":
                continue
            if (key in b) != all_quantiles:
                problems.append(f"{key} is {'present' if key in b else 'missing'}")
            elif key in b:
                expected = np.moveaxis(np.quantile(x, levels, axis=1), 0, -1)
                if b[key].shape != expected.shape or not np.allclose(b[key][()], expected, atol=1e-9):
                    problems.append(f"{key} differ")
        # 95% order-statistic intervals: 1-based ranks floor/ceil(n p -/+ z sqrt(n p (1 - p))),
        # clamped to the sample (docs/sampling.md).
        ordered = np.sort(mine["net_cash"], axis=1)  # (entity, path, year)
        half = Z95 * np.sqrt(n * levels * (1 - levels))
        for bound, rank in (("lower", np.floor(n * levels - half)), ("upper", np.ceil(n * levels + half))):
            index = np.clip(rank, 1, n).astype(int) - 1
            expected = np.moveaxis(ordered[:, index, :], 1, -1)  # (entity, year, quantile)
            if not np.allclose(b["net_cash_quantiles_" + bound][()], expected, atol=1e-9):
                problems.append(f"net_cash_quantiles_{bound} differ")
        seen = [name for name, e in events.items() if 0.01 < e.mean() < 0.99]
        if len(seen) < 2:
            problems.append(f"a degenerate check: only {seen} happen on some paths")
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], "--all-quantiles" in sys.argv[2:]))
