"""P(surplus < 0) of an entity over the swept keys of a sweep file (format capexsim-sweep):
one key, a line per year with its Wilson band; two keys on a full grid, a heatmap per year with
annotated cells; two keys elsewhere (Latin hypercube points), a scatter coloured by the
probability. With more keys, two are plotted and the others held at one value (grid) or left
to vary (noted on the figure)."""
import re

import numpy as np
from matplotlib.cm import ScalarMappable
from matplotlib.colors import Normalize
from matplotlib.ticker import FuncFormatter, PercentFormatter

from .figure import new_figure, percent_axis
from .source import PlotError, index_of

CMAP = "YlOrRd"
FRACTION_KEY = re.compile(r"_(growth|ratio)(\.(mean|sd|min|max|mode|value))?$")


class Key:
    """One swept key: its values at each point, numeric or text, and how it was applied."""

    def __init__(self, source, key, points):
        name = f"summary/{key}"
        data = source.dataset(name)
        source.check_shape(name, data.shape, (points,))
        self.key = key
        self.numeric = data.dtype.kind in "iuf"
        self.values = data[...].astype(float) if self.numeric else np.array(source.strings(name))
        self.op = source.attr("sweep_op", "set", obj=name)
        self.fraction = self.numeric and bool(FRACTION_KEY.search(key))
        self.money = self.numeric and ".base." in key
        self.unit = source.unit

    def label(self, lines=1):
        what = "shift added to the scenario's value" if self.op == "shift" else "value"
        if self.fraction:
            what += ", percentage points" if self.op == "shift" else ", %"
        elif self.money and self.unit:
            what += f", {self.unit}"
        return f"{self.key}\n({what})" if lines == 2 else f"{self.key} ({what})"

    def text(self, value):
        if not self.numeric:
            return str(value)
        if self.fraction:
            value = 100 * value
            if self.op == "shift":
                return f"{value:+.4g}" if value != 0 else "0"
            return f"{value:.4g}%"
        return f"{value:.6g}"

    def parse(self, text, path):
        if not self.numeric:
            return text
        try:
            return float(text)
        except ValueError:
            raise PlotError(f"{path}: --at {self.key}={text}: not a number") from None


def _unique(key):
    """The distinct values of a key, sorted (numbers) or in order of appearance (text)."""
    if key.numeric:  # values a rounding error apart (start + i * step) count as one
        kept = []
        for value in np.sort(key.values):
            if not kept or not np.isclose(value, kept[-1], rtol=1e-9, atol=1e-12):
                kept.append(value)
        return np.array(kept)
    return np.array(list(dict.fromkeys(key.values)))


def _position(key, uniques):
    return np.array([int(np.flatnonzero(_equal(key, uniques, v))[0]) for v in key.values])


def _equal(key, array, value):
    if key.numeric:
        return np.isclose(array, value, rtol=1e-9, atol=1e-12)
    return array == value


def _is_grid(keys, mask):
    """True when the points in `mask` are every combination of the keys' values exactly once."""
    positions = [_position(k, _unique(k))[mask] for k in keys]
    combos = set(zip(*positions))
    expected = int(np.prod([len(set(p)) for p in positions]))
    return len(combos) == int(mask.sum()) == expected


class Sweep:
    def __init__(self, source):
        self.source = source
        text = source.attr("swept_keys")
        self.keys = [k for k in text.split("\n") if k]
        if not self.keys:
            raise PlotError(f"{source.path}: attribute 'swept_keys': empty")
        self.points = np.asarray(source.coordinate("summary", "point"))
        self.entities = source.coordinate("summary", "entity")
        self.years = [int(y) for y in source.coordinate("summary", "year")]
        shape = (len(self.points), len(self.entities), len(self.years))
        self.p = source.array("summary/prob_negative", shape)
        self.lower = source.array("summary/prob_negative_lower", shape)
        self.upper = source.array("summary/prob_negative_upper", shape)
        self.by_key = {k: Key(source, k, len(self.points)) for k in self.keys}


class Layout:
    """What the sweep figure shows: `kind` is "line" (one key), "heatmap" (two keys on a full
    grid) or "scatter" (two keys elsewhere); the keys on the axes, the points drawn (`mask`)
    and how the other keys are held (`notes`)."""

    def __init__(self, kind, kx, ky, mask, notes):
        self.kind, self.kx, self.ky, self.mask, self.notes = kind, kx, ky, mask, notes


def layout(sweep, x=None, y=None, at=()):
    """Chooses the figure for the swept keys and the --x, --y and --at options."""
    source = sweep.source
    for name in (x, y):
        if name is not None and name not in sweep.keys:
            raise PlotError(f"{source.path}: {name!r} is not a swept key (swept: "
                            + ", ".join(sweep.keys) + ")")
    if len(sweep.keys) == 1:
        if y is not None:
            raise PlotError(f"{source.path}: --y: the sweep has one key, {sweep.keys[0]!r}")
        everything = np.ones(len(sweep.points), dtype=bool)
        return Layout("line", sweep.by_key[sweep.keys[0]], None, everything, [])
    x = x or next(k for k in sweep.keys if k != y)
    y = y or next(k for k in sweep.keys if k != x)
    if x == y:
        raise PlotError(f"{source.path}: --x and --y name the same key {x!r}")
    mask, notes = _hold_others(sweep, x, y, dict(at))
    kx, ky = sweep.by_key[x], sweep.by_key[y]
    kind = "heatmap" if _is_grid([kx, ky], mask) else "scatter"
    return Layout(kind, kx, ky, mask, notes)


def plot(source, entity, years_wanted, x=None, y=None, at=()):
    sweep = Sweep(source)
    e = index_of(source, sweep.entities, entity, "entity")
    columns = [index_of(source, sweep.years, yr, "year") for yr in years_wanted or sweep.years]
    chosen = layout(sweep, x, y, at)
    if chosen.kind == "line":
        fig = _line(sweep, chosen.kx, e, columns, entity)
    else:
        draw = _heatmap if chosen.kind == "heatmap" else _scatter
        fig = draw(sweep, chosen.kx, chosen.ky, chosen.mask, e, columns, entity, chosen.notes)
    return [(f"sweep_{entity}", fig)]


def _hold_others(sweep, x, y, at):
    """Points to plot: the other keys held at their --at value, or at their first value when the
    sweep is a full grid; on a non-grid sweep (Latin hypercube) they are left to vary."""
    source = sweep.source
    for key in at:
        if key not in sweep.keys:
            raise PlotError(f"{source.path}: --at {key}: not a swept key (swept: "
                            + ", ".join(sweep.keys) + ")")
        if key in (x, y):
            raise PlotError(f"{source.path}: --at {key}: that key is on an axis of the plot")
    everything = np.ones(len(sweep.points), dtype=bool)
    grid = _is_grid([sweep.by_key[k] for k in sweep.keys], everything)
    mask, notes = everything.copy(), []
    for key in sweep.keys:
        if key in (x, y):
            continue
        k = sweep.by_key[key]
        if key in at:
            value = k.parse(at[key], source.path)
        elif grid:
            value = k.values[0]
        else:
            notes.append(f"{key} varies")
            continue
        mask &= _equal(k, k.values, value)
        notes.append(f"{key} = {k.text(value)}")
    if not mask.any():
        raise PlotError(f"{source.path}: no sweep point has " + ", ".join(notes))
    return mask, notes


def _title(entity, names):
    return f"P(surplus < 0) of {entity} over " + " and ".join(names)


def _detail(sweep, count, notes):
    parts = [f"{count} sweep points"]
    attrs = sweep.source.file.attrs
    if "paths" in attrs:
        parts.append(f"{int(attrs['paths']):,} paths each")
    if "common_random_numbers" in attrs:
        parts.append("common random numbers" if int(attrs["common_random_numbers"])
                     else "independent random numbers")
    return " · ".join(parts + notes)


def _x_positions(key, values):
    """Numeric keys plot at their values; text keys at 0, 1, ... in order of appearance."""
    if key.numeric:
        return values.astype(float), None
    uniques = list(dict.fromkeys(values))
    return np.array([uniques.index(v) for v in values], dtype=float), uniques


def _line(sweep, key, e, columns, entity):
    fig = new_figure(8, 5, _title(entity, [key.key]), sweep.source,
                     _detail(sweep, len(sweep.points), []))
    ax = fig.add_subplot()
    xs, categories = _x_positions(key, key.values)
    order = np.argsort(xs, kind="stable")
    for k, j in enumerate(columns):
        color, label = f"C{k}", f"{sweep.years[j]}"
        p, lower, upper = (a[order, e, j] for a in (sweep.p, sweep.lower, sweep.upper))
        if categories is None:
            ax.fill_between(xs[order], lower, upper, color=color, alpha=0.2, lw=0)
            ax.plot(xs[order], p, color=color, marker="o", ms=4, label=label)
        else:  # text values have no order between them: points with error bars, no line
            shift = (k - (len(columns) - 1) / 2) * 0.08
            ax.errorbar(xs[order] + shift, p, yerr=[p - lower, upper - p], color=color,
                        marker="o", ms=4, ls="none", capsize=3, label=label)
    if categories is not None:
        ax.set_xticks(range(len(categories)))
        ax.set_xticklabels(categories, rotation=30, ha="right")
        ax.set_xlim(-0.5, len(categories) - 0.5)
    else:
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: key.text(v)))
    ax.set_xlabel(key.label())
    ax.set_ylabel(f"P(surplus of {entity} < 0) (%)")
    percent_axis(ax.yaxis)
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3)
    band = "band" if categories is None else "bars"
    ax.legend(title=f"year ({band}: 95% Wilson interval)", fontsize=8, title_fontsize=8)
    return fig


def _panels(fig, count):
    cols = min(count, 3)
    rows = (count + cols - 1) // cols
    return [fig.add_subplot(rows, cols, k + 1) for k in range(count)]


def _size(count, base_w, base_h):
    """Figure size for `count` panels of about base_w x base_h inches, three to a row, with
    room for the colour bar and the titles."""
    cols = min(count, 3)
    rows = (count + cols - 1) // cols
    return max(8.0, max(base_w, 4.0) * cols + 1.4), max(5.0, max(base_h, 3.4) * rows + 1.4)


def _norm(sweep, mask, e, columns):
    high = float(np.nanmax(sweep.p[mask][:, e, :][:, columns]))
    return Normalize(vmin=0.0, vmax=max(high, 0.01))


def _colorbar(fig, axes, norm):
    mappable = ScalarMappable(norm=norm, cmap=CMAP)
    fig.colorbar(mappable, ax=axes, label="P(surplus < 0) (%)", format=PercentFormatter(1.0),
                 shrink=0.9)


def _heatmap(sweep, kx, ky, mask, e, columns, entity, notes):
    ux, uy = _unique(kx), _unique(ky)
    ix, iy = _position(kx, ux)[mask], _position(ky, uy)[mask]
    fig = new_figure(*_size(len(columns), 0.55 * len(ux) + 2.4, 0.4 * len(uy) + 1.9),
                     _title(entity, [kx.key, ky.key]), sweep.source,
                     _detail(sweep, int(mask.sum()), notes))
    norm = _norm(sweep, mask, e, columns)
    axes = _panels(fig, len(columns))
    annotate = len(ux) * len(uy) <= 400
    for ax, j in zip(axes, columns):
        grid = np.full((len(uy), len(ux)), np.nan)
        grid[iy, ix] = sweep.p[mask, e, j]
        ax.imshow(grid, origin="lower", aspect="auto", cmap=CMAP, norm=norm)
        if annotate:
            for (r, c), value in np.ndenumerate(grid):
                ax.text(c, r, f"{100 * value:.1f}", ha="center", va="center", fontsize=6.5,
                        color="white" if norm(value) > 0.6 else "black")
        _ticks(ax.set_xticks, ax.set_xticklabels, ux, kx)
        _ticks(ax.set_yticks, ax.set_yticklabels, uy, ky)
        ax.set_title(f"{sweep.years[j]}" + (" (cells: %)" if annotate else ""))
    _axis_labels(fig, axes, kx, ky)
    _colorbar(fig, axes, norm)
    return fig


def _axis_labels(fig, axes, kx, ky):
    """Key names are long: one x and one y label for the whole figure when it has panels."""
    if len(axes) == 1:
        axes[0].set_xlabel(kx.label())
        axes[0].set_ylabel(ky.label(lines=2))
    else:
        fig.supxlabel(kx.label(), fontsize=9)
        fig.supylabel(ky.label(lines=2), fontsize=9)


def _ticks(set_ticks, set_labels, uniques, key):
    step = max(1, len(uniques) // 12)
    idx = np.arange(0, len(uniques), step)
    set_ticks(idx)
    set_labels([key.text(uniques[i]) for i in idx], fontsize=7)


def _scatter(sweep, kx, ky, mask, e, columns, entity, notes):
    fig = new_figure(*_size(len(columns), 4.2, 3.6), _title(entity, [kx.key, ky.key]),
                     sweep.source, _detail(sweep, int(mask.sum()), notes))
    norm = _norm(sweep, mask, e, columns)
    axes = _panels(fig, len(columns))
    xs, xcat = _x_positions(kx, kx.values[mask])
    ys, ycat = _x_positions(ky, ky.values[mask])
    for ax, j in zip(axes, columns):
        ax.scatter(xs, ys, c=sweep.p[mask, e, j], cmap=CMAP, norm=norm, s=28,
                   edgecolors="black", linewidths=0.3)
        for axis, cat, key in ((ax.xaxis, xcat, kx), (ax.yaxis, ycat, ky)):
            if cat is None:
                axis.set_major_formatter(FuncFormatter(lambda v, _, k=key: k.text(v)))
            else:
                axis.set_ticks(range(len(cat)))
                axis.set_ticklabels(cat)
        ax.set_title(str(sweep.years[j]))
        ax.grid(alpha=0.3)
    _axis_labels(fig, axes, kx, ky)
    _colorbar(fig, axes, norm)
    return fig
