// kernel/arch/x86_64/traps.hh — what the CPU exceptions do, beyond the interrupts.hh interface.
//
// trap_dispatch() (traps.cc) sends vectors 0-31 to the exception policy:
//   #BP (int3)     reported on the kernel log, counted, and execution resumes after it;
//   NMI            while another CPU panics: halt quietly (that is how panic stops us);
//                  asked for a backtrace (request_nmi_backtrace, the watchdog): log
//                  the interrupted frame's backtrace and resume;
//   anything else  reported on the kernel log (exception_report.cc), then panic.
// A fault while an exception is being handled, or inside this CPU's own panic, prints
// one line and ends the run at once, so a broken handler can never loop.
#pragma once

#include "arch/x86_64/interrupts.hh"

namespace arch {

constexpr u8 VECTOR_DIVIDE_ERROR = 0;
constexpr u8 VECTOR_NMI = 2;
constexpr u8 VECTOR_BREAKPOINT = 3;
constexpr u8 VECTOR_DOUBLE_FAULT = 8;
constexpr u8 VECTOR_GENERAL_PROTECTION = 13;
constexpr u8 VECTOR_PAGE_FAULT = 14;
constexpr u8 VECTOR_MACHINE_CHECK = 18;

/// Asks CPU @p cpu (an index) for its backtrace: an NMI, which reaches it even with
/// interrupts off; its handler logs "watchdog: cpu N backtrace" and the frames of the
/// code it interrupted, then resumes it.
void request_nmi_backtrace(unsigned cpu);
/// Backtraces logged on NMI requests since boot (tests).
u64 nmi_backtraces();

/// Breakpoints (#BP, int3) handled since boot, all CPUs together.
u64 breakpoint_count();

/// Writes the report of exception @p frame to the kernel log: the first line is
/// "exception: #PF page fault (vector 14) on cpu 0", then the decoded error code,
/// CR2 for page faults ("cr2=0x1000 not-present read kernel-mode"), the IST stack for
/// double fault, NMI and machine check, every register and a symbolized backtrace.
void report_exception(const TrapFrame& frame);

}  // namespace arch
