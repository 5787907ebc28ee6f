# bench/bench.mk — benchmarks against Linux: the same QEMU command line, initramfs and
# benchmark binaries boot our kernel and Debian's; each figure is ours divided by Linux's,
# the median of several runs, under TCG and under -icount (guest time counts instructions).
#
#   make bench        our kernel and Debian's Linux kernel, same QEMU, same initramfs,
#                     3 boots each, as is under TCG (SMP=2) and under -icount
#                     shift=0,align=off (SMP=1 for both: see ICOUNT_SMP in bench.py);
#                     prints a table (ours, Linux, ours/Linux) and writes
#                     $(BUILD)/bench/results.json and table.txt. Never fails on a number: only on a
#                     broken boot or a missing figure (a lab's figures are optional while its
#                     lab.toml says not-built: bench/bench.py LAB_FIGURES).
#   make bench-smoke  one short run on our kernel only (< 60 s); writes "PASSED FAILED"
#                     (one check per figure) to $(BUILD)/results/bench-smoke.count
#
# Knobs: BENCH_BOOTS=3 (boots per kernel and mode), BENCH_MODES="tcg icount".
# The programs are in user/bench/ (static musl); the driver is bench/bench.py and the
# Linux kernel is fetched by bench/linux.py into $(BUILD)/bench/linux/.

BENCH_DIR    := $(BUILD)/bench
BENCH_CC     := musl-gcc
BENCH_CFLAGS := -static -O2 -std=gnu11 -Wall -Wextra -Werror -Wno-unused-parameter
BENCH_BOOTS  ?= 3
BENCH_MODES  ?= tcg icount
BENCH_CPIO   := $(BENCH_DIR)/initramfs.cpio
BENCH_BINS   := $(BENCH_DIR)/bin/bench $(BENCH_DIR)/bin/init $(BENCH_DIR)/bin/hello

.PHONY: bench bench-smoke bench-programs

bench-programs: $(BENCH_CPIO)

$(BENCH_DIR)/bin/bench: user/bench/bench.c user/bench/sys.c user/bench/proc.c user/bench/mem.c \
                        user/bench/thread.c user/bench/bench.h bench/bench.mk
	@mkdir -p $(dir $@)
	@echo "  MUSLCC  $@"
	@$(BENCH_CC) $(BENCH_CFLAGS) -o $@ $(filter %.c,$^)

$(BENCH_DIR)/bin/init: user/bench/init.c user/bench/bench.h bench/bench.mk
	@mkdir -p $(dir $@)
	@echo "  MUSLCC  $@"
	@$(BENCH_CC) $(BENCH_CFLAGS) -o $@ $<

$(BENCH_DIR)/bin/hello: user/bench/hello.c bench/bench.mk
	@mkdir -p $(dir $@)
	@echo "  MUSLCC  $@"
	@$(BENCH_CC) $(BENCH_CFLAGS) -o $@ $<

# One initramfs for both kernels: /bench/init (PID 1), /bench/bench, /bench/hello.
$(BENCH_CPIO): $(BENCH_BINS) user/mkinitramfs.py
	@echo "  CPIO    $@"
	@$(PYTHON) user/mkinitramfs.py --out $@ --file $(BENCH_DIR)/bin/init:/bench/init \
		--file $(BENCH_DIR)/bin/bench:/bench/bench --file $(BENCH_DIR)/bin/hello:/bench/hello

bench-smoke: $(KERNEL_ELF) $(BENCH_CPIO)
	@$(PYTHON) bench/bench.py smoke --build $(BUILD)

bench: $(KERNEL_ELF) $(BENCH_CPIO)
	@$(PYTHON) bench/bench.py full --build $(BUILD) --boots $(BENCH_BOOTS) --modes $(BENCH_MODES)
