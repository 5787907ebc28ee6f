# grading/skeleton.mk — student skeletons and instructor batch grading (included by the Makefile).
#
#   make lab-skeleton LAB=02-paging OUT=skel-02   the student tree for one lab
#                            (UPTO=K: with the lab's milestones 1..K solved)
#   make check-skeletons     every lab with tests: its skeleton builds, boots to its runner,
#                            passes the lab before it and fails each of its own tests
#   make batch-selftest      tests of the marker stripper and of batch mode (no QEMU)
#   make batch-e2e           grading/grade-submissions on the full tree, the lab 01 skeleton
#                            and a copy with edited tests; then lab 03's tamper cases
#                            (fake ok lines, a runner that skips, a replaced program, on a
#                            tree with one bug), each scored 0 for what it fakes (seven
#                            kernels; BATCH_E2E_FLAGS=--no-user-tampers leaves those out)
#
# Skeletons and their builds live under $(BUILD)/skeletons/ (one stable path per lab, so
# make and ccache reuse the previous run's work).

.PHONY: lab-skeleton check-skeletons batch-selftest batch-e2e

lab-skeleton:
	@test -n "$(LAB)" -a -n "$(OUT)" || { echo "usage: make lab-skeleton LAB=NN-name OUT=DIR"; exit 2; }
	@$(PYTHON) tools/lab-skeleton.py export --lab $(LAB) --out $(OUT) $(if $(UPTO),--upto $(UPTO))

check-skeletons:
	@mkdir -p $(BUILD)/results
	@$(PYTHON) grading/skeleton_check.py --build $(BUILD) $(if $(LAB),--lab $(LAB))

batch-selftest:
	@mkdir -p $(BUILD)/results
	@$(PYTHON) grading/batch_selftest.py --count $(BUILD)/results/batch-selftest.count

batch-e2e:
	@mkdir -p $(BUILD)/results
	@$(PYTHON) grading/batch_e2e.py --build $(BUILD) $(BATCH_E2E_FLAGS)
