# Shared by scripts/run, scripts/test, scripts/check's steps, scripts/bench and scripts/soak:
# install the Debian packages that are missing, then configure and build Release into build/.
# Source it; it defines `ensure_packages` and `setup_build`.
set -euo pipefail

CAPEXSIM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD_DIR="${CAPEXSIM_BUILD_DIR:-$CAPEXSIM_ROOT/build}"

# Build and run dependencies (Debian 12 package names).
BUILD_PACKAGES=(g++ cmake make pkg-config libboost-random-dev libtbb-dev libeigen3-dev
                libhdf5-dev catch2 libcli11-dev libtomlplusplus-dev libhwy-dev librandom123-dev)
# The Python side of the tests (h5py/xarray read the results) and the benchmark's /usr/bin/time.
TEST_PACKAGES=(python3 python3-numpy python3-h5py python3-xarray python3-h5netcdf
               python3-matplotlib)
BENCH_PACKAGES=(time)
# MPI (docs/mpi.md): with CAPEXSIM_MPI=1 (scripts/test's default) setup_build installs OpenMPI and
# configures build/ with -DCAPEXSIM_MPI=ON, so the same build also makes build/bin/capexsim-mpi and
# the MPI tests (ctest -L mpi) from the same libraries; build/bin/capexsim never links MPI.
# CAPEXSIM_MPI=0 configures it OFF; unset keeps what build/ has (OFF in a new build/).
MPI_PACKAGES=(libopenmpi-dev openmpi-bin)
# scripts/sanitize: the whole project built with ASan+UBSan (docs/static-analysis.md).
ASAN_BUILD_DIR="${CAPEXSIM_ASAN_BUILD_DIR:-$CAPEXSIM_ROOT/build-asan}"
# scripts/lint (clang-tidy, cppcheck) and scripts/memcheck (valgrind).
LINT_PACKAGES=(clang-tidy-14 cppcheck)
MEMCHECK_PACKAGES=(valgrind)

ensure_packages() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  ((${#missing[@]})) || return 0
  echo "capexsim: installing missing Debian packages: ${missing[*]}" >&2
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "capexsim: need root (or sudo) to install ${missing[*]}" >&2; exit 1; }
    sudo=(sudo)
  fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq || return
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || return
}

# setup_build [cmake targets...]: configure build/ and build the given targets (default: all).
# Every command ends in `|| return`, so a failure fails the call even where set -e is off (as it
# is inside `if` and inside scripts/test's step).
setup_build() {
  ensure_packages "${BUILD_PACKAGES[@]}" || return
  local mpi=() jobs
  case "${CAPEXSIM_MPI:-}" in
    1) ensure_packages "${MPI_PACKAGES[@]}" || return
       mpi=(-DCAPEXSIM_MPI=ON) ;;
    0) mpi=(-DCAPEXSIM_MPI=OFF) ;;
  esac
  cmake -S "$CAPEXSIM_ROOT" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release -DCAPEXSIM_WERROR=ON \
        "${mpi[@]}" >/dev/null || return
  jobs=$(nproc 2>/dev/null || echo 2)
  if (($#)); then
    cmake --build "$BUILD_DIR" -j "$jobs" --target "$@" || return
  else
    cmake --build "$BUILD_DIR" -j "$jobs" || return
  fi
}
