"""Opens a capexsim HDF5 file and reads its datasets with checks: every missing dataset, wrong
shape or unknown format becomes a PlotError naming the file and the dataset (exit 2)."""
import os

import h5py
import numpy as np

RESULTS, SWEEP, SOBOL = "capexsim", "capexsim-sweep", "capexsim-sobol"
EVALUATION = "capexsim-evaluation"
KNOWN_FORMATS = (RESULTS, SWEEP, SOBOL, EVALUATION)


class PlotError(Exception):
    """Bad input: the file, a dataset in it, or an option. The command line exits with 2."""


def _text(value):
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, np.ndarray) and value.shape == ():
        return _text(value[()])
    return value if isinstance(value, str) else str(value)


class Source:
    """An open capexsim file: its format, root attributes and checked reads of its datasets."""

    def __init__(self, path):
        self.path = path
        self.stem = os.path.splitext(os.path.basename(path))[0]
        if not os.path.isfile(path):
            raise PlotError(f"{path}: no such file")
        try:
            self.file = h5py.File(path, "r")
        except OSError as error:
            raise PlotError(f"{path}: not an HDF5 file ({error})") from None
        self.format = self.attr("format", "")
        if self.format not in KNOWN_FORMATS:
            self.close()
            raise PlotError(f"{path}: root attribute 'format' is {self.format!r}, expected one of "
                            + ", ".join(repr(f) for f in KNOWN_FORMATS))
        version = self.file.attrs.get("format_version")
        if version is not None and int(np.asarray(version)) != 1:
            self.close()
            raise PlotError(f"{path}: format_version {int(np.asarray(version))} is not known to "
                            "this script (it reads version 1)")

    def close(self):
        self.file.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def error(self, name, message):
        return PlotError(f"{self.path}: {name}: {message}")

    def attr(self, name, default=None, obj="/"):
        attrs = self.file[obj].attrs
        if name not in attrs:
            if default is None:
                raise self.error(f"attribute {name!r} of {obj}", "missing")
            return default
        value = attrs[name]
        if isinstance(value, (bytes, str)) or (isinstance(value, np.ndarray)
                                               and value.dtype.kind in "SOU"):
            return _text(value)
        return value

    @property
    def scenario(self):
        return self.attr("scenario_name", "") or self.stem

    @property
    def unit(self):
        return self.attr("unit", "")

    def has(self, name):
        return name in self.file

    def array(self, name, dims=None):
        """The whole dataset `name` as a float or int array; with dims (the expected length of
        each axis, None for any), a shape check."""
        if name not in self.file or not isinstance(self.file[name], h5py.Dataset):
            raise self.error(name, "dataset missing")
        data = self.file[name]
        if data.dtype.kind not in "iuf":
            raise self.error(name, f"expected numbers, found type {data.dtype}")
        self.check_shape(name, data.shape, dims)
        return data[...]

    def strings(self, name, dims=None):
        if name not in self.file or not isinstance(self.file[name], h5py.Dataset):
            raise self.error(name, "dataset missing")
        data = self.file[name]
        if data.dtype.kind not in "SOU":
            raise self.error(name, f"expected strings, found type {data.dtype}")
        self.check_shape(name, data.shape, dims)
        return [_text(v) for v in data[...].ravel()]

    def dataset(self, name):
        """The h5py dataset, for reading a part of a large per-path array."""
        if name not in self.file or not isinstance(self.file[name], h5py.Dataset):
            raise self.error(name, "dataset missing")
        return self.file[name]

    def check_shape(self, name, shape, dims):
        if dims is None:
            return
        if len(shape) != len(dims) or any(d is not None and s != d for s, d in zip(shape, dims)):
            want = "(" + ", ".join("any" if d is None else str(d) for d in dims) + ")"
            raise self.error(name, f"shape {shape}, expected {want}")

    def coordinate(self, group, name):
        """A coordinate of `group` (its own copy, else the root's): strings or numbers."""
        for where in (f"{group}/{name}", f"/{name}"):
            if where in self.file:
                data = self.file[where]
                if data.ndim != 1:
                    raise self.error(where, f"a coordinate must be 1-D, shape {data.shape}")
                if data.dtype.kind in "SOU":
                    return self.strings(where)
                return data[...]
        raise self.error(f"{group}/{name}", "coordinate missing")


def index_of(source, labels, wanted, what):
    """Position of `wanted` in `labels` (a coordinate), or a PlotError listing the choices."""
    labels = list(labels)
    for i, label in enumerate(labels):
        if label == wanted or str(label) == str(wanted):
            return i
    raise PlotError(f"{source.path}: {what} {wanted!r} is not in the file (it has "
                    + ", ".join(str(x) for x in labels) + ")")
