"""The command line of scripts/balance_replay: three reports (replay, other-flows, ratios) as
Markdown tables on stdout; exit codes 0 done, 2 bad input."""
import argparse
import os
import sys

from . import data, model, other_flows, table
from .data import ReplayError

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.realpath(__file__)))))
DATA = os.path.join(ROOT, "scenarios", "data")

DESCRIPTION = """\
Replays issue 14's balance-sheet model on the realized flows of scenarios/data/ (USD billions).

replay       years START+1..END from the reported cash and debt at the end of START: the model's
             cash, debt and net cash against the reported ones; residual = reported - model.
other-flows  per year FROM..TO: other = reported change in net cash - surplus, as a share of
             OCF, with its mean and sd per company and pooled (the fit of an other_flows term).
ratios       cash / OCF and debt / OCF per year FROM..TO (for min_cash_ratio, max_debt_to_ocf).

Microsoft: --microsoft fiscal (default) uses microsoft_fiscal.csv, flows of fiscal years
(July-June) and June-30 balances, so its year 2024 is FY2024 ending 2024-06-30;
--microsoft calendar uses annual.csv and the Dec-31 balances of balance.csv, which stop in 2021.
Flags: r = a flow recalled or estimated, p = a balance PARTIAL (the files' confidence column).
Realized OCF already holds the interest received and paid, so the replay's rates default to 0;
the min_cash_ratio and max_debt_to_ocf defaults are issue 14's example (0.25, 2.0)."""

EPILOG = """\
examples:
  scripts/balance_replay replay --start 2023 --end 2025
  scripts/balance_replay replay --start 2023 --end 2025 --other-flows fit --fit 2013-2023
  scripts/balance_replay other-flows --from 2013 --to 2025
  scripts/balance_replay ratios --from 2012 --to 2025 --company Meta,Amazon
"""


def _companies(text):
    names = [n.strip() for n in text.split(",") if n.strip()]
    by_lower = {c.lower(): c for c in data.COMPANIES}
    for name in names:
        if name.lower() not in by_lower:
            raise argparse.ArgumentTypeError(f"unknown company {name!r} (choose from "
                                             + ", ".join(data.COMPANIES) + ")")
    return [by_lower[n.lower()] for n in dict.fromkeys(names)]


def _window(text):
    first, sep, last = text.partition("-")
    try:
        window = (int(first), int(last))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: expected FIRST-LAST, like 2013-2025") from None
    if not sep or window[0] > window[1]:
        raise argparse.ArgumentTypeError(f"{text!r}: expected FIRST-LAST with FIRST <= LAST")
    return window


def _other(text):
    if text in ("fit", "fit-pooled"):
        return text
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: expected a share of OCF (-0.1), fit or "
                                         "fit-pooled") from None


def parser():
    p = argparse.ArgumentParser(prog="scripts/balance_replay", description=DESCRIPTION,
                                epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data", default=DATA, metavar="DIR",
                        help="folder of annual.csv, balance.csv, microsoft_fiscal.csv "
                        "(default: scenarios/data)")
    common.add_argument("--company", type=_companies, default=list(data.COMPANIES),
                        metavar="NAMES", help="comma-separated (default: all four)")
    common.add_argument("--microsoft", choices=data.BASES, default="fiscal",
                        help="Microsoft's basis (default fiscal)")
    sub = p.add_subparsers(dest="report", required=True)

    r = sub.add_parser("replay", parents=[common], help="model vs reported balances")
    r.add_argument("--start", type=int, default=2023, help="year of the start balances (2023)")
    r.add_argument("--end", type=int, default=2025, help="last year replayed (2025)")
    r.add_argument("--cash-yield", type=float, default=0.0, help="default 0 (see above)")
    r.add_argument("--debt-rate", type=float, default=0.0, help="default 0 (see above)")
    r.add_argument("--min-cash-ratio", type=float, default=0.25, help="default 0.25")
    r.add_argument("--max-debt-to-ocf", type=float, default=2.0, help="default 2.0")
    r.add_argument("--equity", action="store_true", help="raise equity beyond the debt room")
    r.add_argument("--other-flows", type=_other, default=0.0, metavar="SHARE|fit|fit-pooled",
                   help="other flows as a share of OCF: a number, each company's mean share "
                   "over --fit (fit), or the pooled mean (fit-pooled); default 0")
    r.add_argument("--fit", type=_window, default=(2013, 2025), metavar="FIRST-LAST",
                   help="years whose other flows --other-flows fit uses (default 2013-2025)")

    for name, text, first in (("other-flows", "what the surplus does not explain", 2013),
                              ("ratios", "cash and debt over OCF", 2012)):
        s = sub.add_parser(name, parents=[common], help=text)
        s.add_argument("--from", dest="first", type=int, default=first, help=f"default {first}")
        s.add_argument("--to", dest="last", type=int, default=2025, help="default 2025")
    return p


def _span(first, last):
    return str(first) if first == last else f"{first}-{last}"


def _print(lines):
    for line in lines:
        print(line)
    print()


def _fitted_shares(series, fit, how):
    """The other_flows share per company: its own mean over `fit`, or the pooled mean."""
    measured = {s.company: other_flows.measure(s, *fit)[0] for s in series}
    if how == "fit-pooled":
        pooled = other_flows.stats([r for rows in measured.values() for r in rows])
        return {c: pooled.mean for c in measured}
    shares = {}
    for company, rows in measured.items():
        st = other_flows.stats(rows)
        if st is None:
            raise ReplayError(f"{company}: no year in {fit[0]}-{fit[1]} to fit other_flows on")
        shares[company] = st.mean
    return shares


def run_replay(args, series):
    fin = model.Financing(args.cash_yield, args.debt_rate, args.min_cash_ratio,
                          args.max_debt_to_ocf, args.equity)
    fin.check()
    if args.end <= args.start:
        raise ReplayError(f"--end {args.end} must be after --start {args.start}")
    if isinstance(args.other_flows, str):
        shares = _fitted_shares(series, args.fit, args.other_flows)
        how = (f"{args.other_flows} over {args.fit[0]}-{args.fit[1]}: "
               + ", ".join(f"{c} {table.percent(v, 2)}" for c, v in shares.items()))
    else:
        shares = {s.company: args.other_flows for s in series}
        how = table.percent(args.other_flows, 2)
    print(f"Replay {_span(args.start + 1, args.end)} from the reported balances at the end of "
          f"{args.start} (USD billions); cash_yield {fin.cash_yield}, debt_rate {fin.debt_rate}, "
          f"min_cash_ratio {fin.min_cash_ratio}, max_debt_to_ocf {fin.max_debt_to_ocf}, "
          f"equity {str(fin.equity).lower()}; other_flows share of OCF: {how}.")
    print()
    replays = [model.replay(s, args.start, args.end, fin, shares[s.company]) for s in series]
    _print(_detail_table(replays))
    lines, year_shares = _residual_table(replays)
    _print(lines)
    if year_shares:
        mean = sum(year_shares) / len(year_shares)
        rms = (sum(x * x for x in year_shares) / len(year_shares)) ** 0.5
        print(f"Net cash residual of the year / OCF over the {len(year_shares)} company-years: "
              f"mean {table.percent(mean)}, root mean square {table.percent(rms)}.")
    for rp in replays:
        if rp.stopped:
            print(f"{rp.company}: replay stopped: {rp.stopped}.")


def _detail_table(replays):
    """The model's path: flows, interest, other flows, financing and balances per year."""
    rows = []
    for rp in replays:
        for y in rp.years:
            m = y.model
            rows.append([rp.company, y.label, table.money(y.ocf), table.money(y.surplus),
                         table.money(m.interest), table.money(m.other), table.money(m.issued),
                         table.money(m.equity), table.money(m.shortfall), table.money(m.cash),
                         table.money(m.debt), table.money(m.net_cash), table.flags(y.flags)])
    return table.markdown(["company", "year", "OCF", "surplus", "interest", "other", "issued",
                           "equity", "shortfall", "cash", "debt", "net cash", "flags"], rows)


def _residual_table(replays):
    """Model against reported balances from the start year on, and the shares of OCF of the
    net cash residual of each year (its change within the year) where both ends are known."""
    rows, year_shares = [], []
    for rp in replays:
        zero = "0.000" if rp.start_cash is not None else "—"
        rows.append([f"{rp.company} ({rp.basis})", rp.start_label, table.money(rp.start_cash),
                     table.money(rp.start_cash), zero, table.money(rp.start_debt),
                     table.money(rp.start_debt), zero, zero, "—", "—"])
        before = 0.0
        for y in rp.years:
            nc = y.residual("net_cash")
            of_year = None if None in (nc, before) else nc - before
            share = None if of_year is None else of_year / y.ocf
            if share is not None:
                year_shares.append(share)
            rows.append(["", y.label, table.money(y.model.cash), table.money(y.cash),
                         table.money(y.residual("cash")), table.money(y.model.debt),
                         table.money(y.debt), table.money(y.residual("debt")), table.money(nc),
                         table.money(of_year), table.percent(share)])
            before = nc
    lines = table.markdown(["company", "year", "cash model", "cash reported", "cash residual",
                            "debt model", "debt reported", "debt residual", "net cash residual",
                            "of the year", "of the year / OCF"], rows)
    return lines, year_shares


def _stats_row(name, st):
    if st is None:
        return [name, "0"] + ["—"] * 10
    return [name, str(st.n), table.percent(st.mean), table.percent(st.sd), table.percent(st.se),
            f"{st.t:.2f}" if st.n > 1 else "—", table.percent(st.lo), table.percent(st.p10),
            table.percent(st.median), table.percent(st.p90), table.percent(st.hi),
            table.percent(st.aggregate)]


def _fits(st):
    """The pooled shares as the two candidate distributions of an other_flows term."""
    lines = [f"Fitted to the pooled shares ({st.n} company-years): "
             f"normal mean {st.mean:.4f}, sd {st.sd:.4f}"]
    pert = other_flows.pert_for_mean(st.lo, st.hi, st.mean)
    if pert:
        lines.append(f"pert min {st.lo:.4f}, mode {pert[0]:.4f}, max {st.hi:.4f} (lambda 4; "
                     f"mean {st.mean:.4f} as the data's, sd {pert[1]:.4f})")
    return "; ".join(lines) + "."


def run_other_flows(args, series):
    measured = [(s, *other_flows.measure(s, args.first, args.last)) for s in series]
    print(f"Other flows {_span(args.first, args.last)} (USD billions): other = reported change "
          "in net cash - surplus; share = other / OCF.")
    print()
    rows = []
    for s, found, _ in measured:
        rows += [[s.company, r.label, table.money(r.ocf), table.money(r.surplus),
                  table.money(r.change), table.money(r.other), table.percent(r.share),
                  table.flags(r.flags)] for r in found]
    _print(table.markdown(["company", "year", "OCF", "surplus", "change in net cash", "other",
                           "share of OCF", "flags"], rows))
    for s, _, gaps in measured:
        if gaps:
            print(f"{s.company} ({s.basis}) left out: "
                  + "; ".join(f"{label} ({why})" for label, why in gaps) + ".")
    print()
    headers = ["company", "n", "mean", "sd", "se", "mean / se", "min", "P10", "median", "P90",
               "max", "sum / sum OCF"]
    for title, keep in (("all years", lambda r: True),
                        ("without flagged years (r, p)", lambda r: not r.flags)):
        print(f"Share of OCF, {title}:")
        print()
        pooled = []
        lines = []
        for s, found, _ in measured:
            kept = [r for r in found if keep(r)]
            pooled += kept
            lines.append(_stats_row(f"{s.company} ({s.basis})", other_flows.stats(kept)))
        pooled_stats = other_flows.stats(pooled)
        lines.append(_stats_row("pooled", pooled_stats))
        _print(table.markdown(headers, lines))
        if pooled_stats and pooled_stats.n > 1:
            print(_fits(pooled_stats))
            print()


def run_ratios(args, series):
    print(f"Balances over OCF {_span(args.first, args.last)} (USD billions).")
    print()
    rows, summary = [], []
    for s in series:
        kept = []
        for year in range(args.first, args.last + 1):
            y = s.years.get(year)
            if y is None or y.ocf is None or not y.has_balances():
                continue
            kept.append((y, y.cash / y.ocf, y.debt / y.ocf))
            rows.append([s.company, y.label, table.money(y.ocf), table.money(y.cash),
                         table.money(y.debt), f"{y.cash / y.ocf:.3f}", f"{y.debt / y.ocf:.3f}",
                         table.flags(y.flags)])
        if kept:
            low = min(kept, key=lambda k: k[1])
            high = max(kept, key=lambda k: k[2])
            last = kept[-1]
            summary.append([f"{s.company} ({s.basis})", str(len(kept)),
                            f"{low[1]:.3f} ({low[0].label})", f"{high[2]:.3f} ({high[0].label})",
                            f"{last[1]:.3f} / {last[2]:.3f} ({last[0].label})"])
    _print(table.markdown(["company", "year", "OCF", "cash", "debt", "cash / OCF", "debt / OCF",
                           "flags"], rows))
    _print(table.markdown(["company", "n", "lowest cash / OCF", "highest debt / OCF",
                           "last cash / debt over OCF"], summary))


def main(argv):
    args = parser().parse_args(argv)
    try:
        series = data.load(args.data, args.company, args.microsoft)
        {"replay": run_replay, "other-flows": run_other_flows, "ratios": run_ratios}[
            args.report](args, series)
    except ReplayError as error:
        print(f"balance_replay: error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader stopped early (| head): not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0
