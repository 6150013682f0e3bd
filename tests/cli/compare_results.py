"""Compare two capexsim results files: every dataset bitwise, every root attribute except the
creation time. Exit 0 when identical, 1 when they differ (printing the differences)."""
import sys

import h5py
import numpy as np


def collect(f):
    out = {}

    def visit(name, obj):
        if isinstance(obj, h5py.Dataset):
            out[name] = obj[()]

    f.visititems(visit)
    return out


def main(a, b, ignore_attr=lambda key: False):
    """ignore_attr(name): True for root attributes to skip besides created_utc."""
    diffs = []
    with h5py.File(a, "r") as fa, h5py.File(b, "r") as fb:
        da, db = collect(fa), collect(fb)
        if set(da) != set(db):
            diffs.append(f"datasets differ: {sorted(set(da) ^ set(db))}")
        for name in sorted(set(da) & set(db)):
            x, y = np.asarray(da[name]), np.asarray(db[name])
            if x.dtype == object:  # variable-length strings: compare the values
                same = x.shape == y.shape and x.tolist() == y.tolist()
            else:
                same = x.shape == y.shape and x.dtype == y.dtype and x.tobytes() == y.tobytes()
            if not same:
                diffs.append(f"dataset {name} differs")
        for key in sorted(set(fa.attrs) | set(fb.attrs)):
            if key == "created_utc" or ignore_attr(key):
                continue
            if key not in fa.attrs or key not in fb.attrs or fa.attrs[key] != fb.attrs[key]:
                diffs.append(f"attribute {key} differs")
    for d in diffs:
        print(d)
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
