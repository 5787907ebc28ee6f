# tests/unit/unit.mk — host unit tests (Criterion) and fuzzers for the kernel's pure logic.
#
#   make unit-tests      build every tests/unit/<name>_test.cc twice (plain, and under
#                        ASan+UBSan), run them all, then run the fuzzers for a short time;
#                        writes "PASSED FAILED" (test cases, plus one per fuzzer) to
#                        $(BUILD)/results/unit-tests.count
#   make unit-quick      only the plain build, run (no ASan, no fuzzers): make test-quick
#   make unit-fuzz       only the fuzzers: FUZZ_TIME=15 seconds each, fewer when more
#                        than FUZZ_BUDGET=40 seconds in all (two run at a time)
#   make unit-build      only build the test binaries
#   make unit-run        run what is built (UNIT="format cmdline" limits any of these)
#
# A test names the kernel sources it links with on one line of its own:
#   // UNIT_SOURCES: kernel/lib/format.cc kernel/boot/cmdline.cc
# New *_test.cc files (and fuzz/<name>_fuzz.cc targets, same line) are picked up with
# no edit here. tests/unit/fakes/ comes before kernel/ on the include path, so the
# arch headers that hold inline assembly (irq.hh, percpu.hh, cpu.hh) become host
# models; tests/unit/support/*.cc (a host panic_message, ...) is linked into every test.
# Set LARCH_UNIT_SEED=n to change the seed of randomized tests. tests/unit/README.md
# says how to write a test.

UNIT_DIR      := $(BUILD)/unit
UNIT_TESTS    := $(sort $(wildcard tests/unit/*_test.cc))
UNIT_NAMES    := $(patsubst tests/unit/%_test.cc,%,$(UNIT_TESTS))
UNIT_SUPPORT  := $(sort $(wildcard tests/unit/support/*.cc))
FUZZ_SRCS     := $(sort $(wildcard tests/unit/fuzz/*_fuzz.cc))
FUZZ_NAMES    := $(patsubst tests/unit/fuzz/%_fuzz.cc,%,$(FUZZ_SRCS))
# UNIT="format cmdline" (patterns allowed: UNIT=mm_%) keeps only those tests and fuzzers.
ifneq ($(strip $(UNIT)),)
UNIT_NAMES    := $(filter $(UNIT),$(UNIT_NAMES))
FUZZ_NAMES    := $(filter $(UNIT),$(FUZZ_NAMES))
endif
FUZZ_TIME     ?= 15
FUZZ_BUDGET   ?= 40

# "test.cc|source.cc" words, one per source named on a UNIT_SOURCES line.
UNIT_SOURCE_MAP := $(if $(UNIT_TESTS)$(FUZZ_SRCS),$(shell awk '/^\/\/ UNIT_SOURCES:/ { \
	sub(/^\/\/ UNIT_SOURCES:/, ""); for (i = 1; i <= NF; i++) print FILENAME "|" $$i }' \
	$(UNIT_TESTS) $(FUZZ_SRCS)))
unit_sources_of = $(patsubst $(1)|%,%,$(filter $(1)|%,$(UNIT_SOURCE_MAP)))

, := ,
# ccache may cache compiles that use a precompiled header only with these sloppiness flags.
UNIT_CXX      := $(if $(CCACHE),CCACHE_SLOPPINESS=pch_defines$(,)time_macros$(,)include_file_mtime$(,)include_file_ctime $(CCACHE)) g++
FUZZ_CXX      := clang++-14
UNIT_IFLAGS   := -Itests/unit/fakes -Ikernel -Itests/unit
UNIT_PRELUDE  := -include tests/unit/support/host_prelude.hh
UNIT_CXXFLAGS := -std=c++20 -g -fno-omit-frame-pointer -DKSTRING_HOST_TEST \
	-Wall -Wextra -Werror -Wshadow -Wno-missing-field-initializers -Wno-error=maybe-uninitialized \
	$(UNIT_IFLAGS) -MMD -MP
UNIT_SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_CXXFLAGS := -std=c++20 -O1 -g -fno-omit-frame-pointer -DKSTRING_HOST_TEST \
	-Wall -Wextra -Werror -Wno-missing-field-initializers \
	$(UNIT_PRELUDE) $(UNIT_IFLAGS) -MMD -MP -fno-sanitize-recover=all

UNIT_PLAIN_BINS := $(patsubst %,$(UNIT_DIR)/plain/%_test,$(UNIT_NAMES))
UNIT_ASAN_BINS  := $(patsubst %,$(UNIT_DIR)/asan/%_test,$(UNIT_NAMES))
UNIT_BINS       := $(UNIT_PLAIN_BINS) $(UNIT_ASAN_BINS)
FUZZ_BINS       := $(patsubst %,$(UNIT_DIR)/fuzz/%_fuzz,$(FUZZ_NAMES))

# Objects, one per source and variant ($(1): plain or asan; $(2): its extra flags),
# shared by the tests that name the same source. The code under test is optimized as
# the kernel is (-O1 wakes up more of UBSan's checks and keeps the allocator tests
# fast); files under tests/unit/ are built -O0 behind the precompiled unit_pch.hh:
# Criterion's assert macros expand to so much code that -O1 triples the stage's time.
define unit_variant_rules
$(UNIT_DIR)/$(1)/pch/unit_pch.hh: tests/unit/support/unit_pch.hh
	@mkdir -p $$(dir $$@)
	@cp $$< $$@

$(UNIT_DIR)/$(1)/pch/unit_pch.hh.gch: $(UNIT_DIR)/$(1)/pch/unit_pch.hh tests/unit/unit.mk
	@echo "  PCH     $$@"
	@$(UNIT_CXX) -O0 $(UNIT_CXXFLAGS) $(2) -x c++-header $$< -o $$@

$(UNIT_DIR)/$(1)/obj/tests/unit/%.o: tests/unit/% $(UNIT_DIR)/$(1)/pch/unit_pch.hh.gch tests/unit/unit.mk
	@mkdir -p $$(dir $$@)
	@echo "  CXX     $$< ($(1))"
	@$(UNIT_CXX) -O0 -include $(UNIT_DIR)/$(1)/pch/unit_pch.hh -Winvalid-pch $(UNIT_CXXFLAGS) $(2) -c $$< -o $$@

$(UNIT_DIR)/$(1)/obj/%.o: % tests/unit/unit.mk
	@mkdir -p $$(dir $$@)
	@echo "  CXX     $$< ($(1))"
	@$(UNIT_CXX) -O1 $(UNIT_PRELUDE) $(UNIT_CXXFLAGS) $(2) -c $$< -o $$@
endef
$(eval $(call unit_variant_rules,plain,))
$(eval $(call unit_variant_rules,asan,$(UNIT_SANITIZE)))

# Fuzz targets themselves link libFuzzer's main; the sources they test get its coverage.
$(UNIT_DIR)/fuzz/obj/tests/unit/fuzz/%.o: tests/unit/fuzz/% tests/unit/unit.mk
	@mkdir -p $(dir $@)
	@echo "  CXX     $< (fuzzer)"
	@$(FUZZ_CXX) $(FUZZ_CXXFLAGS) -fsanitize=fuzzer,address,undefined -c $< -o $@

$(UNIT_DIR)/fuzz/obj/%.o: % tests/unit/unit.mk
	@mkdir -p $(dir $@)
	@echo "  CXX     $< (fuzzer)"
	@$(FUZZ_CXX) $(FUZZ_CXXFLAGS) -fsanitize=fuzzer-no-link,address,undefined -c $< -o $@

define unit_test_rules
$(UNIT_DIR)/$(2)/$(1)_test: $(patsubst %,$(UNIT_DIR)/$(2)/obj/%.o,tests/unit/$(1)_test.cc \
		$(call unit_sources_of,tests/unit/$(1)_test.cc) $(UNIT_SUPPORT))
	@echo "  LD      $$@"
	@$(UNIT_CXX) $(3) $$^ -lcriterion -o $$@
endef
$(foreach n,$(UNIT_NAMES),$(eval $(call unit_test_rules,$(n),plain,)))
$(foreach n,$(UNIT_NAMES),$(eval $(call unit_test_rules,$(n),asan,$(UNIT_SANITIZE))))

define fuzz_rules
$(UNIT_DIR)/fuzz/$(1)_fuzz: $(patsubst %,$(UNIT_DIR)/fuzz/obj/%.o,tests/unit/fuzz/$(1)_fuzz.cc \
		$(call unit_sources_of,tests/unit/fuzz/$(1)_fuzz.cc) $(UNIT_SUPPORT))
	@echo "  LD      $$@"
	@$(FUZZ_CXX) -fsanitize=fuzzer,address,undefined $$^ -o $$@
endef
$(foreach n,$(FUZZ_NAMES),$(eval $(call fuzz_rules,$(n))))

-include $(shell test -d $(UNIT_DIR) && find $(UNIT_DIR) -name '*.d' 2>/dev/null)

.PHONY: unit-build unit-fuzz-build unit-run unit-fuzz unit-quick

# -j2 unless the caller already runs make in parallel (make test calls us serially).
UNIT_JOBS = $(if $(findstring jobserver,$(MAKEFLAGS))$(filter -j%,$(MAKEFLAGS)),,-j2)
UNIT_RUNNER := $(PYTHON) tests/unit/support/run_unit.py

unit-build: $(UNIT_BINS)
unit-fuzz-build: $(FUZZ_BINS)

# Runs what is built; a binary that failed to build counts as one failed check.
unit-run:
	@$(UNIT_RUNNER) criterion --build-dir $(UNIT_DIR) --count $(UNIT_DIR)/criterion.count \
		--stale-check $(UNIT_BINS)

unit-fuzz:
	@$(MAKE) --no-print-directory $(UNIT_JOBS) -k unit-fuzz-build; \
	$(UNIT_RUNNER) fuzz --build-dir $(UNIT_DIR) --time $(FUZZ_TIME) --budget $(FUZZ_BUDGET) --count $(UNIT_DIR)/fuzz.count \
		$(FUZZ_BINS)

unit-tests:
	@mkdir -p $(BUILD)/results $(UNIT_DIR)
	@rm -f $(UNIT_DIR)/criterion.count $(UNIT_DIR)/fuzz.count
	@rc=0; stale=; \
	$(MAKE) --no-print-directory $(UNIT_JOBS) -k unit-build unit-fuzz-build || { rc=1; stale=--stale-check; }; \
	$(UNIT_RUNNER) criterion --build-dir $(UNIT_DIR) --count $(UNIT_DIR)/criterion.count \
		$$stale $(UNIT_BINS) || rc=1; \
	$(UNIT_RUNNER) fuzz --build-dir $(UNIT_DIR) --time $(FUZZ_TIME) --budget $(FUZZ_BUDGET) --count $(UNIT_DIR)/fuzz.count \
		$(FUZZ_BINS) || rc=1; \
	$(UNIT_RUNNER) sum --count $(BUILD)/results/unit-tests.count \
		$(UNIT_DIR)/criterion.count $(UNIT_DIR)/fuzz.count || rc=1; \
	exit $$rc

unit-quick:
	@mkdir -p $(BUILD)/results $(UNIT_DIR)
	@rc=0; stale=; \
	$(MAKE) --no-print-directory $(UNIT_JOBS) -k $(UNIT_PLAIN_BINS) || { rc=1; stale=--stale-check; }; \
	$(UNIT_RUNNER) criterion --build-dir $(UNIT_DIR) --count $(BUILD)/results/unit-quick.count \
		$$stale $(UNIT_PLAIN_BINS) || rc=1; \
	exit $$rc
