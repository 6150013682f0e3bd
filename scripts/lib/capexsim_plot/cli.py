"""The command line of scripts/plot: options, which figures apply to the file, skipping notes,
the refusal to overwrite without --force, and exit codes (0 done, 2 bad input)."""
import argparse
import os
import sys

from . import (balance, evaluation, fan, first_negative, first_net_debt, histogram, net_cash,
               prob_net_debt, sweep, tornado)
from .figure import DPI, save
from .source import EVALUATION, RESULTS, SOBOL, SWEEP, PlotError, Source, index_of

BALANCE_KINDS = ("net-cash", "first-net-debt", "prob-net-debt")  # from /balance (financing)
KINDS = ("fan", "hist", "first-negative", "tornado", *BALANCE_KINDS, "sweep", "coverage", "pit")
APPLIES = {RESULTS: ("fan", "hist", "first-negative", "tornado", *BALANCE_KINDS),
           SOBOL: ("tornado",), SWEEP: ("sweep",), EVALUATION: ("coverage", "pit")}
EXTENSIONS = {"png": ("png",), "svg": ("svg",), "both": ("png", "svg")}

DESCRIPTION = """\
Draw figures from a capexsim HDF5 file.

A results file (capexsim run) gives: fan (surplus by year per entity: P5-P95 and P25-P75
bands, median, mean), hist (surplus on every path, a panel per year; needs /paths, i.e. not
--store-paths none), first-negative (first year the surplus turns negative, with "never"),
tornado (Spearman rank correlation of each drawn input with the surplus, from /sensitivity);
with financing (/balance) also net-cash (net cash by year per entity: bands, median, mean,
P(net debt), the base year), first-net-debt (first year of net debt, with "never") and
prob-net-debt (P(net debt) by year with its 95% Wilson interval).
A Sobol file (capexsim sensitivity) gives tornado (first-order and total indices).
A sweep file (capexsim sweep / scripts/sweep --collect) gives sweep (P(surplus < 0) over the
swept keys: a line for one key, a heatmap for two on a grid, a scatter for a Latin hypercube).
An evaluation file (capexsim evaluate) gives coverage (50% and 90% interval coverage by lead
time, per flow and pooled, with 95% intervals and the nominal levels) and pit (PIT histograms).

Figures are written as DIR/<stem>_<kind>[_<entity>].png and their paths printed, one a line.
A figure whose data the file lacks is skipped with a note on stderr. Exit status: 0 done,
2 bad input (unreadable file, missing dataset, bad option, existing figure without --force)."""

EPILOG = """\
examples:
  scripts/plot results/hyperscalers.h5
  scripts/plot results/hyperscalers.h5 --which fan,hist --entity meta,total --format both
  scripts/plot results/hyperscalers.h5 --which tornado --entity microsoft --year 2025
  scripts/plot sweep.h5 --x 'company.*.capex_growth' --y company.meta.ocf_growth.mean
"""


def _list(text):
    """Comma-separated items, blanks and repeats dropped, in order."""
    return list(dict.fromkeys(item.strip() for item in text.split(",") if item.strip()))


def _kinds(text):
    kinds = _list(text)
    for kind in kinds:
        if kind not in KINDS:
            raise argparse.ArgumentTypeError(f"unknown figure {kind!r} (choose from "
                                             + ", ".join(KINDS) + ")")
    return kinds


def _years(text):
    try:
        return [int(y) for y in _list(text)]
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: expected years like 2025 or "
                                         "2025,2026") from None


def _at(text):
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"{text!r}: expected KEY=VALUE")
    return key, value


def parser():
    p = argparse.ArgumentParser(prog="scripts/plot", description=DESCRIPTION, epilog=EPILOG,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("file", help="capexsim HDF5 file: results, sweep, Sobol or evaluation")
    p.add_argument("--out", metavar="DIR",
                   help="folder for the figures (default: <stem>_plots/ next to FILE)")
    p.add_argument("--format", choices=sorted(EXTENSIONS), default="png",
                   help="image format (default png; both = png and svg)")
    p.add_argument("--which", type=_kinds, metavar="KINDS",
                   help="comma-separated figures among " + ", ".join(KINDS)
                   + " (default: all that apply to the file)")
    p.add_argument("--entity", type=_list, metavar="NAMES",
                   help="comma-separated entities (default: every entity for fan, "
                   "first-negative and the balance figures; total for hist, tornado and sweep)")
    p.add_argument("--year", type=_years, metavar="YEARS",
                   help="comma-separated years for hist, tornado and sweep panels (default: "
                   "every year; tornado: the last year)")
    p.add_argument("--top", type=int, default=tornado.TOP, metavar="N",
                   help=f"tornado: the N inputs with the largest effect (default {tornado.TOP})")
    p.add_argument("--x", metavar="KEY", help="sweep: the swept key on the x axis")
    p.add_argument("--y", metavar="KEY", help="sweep: the swept key on the y axis")
    p.add_argument("--at", type=_at, action="append", default=[], metavar="KEY=VALUE",
                   help="sweep: hold another swept key at VALUE (repeatable; default on a full "
                   "grid: its first value)")
    p.add_argument("--dpi", type=int, default=DPI,
                   help=f"PNG resolution, pixels per inch (default {DPI})")
    p.add_argument("--force", action="store_true", help="replace existing figures")
    return p


def note(source, message):
    print(f"plot: {source.path}: {message}: skipped", file=sys.stderr)


def _entities(source, args, group, default):
    names = source.coordinate(group, "entity")
    chosen = args.entity or (names if default == "all" else [default])
    for name in chosen:
        index_of(source, names, name, "entity")
    return chosen


def _check_years(source, group, years):
    known = [int(y) for y in source.coordinate(group, "year")]
    for year in years or []:
        index_of(source, known, year, "year")


def build(source, kind, args):
    """The figures of one kind as (suffix, figure) pairs; [] with a note when data are absent."""
    if kind == "fan":
        return fan.plot(source, _entities(source, args, "summary", "all"))
    if kind == "first-negative":
        return first_negative.plot(source, _entities(source, args, "summary", "all"))
    if kind in BALANCE_KINDS:
        return _balance(source, kind, args)
    if kind == "hist":
        figures = []
        for entity in _entities(source, args, "summary", "total"):
            why = histogram.available(source, entity)
            if why:
                note(source, f"histogram of {entity}: {why}")
            else:
                figures += histogram.plot(source, entity, args.year)
        return figures
    if kind == "coverage":
        return evaluation.plot_coverage(source)
    if kind == "pit":
        return evaluation.plot_pit(source)
    if kind == "tornado" and source.format == SOBOL:
        return tornado.plot_sobol(source, args.top)
    if kind == "tornado":
        why = tornado.available(source)
        if why:
            note(source, f"tornado: {why}")
            return []
        figures = []
        for entity in _entities(source, args, "sensitivity", "total"):
            figures += tornado.plot_spearman(source, entity, args.year, args.top)
        return figures
    figures = []
    for entity in _entities(source, args, "summary", "total"):
        figures += sweep.plot(source, entity, args.year, args.x, args.y, args.at)
    return figures


def _balance(source, kind, args):
    why = balance.available(source)
    if kind == "prob-net-debt" and not why:
        why = prob_net_debt.available(source)
    if why:
        note(source, f"{kind}: {why}")
        return []
    entities = _entities(source, args, "balance", "all")
    module = {"net-cash": net_cash, "first-net-debt": first_net_debt,
              "prob-net-debt": prob_net_debt}[kind]
    return module.plot(source, entities)


def _default_kinds(source):
    """Every kind that applies to the file; the balance figures only when it has /balance (a
    file without it plots, and notes, what it did before they existed)."""
    kinds = list(APPLIES[source.format])
    if source.format == RESULTS and balance.available(source):
        kinds = [k for k in kinds if k not in BALANCE_KINDS]
    return kinds


def run(args):
    if args.top < 1:
        raise PlotError(f"--top {args.top}: must be at least 1")
    if not 30 <= args.dpi <= 1200:
        raise PlotError(f"--dpi {args.dpi}: must be between 30 and 1200")
    with Source(args.file) as source:
        applies = APPLIES[source.format]
        kinds = args.which or _default_kinds(source)
        for kind in kinds:
            if kind not in applies:
                raise PlotError(f"{source.path}: {kind}: not drawn from a {source.format!r} "
                                "file (it gives " + ", ".join(applies) + ")")
        if source.format == RESULTS:
            _check_years(source, "summary", args.year)
        figures = []
        for kind in kinds:
            figures += build(source, kind, args)
        out = args.out or os.path.join(os.path.dirname(os.path.abspath(args.file)),
                                       source.stem + "_plots")
        targets = [(os.path.join(out, f"{source.stem}_{suffix}.{ext}"), fig)
                   for suffix, fig in figures for ext in EXTENSIONS[args.format]]
        existing = [t for t, _ in targets if os.path.exists(t)]
        if existing and not args.force:
            raise PlotError("refusing to overwrite " + ", ".join(existing)
                            + " (pass --force to replace)")
        if os.path.exists(out) and not os.path.isdir(out):
            raise PlotError(f"--out {out}: exists and is not a folder")
        os.makedirs(out, exist_ok=True)
        for target, fig in targets:
            save(fig, target, args.dpi)
            print(target, flush=True)
        if not targets:
            print(f"plot: {source.path}: no figure written", file=sys.stderr)
    return 0


def main(argv):
    args = parser().parse_args(argv)
    try:
        return run(args)
    except PlotError as error:
        print(f"plot: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"plot: {error}", file=sys.stderr)
        return 1
