"""Fan chart: the surplus of one entity by year, P5-P95 and P25-P75 bands, median, mean, zero,
and P(surplus < 0) per year, from /summary/surplus_quantiles and /summary/surplus_mean."""
import numpy as np

from .figure import NEUTRAL, POSITIVE, money_label, new_figure, paths_detail
from .source import PlotError

LEVELS = (0.05, 0.25, 0.5, 0.75, 0.95)


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
        self.bands = {}
        for level in LEVELS:
            hits = np.flatnonzero(np.isclose(levels, level))
            if hits.size == 0:
                raise PlotError(f"{source.path}: summary/quantile: level {level} missing (has "
                                + ", ".join(f"{x:g}" for x in levels) + ")")
            self.bands[level] = quantiles[:, :, hits[0]]


def plot(source, entities):
    """One figure per entity: a list of (suffix, figure)."""
    summary = Summary(source)
    figures = []
    for name in entities:
        e = summary.entities.index(name)
        figures.append((f"fan_{name}", _draw(source, summary, e, name)))
    return figures


def _draw(source, s, e, name):
    years = s.years
    fig = new_figure(8, 5, f"Surplus of {name} by year: distribution over paths", source,
                     paths_detail(source))
    ax = fig.add_subplot()
    b = {level: band[e] for level, band in s.bands.items()}
    # With one year the bands are drawn as a box around it rather than a zero-width area.
    xs = np.array([years[0] - 0.2, years[0] + 0.2]) if len(years) == 1 else years
    b = {level: np.resize(v, len(xs)) for level, v in b.items()}
    ax.fill_between(xs, b[0.05], b[0.95], color=POSITIVE, alpha=0.18, lw=0, label="P5-P95")
    ax.fill_between(xs, b[0.25], b[0.75], color=POSITIVE, alpha=0.38, lw=0, label="P25-P75")
    ax.plot(years, s.bands[0.5][e], color=POSITIVE, lw=2, marker="o", label="median")
    ax.plot(years, s.mean[e], color=NEUTRAL, lw=1.5, ls="--", marker="s", ms=4, label="mean")
    ax.axhline(0.0, color="black", lw=0.9, label="zero")
    ax.set_xticks(years)
    labels = [str(y) for y in years]
    if s.prob_negative is not None:  # P(surplus < 0) under each year
        labels = [f"{y}\nP(<0) {100 * p:.1f}%" for y, p in zip(years, s.prob_negative[e])]
    ax.set_xticklabels(labels)
    ax.set_xlim(years[0] - 0.3, years[-1] + 0.3)
    ax.set_xlabel("year" if s.prob_negative is None
                  else "year (under each, P(<0): share of paths with surplus < 0)")
    ax.set_ylabel(money_label(source))
    ax.grid(axis="y", alpha=0.3)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), fontsize=8, ncols=5, frameon=False)
    return fig
