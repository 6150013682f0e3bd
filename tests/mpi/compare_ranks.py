"""The same capexsim command under `mpirun -np K` for several K (and thread counts), and with the
build without MPI: every dataset of every results file must be bitwise identical
(tests/cli/compare_results.py; the root attributes too, except created_utc and any attribute whose
name starts with "mpi_", e.g. a rank count). Exit 0 when all agree, 1 otherwise.

usage: compare_ranks.py --mpiexec MPIRUN --exe MPI_CAPEXSIM [--plain-exe CAPEXSIM]
                        [--np 1,2,3] [--threads 1,2] -- COMMAND ARGS...
COMMAND ARGS is a capexsim command line (`run SCEN --paths N ...` or `sweep FILE ...`) without
-o, --threads or --quiet, which this script adds. Run K uses threads[i mod len(threads)] for the
i-th K; the plain build runs once per thread count. The reference is the plain build's first file
(or, without --plain-exe, the first MPI run's).
"""
import argparse

import h5py
import os
import pathlib
import subprocess
import sys
import tempfile

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "cli"))
import compare_results  # noqa: E402

RUN_TIMEOUT_S = 600


def int_list(text):
    return [int(x) for x in text.split(",") if x]


def run(label, argv, env):
    print(f"{label}: {' '.join(argv)}", flush=True)
    try:
        done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=RUN_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        print(f"{label}: FAILED: no answer after {RUN_TIMEOUT_S} s")
        return False
    if done.returncode != 0:
        print(f"{label}: FAILED with exit code {done.returncode}\n{done.stdout[-4000:]}{done.stderr[-4000:]}")
        return False
    return True


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mpiexec", required=True)
    parser.add_argument("--exe", required=True, help="capexsim of the MPI build")
    parser.add_argument("--plain-exe", default="", help="capexsim of the build without MPI")
    parser.add_argument("--np", type=int_list, default=[1, 2, 3])
    parser.add_argument("--threads", type=int_list, default=[1, 2])
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command or not args.np or not args.threads:
        parser.error("need --np, --threads and a capexsim command after --")

    env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
    with tempfile.TemporaryDirectory(prefix="capexsim_ranks_") as tmp:
        files, ok = [], True
        if args.plain_exe:
            for t in args.threads:
                out = os.path.join(tmp, f"plain_t{t}.h5")
                ok &= run(f"plain, {t} threads", [args.plain_exe, *command, "--threads", str(t), "--quiet", "-o", out], env)
                files.append((f"plain build, {t} threads", out))
        else:
            print("no --plain-exe: comparing the MPI runs with each other only")
        for i, k in enumerate(args.np):
            t = args.threads[i % len(args.threads)]
            out = os.path.join(tmp, f"np{k}_t{t}.h5")
            argv = [args.mpiexec, "-np", str(k), "--oversubscribe", "--allow-run-as-root",
                    args.exe, *command, "--threads", str(t), "--quiet", "-o", out]
            ok &= run(f"{k} ranks, {t} threads", argv, env)
            files.append((f"{k} ranks, {t} threads", out))
            if ok and command[0] == "run":  # the blocks really were spread over k ranks
                with h5py.File(out, "r") as f:
                    if int(f.attrs["mpi_ranks"]) != k:
                        print(f"{out}: mpi_ranks is {int(f.attrs['mpi_ranks'])}, not {k}")
                        ok = False
        if not ok:
            print("compare_ranks: a run failed")
            return 1
        (ref_label, ref), differing = files[0], 0
        for label, path in files[1:]:
            print(f"{label} vs {ref_label}:", flush=True)
            if compare_results.main(ref, path, ignore_attr=lambda key: key.startswith("mpi_")) != 0:
                differing += 1
            else:
                print("  identical")
        print(f"compare_ranks: {len(files) - 1 - differing} identical, {differing} differing")
        return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
