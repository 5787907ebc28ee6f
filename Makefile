# Makefile — every entry point of the project. `make help` lists them.
#
#   make run          build and boot in QEMU, serial console on this terminal
#   make test         every check: host unit tests, the kernel build, the grader, the book
#   make test-quick   under 5 minutes: plain unit tests, the kernel, the current lab's grade
#   make test-long    the long tier: lab.toml tests with tier = "long", flake-check, slurm-e2e
#   make grade        grade the labs (LAB=01-boot for one, TEST=name for one test)
#   make gdb          boot with QEMU waiting for gdb, and attach gdb with symbols
#   make iso          the bootable GRUB ISO of the kernel alone (build/larch.iso)
#   make book         the book, HTML under build/book/
#   make lab-skeleton LAB=NN-name OUT=DIR   a student's starting tree for one lab
#   make bench        benchmarks against Linux in the same QEMU (never fails on a number)
#   make format       format the C and C++ sources (make test fails on unformatted ones)
#   make clean
#
# Knobs: MEM=512M SMP=2 CMDLINE="..." QEMU_ACCEL=tcg|kvm|auto BUILD=build ALPINE_DIST=DIR
#        GDB_PORT=1234
# All output goes under $(BUILD)/ (ignored by git).

BUILD      ?= build
MEM        ?= 256M
SMP        ?= 2
CMDLINE    ?= init=/bin/init
QEMU_ACCEL ?= tcg
# Inputs from outside the tree come through this one variable: the folder holding the
# pinned Alpine release (alpine-minirootfs-*.tar.gz and its SHA256SUMS) that
# alpine-rootfs/ builds root images from (ALPINE_DIST's default: ../shared/alpine if present).
ALPINE_DIST ?= $(if $(wildcard ../shared/alpine),$(abspath ../shared/alpine),)
export MEM SMP CMDLINE QEMU_ACCEL BUILD ALPINE_DIST

CCACHE := $(shell command -v ccache 2>/dev/null)
KCXX   := $(CCACHE) g++
LD     := ld
PYTHON := python3

# --- the kernel ---------------------------------------------------------------------

# DEBUG=1 (the default) builds the checks that cost time on every lock: lock order
# (lib/spinlock.hh). DEBUG=0 leaves them out (e.g. for benchmarks).
DEBUG ?= 1
LWIP_CACHE ?= .cache
LWIP_DIR   := $(LWIP_CACHE)/lwip-2.1.3
LWIP_INCLUDES := -Ikernel/net/lwip -I$(LWIP_DIR)/src/include
KERNEL_CXXFLAGS := -std=c++20 -O2 -g -DLARCH_DEBUG=$(DEBUG) \
	-ffreestanding -fno-exceptions -fno-rtti -mno-red-zone -mcmodel=kernel \
	-mgeneral-regs-only -fno-omit-frame-pointer -fno-pie --param=min-pagesize=0 \
	-fno-stack-protector -fno-threadsafe-statics -fno-use-cxa-atexit \
	-fno-asynchronous-unwind-tables -fcf-protection=none \
	-Wall -Wextra -Werror -Wshadow -Wnull-dereference -Wformat=2 -Wundef \
	-Wpointer-arith -Wnon-virtual-dtor -Wimplicit-fallthrough -Wmissing-declarations \
	-Wcast-qual -Wvla -Wno-missing-field-initializers \
	-Ikernel $(LWIP_INCLUDES) -MMD -MP \
	-D_GLIBCXX_ATOMIC_WAIT_H
# Hosted libstdc++ pulls errno.h, unistd.h and pthreads into <atomic> for C++20's
# atomic::wait; defining that header's include guard leaves it out (no wait/notify).
KERNEL_ASFLAGS := -g -Ikernel -MMD -MP -D__ASSEMBLY__
KERNEL_LDFLAGS := -nostdlib -static -no-pie -z max-page-size=0x1000 -z noexecstack \
	--no-warn-rwx-segments -T kernel/arch/x86_64/linker.ld

# Kernel sources: the kernel itself plus the in-kernel tests of every lab (and the
# instructor-only ones in grading/hidden/, absent from student skeletons).
KERNEL_SRCS := $(shell find kernel -name '*.cc' -o -name '*.S' | sort) \
               $(shell find labs grading/hidden -path '*/ktests/*.cc' 2>/dev/null | sort)
KERNEL_OBJS := $(patsubst %,$(BUILD)/obj/%.o,$(KERNEL_SRCS))

# lwIP (lab 07's TCP/IP stack): Debian's source package, fetched and checked by
# tools/fetch-lwip.sh into $(LWIP_CACHE) (ignored by git, kept by make clean), compiled
# as freestanding C with the kernel's port (kernel/net/lwip: lwipopts.h, arch/) and
# libc subset (kernel/lib/libc) only. Its code never enters the repository.
LWIP_FILES := core/def.c core/inet_chksum.c core/init.c core/ip.c core/mem.c core/memp.c \
	core/netif.c core/pbuf.c core/raw.c core/stats.c core/sys.c core/tcp.c core/tcp_in.c \
	core/tcp_out.c core/timeouts.c core/udp.c core/ipv4/dhcp.c core/ipv4/etharp.c \
	core/ipv4/icmp.c core/ipv4/ip4.c core/ipv4/ip4_addr.c core/ipv4/ip4_frag.c \
	api/tcpip.c api/err.c netif/ethernet.c
LWIP_OBJS  := $(patsubst %,$(BUILD)/obj/lwip/%.o,$(LWIP_FILES))
LWIP_CFLAGS := -std=gnu11 -O2 -g -ffreestanding -nostdinc \
	-isystem $(shell gcc -print-file-name=include) -Ikernel/lib/libc $(LWIP_INCLUDES) \
	-mno-red-zone -mcmodel=kernel -mgeneral-regs-only -fno-omit-frame-pointer -fno-pie \
	-fno-stack-protector -fno-asynchronous-unwind-tables -fcf-protection=none \
	-Wall -Wno-address -MMD -MP
KERNEL_OBJS += $(LWIP_OBJS)

KERNEL_ELF := $(BUILD)/larch.elf
ISO        := $(BUILD)/larch.iso

.PHONY: FORCE all kernel iso run gdb test test-quick test-long images grade book bench clean help \
        setup check-headers unit-tests lab-skeleton check-skeletons format check-format

all: kernel iso

kernel: $(KERNEL_ELF)
iso: $(ISO)

$(LWIP_DIR)/.unpacked: tools/fetch-lwip.sh
	@tools/fetch-lwip.sh $(LWIP_CACHE)

$(BUILD)/obj/lwip/%.c.o: $(LWIP_DIR)/.unpacked Makefile
	@mkdir -p $(dir $@)
	@echo "  CC      lwip/$*.c"
	@$(CCACHE) gcc $(LWIP_CFLAGS) -c $(LWIP_DIR)/src/$*.c -o $@

$(BUILD)/obj/%.cc.o: %.cc Makefile | $(LWIP_DIR)/.unpacked
	@mkdir -p $(dir $@)
	@echo "  CXX     $<"
	@$(KCXX) $(KERNEL_CXXFLAGS) -c $< -o $@

$(BUILD)/obj/%.S.o: %.S Makefile
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(KCXX) $(KERNEL_ASFLAGS) -c $< -o $@

# Two links: the first gives the addresses, the second embeds their names (.ksyms
# comes last in the image, so embedding it moves nothing).
$(BUILD)/ksyms-empty.o: Makefile
	@mkdir -p $(dir $@)
	@printf '\t.section .ksyms, "a"\n' | $(KCXX) -x assembler -c - -o $@

$(BUILD)/larch.pass1.elf: $(KERNEL_OBJS) $(BUILD)/ksyms-empty.o kernel/arch/x86_64/linker.ld
	@echo "  LD      $@"
	@$(LD) $(KERNEL_LDFLAGS) -o $@ $(KERNEL_OBJS) $(BUILD)/ksyms-empty.o

$(BUILD)/ksyms.S: $(BUILD)/larch.pass1.elf tools/mksyms.py
	@$(PYTHON) tools/mksyms.py $< $@

$(BUILD)/ksyms.o: $(BUILD)/ksyms.S
	@$(KCXX) -c $< -o $@

$(KERNEL_ELF): $(KERNEL_OBJS) $(BUILD)/ksyms.o kernel/arch/x86_64/linker.ld
	@echo "  LD      $@"
	@$(LD) $(KERNEL_LDFLAGS) -o $@ $(KERNEL_OBJS) $(BUILD)/ksyms.o
	@$(PYTHON) tools/check-image.py $@

# The ISO holds the command line: a stamp file that changes with CMDLINE rebuilds it.
$(BUILD)/cmdline.stamp: FORCE
	@mkdir -p $(dir $@)
	@echo '$(CMDLINE)' | cmp -s - $@ || echo '$(CMDLINE)' > $@

$(ISO): $(KERNEL_ELF) tools/qemu.py $(BUILD)/cmdline.stamp
	@echo "  ISO     $@"
	@$(PYTHON) tools/qemu.py iso --kernel $(KERNEL_ELF) --cmdline "$(CMDLINE)" --out $@

-include $(KERNEL_OBJS:.o=.d)

# --- set-up, run, debug -----------------------------------------------------------

$(BUILD)/.setup-done: tools/setup.sh
	@mkdir -p $(BUILD)
	@tools/setup.sh
	@touch $@

setup: $(BUILD)/.setup-done

# make run / make gdb boot the current stage's demo: the kernel with the initramfs as a
# GRUB module, and PID 1 from init=: `init --shell` gives busybox's sh the serial console
# as its controlling terminal (user/init.c). RUN_CMDLINE=init=/bin/init runs every
# contract program instead (TAP), as the grader's boots do.
# A CMDLINE given on the command line or in the environment is make run's too.
ifneq ($(filter command line environment,$(origin CMDLINE)),)
RUN_CMDLINE ?= $(CMDLINE)
endif
RUN_CMDLINE ?= init=/bin/init -- --shell
RUN_ISO := $(BUILD)/larch-run.iso

$(RUN_ISO): FORCE
	@$(MAKE) --no-print-directory kernel initramfs
	@echo "  ISO     $@"
	@$(PYTHON) tools/qemu.py iso --kernel $(KERNEL_ELF) --cmdline "$(RUN_CMDLINE)" \
		--module $(BUILD)/initramfs.cpio=initramfs --out $@

run: $(BUILD)/.setup-done $(RUN_ISO)
	$(PYTHON) tools/qemu.py run --iso $(RUN_ISO)

gdb: $(BUILD)/.setup-done $(RUN_ISO)
	GDB_PORT=$(GDB_PORT) $(PYTHON) tools/qemu.py gdb --iso $(RUN_ISO) --kernel $(KERNEL_ELF)

# --- checks --------------------------------------------------------------------

# Also the house rules no compiler checks (tools/check-conventions.py: typed user addresses).
check-headers:
	@$(PYTHON) tools/check-headers.py kernel labs
	@$(PYTHON) tools/check-refs.py .
	@$(PYTHON) tools/check-conventions.py

# clang-format with .clang-format over kernel/, user/, tests/, labs/ (tools/format.py).
format:
	@$(PYTHON) tools/format.py fix

check-format:
	@$(PYTHON) tools/format.py check

# Stages, budgets and tiers: tools/test.sh (the plan for later labs: tools/test-budget.md).
test: $(BUILD)/.setup-done
	@tools/test.sh

test-quick: $(BUILD)/.setup-done
	@tools/test.sh quick

test-long: $(BUILD)/.setup-done
	@tools/test.sh long

# What the tests boot, built from nothing on a fresh clone: the `images` stage of make
# test, so that a cold build has a budget of its own.
images: $(BUILD)/.setup-done
	@$(MAKE) --no-print-directory kernel initramfs iso

# Each subsystem keeps its own targets in a fragment next to its code
# (tests/unit/unit.mk, grading/grading.mk, book/book.mk, ...).
include $(sort $(wildcard */*.mk tests/*/*.mk))

help:
	@sed -n '2,18p' Makefile | sed 's/^# \{0,1\}//'

clean:
	rm -rf $(BUILD)
