// kernel/exec/loader.cc — mapping an ELF program and building its initial stack (loader.hh).
#include "exec/loader.hh"

#include "arch/x86_64/cpu.hh"
#include "exec/elf.hh"
#include "lib/log.hh"
#include "lib/string.hh"
#include "mm/heap.hh"
#include "proc/random.hh"
#include "vm/address_space.hh"
#include "vm/user_copy.hh"

namespace exec {
// LAB_BEGIN(03-processes, 2): map PT_LOAD segments and build the initial stack (argv, envp, auxv)
namespace {

constexpr u64 PAGE = 4096;

// Auxiliary vector types (<elf.h>).
enum : u64 {
    AT_NULL = 0,
    AT_PHDR = 3,
    AT_PHENT = 4,
    AT_PHNUM = 5,
    AT_PAGESZ = 6,
    AT_BASE = 7,
    AT_FLAGS = 8,
    AT_ENTRY = 9,
    AT_UID = 11,
    AT_EUID = 12,
    AT_GID = 13,
    AT_EGID = 14,
    AT_PLATFORM = 15,
    AT_HWCAP = 16,
    AT_CLKTCK = 17,
    AT_SECURE = 23,
    AT_RANDOM = 25,
    AT_HWCAP2 = 26,
    AT_EXECFN = 31,
};

int prot_of(u32 flags) {
    return (flags & elf::PF_R ? vm::PROT_READ : 0) | (flags & elf::PF_W ? vm::PROT_WRITE : 0) |
           (flags & elf::PF_X ? vm::PROT_EXEC : 0);
}

// Maps the PT_LOAD segments at @p bias: pages first writable, filled, then protected.
// Two segments may share a page; it gets both protections.
Result<u64> map_segments(vm::AddressSpace* as, const elf::Image& img, std::span<const u8> file,
                         u64 bias) {
    constexpr int RW = vm::PROT_READ | vm::PROT_WRITE;
    constexpr int FIXED = vm::MAP_PRIVATE | vm::MAP_ANONYMOUS | vm::MAP_FIXED;
    u64 mapped_end = 0, highest = 0;
    for (const elf::Segment& s : img.load_segments()) {
        u64 start = align_down(s.vaddr + bias, PAGE), end = align_up(s.end() + bias, PAGE);
        if (start < mapped_end) start = mapped_end;
        if (end > start) TRY(as->map_anonymous(start, end - start, RW, FIXED));
        if (end > mapped_end) mapped_end = end;
        if (s.filesz) TRY(as->write_bytes(s.vaddr + bias, file.data() + s.offset, s.filesz));
        if (s.end() + bias > highest) highest = s.end() + bias;
    }
    // Final protections, in order, a shared page keeping the union.
    for (usize i = 0; i < img.load_count; ++i) {
        const elf::Segment& s = img.loads[i];
        u64 start = align_down(s.vaddr + bias, PAGE), end = align_up(s.end() + bias, PAGE);
        int prot = prot_of(s.flags);
        if (i > 0 && align_up(img.loads[i - 1].end() + bias, PAGE) > start) {
            TRY(as->protect(start, PAGE, prot | prot_of(img.loads[i - 1].flags)));
            start += PAGE;
        }
        if (i + 1 < img.load_count && align_down(img.loads[i + 1].vaddr + bias, PAGE) < end) {
            end -= PAGE;  // set (with the union) by the next segment
        }
        if (end > start) TRY(as->protect(start, end - start, prot));
    }
    return highest;
}

// The initial stack, built in a kernel buffer and copied in one piece.
Result<u64> build_stack(vm::AddressSpace* as, const elf::Image& img, u64 bias, StrView execfn,
                        const Args& args, const AuxIds& ids) {
    static const char platform[] = "x86_64";
    usize argc = args.argc(), envc = args.envc();
    std::span<const char> strings = args.strings();
    // Layout from the top down (addresses are offsets below STACK_TOP, then made absolute).
    u64 p = STACK_TOP - 8;
    u64 execfn_at = p -= execfn.len + 1;
    u64 strings_at = p -= strings.size();
    u64 platform_at = p -= sizeof platform;
    u64 random_at = p = align_down(p - 16, 16);
    constexpr usize AUX_PAIRS = 20;
    usize words = 1 + argc + 1 + envc + 1 + 2 * AUX_PAIRS;
    u64 sp = align_down(p - words * 8, 16);
    usize size = STACK_TOP - sp;
    u8* buf = static_cast<u8*>(TRY(mm::kzalloc(size)));
    auto at = [&](u64 addr) { return buf + (addr - sp); };

    memcpy(at(execfn_at), execfn.data, execfn.len);
    memcpy(at(strings_at), strings.data(), strings.size());
    memcpy(at(platform_at), platform, sizeof platform);
    proc::random_bytes(at(random_at), 16);

    u64* w = reinterpret_cast<u64*>(buf);
    usize i = 0;
    w[i++] = argc;
    u64 s = strings_at;
    auto next_string = [&]() {
        u64 here = s;
        s += strlen(reinterpret_cast<const char*>(at(s))) + 1;
        return here;
    };
    for (usize k = 0; k < argc; ++k) w[i++] = next_string();
    w[i++] = 0;
    for (usize k = 0; k < envc; ++k) w[i++] = next_string();
    w[i++] = 0;
    u64 phdr = bias + (img.has_phdr_vaddr ? img.phdr_vaddr
                                          : img.loads[0].vaddr - img.loads[0].offset + img.phoff);
    const u64 aux[][2] = {
        {AT_HWCAP, arch::cpuid(1).edx},
        {AT_PAGESZ, PAGE},
        {AT_CLKTCK, 100},
        {AT_PHDR, phdr},
        {AT_PHENT, img.phentsize},
        {AT_PHNUM, img.phnum},
        {AT_BASE, 0},
        {AT_FLAGS, 0},
        {AT_ENTRY, img.entry + bias},
        {AT_UID, ids.uid},
        {AT_EUID, ids.euid},
        {AT_GID, ids.gid},
        {AT_EGID, ids.egid},
        {AT_SECURE, ids.secure ? 1u : 0u},
        {AT_RANDOM, random_at},
        {AT_HWCAP2, 0},
        {AT_EXECFN, execfn_at},
        {AT_PLATFORM, platform_at},
        {AT_NULL, 0},
    };
    static_assert(sizeof aux / sizeof aux[0] <= AUX_PAIRS);
    for (const auto& pair : aux) {
        w[i++] = pair[0];
        w[i++] = pair[1];
    }
    Result<void> r = as->write_bytes(sp, buf, size);
    mm::kfree(buf);
    TRY(std::move(r));
    return sp;
}

}  // namespace
// LAB_FALLBACK
// LAB_END

Args::~Args() { mm::kfree(buf_); }

Result<void> Args::reserve(usize more) {
    if (used_ + more <= cap_) return {};
    usize cap = cap_ ? cap_ : 4096;
    while (cap < used_ + more) cap *= 2;
    char* nb = static_cast<char*>(TRY(mm::kmalloc(cap)));
    if (used_) memcpy(nb, buf_, used_);
    mm::kfree(buf_);
    buf_ = nb;
    cap_ = cap;
    return {};
}

Result<void> Args::add(StrView s, bool is_argv) {
    if (s.len + 1 > MAX_ARG_STRLEN) return Error(E2BIG);
    if (used_ + s.len + 1 + (argc_ + envc_ + 1) * sizeof(u64) > limit_) return Error(E2BIG);
    TRY(reserve(s.len + 1));
    memcpy(buf_ + used_, s.data, s.len);
    buf_[used_ + s.len] = 0;
    used_ += s.len + 1;
    ++(is_argv ? argc_ : envc_);
    return {};
}

Result<void> Args::add_user(vm::UserPtr<const char> user, bool is_argv) {
    // Copy straight into the buffer: the string may be up to MAX_ARG_STRLEN long.
    usize room = limit_ > used_ ? limit_ - used_ : 0;
    usize max = room < MAX_ARG_STRLEN ? room : MAX_ARG_STRLEN;
    if (max == 0) return Error(E2BIG);
    TRY(reserve(max));
    auto copied = vm::copy_string_from_user(buf_ + used_, user, max);
    if (copied.is_error()) return Error(copied.error() == EFAULT ? EFAULT : E2BIG);
    usize len = copied.value();
    if (used_ + len + 1 + (argc_ + envc_ + 1) * sizeof(u64) > limit_) return Error(E2BIG);
    used_ += len + 1;
    ++(is_argv ? argc_ : envc_);
    return {};
}

//! [load]
Result<Loaded> load(std::span<const u8> file, StrView execfn, const Args& args, const AuxIds& ids) {
    // LAB_BEGIN(03-processes, 2): parse the ELF, map its segments in a new address space, set the break, build the stack
    elf::Image img = TRY(elf::parse(file));
    if (img.has_interp) return Error(ENOEXEC);  // dynamic programs: lab 08
    u64 bias = img.type == elf::ET_DYN ? PIE_BASE - img.span_start : 0;

    vm::AddressSpace* as = TRY(vm::AddressSpace::create());
    auto fail = [as](int e) -> Result<Loaded> {
        as->put();
        return Error(e);
    };
    auto highest = map_segments(as, img, file, bias);
    if (highest.is_error()) return fail(highest.error() == EFAULT ? ENOMEM : highest.error());
    as->set_brk_start(align_up(highest.value(), PAGE));

    // The stack: reserved up to the stack limit, demand paged.
    constexpr u64 STACK_RESERVE = 8 * MiB;
    auto stack =
        as->map_anonymous(STACK_TOP - STACK_RESERVE, STACK_RESERVE, vm::PROT_READ | vm::PROT_WRITE,
                          vm::MAP_PRIVATE | vm::MAP_ANONYMOUS | vm::MAP_FIXED | vm::MAP_GROWSDOWN);
    if (stack.is_error()) return fail(stack.error());
    auto sp = build_stack(as, img, bias, execfn, args, ids);
    if (sp.is_error()) return fail(sp.error());
    return Loaded{as, img.entry + bias, sp.value()};
    // LAB_FALLBACK
    // (void)file, (void)execfn, (void)args, (void)ids;
    // return Error(ENOEXEC);
    // LAB_END
}
//! [load]

}  // namespace exec
