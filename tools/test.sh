#!/usr/bin/env bash
# tools/test.sh — `make test`: every check, stage by stage, with the time each took.
#
# A stage is a make target. A stage that counts its own checks writes
# "PASSED FAILED" to $BUILD/results/<stage>.count; otherwise it counts as one check,
# passed or failed by its exit status. The last line is "N passed, N failed" and the
# exit status is non-zero when anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
export BUILD
mkdir -p "$BUILD/results"

STAGES=(${TEST_STAGES:-check-headers check-format unit-tests kernel check-readme grade-selftest batch-selftest grade check-skeletons check-milestones batch-e2e book contract bench-smoke})

total_pass=0
total_fail=0
failed_stages=()
summary=()
start_all=$(date +%s)
# The targets make knows (its database; `make -n` would run recipes that use $(MAKE)).
known=$(make -qp 2>/dev/null | awk -F: '/^[a-zA-Z0-9][^$#\/\t=]*:([^=]|$)/ {print $1}' | sort -u)
for stage in "${STAGES[@]}"; do
  if ! grep -qx -- "$stage" <<<"$known"; then
    echo "=== $stage: no such make target"
    total_fail=$((total_fail + 1))
    failed_stages+=("$stage")
    summary+=("$(printf '  %-18s %6s  %s' "$stage" "-" "FAILED (no such make target)")")
    continue
  fi
  rm -f "$BUILD/results/$stage.count"
  echo "=== $stage"
  t0=$(date +%s)
  make --no-print-directory "$stage"
  rc=$?
  t1=$(date +%s)
  if [ -f "$BUILD/results/$stage.count" ]; then
    read -r p f < "$BUILD/results/$stage.count"
  else
    p=0; f=0
  fi
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  if [ "$rc" -eq 0 ] && [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then p=1; fi
  total_pass=$((total_pass + p))
  total_fail=$((total_fail + f))
  status=ok
  [ "$rc" -ne 0 ] && { status=FAILED; failed_stages+=("$stage"); }
  summary+=("$(printf '  %-18s %5ss  %s (%s passed, %s failed)' "$stage" "$((t1 - t0))" "$status" "$p" "$f")")
done
echo
echo "make test: stages and times"
printf '%s\n' "${summary[@]}"
echo "  total              $(( $(date +%s) - start_all ))s"
[ ${#failed_stages[@]} -gt 0 ] && echo "failed stages: ${failed_stages[*]}"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
