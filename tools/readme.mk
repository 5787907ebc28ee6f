# tools/readme.mk — `make check-readme`: the READMEs' commands exist and the unattended ones
# do what they say (tools/readme_check.py; one boot of `make run`).

.PHONY: check-readme

check-readme: $(BUILD)/.setup-done
	@$(MAKE) --no-print-directory kernel
	@$(PYTHON) tools/readme_check.py --build $(BUILD)
