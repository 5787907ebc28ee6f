// kernel/arch/x86_64/exception_report.cc — the readable report of a CPU exception.
//
// Example (a read of an unmapped address by a kernel test):
//
//   exception: #PF page fault (vector 14) on cpu 0
//   error code 0x0: not-present read kernel-mode
//   cr2=0x7f0000001000 not-present read kernel-mode
//   rip=0xffffffff80108a3e ktest_fn_page_fault(ktest::Context&)+0x4e (kernel mode)
//   cs=0x8 ss=0x10 rflags=0x10246 rsp=0xffffffff80233e70
//   rax=0x...  rbx=0x...  rcx=0x...      (all 15 general registers)
//   cr0=0x80010011 cr3=0x203000 cr4=0x6a0
//   backtrace:
//     #0 0xffffffff80108a3e ktest_fn_page_fault(ktest::Context&)+0x4e
//     ...
//
// The text (all but the backtrace) is composed in a buffer and written with one
// klog::write_raw, so that another CPU's log lines cannot cut it in pieces. The grader
// matches the first line and the cr2 line; keep their shape.
#include "arch/x86_64/backtrace.hh"
#include "arch/x86_64/cpu.hh"
#include "arch/x86_64/exception_decode.hh"
#include "arch/x86_64/guard.hh"
#include "arch/x86_64/percpu.hh"
#include "arch/x86_64/traps.hh"
#include "arch/x86_64/tss.hh"
#include "lib/log.hh"
#include "lib/panic.hh"
#include "lib/symbols.hh"
#include "mm/fault.hh"

namespace arch {
namespace {

constexpr usize REPORT_SIZE = 2048;
// One buffer per CPU: the report may run on a small IST stack.
[[maybe_unused]] char report_buffers[MAX_CPUS][REPORT_SIZE];

[[maybe_unused]] bool uses_ist(u64 vector) {
    return vector == VECTOR_DOUBLE_FAULT || vector == VECTOR_NMI || vector == VECTOR_MACHINE_CHECK;
}

}  // namespace

void report_exception([[maybe_unused]] const TrapFrame& f) {
    // LAB_BEGIN(01-boot, 2): compose the report that traps.hh describes (exception line, decoded error code, cr2 for #PF, IST stack for #DF/NMI/#MC, registers), write it with one klog::write_raw, then print_backtrace_from(rip, rbp)
    unsigned cpu = cpu_index();
    char* buf = report_buffers[cpu < MAX_CPUS ? cpu : 0];
    fmt::BufferSink out(buf, REPORT_SIZE);
    const ExceptionInfo& e = exception_info(f.vector);
    fmt::format(out, "\nexception: {} {} (vector {}) on cpu {}\n", e.mnemonic, e.name, f.vector,
                cpu);

    char words[96] = "";
    if (f.vector == VECTOR_PAGE_FAULT) describe_page_fault(f.error_code, words, sizeof words);
    else if (has_selector_error_code(f.vector))
        describe_selector_error(f.error_code, words, sizeof words);
    if (e.has_error_code)
        fmt::format(out, "error code {:#x}{}{}\n", f.error_code, words[0] ? ": " : "", words);

    if (f.vector == VECTOR_PAGE_FAULT) {
        u64 cr2 = read_cr2();
        fmt::format(out, "cr2={:#x} {}\n", cr2, words);
        if (in_guard_page(cr2))
            fmt::format(out, "cr2 lies in a stack guard page: a stack overflowed\n");
        mm::describe_fault_address(out, cr2);
    } else if (f.vector == VECTOR_DOUBLE_FAULT) {
        u64 cr2 = read_cr2();
        fmt::format(out, "last page-fault address cr2={:#x}{}\n", cr2,
                    in_guard_page(cr2) ? ", in a stack guard page: a stack overflowed" : "");
    }
    if (uses_ist(f.vector)) {
        u64 sp = reinterpret_cast<u64>(&f);  // the CPU pushed the frame on the stack it switched to
        if (unsigned ist = ist_containing(cpu, sp)) {
            StackRange r = ist_stack(cpu, ist);
            fmt::format(out, "handler on IST stack {} of cpu {}: rsp={:#x} in [{:#x}, {:#x}]\n",
                        ist, cpu, sp, r.bottom, r.top);
        } else {
            fmt::format(out, "handler rsp={:#x} is outside the IST stacks of cpu {}\n", sp, cpu);
        }
    }

    bool user = f.cs & 3;
    fmt::format(out, "rip={:#x} {} ({} mode)\n", f.rip, symbols::Location{f.rip},
                user ? "user" : "kernel");
    fmt::format(out, "cs={:#x} ss={:#x} rflags={:#x} rsp={:#x}\n", f.cs, f.ss, f.rflags, f.rsp);
    fmt::format(out, "rax={:#018x} rbx={:#018x} rcx={:#018x}\n", f.rax, f.rbx, f.rcx);
    fmt::format(out, "rdx={:#018x} rsi={:#018x} rdi={:#018x}\n", f.rdx, f.rsi, f.rdi);
    fmt::format(out, "rbp={:#018x} r8 ={:#018x} r9 ={:#018x}\n", f.rbp, f.r8, f.r9);
    fmt::format(out, "r10={:#018x} r11={:#018x} r12={:#018x}\n", f.r10, f.r11, f.r12);
    fmt::format(out, "r13={:#018x} r14={:#018x} r15={:#018x}\n", f.r13, f.r14, f.r15);
    fmt::format(out, "cr0={:#x} cr3={:#x} cr4={:#x}\n", read_cr0(), read_cr3(), read_cr4());
    usize n = out.length();
    klog::write_raw(buf, n < REPORT_SIZE ? n : REPORT_SIZE - 1);
    if (!user) print_backtrace_from(f.rip, f.rbp);
    // LAB_END
}

}  // namespace arch
