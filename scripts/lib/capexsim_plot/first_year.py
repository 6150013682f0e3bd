"""What the first-year bar charts share (first negative surplus, first net debt): for each year
and "never", one bar per entity, the share of paths on which an event first holds that year."""
import numpy as np

from .figure import new_figure, paths_detail, percent_axis
from .source import PlotError


def shares(source, group, counts_name, never_name):
    """(entities, years, shares): shares (entity, year + never) from `group`/`counts_name`
    (entity, year) and `group`/`never_name` (entity), each row divided by its paths."""
    entities = source.coordinate(group, "entity")
    years = np.asarray(source.coordinate(group, "year")).astype(int)
    counts = source.array(f"{group}/{counts_name}", (len(entities), len(years)))
    never = source.array(f"{group}/{never_name}", (len(entities),))
    totals = counts.sum(axis=1) + never
    if np.any(totals <= 0):
        raise PlotError(f"{source.path}: {group}/{counts_name}: no paths counted")
    return entities, years, np.column_stack([counts, never]) / totals[:, None]


def bars(source, title, xlabel, entities, all_entities, years, values):
    """The figure: `values` (entity, year + never) of `entities` (names in `all_entities`)."""
    categories = [str(y) for y in years] + ["never"]
    fig = new_figure(max(7.0, 0.28 * len(categories) * len(entities) + 2), 5, title, source,
                     paths_detail(source))
    ax = fig.add_subplot()
    x = np.arange(len(categories))
    width = 0.8 / len(entities)
    for k, name in enumerate(entities):
        e = all_entities.index(name)
        offset = (k - (len(entities) - 1) / 2) * width
        drawn = ax.bar(x + offset, values[e], width, label=name, color=f"C{k}")
        if len(entities) * len(categories) <= 40:
            ax.bar_label(drawn, labels=[f"{100 * v:.0f}" for v in values[e]], fontsize=6,
                         padding=1)
    ax.set_xticks(x)
    ax.set_xticklabels(categories)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("share of paths (%; the numbers on the bars in %)")
    percent_axis(ax.yaxis)
    ax.set_ylim(0, min(1.0, values[[all_entities.index(n) for n in entities]].max() * 1.12))
    ax.grid(axis="y", alpha=0.3)
    ax.legend(title="entity", fontsize=8)
    return fig
