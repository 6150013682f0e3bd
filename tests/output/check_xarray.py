"""Checks a capexsim results file the way Python users read it: h5py, xarray (engine h5netcdf,
root and groups) and netCDF4 when installed. Exits 1 listing every mismatch.

Run by tests/output/test_results_writer.cpp:
  check_xarray.py FILE --store total --entities a,b,total --years 2024,2025 --paths 10
                  --sampler mc --replicates 0
                  [--variables a.x,b.y [--repaired]]   # /dependence present, with these names
                  [--checks 3 --statistic S]           # /convergence present, with 3 checks
                  [--inputs a.x.2024,b.y.2025 --sensitivity-paths N]  # /sensitivity present
                  [--expect 'summary/surplus_mean[2,1]=123.5' ...]
"""

import argparse
import re
import sys

import h5netcdf
import h5py
import numpy as np
import xarray as xr

SUMMARY = {name: ("entity", "year") for name in (
    "ocf_mean", "buybacks_mean", "dividends_mean", "capex_mean", "surplus_mean",
    "surplus_std", "prob_negative", "usage_ratio", "first_negative_counts",
    "ocf_growth_floored", "capex_growth_floored", "ocf_mean_stderr", "buybacks_mean_stderr",
    "dividends_mean_stderr", "capex_mean_stderr", "surplus_mean_stderr",
    "prob_negative_stderr", "prob_negative_lower", "prob_negative_upper", "survival",
    "survival_lower", "survival_upper", "hazard", "hazard_lower", "hazard_upper")}
for name in ("surplus_quantiles", "surplus_quantiles_lower", "surplus_quantiles_upper"):
    SUMMARY[name] = ("entity", "year", "quantile")
SUMMARY["never_negative_counts"] = ("entity",)

PATHS_TOTAL = {"total_surplus": ("path", "year"), "total_first_negative_year": ("path",)}
PATHS_ALL = {name: ("entity", "path", "year")
             for name in ("surplus", "ocf", "buybacks", "dividends", "capex")}
PATHS_ALL["first_negative_year"] = ("entity", "path")

DEPENDENCE = {"correlation": ("variable", "variable_j"), "persistence": ("variable",)}
CONVERGENCE = {name: ("check",) for name in ("paths", "estimate", "stderr")}
SENSITIVITY = {"spearman_surplus": ("input", "entity", "year"),
               "spearman_first_negative": ("input", "entity")}
SENSITIVITY_COORDS = {name: ("input",)
                      for name in ("input_company", "input_parameter", "input_year")}
NOT_A_VARIABLE = "This is a netCDF dimension but not a netCDF variable."

errors = []


def expect_equal(what, actual, expected):
    if actual != expected:
        errors.append(f"{what}: got {actual!r}, expected {expected!r}")


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--store", choices=("none", "total", "all"), required=True)
    parser.add_argument("--entities", required=True)
    parser.add_argument("--years", required=True)
    parser.add_argument("--paths", type=int, required=True)
    parser.add_argument("--sampler", choices=("mc", "lhs", "sobol"), required=True)
    parser.add_argument("--replicates", type=int, required=True)
    parser.add_argument("--variables", help="names of /dependence/variable; absent: no group")
    parser.add_argument("--repaired", action="store_true")
    parser.add_argument("--checks", type=int, help="length of /convergence; absent: no group")
    parser.add_argument("--statistic")
    parser.add_argument("--inputs", help="names of /sensitivity/input; absent: no group")
    parser.add_argument("--sensitivity-paths", type=int)
    parser.add_argument("--expect", action="append", default=[],
                        help="GROUP/VAR[i,j,...]=VALUE")
    args = parser.parse_args()
    args.entities = args.entities.split(",")
    args.years = [int(y) for y in args.years.split(",")]
    args.variables = args.variables.split(",") if args.variables else None
    args.inputs = args.inputs.split(",") if args.inputs else None
    return args


def expected_variables(store):
    groups = {"summary": SUMMARY}
    if store != "none":
        groups["paths"] = dict(PATHS_TOTAL, **(PATHS_ALL if store == "all" else {}))
    return groups


def sizes(args):
    out = {"entity": len(args.entities), "year": len(args.years), "quantile": 9}
    if args.store != "none":
        out["path"] = args.paths
    return out


def check_h5py(args, groups):
    size = sizes(args)
    with h5py.File(args.file, "r") as f:
        expect_equal("h5py format", f.attrs.get("format"), "capexsim")
        version = f.attrs.get("format_version")
        expect_equal("h5py format_version", (version, getattr(version, "dtype", None)),
                     (1, np.dtype("int32")))
        expect_equal("h5py paths", int(f.attrs.get("paths", -1)), args.paths)
        expect_equal("h5py store_paths", f.attrs.get("store_paths"), args.store)
        expect_equal("h5py sampler", f.attrs.get("sampler"), args.sampler)
        replicates = f.attrs.get("replicates")
        expect_equal("h5py replicates", (replicates, getattr(replicates, "dtype", None)),
                     (args.replicates, np.dtype("int64")))
        expect_equal("h5py seed is an integer",
                     np.issubdtype(np.asarray(f.attrs.get("seed")).dtype, np.integer), True)
        expect_equal("h5py entity", list(f["entity"].asstr()[...]), args.entities)
        expect_equal("h5py year", f["year"][...].tolist(), args.years)
        expect_equal("h5py /paths exists", "paths" in f, args.store != "none")
        for group, variables in groups.items():
            # Each group repeats the coordinates, so that xarray shows them when it opens the group.
            coordinates = ["entity", "quantile", "year"] + (["path"] if group == "paths" else [])
            expect_equal(f"h5py {group} members", sorted(f[group].keys()),
                         sorted(list(variables) + coordinates))
            expect_equal(f"h5py {group} entity", list(f[group]["entity"].asstr()[...]),
                         args.entities)
            expect_equal(f"h5py {group} year", f[group]["year"][...].tolist(), args.years)
            for name, dims in variables.items():
                if name not in f[group]:
                    continue
                ds = f[group][name]
                scales = tuple(ds.dims[i][0].name.split("/")[-1] for i in range(ds.ndim))
                expect_equal(f"h5py {group}/{name} scales", scales, dims)
                expect_equal(f"h5py {group}/{name} labels",
                             tuple(ds.dims[i].label for i in range(ds.ndim)), dims)
                expect_equal(f"h5py {group}/{name} one scale per axis",
                             [len(ds.dims[i]) for i in range(ds.ndim)], [1] * ds.ndim)
                expect_equal(f"h5py {group}/{name} shape", ds.shape,
                             tuple(size[d] for d in dims))


def check_xarray(args, groups):
    size = sizes(args)
    with xr.open_dataset(args.file, engine="h5netcdf") as root:
        # xarray lists only dimensions its variables use: path has no variable at the root.
        expect_equal("xarray root sizes", dict(root.sizes),
                     {k: v for k, v in size.items() if k != "path"})
        expect_equal("xarray root entity", root["entity"].values.tolist(), args.entities)
        expect_equal("xarray root year", root["year"].values.tolist(), args.years)
        expect_equal("xarray root has no path coordinate", "path" in root.variables, False)
        expect_equal("xarray root format", root.attrs.get("format"), "capexsim")
    for group, variables in groups.items():
        with xr.open_dataset(args.file, engine="h5netcdf", group=group) as ds:
            expect_equal(f"xarray {group} variables", sorted(ds.data_vars), sorted(variables))
            for name, dims in variables.items():
                if name not in ds:
                    continue
                expect_equal(f"xarray {group}/{name} dims", ds[name].dims, dims)
                expect_equal(f"xarray {group}/{name} shape", ds[name].shape,
                             tuple(size[d] for d in dims))
            expect_equal(f"xarray {group} entity", ds["entity"].values.tolist(), args.entities)
            expect_equal(f"xarray {group} year", ds["year"].values.tolist(), args.years)
            if group == "summary":
                labelled = ds
                frame = labelled["surplus_mean"].to_dataframe()
                expect_equal("to_dataframe rows", len(frame), size["entity"] * size["year"])
                expect_equal("to_dataframe index", list(frame.index.names), ["entity", "year"])
                cell = labelled["surplus_mean"].sel(entity=args.entities[-1],
                                                    year=args.years[-1]).item()
                expect_equal("sel(entity, year)", cell,
                             float(ds["surplus_mean"].values[-1, -1]))


def check_h5netcdf(args, _groups):
    with h5netcdf.File(args.file, "r") as f:
        expect_equal("h5netcdf root dimensions",
                     {name: dim.size for name, dim in f.dimensions.items()}, sizes(args))
        expect_equal("h5netcdf root variables", sorted(f.variables),
                     ["entity", "quantile", "year"])


def check_netcdf4(args, groups):
    try:
        import netCDF4
    except ImportError:
        return
    with netCDF4.Dataset(args.file) as nc:
        expect_equal("netCDF4 root dims", {k: len(v) for k, v in nc.dimensions.items()},
                     sizes(args))
        for group, variables in groups.items():
            for name, dims in variables.items():
                if name in nc[group].variables:
                    expect_equal(f"netCDF4 {group}/{name} dims",
                                 nc[group][name].dimensions, dims)


def check_scales(what, ds, dims):
    """Each axis of h5py dataset `ds` has one scale, of its own group, named and labelled dims."""
    group = ds.parent.name
    expect_equal(f"{what} scales", tuple(
        ds.dims[i][0].name for i in range(ds.ndim)), tuple(f"{group}/{d}" for d in dims))
    expect_equal(f"{what} labels", tuple(ds.dims[i].label for i in range(ds.ndim)), dims)
    expect_equal(f"{what} one scale per axis", [len(ds.dims[i]) for i in range(ds.ndim)],
                 [1] * ds.ndim)


def check_dependence(args, _groups):
    names = args.variables
    with h5py.File(args.file, "r") as f:
        expect_equal("h5py /dependence exists", "dependence" in f, names is not None)
        if names is None or "dependence" not in f:
            return
        g = f["dependence"]
        variables = dict(DEPENDENCE)
        if args.repaired:
            variables["declared_correlation"] = ("variable", "variable_j")
        expect_equal("h5py dependence members", sorted(g.keys()),
                     sorted(list(variables) + ["variable", "variable_j"]))
        for coordinate in ("variable", "variable_j"):
            expect_equal(f"h5py dependence/{coordinate}", list(g[coordinate].asstr()[...]), names)
        for name, dims in variables.items():
            if name in g:
                check_scales(f"h5py dependence/{name}", g[name], dims)
                expect_equal(f"h5py dependence/{name} shape", g[name].shape,
                             (len(names),) * len(dims))
        repaired = g.attrs.get("repaired")
        expect_equal("h5py dependence repaired", (repaired, getattr(repaired, "dtype", None)),
                     (int(args.repaired), np.dtype("int32")))
        expect_equal("h5py dependence repair_distance is a float",
                     np.asarray(g.attrs.get("repair_distance")).dtype, np.dtype("float64"))
        matrix = g["correlation"][...]
    with xr.open_dataset(args.file, engine="h5netcdf", group="dependence") as ds:
        expect_equal("xarray dependence variables", sorted(ds.data_vars), sorted(variables))
        expect_equal("xarray dependence sizes", dict(ds.sizes),
                     {"variable": len(names), "variable_j": len(names)})
        for name, dims in variables.items():
            if name in ds:
                expect_equal(f"xarray dependence/{name} dims", ds[name].dims, dims)
        expect_equal("xarray dependence variable", ds["variable"].values.tolist(), names)
        expect_equal("xarray dependence variable_j", ds["variable_j"].values.tolist(), names)
        # Labelled selection agrees with position: row = variable, column = variable_j.
        cell = ds["correlation"].sel(variable=names[0], variable_j=names[-1]).item()
        expect_equal("xarray correlation.sel(first, last)", cell, float(matrix[0, -1]))
        expect_equal("xarray repaired attribute", int(ds.attrs.get("repaired", -1)),
                     int(args.repaired))


def check_convergence(args, _groups):
    with h5py.File(args.file, "r") as f:
        expect_equal("h5py /convergence exists", "convergence" in f, args.checks is not None)
        if args.checks is None or "convergence" not in f:
            return
        g = f["convergence"]
        expect_equal("h5py convergence members", sorted(g.keys()),
                     sorted(list(CONVERGENCE) + ["check"]))
        expect_equal("h5py convergence/check scale name",
                     g["check"].attrs.get("NAME", b"").decode(),
                     f"{NOT_A_VARIABLE}{args.checks:10d}")
        for name, dims in CONVERGENCE.items():
            if name in g:
                check_scales(f"h5py convergence/{name}", g[name], dims)
                expect_equal(f"h5py convergence/{name} shape", g[name].shape, (args.checks,))
        expect_equal("h5py convergence/paths type", g["paths"].dtype, np.dtype("int64"))
        expect_equal("h5py convergence statistic", g.attrs.get("statistic"), args.statistic)
        expect_equal("h5py convergence target_met type",
                     np.asarray(g.attrs.get("target_met")).dtype, np.dtype("int32"))
    with xr.open_dataset(args.file, engine="h5netcdf", group="convergence") as ds:
        expect_equal("xarray convergence variables", sorted(ds.data_vars), sorted(CONVERGENCE))
        expect_equal("xarray convergence sizes", dict(ds.sizes), {"check": args.checks})
        expect_equal("xarray convergence has no check coordinate", "check" in ds.variables,
                     False)
        for name, dims in CONVERGENCE.items():
            if name in ds:
                expect_equal(f"xarray convergence/{name} dims", ds[name].dims, dims)
        expect_equal("xarray convergence statistic", ds.attrs.get("statistic"), args.statistic)
        frame = ds.to_dataframe()
        expect_equal("convergence to_dataframe", (list(frame.index.names), len(frame)),
                     (["check"], args.checks))


def check_sensitivity(args, _groups):
    names = args.inputs
    with h5py.File(args.file, "r") as f:
        expect_equal("h5py /sensitivity exists", "sensitivity" in f, names is not None)
        if names is None or "sensitivity" not in f:
            return
        g = f["sensitivity"]
        expect_equal("h5py sensitivity members", sorted(g.keys()),
                     sorted(list(SENSITIVITY) + list(SENSITIVITY_COORDS) +
                            ["input", "entity", "year"]))
        expect_equal("h5py sensitivity/input", list(g["input"].asstr()[...]), names)
        expect_equal("h5py sensitivity/entity", list(g["entity"].asstr()[...]), args.entities)
        expect_equal("h5py sensitivity/year", g["year"][...].tolist(), args.years)
        size = {"input": len(names), "entity": len(args.entities), "year": len(args.years)}
        for name, dims in dict(SENSITIVITY, **SENSITIVITY_COORDS).items():
            if name in g:
                check_scales(f"h5py sensitivity/{name}", g[name], dims)
                expect_equal(f"h5py sensitivity/{name} shape", g[name].shape,
                             tuple(size[d] for d in dims))
        for name in SENSITIVITY:
            if name in g:
                expect_equal(f"h5py sensitivity/{name} type", g[name].dtype, np.dtype("float64"))
        expect_equal("h5py sensitivity/input_year type", g["input_year"].dtype, np.dtype("int32"))
        expect_equal("h5py sensitivity/input_year", g["input_year"][...].tolist(),
                     [int(n.rsplit(".", 1)[1]) for n in names])
        paths = g.attrs.get("paths")
        expect_equal("h5py sensitivity paths", (paths, getattr(paths, "dtype", None)),
                     (args.sensitivity_paths, np.dtype("int64")))
        expect_equal("h5py sensitivity method", g.attrs.get("method"), "spearman")
        surplus = g["spearman_surplus"][...]
    with xr.open_dataset(args.file, engine="h5netcdf", group="sensitivity") as ds:
        expect_equal("xarray sensitivity variables", sorted(ds.data_vars), sorted(SENSITIVITY))
        expect_equal("xarray sensitivity sizes", dict(ds.sizes), size)
        for name, dims in dict(SENSITIVITY, **SENSITIVITY_COORDS).items():
            if name in ds.variables:
                expect_equal(f"xarray sensitivity/{name} dims", ds[name].dims, dims)
        expect_equal("xarray sensitivity coordinates",
                     sorted(ds.coords), sorted(["input", "entity", "year"] +
                                               list(SENSITIVITY_COORDS)))
        expect_equal("xarray sensitivity input", ds["input"].values.tolist(), names)
        expect_equal("xarray sensitivity input_company",
                     ds["input_company"].values.tolist(), [n.split(".")[0] for n in names])
        expect_equal("xarray sensitivity input_parameter",
                     ds["input_parameter"].values.tolist(), [n.split(".")[1] for n in names])
        # Labelled selection agrees with position (NaN where an outcome is constant).
        cell = ds["spearman_surplus"].sel(input=names[-1], entity=args.entities[-1],
                                          year=args.years[-1]).item()
        expected = float(surplus[-1, -1, -1])
        expect_equal("xarray spearman_surplus.sel(last, total, last year)",
                     "nan" if np.isnan(cell) else cell,
                     "nan" if np.isnan(expected) else expected)
        expect_equal("xarray sensitivity paths attribute", int(ds.attrs.get("paths", -1)),
                     args.sensitivity_paths)
        frame = ds["spearman_first_negative"].to_dataframe()
        expect_equal("sensitivity to_dataframe index", list(frame.index.names),
                     ["input", "entity"])


def check_values(args, _groups):
    pattern = re.compile(r"^(\w+)/(\w+)\[([\d,]+)\]=(.+)$")
    with h5py.File(args.file, "r") as f:
        for item in args.expect:
            match = pattern.match(item)
            if not match:
                errors.append(f"bad --expect {item!r}")
                continue
            group, name, index, value = match.groups()
            index = tuple(int(i) for i in index.split(","))
            expected = float(value)
            if name not in f.get(group, {}):
                errors.append(f"{group}/{name} missing")
                continue
            expect_equal(f"h5py {item}", float(f[group][name][index]), expected)
            with xr.open_dataset(args.file, engine="h5netcdf", group=group) as ds:
                expect_equal(f"xarray {item}", float(ds[name].values[index]), expected)


def main():
    args = parse_args()
    groups = expected_variables(args.store)
    for check in (check_h5py, check_h5netcdf, check_xarray, check_netcdf4, check_dependence,
                  check_convergence, check_sensitivity, check_values):
        try:
            check(args, groups)
        except Exception as error:  # a reader refusing the file is a mismatch too
            errors.append(f"{check.__name__}: {type(error).__name__}: {error}")
    for error in errors:
        print(f"check_xarray: {error}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
