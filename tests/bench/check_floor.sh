#!/usr/bin/env bash
# The standalone floor (bench/simd_floor.cpp) on a scenario's columns: `capexsim draws --columns`
# lists exactly the variates a path draws (as many lines as `capexsim draws` counts a path), the
# floor's checks pass on them (Philox against Random123 bit for bit, the normal score against Boost.Math,
# a Kolmogorov-Smirnov test per column, the tables' error), its timing line has its fields, and a
# bad columns file is refused with its file and line and exit code 2.
# Usage: check_floor.sh CAPEXSIM FLOOR SCENARIO
set -euo pipefail
exe=$1 floor=$2 scenario=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$exe" draws --columns "$scenario" >"$tmp/columns"
lines=$(wc -l <"$tmp/columns")
variates=$("$exe" draws "$scenario" --paths 1000 | sed -E 's/.*, ([0-9]+) variates drawn.*/\1/')
[[ $((variates / 1000)) == "$lines" ]] || { echo "columns: $lines lines, a path draws $((variates / 1000))"; exit 1; }
"$floor" --check --columns "$tmp/columns"
out=$("$floor" --columns "$tmp/columns" --paths 1000 --threads 2)
echo "$out"
grep -Eq "^simd floor: 1008 paths x $lines columns, [0-9]+ variates in [0-9.]+ s \(" <<<"$out"
printf 'meta 2025 ocf_growth normal(mean=0.1)\n' >"$tmp/bad"
set +e
err=$("$floor" --columns "$tmp/bad" 2>&1)
rc=$?
set -e
[[ $rc == 2 && $err == *"$tmp/bad:1: missing sd"* ]] || { echo "bad file: rc $rc, '$err'"; exit 1; }
echo "ok"
