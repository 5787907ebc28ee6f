# tests/contract/contract.mk — the contract stage of `make test`.
#
#   make contract                 build every tests/contract/*.c with musl and glibc, run
#                                 them on this Linux host twice (a pseudo-terminal, fixed
#                                 environment, argv and rlimits), keep the outputs as the
#                                 expected ones under $(BUILD)/contract/expected/
#   make contract CONTRACT_GUEST=1  also boot our kernel with the initramfs and compare
#                                 (from lab 03 on; until then guest runs are reported as
#                                 not yet runnable and not counted)
#
# Writes "PASSED FAILED" to $(BUILD)/results/contract.count. See tests/contract/harness.py.

CONTRACT_GUEST ?= 0

.PHONY: contract

contract: $(BUILD)/user/runner
	@mkdir -p $(BUILD)/results
	@if [ "$(CONTRACT_GUEST)" = 1 ]; then \
		$(MAKE) --no-print-directory kernel initramfs && \
		$(PYTHON) tests/contract/harness.py all --build $(BUILD) --guest; \
	else \
		$(PYTHON) tests/contract/harness.py all --build $(BUILD); \
	fi
