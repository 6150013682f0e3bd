"""Standard error per path budget for each sampler (run by scripts/compare-samplers)."""
import subprocess
import sys
import tempfile
import time

import h5py
import numpy as np

BUDGETS = [16384, 65536, 262144, 1048576]
SAMPLERS = ["mc", "lhs", "sobol"]


def run(exe, scenario, sampler, paths, seed, out):
    start = time.perf_counter()
    subprocess.run([exe, "run", scenario, "--sampler", sampler, "--paths", str(paths),
                    "--seed", str(seed), "--store-paths", "none", "--output", out, "--force",
                    "--quiet"], check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    with h5py.File(out, "r") as f:
        s = f["summary"]
        e, t = -1, -1  # total, last year
        return (s["surplus_mean"][e, t], s["surplus_mean_stderr"][e, t],
                s["prob_negative"][e, t], s["prob_negative_stderr"][e, t], seconds)


def main(exe, scenario, seeds):
    print(f"{scenario}: total in the last year, {seeds} seeds per cell; se = mean reported "
          "standard error, sd = spread of the estimates over the seeds")
    print(f"{'sampler':>7} {'paths':>8} {'mean se':>9} {'mean sd':>9} {'P se':>9} {'P sd':>9} "
          f"{'var. ratio mean':>15} {'var. ratio P':>12} {'s/run':>6}")
    reference = {}
    with tempfile.TemporaryDirectory() as tmp:
        for paths in BUDGETS:
            for sampler in SAMPLERS:
                rows = np.array([run(exe, scenario, sampler, paths, seed, f"{tmp}/r.h5")
                                 for seed in range(1, seeds + 1)])
                mean_se, p_se = rows[:, 1].mean(), rows[:, 3].mean()
                mean_sd, p_sd = rows[:, 0].std(ddof=1), rows[:, 2].std(ddof=1)
                if sampler == "mc":
                    reference[paths] = (mean_se, p_se)
                ratio_mean = (reference[paths][0] / mean_se) ** 2
                ratio_p = (reference[paths][1] / p_se) ** 2
                print(f"{sampler:>7} {paths:>8} {mean_se:>9.3g} {mean_sd:>9.3g} {p_se:>9.3g} "
                      f"{p_sd:>9.3g} {ratio_mean:>15.1f} {ratio_p:>12.1f} "
                      f"{rows[:, 4].mean():>6.2f}")
    print("var. ratio: mc's variance / this sampler's at the same budget (paths an mc run would "
          "need for the same precision, per path here)")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
