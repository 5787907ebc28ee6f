# tests/contract/contract.mk — the contract stage of `make test`.
#
#   make contract                 build every tests/contract/*/*.c with musl and glibc, run
#                                 them on this Linux host twice (a pseudo-terminal, fixed
#                                 environment, argv and rlimits), keep the outputs as the
#                                 expected ones under $(BUILD)/contract/expected/
#   make contract                 also boots our kernel with the initramfs and compares
#                                 (lab 03 runs them; CONTRACT_GUEST=0 skips the guest,
#                                 e.g. in a lab 01-02 skeleton)
#
#   make contract-stress          build the stress programs (NN-name/stress/*.c) and run each
#                                 twice on the host for STRESS_SECONDS (5): exit 0, same output
#
# Writes "PASSED FAILED" to $(BUILD)/results/contract.count. See tests/contract/harness.py.

CONTRACT_GUEST ?= 1

STRESS_SECONDS ?= 5

.PHONY: contract contract-stress

# The stress programs (tests/contract/NN-name/stress/*.c) on the host, twice each.
contract-stress:
	@$(PYTHON) tests/contract/harness.py stress --build $(BUILD) --seconds $(STRESS_SECONDS)

contract: $(BUILD)/user/runner $(BUILD)/user/init
	@mkdir -p $(BUILD)/results
	@if [ "$(CONTRACT_GUEST)" = 1 ]; then \
		$(MAKE) --no-print-directory kernel initramfs && \
		$(PYTHON) tests/contract/harness.py all --build $(BUILD) --guest; \
	else \
		$(PYTHON) tests/contract/harness.py all --build $(BUILD); \
	fi
