"""Histogram of one entity's surplus on every path, a panel per year, zero marked and the share
of paths below zero in the legend: /paths/total_surplus (path, year), or /paths/surplus
(entity, path, year) for a company in store_paths = all files."""
import numpy as np

from .figure import NEGATIVE, POSITIVE, money_label, new_figure, paths_detail, percent_axis

BINS = 60
TAIL = 0.001  # the bins span the P0.1-P99.9 range (and zero); the rest is counted, not drawn


def available(source, entity):
    """None when the file has the per-path surplus of `entity`, else why not (for the note)."""
    if not source.has("paths"):
        mode = source.attr("store_paths", "none")
        return f"no per-path data (/paths absent, store_paths = {mode})"
    if entity == "total" and source.has("paths/total_surplus"):
        return None
    if source.has("paths/surplus"):
        return None
    return f"no per-path surplus of {entity!r} (/paths/surplus needs --store-paths all)"


BLOCK = 16 * 65536  # paths read at a time: whole chunks (65,536 paths x every year)


def _read_years(source, entity, chosen, years):
    """The surplus of `entity` on every path for the year indices `chosen`, one array each.
    Read in blocks of whole chunks: selecting one year of every path directly reads the file
    one value per path and is ~30x slower."""
    if entity == "total" and source.has("paths/total_surplus"):
        data = source.dataset("paths/total_surplus")
        source.check_shape("paths/total_surplus", data.shape, (None, len(years)))
        rows, block = data.shape[0], lambda a, b: data[a:b, :]
    else:
        entities = source.coordinate("paths", "entity")
        data = source.dataset("paths/surplus")
        source.check_shape("paths/surplus", data.shape, (len(entities), None, len(years)))
        e = entities.index(entity)
        rows, block = data.shape[1], lambda a, b: data[e, a:b, :]
    columns = {j: np.empty(rows) for j in chosen}
    for start in range(0, rows, BLOCK):
        values = block(start, min(rows, start + BLOCK))
        for j in chosen:
            columns[j][start:start + len(values)] = values[:, j]
    return columns


def plot(source, entity, years_wanted):
    years = np.asarray(source.coordinate("paths", "year")).astype(int)
    chosen = [j for j, y in enumerate(years) if not years_wanted or y in years_wanted]
    columns = _read_years(source, entity, chosen, years)
    n = len(chosen)
    cols = min(n, 3)
    rows = (n + cols - 1) // cols
    fig = new_figure(4.2 * cols + 0.6, 3.4 * rows + 0.9,
                     f"Surplus of {entity} on every path, by year", source, paths_detail(source))
    for k, j in enumerate(chosen):
        ax = fig.add_subplot(rows, cols, k + 1)
        _panel(ax, columns[j], years[j], source)
    return [(f"hist_{entity}", fig)]


def _panel(ax, values, year, source):
    values = np.asarray(values, dtype=float)
    share_negative = float(np.mean(values < 0))
    low, high = np.quantile(values, [TAIL, 1 - TAIL])
    low, high = min(low, 0.0), max(high, 0.0)
    if high <= low:
        high = low + 1.0
    # Bins [k w, (k + 1) w) for whole k, so zero is a bin edge and no bin straddles it; counted
    # by index (np.histogram sorts the values when the edges are not exactly uniform).
    width = (high - low) / BINS
    first, last = int(np.floor(low / width)), int(np.ceil(high / width))
    edges = np.arange(first, last + 1) * width
    index = np.floor(values / width) - first
    inside = (index >= 0) & (index < last - first)
    counts = np.bincount(index[inside].astype(np.int64), minlength=last - first)
    outside = 1.0 - float(np.mean(inside))
    weights = counts / len(values)
    left = edges[:-1]
    colors = np.where(edges[1:] <= 0, NEGATIVE, POSITIVE)
    ax.bar(left, weights, width=np.diff(edges), align="edge", color=colors, lw=0, alpha=0.8)
    ax.axvline(0.0, color="black", lw=1.0,
               label=f"zero; P(surplus < 0) = {100 * share_negative:.1f}%")
    ax.axvline(np.mean(values), color="#444444", lw=1.0, ls="--",
               label=f"mean {np.mean(values):,.0f}")
    ax.set_title(str(year))
    ax.set_xlabel(money_label(source))
    ax.set_ylabel("share of paths per bin (%)")
    percent_axis(ax.yaxis, decimals=1)
    note = f"{100 * outside:.2f}% of paths outside the range shown" if outside > 0 else None
    ax.legend(loc="upper right", fontsize=7, title=note, title_fontsize=6)
    ax.grid(axis="y", alpha=0.3)
