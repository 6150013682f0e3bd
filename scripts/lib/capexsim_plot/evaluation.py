"""Figures of an evaluation file (capexsim evaluate, /evaluation): coverage of the central 50%
and 90% intervals by lead time, per flow and pooled, with their 95% Wilson intervals and the
nominal levels; and the PIT histogram per lead time, pooled over flows and entities."""
import numpy as np

from .figure import NEUTRAL, new_figure, paths_detail, percent_axis

GROUP = "evaluation"


def _cube(source, name):
    leads = source.coordinate(GROUP, "lead")
    flows = source.coordinate(GROUP, "flow")
    entities = source.coordinate(GROUP, "entity")
    dims = (len(leads), len(flows), len(entities))
    return source.array(f"{GROUP}/{name}", dims), [int(v) for v in leads], flows, entities


def _detail(source):
    span = f"base years {int(source.attr('from'))}-{int(source.attr('to'))}"
    return span + " · " + paths_detail(source)


def plot_coverage(source):
    figures = []
    fig = new_figure(10, 4.6, "Coverage of the central intervals by lead time (all entities)",
                     source, _detail(source))
    axes = fig.subplots(1, 2, sharey=True)
    for ax, level in zip(axes, (50, 90)):
        cover, leads, flows, entities = _cube(source, f"in{level}")
        lower, _, _, _ = _cube(source, f"in{level}_lower")
        upper, _, _, _ = _cube(source, f"in{level}_upper")
        e = entities.index("all")
        shown = [k for k, lead in enumerate(leads) if lead > 0]
        x = np.array([leads[k] for k in shown], dtype=float)
        for j, flow in enumerate(flows):
            pooled = flow == "all"
            offset = (j - (len(flows) - 1) / 2) * 0.07
            y = cover[shown, j, e]
            err = np.vstack([y - lower[shown, j, e], upper[shown, j, e] - y])
            ax.errorbar(x + offset, y, yerr=err, marker="o", capsize=3,
                        color=NEUTRAL if pooled else f"C{j}", lw=2.2 if pooled else 1,
                        ms=6 if pooled else 4, label="all flows" if pooled else flow)
        ax.axhline(level / 100, color="black", ls="--", lw=1, label=f"nominal {level}%")
        band = (0.40, 0.60) if level == 50 else (0.85, 0.95)
        ax.axhspan(*band, color="0.85", alpha=0.5, label="target band")
        ax.set_xticks(x)
        ax.set_xlabel("lead time (years after the base year)")
        ax.set_title(f"{level}% interval [q{(100 - level) / 200:.2f}, q{(100 + level) / 200:.2f}]")
        ax.set_ylim(0, 1.02)
        percent_axis(ax.yaxis)
        ax.grid(alpha=0.3)
    axes[0].set_ylabel("share of realized values inside (95% Wilson intervals)")
    axes[1].legend(fontsize=7, loc="lower right")
    figures.append(("coverage", fig))
    return figures


def plot_pit(source):
    counts_name = f"{GROUP}/pit_histogram"
    leads = [int(v) for v in source.coordinate(GROUP, "lead")]
    flows = source.coordinate(GROUP, "flow")
    entities = source.coordinate(GROUP, "entity")
    counts = source.array(counts_name, (len(leads), len(flows), len(entities), None))
    pvalue, _, _, _ = _cube(source, "pit_p")
    f, e = flows.index("all"), entities.index("all")
    fig = new_figure(3.2 * len(leads) + 1, 3.8, "PIT histogram (all flows and entities)", source,
                     _detail(source))
    axes = np.atleast_1d(fig.subplots(1, len(leads), sharey=True))
    bins = counts.shape[-1]
    for ax, k in zip(axes, range(len(leads))):
        c = counts[k, f, e].astype(float)
        n = c.sum()
        density = c / (n / bins) if n > 0 else c
        ax.bar((np.arange(bins) + 0.5) / bins, density, width=1 / bins, color=f"C{k}",
               edgecolor="white")
        ax.axhline(1, color="black", ls="--", lw=1)
        label = f"lead {leads[k]}" if leads[k] > 0 else "all leads"
        ax.set_title(f"{label}: n = {int(n)}, chi2 p = {pvalue[k, f, e]:.3f}", fontsize=8)
        ax.set_xlim(0, 1)
        ax.set_xlabel("PIT")
        ax.grid(axis="y", alpha=0.3)
    axes[0].set_ylabel("density (1 = uniform, dashed)")
    return [("pit", fig)]
