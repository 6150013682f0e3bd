"""Bar chart of the first year the surplus turns negative, with a "never" bar, as shares of
paths per entity, from /summary/first_negative_counts and /summary/never_negative_counts."""
import numpy as np

from .figure import new_figure, paths_detail, percent_axis
from .source import PlotError


def plot(source, entities):
    all_entities = source.coordinate("summary", "entity")
    years = np.asarray(source.coordinate("summary", "year")).astype(int)
    e_all, t = len(all_entities), len(years)
    counts = source.array("summary/first_negative_counts", (e_all, t))
    never = source.array("summary/never_negative_counts", (e_all,))
    totals = counts.sum(axis=1) + never
    if np.any(totals <= 0):
        raise PlotError(f"{source.path}: summary/first_negative_counts: no paths counted")
    categories = [str(y) for y in years] + ["never"]
    shares = np.column_stack([counts, never]) / totals[:, None]

    fig = new_figure(max(7.0, 0.28 * len(categories) * len(entities) + 2), 5,
                     "First year the surplus turns negative", source, paths_detail(source))
    ax = fig.add_subplot()
    x = np.arange(len(categories))
    width = 0.8 / len(entities)
    for k, name in enumerate(entities):
        e = all_entities.index(name)
        offset = (k - (len(entities) - 1) / 2) * width
        bars = ax.bar(x + offset, shares[e], width, label=name, color=f"C{k}")
        if len(entities) * len(categories) <= 40:
            ax.bar_label(bars, labels=[f"{100 * v:.0f}" for v in shares[e]], fontsize=6,
                         padding=1)
    ax.set_xticks(x)
    ax.set_xticklabels(categories)
    ax.set_xlabel("first year with surplus < 0 (never: surplus >= 0 in every year)")
    ax.set_ylabel("share of paths (%; the numbers on the bars in %)")
    percent_axis(ax.yaxis)
    ax.set_ylim(0, min(1.0, shares[[all_entities.index(n) for n in entities]].max() * 1.12))
    ax.grid(axis="y", alpha=0.3)
    ax.legend(title="entity", fontsize=8)
    return [("first-negative", fig)]
