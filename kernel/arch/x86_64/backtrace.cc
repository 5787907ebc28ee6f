// kernel/arch/x86_64/backtrace.cc — frame-pointer backtraces, symbolized from .ksyms.
#include "arch/x86_64/backtrace.hh"

#include "arch/x86_64/guard.hh"
#include "lib/format.hh"
#include "lib/log.hh"
#include "lib/symbols.hh"

extern "C" char _text_start[], _kernel_end[], __bss_start[], __bss_end[];

namespace arch {
namespace {

bool plausible_frame(u64 fp) {
    // Frames live in kernel memory (the higher half) and are 8-byte aligned.
    // Both words of the frame record must be mapped, or reading them would fault.
    return fp >= 0xffff800000000000ull && fp % 8 == 0 && lookup_mapping(fp) &&
           lookup_mapping(fp + 8);
}

// A return address (@p is_return) is named after the call before it: a call that
// never returns (to panic, say) can be a function's last instruction, so the return
// address itself may already lie past the function's end.
void print_frame(unsigned depth, u64 rip, bool is_return) {
    char line[200];
    usize n;
    symbols::Symbol s = symbols::lookup(is_return ? rip - 1 : rip);
    if (s.name)
        n = fmt::format_to(line, sizeof line, "  #{} {:#018x} {}+{:#x}\n", depth, rip, s.name,
                           rip - s.address);
    else n = fmt::format_to(line, sizeof line, "  #{} {:#018x} ?\n", depth, rip);
    klog::write_raw(line, n < sizeof line ? n : sizeof line - 1);
}

void print_repeats(unsigned repeats) {
    if (!repeats) return;
    char line[64];
    usize n = fmt::format_to(line, sizeof line, "  ... the same {} more times\n", repeats);
    klog::write_raw(line, n < sizeof line ? n : sizeof line - 1);
}

// Prints @p pc, then the return addresses of the frame chain that starts at @p fp.
// Runs of one return address (a recursion) print as one line and a count, so that a
// stack overflow's report still reaches the frames that started the recursion.
void walk(u64 pc, bool pc_is_return, u64 fp) {
    constexpr unsigned MAX_LINES = 32, MAX_FRAMES = 4096;
    klog::write_raw("backtrace:\n", 11);
    print_frame(0, pc, pc_is_return);
    unsigned lines = 1, repeats = 0;
    u64 last = 0;
    for (unsigned depth = 1; plausible_frame(fp) && depth < MAX_FRAMES && lines < MAX_LINES;
         ++depth) {
        const u64* frame = reinterpret_cast<const u64*>(fp);
        u64 ret = frame[1];
        if (ret < 0xffff800000000000ull) break;
        if (ret == last) {
            ++repeats;
        } else {
            print_repeats(repeats);
            repeats = 0;
            print_frame(depth, ret, true);
            ++lines;
            last = ret;
        }
        if (frame[0] <= fp) break;  // stacks grow down: the caller's frame is above ours
        fp = frame[0];
    }
    print_repeats(repeats);
}

}  // namespace

void print_backtrace_from(u64 rip, u64 rbp) { walk(rip, false, rbp); }

void print_backtrace(const void* frame) {
    u64 fp = reinterpret_cast<u64>(frame);
    if (!plausible_frame(fp)) return;
    const u64* f = reinterpret_cast<const u64*>(fp);
    walk(f[1], true, f[0]);
}

}  // namespace arch
