// kernel/arch/x86_64/backtrace.cc — frame-pointer backtraces, symbolized from .ksyms.
#include "arch/x86_64/backtrace.hh"

#include "lib/format.hh"
#include "lib/log.hh"
#include "lib/symbols.hh"

extern "C" char _text_start[], _kernel_end[], __bss_start[], __bss_end[];

namespace arch {
namespace {

bool plausible_frame(u64 fp) {
    // Frames live in kernel memory (the higher half) and are 8-byte aligned.
    return fp >= 0xffff800000000000ull && fp % 8 == 0;
}

void print_frame(unsigned depth, u64 rip) {
    char line[200];
    usize n = fmt::format_to(line, sizeof line, "  #{} {:#018x} {}\n", depth, rip, symbols::Location{rip});
    klog::write_raw(line, n < sizeof line ? n : sizeof line - 1);
}

}  // namespace

void print_backtrace_from(u64 rip, u64 rbp) {
    klog::write_raw("backtrace:\n", 11);
    unsigned depth = 0;
    print_frame(depth++, rip);
    u64 fp = rbp;
    while (plausible_frame(fp) && depth < 32) {
        const u64* frame = reinterpret_cast<const u64*>(fp);
        u64 ret = frame[1];
        if (ret < 0xffff800000000000ull) break;
        print_frame(depth++, ret);
        if (frame[0] <= fp) break;  // stacks grow down: the caller's frame is above ours
        fp = frame[0];
    }
}

void print_backtrace(const void* frame) {
    u64 fp = reinterpret_cast<u64>(frame);
    if (!plausible_frame(fp)) return;
    const u64* f = reinterpret_cast<const u64*>(fp);
    print_backtrace_from(f[1], f[0]);
}

}  // namespace arch
