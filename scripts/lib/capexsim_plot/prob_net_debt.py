"""P(net debt) by year: a line per entity, the share of paths with year-end net cash < 0, with
its 95% Wilson interval as error bars when stored, from /balance/prob_net_debt (and _lower,
_upper)."""
import numpy as np

from .figure import new_figure, paths_detail, percent_axis


def available(source):
    """None when the file has /balance/prob_net_debt, else why not (for the note)."""
    if source.has("balance/prob_net_debt"):
        return None
    return "no /balance/prob_net_debt"


def plot(source, entities):
    all_entities = source.coordinate("balance", "entity")
    years = np.asarray(source.coordinate("balance", "year")).astype(int)
    dims = (len(all_entities), len(years))
    p = source.array("balance/prob_net_debt", dims)
    bounds = None
    if source.has("balance/prob_net_debt_lower") and source.has("balance/prob_net_debt_upper"):
        bounds = (source.array("balance/prob_net_debt_lower", dims),
                  source.array("balance/prob_net_debt_upper", dims))
    fig = new_figure(8, 5, "P(net debt): share of paths with year-end cash < debt", source,
                     paths_detail(source))
    ax = fig.add_subplot()
    for k, name in enumerate(entities):
        e = all_entities.index(name)
        shift = (k - (len(entities) - 1) / 2) * 0.04  # overlapping error bars side by side
        yerr = None if bounds is None else [np.clip(p[e] - bounds[0][e], 0, None),
                                            np.clip(bounds[1][e] - p[e], 0, None)]
        ax.errorbar(years + shift, p[e], yerr=yerr, color=f"C{k}", marker="o", ms=4,
                    capsize=3, label=name)
    ax.set_xticks(years)
    ax.set_xticklabels([str(y) for y in years])
    ax.set_xlim(years[0] - 0.3, years[-1] + 0.3)
    ax.set_xlabel("year")
    ax.set_ylabel("P(net cash < 0) (%)")
    percent_axis(ax.yaxis)
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3)
    ax.legend(title="entity" + ("" if bounds is None else " (bars: 95% Wilson interval)"),
              fontsize=8, title_fontsize=8)
    return [("prob-net-debt", fig)]
