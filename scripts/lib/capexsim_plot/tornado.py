"""Tornado charts. From a results file's /sensitivity group: the inputs with the largest
|Spearman rho| with an entity's surplus in a year (and with its first negative year), signed and
sorted. From a Sobol file (format capexsim-sobol): first-order and total indices per factor with
their bootstrap intervals as error bars."""
import numpy as np

from .figure import NEGATIVE, NEUTRAL, POSITIVE, new_figure, paths_detail
from .source import index_of

TOP = 15


def available(source):
    """None when the results file has a /sensitivity group, else why not (for the note)."""
    if source.has("sensitivity/spearman_surplus"):
        return None
    return "no /sensitivity group (no drawn input, or a file written before sensitivities)"


def _top(values, top):
    """Indices of the `top` largest |values|, largest first, ties in file order; NaN (an input
    or outcome that is constant) left out."""
    finite = np.flatnonzero(np.isfinite(values))
    order = finite[np.argsort(-np.abs(values[finite]), kind="stable")]
    return order[:top]


def _bars(ax, labels, values, top, xlabel, title):
    picked = _top(values, top)
    y = np.arange(len(picked))[::-1]  # largest at the top
    v = values[picked]
    ax.barh(y, v, color=np.where(v >= 0, POSITIVE, NEGATIVE), height=0.7)
    for yi, vi in zip(y, v):
        ax.annotate(f"{vi:+.2f}", (vi, yi), xytext=(3 if vi >= 0 else -3, 0),
                    textcoords="offset points", ha="left" if vi >= 0 else "right",
                    va="center", fontsize=7)
    ax.set_yticks(y)
    ax.set_yticklabels([labels[i] for i in picked], fontsize=8)
    ax.axvline(0.0, color="black", lw=0.8)
    reach = min(1.0, max(np.abs(v).max(initial=0.0), 0.05) * 1.35)
    ax.set_xlim(-reach, reach)
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    ax.grid(axis="x", alpha=0.3)


def plot_spearman(source, entity, years_wanted, top=TOP):
    inputs = source.strings("sensitivity/input")
    entities = source.coordinate("sensitivity", "entity")
    years = [int(y) for y in source.coordinate("sensitivity", "year")]
    rho = source.array("sensitivity/spearman_surplus", (len(inputs), len(entities), len(years)))
    e = index_of(source, entities, entity, "entity")
    wanted = years_wanted or [years[-1]]
    columns = [index_of(source, years, y, "year") for y in wanted]
    first = None
    if source.has("sensitivity/spearman_first_negative"):
        first = source.array("sensitivity/spearman_first_negative", (len(inputs), len(entities)))
    shown = min(top, len(inputs))
    panels = len(columns) + (first is not None)
    fig = new_figure(4.6 * panels + 0.8, 0.28 * shown + 2.0,
                     f"What drives the surplus of {entity}: Spearman rank correlation of each "
                     f"drawn input (top {shown} of {len(inputs)})", source,
                     f"{_rho_paths(source)}\nblue, ρ > 0: a larger input goes with a larger "
                     "surplus (a later deficit); red, ρ < 0: the opposite")
    labels = list(inputs)
    for k, j in enumerate(columns):
        ax = fig.add_subplot(1, panels, k + 1)
        _bars(ax, labels, rho[:, e, j], shown, "Spearman ρ (unitless)",
              f"with the surplus of {entity} in {years[j]}")
    if first is not None:
        ax = fig.add_subplot(1, panels, panels)
        _bars(ax, labels, first[:, e], shown, "Spearman ρ (unitless)",
              f"with the first negative year of {entity}")
    return [(f"tornado_{entity}", fig)]


def _rho_paths(source):
    paths = source.file["sensitivity"].attrs.get("paths")
    return f"ρ over {int(paths):,} paths" if paths is not None else paths_detail(source)


def plot_sobol(source, top=TOP):
    factors = source.strings("sobol/factor")
    n = len(factors)
    first = source.array("sobol/first_order", (n,))
    total = source.array("sobol/total_order", (n,))
    bounds = {}
    for name in ("first_order", "total_order"):
        bounds[name] = (source.array(f"sobol/{name}_lower", (n,)),
                        source.array(f"sobol/{name}_upper", (n,)))
    output = source.attr("statistic", "") or source.attr("output", "") or "the output"
    order = _top(total, top)
    shown = len(order)
    y = np.arange(shown)[::-1]
    fig = new_figure(9.5, 0.34 * shown + 2.2,
                     f"Sobol indices of {output}: share of its variance due to each factor "
                     f"(top {shown} of {n} by total index)", source, _sobol_detail(source))
    ax = fig.add_subplot()
    h = 0.38
    for offset, name, values, color, label in (
            (h / 2, "first_order", first, POSITIVE, "first order S_i (alone)"),
            (-h / 2, "total_order", total, NEUTRAL, "total S_Ti (with interactions)")):
        lower, upper = bounds[name]
        v = values[order]
        err = np.vstack([np.clip(v - lower[order], 0, None), np.clip(upper[order] - v, 0, None)])
        ax.barh(y + offset, v, height=h, color=color, alpha=0.85, label=label,
                xerr=err, error_kw={"elinewidth": 0.9, "capsize": 2, "ecolor": "black"})
    ax.set_yticks(y)
    ax.set_yticklabels([factors[i] for i in order], fontsize=8)
    ax.axvline(0.0, color="black", lw=0.8)
    ax.set_xlabel("Sobol index (fraction of the output's variance; error bars: 95% bootstrap "
                  "interval)")
    ax.grid(axis="x", alpha=0.3)
    ax.legend(loc="lower right", fontsize=8)
    return [("tornado", fig)]


def _sobol_detail(source):
    parts = []
    for name, fmt in (("n", "{:,} base rows"), ("evaluations", "{:,} model evaluations"),
                      ("bootstrap", "{:,} bootstrap resamples")):
        value = source.file.attrs.get(name)
        if value is not None:
            parts.append(fmt.format(int(value)))
    by = source.attr("by", "")
    if by and by != "input":
        parts.append(f"factors grouped by {by}")
    return " · ".join(parts)
