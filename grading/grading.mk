# grading/grading.mk — the grader's make targets (included by the top Makefile).
#
#   make grade                   every lab that has tests
#   make grade LAB=01-boot       one lab (LAB=01-boot,02-paging for several)
#   make grade TEST=cpu_count    one test (or a comma-separated list)
#   make grade LAB=05-files      a lab whose status is still "not-built": graded on demand
#   make grade-selftest          the grader's own tests, and every lab.toml validated
#   make grade-list              labs and tests, without booting
#   make grade-current           the current lab only (grading/current_lab.py): make test-quick
#   make grade-long              the tests with tier = "long" only: make test-long
#   make flake-check             grade the current lab and its predecessor RUNS=5 times
#                                beside stress-ng --cpu 2 (LAB=all: every lab); lists every
#                                test that did not pass every time (grading/flake_check.py)
#
# Knobs: GRADE_TIMEOUT_SCALE=2 (slow machine), GRADE_SEED=N (repeat the random choices),
# QEMU_ACCEL=auto (KVM where the probe boot works). Output: $(BUILD)/grade/.

LAB  ?=
TEST ?=
RUNS ?= 5
GRADE_TIMEOUT_SCALE ?= 1
export GRADE_TIMEOUT_SCALE

.PHONY: grade grade-selftest grade-list grade-validate flake-check grade-current grade-long

# A not-built lab that LAB or TEST names is graded on demand (grade.py --on-demand lists
# them): its contract programs go into the initramfs for this run (PREVIEW_LABS, read by
# tests/contract/harness.py); plain `make grade` leaves such labs out.
grade: $(BUILD)/.setup-done
	@preview=$$($(PYTHON) grading/grade.py --on-demand $(if $(LAB),--lab $(LAB)) $(if $(TEST),--test $(TEST))) \
		&& PREVIEW_LABS=$$preview $(MAKE) --no-print-directory kernel initramfs \
		&& PREVIEW_LABS=$$preview $(PYTHON) grading/grade.py --build $(BUILD) $(if $(LAB),--lab $(LAB)) $(if $(TEST),--test $(TEST))

# The same, under the names make test's stages count by.
grade-current: $(BUILD)/.setup-done
	@$(MAKE) --no-print-directory kernel initramfs
	@rc=0; $(PYTHON) grading/grade.py --build $(BUILD) --lab $$($(PYTHON) grading/current_lab.py) \
		|| rc=$$?; cp $(BUILD)/results/grade.count $(BUILD)/results/grade-current.count; exit $$rc

grade-long: $(BUILD)/.setup-done
	@$(MAKE) --no-print-directory kernel initramfs
	@rc=0; GRADE_TIER=long $(PYTHON) grading/grade.py --build $(BUILD) $(if $(LAB),--lab $(LAB)) \
		|| rc=$$?; cp $(BUILD)/results/grade.count $(BUILD)/results/grade-long.count; exit $$rc

grade-list:
	@$(PYTHON) grading/grade.py --list

grade-validate:
	@$(PYTHON) grading/validate.py

grade-selftest:
	@mkdir -p $(BUILD)/results
	@$(PYTHON) grading/selftest/run.py --build $(BUILD) --count $(BUILD)/results/grade-selftest.count

flake-check: $(BUILD)/.setup-done
	@$(MAKE) --no-print-directory kernel initramfs
	@$(PYTHON) grading/flake_check.py --build $(BUILD) --runs $(RUNS) $(if $(LAB),--lab $(LAB))
