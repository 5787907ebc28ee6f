# grading/slurm.mk — grade-submissions on Slurm, tested on a real single-node cluster.
#
#   make slurm-e2e     installs slurm-wlm and munge (tools/setup.sh --group slurm), starts
#                      a throw-away cluster on localhost (grading/slurm_cluster.py), grades
#                      the batch-e2e submissions through it and compares the CSV with the
#                      local backend's; kills one task mid-run to show it is submitted
#                      again (grading/slurm_e2e.py). About 10 minutes on 2 cores: it is
#                      in the long tier (`make test-long`), not in `make test`.

.PHONY: slurm-e2e


slurm-e2e: $(BUILD)/.setup-done
	@tools/setup.sh --group slurm
	@mkdir -p $(BUILD)/results
	@$(PYTHON) grading/slurm_e2e.py --build $(BUILD)
