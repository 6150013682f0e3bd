# Shared by scripts/run, scripts/test and scripts/bench: install the Debian packages that are
# missing, then configure and build Release into build/. Source it; it defines `setup_build`.
set -euo pipefail

CAPEXSIM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD_DIR="${CAPEXSIM_BUILD_DIR:-$CAPEXSIM_ROOT/build}"

# Build and run dependencies (Debian 12 package names).
BUILD_PACKAGES=(g++ cmake make pkg-config libboost-random-dev libtbb-dev libeigen3-dev
                libhdf5-dev catch2 libcli11-dev libtomlplusplus-dev)
# The Python side of the tests (h5py/xarray read the results) and the benchmark's /usr/bin/time.
TEST_PACKAGES=(python3 python3-numpy python3-h5py python3-xarray python3-h5netcdf
               python3-matplotlib)
BENCH_PACKAGES=(time)
# The MPI build (docs/mpi.md): with CAPEXSIM_MPI=1 (scripts/test's default) setup_build also
# builds build-mpi/ with -DCAPEXSIM_MPI=ON; build/ stays free of MPI.
MPI_PACKAGES=(libopenmpi-dev openmpi-bin)
MPI_BUILD_DIR="${CAPEXSIM_MPI_BUILD_DIR:-$CAPEXSIM_ROOT/build-mpi}"
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
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# setup_build [cmake targets...]: configure (once) and build the given targets (default: all);
# with CAPEXSIM_MPI=1 the same in build-mpi/ (default there: what its MPI tests need).
setup_build() {
  ensure_packages "${BUILD_PACKAGES[@]}"
  cmake -S "$CAPEXSIM_ROOT" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release -DCAPEXSIM_WERROR=ON >/dev/null
  local jobs
  jobs=$(nproc 2>/dev/null || echo 2)
  if (($#)); then
    cmake --build "$BUILD_DIR" -j "$jobs" --target "$@"
  else
    cmake --build "$BUILD_DIR" -j "$jobs"
  fi
  if [[ ${CAPEXSIM_MPI:-0} == 1 ]]; then
    ensure_packages "${MPI_PACKAGES[@]}"
    cmake -S "$CAPEXSIM_ROOT" -B "$MPI_BUILD_DIR" -DCMAKE_BUILD_TYPE=Release -DCAPEXSIM_WERROR=ON \
          -DCAPEXSIM_MPI=ON -DCAPEXSIM_PLAIN_EXE="$BUILD_DIR/bin/capexsim" >/dev/null
    cmake --build "$MPI_BUILD_DIR" -j "$jobs" --target "${@:-capexsim_mpi_tests}"
  fi
}
