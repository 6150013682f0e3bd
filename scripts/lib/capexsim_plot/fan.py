"""Fan chart: the surplus of one entity by year, P5-P95 and P25-P75 bands, median, mean, zero,
and P(surplus < 0) per year, from /summary/surplus_quantiles and /summary/surplus_mean. The
drawing (`draw`, `bands`) is shared with the net-cash fan (net_cash.py)."""
import numpy as np

from .figure import NEUTRAL, POSITIVE, money_label, new_figure, paths_detail
from .source import PlotError

LEVELS = (0.05, 0.25, 0.5, 0.75, 0.95)


def bands(source, name, quantiles, levels):
    """{level: quantiles[..., level]} for each of LEVELS, from `quantiles` (..., quantile) whose
    levels (the coordinate `name`) are `levels`; a PlotError when one is missing."""
    found = {}
    for level in LEVELS:
        hits = np.flatnonzero(np.isclose(levels, level))
        if hits.size == 0:
            raise PlotError(f"{source.path}: {name}: level {level} missing (has "
                            + ", ".join(f"{x:g}" for x in levels) + ")")
        found[level] = quantiles[..., hits[0]]
    return found


class Summary:
    """The /summary arrays a fan chart needs, shape-checked against the coordinates."""

    def __init__(self, source):
        self.entities = source.coordinate("summary", "entity")
        self.years = np.asarray(source.coordinate("summary", "year")).astype(int)
        levels = np.asarray(source.coordinate("summary", "quantile"), dtype=float)
        e, t, q = len(self.entities), len(self.years), len(levels)
        quantiles = source.array("summary/surplus_quantiles", (e, t, q))
        self.mean = source.array("summary/surplus_mean", (e, t))
        self.prob_negative = (source.array("summary/prob_negative", (e, t))
                              if source.has("summary/prob_negative") else None)
        self.bands = bands(source, "summary/quantile", quantiles, levels)


def plot(source, entities):
    """One figure per entity: a list of (suffix, figure)."""
    summary = Summary(source)
    figures = []
    for name in entities:
        e = summary.entities.index(name)
        prob = None if summary.prob_negative is None else summary.prob_negative[e]
        fig = draw(source, f"Surplus of {name} by year: distribution over paths", summary.years,
                   {level: band[e] for level, band in summary.bands.items()}, summary.mean[e],
                   prob, "surplus")
        figures.append((f"fan_{name}", fig))
    return figures


def draw(source, title, years, b, mean, prob, what, base=None):
    """The fan of one entity: `b` {level: values by year} (LEVELS), `mean` by year, `prob`
    (P(`what` < 0) by year, or None) under each year, and `base`, (year, value) or None, as a
    point before the first year."""
    fig = new_figure(8, 5, title, source, paths_detail(source))
    ax = fig.add_subplot()
    # With one year the bands are drawn as a box around it rather than a zero-width area.
    xs = np.array([years[0] - 0.2, years[0] + 0.2]) if len(years) == 1 else years
    wide = {level: np.resize(v, len(xs)) for level, v in b.items()}
    ax.fill_between(xs, wide[0.05], wide[0.95], color=POSITIVE, alpha=0.18, lw=0, label="P5-P95")
    ax.fill_between(xs, wide[0.25], wide[0.75], color=POSITIVE, alpha=0.38, lw=0,
                    label="P25-P75")
    ax.plot(years, b[0.5], color=POSITIVE, lw=2, marker="o", label="median")
    ax.plot(years, mean, color=NEUTRAL, lw=1.5, ls="--", marker="s", ms=4, label="mean")
    ax.axhline(0.0, color="black", lw=0.9, label="zero")
    ticks = list(years)
    labels = [str(y) for y in years]
    if prob is not None:  # P(what < 0) under each year
        labels = [f"{y}\nP(<0) {100 * p:.1f}%" for y, p in zip(years, prob)]
    if base is not None:
        year, value = base
        ax.plot([year], [value], color="black", ls="none", marker="D", ms=6,
                label=f"{year} (base year, scenario)")
        ticks.insert(0, year)
        labels.insert(0, f"{year}\nbase")
    ax.set_xticks(ticks)
    ax.set_xticklabels(labels)
    ax.set_xlim(ticks[0] - 0.3, years[-1] + 0.3)
    ax.set_xlabel("year" if prob is None
                  else f"year (under each, P(<0): share of paths with {what} < 0)")
    ax.set_ylabel(money_label(source, what))
    ax.grid(axis="y", alpha=0.3)
    handles = len(ax.get_legend_handles_labels()[0])
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), fontsize=8, ncols=handles,
              frameon=False)
    return fig
