"""What every figure shares: the Agg backend, a title with the scenario name under it, money
and percent axis labels, and saving each figure atomically (temporary file, then rename)."""
import os
import tempfile
import textwrap

import matplotlib

matplotlib.use("Agg")  # files only, no display
from matplotlib.figure import Figure  # noqa: E402  (after the backend is chosen)
from matplotlib.ticker import PercentFormatter  # noqa: E402

matplotlib.rcParams.update({
    "svg.hashsalt": "capexsim",  # stable SVG ids: the same input gives the same file
    "font.size": 9,
    "axes.titlesize": 10,
})

DPI = 150
POSITIVE, NEGATIVE, NEUTRAL = "#2c7fb8", "#d7301f", "#444444"


def new_figure(width, height, title, source, detail=""):
    """A figure with `title` on top and, under it, the scenario name, the file and `detail`."""
    fig = Figure(figsize=(width, height), layout="constrained")
    subtitle = f"scenario {source.scenario!r} · {os.path.basename(source.path)}"
    if detail:
        subtitle += f" · {detail}"
    columns = max(40, int(width * 10))  # characters of an 11-point line across the figure
    lines = [line for part in [title, *subtitle.split("\n")]
             for line in textwrap.wrap(part, columns)]
    fig.suptitle("\n".join(lines), fontsize=11)
    return fig


def money_label(source, what="surplus"):
    unit = source.unit
    return f"{what} ({unit})" if unit else f"{what} (the scenario's money unit)"


def percent_axis(axis, decimals=None):
    """Values stored as fractions shown as percentages."""
    axis.set_major_formatter(PercentFormatter(xmax=1.0, decimals=decimals))


def paths_detail(source):
    paths = source.file.attrs.get("paths")
    return f"{int(paths):,} paths" if paths is not None else ""


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


def save(fig, target, dpi=DPI):
    """Writes `fig` to `target` (format from its extension) through a temporary file in the same
    folder renamed into place, so no half-written figure is ever left."""
    folder = os.path.dirname(target) or "."
    fmt = os.path.splitext(target)[1][1:]
    handle, temporary = tempfile.mkstemp(prefix=".plot-", suffix="." + fmt, dir=folder)
    os.close(handle)
    try:
        metadata = {"Date": None} if fmt == "svg" else None
        fig.savefig(temporary, format=fmt, dpi=dpi, metadata=metadata)
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, target)
    except BaseException:
        os.unlink(temporary)
        raise
