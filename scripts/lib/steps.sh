# Shared by scripts/test and scripts/check: run named steps, time each, report each one's result
# and, at the end, which failed. Source it after setup.sh.
STEPS_FAILED=()
STEPS_START=$SECONDS

# step NAME command...: runs it, prints its time and pass/fail, remembers a failure and goes on.
step() {
  local name=$1 start=$SECONDS
  shift
  echo "capexsim: === $name" >&2
  if "$@"; then
    echo "capexsim: === $name passed in $((SECONDS - start)) s" >&2
  else
    echo "capexsim: === $name FAILED after $((SECONDS - start)) s" >&2
    STEPS_FAILED+=("$name")
  fi
}

# steps_report WHAT: prints the outcome of all steps and the total time; returns 1 if any failed.
steps_report() {
  local total=$((SECONDS - STEPS_START))
  if ((${#STEPS_FAILED[@]} == 0)); then
    echo "capexsim: $1 passed in $((total / 60)) min $((total % 60)) s" >&2
  else
    echo "capexsim: $1 failed after $((total / 60)) min $((total % 60)) s: ${STEPS_FAILED[*]}" >&2
    return 1
  fi
}
