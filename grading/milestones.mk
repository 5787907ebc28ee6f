# grading/milestones.mk — `make check-milestones` (grading/milestone_check.py), a stage of make test.
#
#   make check-milestones                  every lab: the static checks; the full curve of
#                                          the last lab with tests, milestone 1 of the others
#   make check-milestones LAB=02-paging    one lab's full curve (UPTO=K: one milestone)
#   make check-milestones FULL=1           every milestone of every lab
#
# Each milestone is exported to $(BUILD)/milestones/NN-name (one stable folder per lab),
# built and graded; logs in $(BUILD)/milestones/NN-name-uptoK.log.

.PHONY: check-milestones

check-milestones: $(BUILD)/.setup-done
	@mkdir -p $(BUILD)/results
	@$(PYTHON) grading/milestone_check.py --build $(BUILD) $(if $(LAB),--lab $(LAB)) \
		$(if $(UPTO),--upto $(UPTO)) $(if $(FULL),--full)
