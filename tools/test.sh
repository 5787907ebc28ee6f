#!/usr/bin/env bash
# tools/test.sh — `make test`, `make test-quick`, `make test-long`: checks stage by stage,
# each stage's time against its budget.
#
#   tools/test.sh            the default tier (make test): every check of the tree
#   tools/test.sh quick      make test-quick, under 5 minutes: plain unit tests (no ASan,
#                            no fuzzers), the kernel, the current lab's grade
#   tools/test.sh long       make test-long: what is too slow for every run (the
#                            lab.toml tests with tier = "long", flake-check, ...)
#   TEST_STAGES="kernel grade" tools/test.sh    those stages only
#
# A stage is a make target. A stage that counts its own checks writes
# "PASSED FAILED" to $BUILD/results/<stage>.count; otherwise it counts as one check,
# passed or failed by its exit status. The last line is "N passed, N failed" and the
# exit status is non-zero when anything failed. A stage over its budget prints a
# warning (in the table and at the end) but does not fail: budgets are a plan, and the
# table says where the plan broke. tools/test-budget.md has the plan for labs 04-09.
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
export BUILD
mkdir -p "$BUILD/results"

TIER=${1:-default}
# The tiers. A new stage is one word in one of these lines and one budget below.
case "$TIER" in
  default) STAGES=(check-headers check-format images unit-tests kernel check-readme grade-selftest
                   batch-selftest grade check-skeletons
                   check-milestones batch-e2e book contract bench-smoke) ;;
  quick)   STAGES=(unit-quick kernel grade-current) ;;
  long)    STAGES=(grade-long flake-check slurm-e2e) ;;
  *) echo "tools/test.sh: unknown tier '$TIER' (default, quick or long)" >&2; exit 2 ;;
esac
[ -n "${TEST_STAGES:-}" ] && read -r -a STAGES <<<"$TEST_STAGES"

# Budgets: seconds per stage on 2 cores (QEMU TCG), from a fresh clone (`images` is the
# cold build of the kernel, the user programs and the initramfs; the stages after it
# find them built). A stage without a budget says so. Per-tier totals are below.
declare -A BUDGET=(
  [check-headers]=10     [check-format]=30       [images]=240
  [unit-tests]=420       [kernel]=20             [grade-selftest]=60
  [batch-selftest]=60    [grade]=240             [check-skeletons]=360
  [batch-e2e]=400        [book]=120              [contract]=300
  [bench-smoke]=90       [check-readme]=60       [check-milestones]=400
  [unit-quick]=90        [grade-current]=150
  [grade-long]=600       [flake-check]=1800     [slurm-e2e]=900
)
declare -A TIER_BUDGET=([default]=2700 [quick]=300 [long]=3600)

total_pass=0
total_fail=0
failed_stages=()
over_budget=()
summary=()
start_all=$(date +%s)
# The targets make knows (its database; `make -n` would run recipes that use $(MAKE)).
known=$(make -qp 2>/dev/null | awk -F: '/^[a-zA-Z0-9][^$#\/\t=]*:([^=]|$)/ {print $1}' | sort -u)
for stage in "${STAGES[@]}"; do
  budget=${BUDGET[$stage]:-}
  if ! grep -qx -- "$stage" <<<"$known"; then
    echo "=== $stage: no such make target"
    total_fail=$((total_fail + 1))
    failed_stages+=("$stage")
    summary+=("$(printf '  %-18s %6s  %7s  %s' "$stage" "-" "${budget:--}" "FAILED (no such make target)")")
    continue
  fi
  rm -f "$BUILD/results/$stage.count"
  echo "=== $stage${budget:+ (budget ${budget}s)}"
  t0=$(date +%s)
  make --no-print-directory "$stage"
  rc=$?
  t1=$(date +%s)
  took=$((t1 - t0))
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
  note=""
  if [ -z "$budget" ]; then
    note="  (no budget: add one in tools/test.sh)"
  elif [ "$took" -gt "$budget" ]; then
    note="  OVER BUDGET by $((took - budget))s"
    over_budget+=("$stage")
    echo "=== warning: $stage took ${took}s, over its budget of ${budget}s"
  fi
  summary+=("$(printf '  %-18s %5ss  %7s  %s (%s passed, %s failed)%s' "$stage" "$took" \
    "${budget:+${budget}s}" "$status" "$p" "$f" "$note")")
done
elapsed=$(( $(date +%s) - start_all ))
echo
echo "make test ($TIER tier): stages, times and budgets"
printf '  %-18s %6s  %7s  %s\n' stage took budget result
printf '%s\n' "${summary[@]}"
tier_budget=${TIER_BUDGET[$TIER]}
[ -n "${TEST_STAGES:-}" ] && tier_budget=""
printf '  %-18s %5ss  %7s\n' total "$elapsed" "${tier_budget:+${tier_budget}s}"
if [ -n "$tier_budget" ] && [ "$elapsed" -gt "$tier_budget" ]; then
  echo "warning: the $TIER tier took ${elapsed}s, over its budget of ${tier_budget}s"
fi
[ ${#over_budget[@]} -gt 0 ] && echo "warning: over budget: ${over_budget[*]} (tools/test-budget.md)"
[ ${#failed_stages[@]} -gt 0 ] && echo "failed stages: ${failed_stages[*]}"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
