// labs/03-processes/ktests/vm.cc — lab 03's in-kernel tests of user address spaces.
//
// They build address spaces with vm::AddressSpace directly, load them on this CPU
// (activate) and reach them only through the user-copy functions, as a system call
// would; use_space_on_this_cpu() lets faults resolve in a space while no user task
// runs. Every test ends by checking that no page and no address space leaked.
//
//   vm_demand_paging        mmap allocates nothing; the first touch of a page maps a
//                           zeroed one, only that one; a page under PROT_NONE keeps its
//                           bytes when all around it is unmapped. Values:
//                           resident_after_touch (= 3)
//   vm_cow_isolation        after clone_cow the two spaces share pages read-only; each
//                           write copies (or takes back the last reference) and the
//                           other space keeps its bytes; MAP_SHARED pages stay shared
//   vm_munmap_shootdown     a space loaded on every CPU: after munmap and mprotect on
//                           one CPU, the others fault instead of using stale TLB
//                           entries. Values: cpus (= -smp)
//   vm_user_copy_efault     EFAULT, never a panic, for null, kernel, unmapped, partly
//                           mapped, read-only and PROT_NONE buffers, wrapping lengths,
//                           and strings running into unmapped memory
//   vm_random_ops           random mmap/munmap/mprotect/reads/writes/forks on a 48-page
//                           window of two spaces, against a model of every page's
//                           protection and contents (copy-on-write included).
//                           Values: ops (= 3000)
//   vm_user_copy_smap       with SMAP on, the copies work while a plain kernel access to
//                           the same user page faults. Values: smap (1 when the CPU has it)
#include <atomic>

#include "arch/x86_64/cpu.hh"
#include "arch/x86_64/percpu.hh"
#include "arch/x86_64/smp.hh"
#include "lib/string.hh"
#include "mm/physmem.hh"
#include "mm/tlb.hh"
#include "test/ktest.hh"
#include "vm/address_space.hh"
#include "vm/fault.hh"
#include "vm/page_ref.hh"
#include "vm/user_copy.hh"

// A one-byte read of a user address with no stac before it, listed in the exception
// table: returns the byte, or -1 when the access faulted and was not resolved.
asm(R"(
    .text
    .globl vm_test_plain_read
    .type vm_test_plain_read, @function
vm_test_plain_read:
1:  movzbq (%rdi), %rax
    ret
2:  movq $-1, %rax
    ret
    .pushsection .extable, "a"
    .balign 8
    .quad 1b, 2b
    .popsection
    .size vm_test_plain_read, . - vm_test_plain_read
)");
extern "C" i64 vm_test_plain_read(uptr address);

namespace {

constexpr u64 PG = 4096;
constexpr int RW = vm::PROT_READ | vm::PROT_WRITE;
constexpr int ANON = vm::MAP_PRIVATE | vm::MAP_ANONYMOUS;

// Free pages now, per-CPU caches drained so that the count is exact.
u64 free_pages() {
    mm::drain_page_caches();
    return mm::phys_stats().free_pages();
}

// Loads @p as on this CPU and lets faults resolve in it (null: back to the kernel's).
void use(vm::AddressSpace* as) {
    if (as) as->activate();
    else vm::AddressSpace::activate_kernel();
    vm::use_space_on_this_cpu(as);
}

bool put_byte(vaddr_t va, u8 v) { return vm::copy_to_user(va, &v, 1).has_value(); }
int get_byte(vaddr_t va) {
    u8 v = 0;
    return vm::copy_from_user(&v, va, 1).has_value() ? v : -1;
}

// Checks that the pages and address spaces a test used came back.
struct LeakCheck {
    ktest::Context& t;
    u64 pages = free_pages();
    u64 spaces = vm::AddressSpace::live_count();
    explicit LeakCheck(ktest::Context& ctx) : t(ctx) {
        // The heap keeps the slab pages of its first objects: let those exist first.
        if (auto as = vm::AddressSpace::create(); as.has_value()) {
            (void)as.value()->map_anonymous(0, 4096, RW, ANON);
            as.value()->put();
        }
        pages = free_pages();
    }
    ~LeakCheck() {
        u64 now = free_pages();
        if (now != pages)
            t.fail("{} pages leaked ({} free before, {} after)", i64(pages) - i64(now), pages, now);
        if (vm::AddressSpace::live_count() != spaces) t.fail("an address space was not freed");
    }
};

}  // namespace

KTEST("03-processes", vm_demand_paging) {
    LeakCheck leaks(t);
    auto created = vm::AddressSpace::create();
    if (created.is_error()) return t.fail("create: {}", errno_name(created.error()));
    vm::AddressSpace* as = created.value();
    auto m = as->map_anonymous(0, 64 * PG, RW, ANON);
    if (m.is_error()) {
        as->put();
        return t.fail("mmap: {}", errno_name(m.error()));
    }
    vaddr_t base = m.value();
    t.expect(as->stats().resident_pages == 0, "mmap allocated pages before any touch");
    use(as);
    for (u64 page : {0, 10, 63})
        if (!put_byte(base + page * PG + 7, u8(page + 1)))
            t.fail("write to page {} of the mapping failed", page);
    u64 resident = as->stats().resident_pages;
    t.value("resident_after_touch", resident);
    t.expect(resident == 3, "touching 3 pages did not map exactly 3");
    t.expect(get_byte(base + 10 * PG + 7) == 11, "page 10 lost its byte");
    // A fresh page reads as zeros, all of it.
    static u8 buf[PG];
    memset(buf, 0xff, sizeof buf);
    if (vm::copy_from_user(buf, base + 20 * PG, PG).is_error())
        t.fail("reading an untouched page failed");
    for (u8 b : buf)
        if (b != 0) {
            t.fail("a fresh page is not zeroed");
            break;
        }
    // A page kept under PROT_NONE is not a hole: when every other page of its table
    // goes, the table stays, and PROT_READ brings the page back with its byte.
    t.expect(as->protect(base + 10 * PG, PG, vm::PROT_NONE).has_value(), "mprotect failed");
    t.expect(as->unmap(base, 10 * PG).has_value() && as->unmap(base + 11 * PG, 53 * PG).has_value(),
             "munmap around the PROT_NONE page failed");
    t.expect(as->stats().resident_pages == 1, "munmap around a PROT_NONE page: not 1 page left");
    t.expect(as->protect(base + 10 * PG, PG, vm::PROT_READ).has_value(), "mprotect back failed");
    t.expect(get_byte(base + 10 * PG + 7) == 11, "a page kept under PROT_NONE lost its byte");
    // Unmapped again: the range faults (EFAULT for a copy), the pages go back.
    if (as->unmap(base, 64 * PG).is_error()) t.fail("munmap failed");
    t.expect(as->stats().resident_pages == 0, "munmap left pages mapped");
    t.expect(get_byte(base + 10 * PG) == -1, "an unmapped page is still readable");
    use(nullptr);
    as->put();
}

KTEST("03-processes", vm_cow_isolation) {
    LeakCheck leaks(t);
    vm::AddressSpace* a = nullptr;
    {
        auto r = vm::AddressSpace::create();
        if (r.is_error()) return t.fail("create: {}", errno_name(r.error()));
        a = r.value();
    }
    vaddr_t base = a->map_anonymous(0, 4 * PG, RW, ANON).value_or(0);
    if (!base) {
        a->put();
        return t.fail("mmap failed");
    }
    use(a);
    for (u64 i = 0; i < 4; ++i) put_byte(base + i * PG, 'A');
    auto cloned = a->clone_cow();
    if (cloned.is_error()) {
        use(nullptr);
        a->put();
        return t.fail("clone_cow: {}", errno_name(cloned.error()));
    }
    vm::AddressSpace* b = cloned.value();
    paddr_t pa0 = a->translate(base).value_or(0), pb0 = b->translate(base).value_or(1);
    t.expect(pa0 == pb0, "after fork the spaces do not share page 0");
    t.expect(vm::page_refs(pa0) == 2, "a shared page does not count 2 mappings");

    // The child writes page 0: it gets its own copy; the parent keeps 'A'.
    use(b);
    t.expect(get_byte(base) == 'A', "the child does not see the parent's byte");
    t.expect(put_byte(base, 'B'), "the child cannot write its page");
    t.expect(b->translate(base).value_or(0) != pa0, "the child's write did not copy the page");
    use(a);
    t.expect(get_byte(base) == 'A', "the child's write reached the parent");
    t.expect(vm::page_refs(pa0) == 1, "the parent's page still counts the child");
    // The parent writes page 1 (copied: still shared), then the child writes it (the
    // child is the last user of the original: it takes it back, no copy).
    paddr_t p1 = a->translate(base + PG).value_or(0);
    t.expect(put_byte(base + PG, 'P'), "the parent cannot write page 1");
    t.expect(a->translate(base + PG).value_or(0) != p1, "the parent's write did not copy page 1");
    use(b);
    t.expect(get_byte(base + PG) == 'A', "the parent's write reached the child");
    t.expect(put_byte(base + PG, 'C'), "the child cannot write page 1");
    t.expect(b->translate(base + PG).value_or(0) == p1, "the last user of a page copied it anyway");
    // Page 2: still shared; page 3 unmapped in the child only.
    t.expect(a->translate(base + 2 * PG).value_or(0) == b->translate(base + 2 * PG).value_or(1),
             "an untouched page is no longer shared");
    t.expect(b->unmap(base + 3 * PG, PG).has_value(), "munmap in the child failed");
    t.expect(get_byte(base + 3 * PG) == -1, "the child still reads what it unmapped");
    use(a);
    t.expect(get_byte(base + 3 * PG) == 'A', "the child's munmap reached the parent");
    t.expect(get_byte(base + PG) == 'P', "the parent lost its byte of page 1");
    // MAP_SHARED memory stays shared: a write on either side is seen by the other.
    vaddr_t shared = a->map_anonymous(0, PG, RW, vm::MAP_SHARED | vm::MAP_ANONYMOUS).value_or(0);
    t.expect(shared != 0, "a MAP_SHARED mapping failed");
    auto c = a->clone_cow();
    if (c.has_value()) {
        use(c.value());
        t.expect(put_byte(shared, 'S'), "the child cannot write a shared page");
        use(a);
        t.expect(get_byte(shared) == 'S', "a shared page was copied on fork");
        t.expect(put_byte(shared + 1, 'T'), "the parent cannot write a shared page");
        use(c.value());
        t.expect(get_byte(shared + 1) == 'T',
                 "the parent's write to a shared page is not seen by the child");
        use(nullptr);
        c.value()->put();
    } else {
        t.fail("the second clone_cow failed");
    }
    use(nullptr);
    b->put();
    t.expect(vm::page_refs(a->translate(base + 2 * PG).value_or(0)) == 1,
             "the child's exit left a reference");
    a->put();
}

namespace {

std::atomic<unsigned> remote_ok{0};
std::atomic<unsigned> remote_bad{0};
vm::AddressSpace* remote_space;
vaddr_t remote_va;

// On another CPU: load the space and touch the page (a TLB entry for it now exists).
void remote_load_and_touch(void*) {
    remote_space->activate();
    u8 v = 0;
    if (vm::copy_from_user(&v, remote_va, 1).has_value() && v == 0x5a &&
        vm::copy_to_user(remote_va + 8, &v, 1).has_value())
        remote_ok.fetch_add(1);
    else remote_bad.fetch_add(1);
}
// On another CPU, after the page lost its write permission: a write must fail.
void remote_write_fails(void*) {
    u8 v = 1;
    if (vm::copy_to_user(remote_va + 8, &v, 1).is_error()) remote_ok.fetch_add(1);
    else remote_bad.fetch_add(1);
}
// On another CPU, after munmap: a read must fail.
void remote_read_fails(void*) {
    u8 v = 0;
    if (vm::copy_from_user(&v, remote_va, 1).is_error()) remote_ok.fetch_add(1);
    else remote_bad.fetch_add(1);
}
void remote_leave(void*) { vm::AddressSpace::activate_kernel(); }

}  // namespace

KTEST("03-processes", vm_munmap_shootdown) {
    unsigned cpus = smp::cpu_count();
    t.value("cpus", cpus);
    LeakCheck leaks(t);
    auto created = vm::AddressSpace::create();
    if (created.is_error()) return t.fail("create: {}", errno_name(created.error()));
    vm::AddressSpace* as = created.value();
    vaddr_t va = as->map_anonymous(0, 2 * PG, RW, ANON).value_or(0);
    use(as);
    put_byte(va, 0x5a);
    remote_space = as;
    remote_va = va;

    remote_ok = remote_bad = 0;
    smp::call_on_others(remote_load_and_touch, nullptr, true);
    t.expect(remote_ok == cpus - 1, "another CPU could not use the space");
    u64 mask = as->stats().cpu_mask;
    unsigned with_space = 0;
    for (; mask; mask &= mask - 1) ++with_space;
    t.value("cpus_with_space", with_space);
    t.expect(with_space == cpus, "the space's CPU mask misses a CPU");

    // Write permission taken away here: the others' writable TLB entries must go.
    u64 shots = mm::tlb_shootdowns();
    t.expect(as->protect(va, PG, vm::PROT_READ).has_value(), "mprotect failed");
    if (cpus > 1) t.expect(mm::tlb_shootdowns() > shots, "mprotect sent no shootdown");
    remote_ok = remote_bad = 0;
    smp::call_on_others(remote_write_fails, nullptr, true);
    t.expect(remote_bad == 0, "another CPU still writes a page made read-only (stale TLB)");

    // Unmapped here: the others must fault rather than read the freed page.
    shots = mm::tlb_shootdowns();
    t.expect(as->unmap(va, 2 * PG).has_value(), "munmap failed");
    if (cpus > 1) t.expect(mm::tlb_shootdowns() > shots, "munmap sent no shootdown");
    remote_ok = remote_bad = 0;
    smp::call_on_others(remote_read_fails, nullptr, true);
    t.expect(remote_bad == 0, "another CPU still reads an unmapped page (stale TLB)");

    // A space only this CPU uses is flushed here alone.
    smp::call_on_others(remote_leave, nullptr, true);
    vaddr_t solo = as->map_anonymous(0, PG, RW, ANON).value_or(0);
    put_byte(solo, 1);
    shots = mm::tlb_shootdowns();
    t.expect(as->unmap(solo, PG).has_value(), "munmap failed");
    t.expect(mm::tlb_shootdowns() == shots, "munmap of a space no other CPU uses interrupted them");
    use(nullptr);
    as->put();
}

KTEST("03-processes", vm_user_copy_efault) {
    LeakCheck leaks(t);
    auto created = vm::AddressSpace::create();
    if (created.is_error()) return t.fail("create: {}", errno_name(created.error()));
    vm::AddressSpace* as = created.value();
    // [rw page][unmapped][read-only page][PROT_NONE page]
    vaddr_t base = as->map_anonymous(0, 4 * PG, RW, ANON).value_or(0);
    (void)as->unmap(base + PG, PG);
    (void)as->protect(base + 2 * PG, PG, vm::PROT_READ);
    (void)as->protect(base + 3 * PG, PG, vm::PROT_NONE);
    use(as);
    char buf[256] = {};
    auto expect_efault = [&](const char* what, const Result<void>& r) {
        if (!r.is_error()) t.fail("{}: succeeded", what);
        else if (r.error() != EFAULT)
            t.fail("{}: {} instead of EFAULT", what, errno_name(r.error()));
    };
    expect_efault("read from null", vm::copy_from_user(buf, 0, 8));
    expect_efault("write to null", vm::copy_to_user(0, buf, 8));
    expect_efault("read from a kernel address", vm::copy_from_user(buf, 0xffffffff80000000ull, 8));
    expect_efault("read from the direct map", vm::copy_from_user(buf, 0xffff800000100000ull, 8));
    expect_efault("read from an unmapped page", vm::copy_from_user(buf, base + PG, 8));
    expect_efault("read crossing into an unmapped page",
                  vm::copy_from_user(buf, base + PG - 100, 200));
    expect_efault("write crossing into an unmapped page",
                  vm::copy_to_user(base + PG - 100, buf, 200));
    expect_efault("write to a read-only page", vm::copy_to_user(base + 2 * PG, buf, 8));
    expect_efault("read from a PROT_NONE page", vm::copy_from_user(buf, base + 3 * PG, 8));
    expect_efault("write to a PROT_NONE page", vm::copy_to_user(base + 3 * PG, buf, 8));
    expect_efault("clear crossing into an unmapped page", vm::clear_user(base + PG - 10, 20));
    expect_efault("a length that wraps around", vm::copy_from_user(buf, base, ~0ull - 16));
    expect_efault("a range ending past user space", vm::copy_from_user(buf, vm::USER_TOP - 8, 16));
    t.expect(vm::copy_from_user(buf, base + 2 * PG, 8).has_value(),
             "a read-only page is not readable");
    t.expect(vm::copy_to_user(base + PG - 8, "1234567", 8).has_value(),
             "the end of a writable page is not writable");
    t.expect(vm::copy_from_user(buf, 0, 0).has_value(), "a copy of 0 bytes failed");
    // Strings: whole, too long, running into an unmapped page, from a kernel address.
    auto len = vm::copy_string_from_user(buf, base + PG - 8, sizeof buf);
    t.expect(len.has_value() && len.value() == 7 && strcmp(buf, "1234567") == 0,
             "a string at the end of a page");
    auto too_long = vm::copy_string_from_user(buf, base + PG - 8, 4);
    t.expect(too_long.is_error() && too_long.error() == ENAMETOOLONG,
             "a string longer than the buffer: not ENAMETOOLONG");
    (void)vm::copy_to_user(base + PG - 4, "abcd", 4);  // no NUL before the unmapped page
    auto runs_off = vm::copy_string_from_user(buf, base + PG - 4, sizeof buf);
    t.expect(runs_off.is_error() && runs_off.error() == EFAULT,
             "a string running into an unmapped page: not EFAULT");
    auto kernel = vm::copy_string_from_user(buf, 0xffffffff80000000ull, sizeof buf);
    t.expect(kernel.is_error() && kernel.error() == EFAULT,
             "a string at a kernel address: not EFAULT");
    // UserPtr goes the same way.
    vm::UserPtr<u64> good(base + 16), bad(base + PG + 16);
    t.expect(good.write(42).has_value() && good.read().value_or(0) == 42,
             "UserPtr round trip failed");
    t.expect(bad.read().is_error(), "UserPtr read of an unmapped page succeeded");
    t.value("fixups", vm::fault_stats().fixups);
    use(nullptr);
    as->put();
}

KTEST("03-processes", vm_user_copy_smap) {
    constexpr u64 CR4_SMAP = 1ull << 21;
    bool has_smap = arch::cpuid(7, 0).ebx & (1u << 20);
    t.value("smap", has_smap ? 1 : 0);
    if (!has_smap) return t.note("this CPU has no SMAP: nothing to check");
    LeakCheck leaks(t);
    auto created = vm::AddressSpace::create();
    if (created.is_error()) return t.fail("create: {}", errno_name(created.error()));
    vm::AddressSpace* as = created.value();
    vaddr_t va = as->map_anonymous(0, PG, RW, ANON).value_or(0);
    use(as);
    u64 cr4 = arch::read_cr4();
    arch::write_cr4(cr4 | CR4_SMAP);
    t.expect(put_byte(va, 0x77), "copy_to_user failed with SMAP on");
    t.expect(get_byte(va) == 0x77, "copy_from_user failed with SMAP on");
    // The same page, read without stac: SMAP forbids it (the fault is not "resolved"
    // again and again: the probe's fixup ends it).
    t.expect(vm_test_plain_read(va) == -1,
             "a plain kernel read of a user page worked with SMAP on");
    arch::write_cr4(cr4 & ~CR4_SMAP);
    t.expect(vm_test_plain_read(va) == 0x77,
             "a plain kernel read of a user page failed with SMAP off");
    arch::write_cr4(cr4);
    use(nullptr);
    as->put();
}

namespace {

// The model of one space: per page, mapped?, protections and the byte at offset 0.
constexpr unsigned WIN = 48;
struct Model {
    bool mapped[WIN];
    int prot[WIN];
    u8 byte[WIN];
};

u64 rng_state = 0x9e3779b97f4a7c15ull;
u64 rnd(u64 n) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state % n;
}

}  // namespace

KTEST("03-processes", vm_random_ops) {
    LeakCheck leaks(t);
    constexpr vaddr_t W = 0x40000000;
    vm::AddressSpace* spaces[2] = {};
    static Model models[2];
    auto r = vm::AddressSpace::create();
    if (r.is_error()) return t.fail("create failed");
    spaces[0] = r.value();
    models[0] = {};
    unsigned cur = 0, ops = 0;
    use(spaces[0]);
    for (; ops < 3000 && !t.failed(); ++ops) {
        vm::AddressSpace* as = spaces[cur];
        Model& m = models[cur];
        unsigned p = unsigned(rnd(WIN)), n = 1 + unsigned(rnd(6));
        if (p + n > WIN) n = WIN - p;
        vaddr_t va = W + p * PG;
        switch (rnd(8)) {
        case 0: {  // mmap MAP_FIXED: zeros
            int prot = int(rnd(4)) | vm::PROT_READ * (rnd(2));
            if (as->map_anonymous(va, n * PG, prot, ANON | vm::MAP_FIXED).is_error())
                t.fail("mmap fixed failed");
            for (unsigned i = p; i < p + n; ++i)
                m.mapped[i] = true, m.prot[i] = prot, m.byte[i] = 0;
            break;
        }
        case 1:
            if (as->unmap(va, n * PG).is_error()) t.fail("munmap failed");
            for (unsigned i = p; i < p + n; ++i) m.mapped[i] = false;
            break;
        case 2: {
            int prot = int(rnd(8));
            auto res = as->protect(va, n * PG, prot);
            bool want_ok = m.mapped[p];
            for (unsigned i = p; i < p + n && m.mapped[i]; ++i)
                m.prot[i] = prot;  // up to the first hole
            for (unsigned i = p; i < p + n; ++i) want_ok &= m.mapped[i];
            if (res.has_value() != want_ok)
                t.fail("mprotect at page {}: {} unexpectedly", p,
                       res.has_value() ? "succeeded" : "failed");
            break;
        }
        case 3:
        case 4: {  // a write
            u8 v = u8(1 + rnd(255));
            bool ok = put_byte(va, v);
            bool want = m.mapped[p] && (m.prot[p] & vm::PROT_WRITE);
            if (ok != want)
                t.fail("write to page {} (prot {}): {}", p, m.prot[p], ok ? "worked" : "failed");
            if (ok) m.byte[p] = v;
            break;
        }
        case 5:
        case 6: {  // a read
            int got = get_byte(va);
            bool want = m.mapped[p] && m.prot[p] != vm::PROT_NONE;
            if ((got >= 0) != want)
                t.fail("read of page {} (prot {}): {}", p, m.prot[p],
                       got >= 0 ? "worked" : "failed");
            else if (got >= 0 && u8(got) != m.byte[p])
                t.fail("page {} holds {}, the model {}", p, got, m.byte[p]);
            break;
        }
        default: {  // fork, or let one of two spaces go
            if (spaces[1 - cur]) {
                use(nullptr);
                spaces[1 - cur]->put();
                spaces[1 - cur] = nullptr;
                use(spaces[cur]);
            } else {
                auto c = as->clone_cow();
                if (c.is_error()) {
                    t.fail("clone_cow failed");
                    break;
                }
                spaces[1 - cur] = c.value();
                models[1 - cur] = m;
                if (rnd(2)) {
                    cur = 1 - cur;
                    use(spaces[cur]);
                }
            }
            break;
        }
        }
        // Now and then switch between the two spaces.
        if (spaces[1 - cur] && rnd(4) == 0) {
            cur = 1 - cur;
            use(spaces[cur]);
        }
    }
    t.value("ops", ops);
    // Every page of both spaces, once more.
    for (unsigned s = 0; s < 2 && !t.failed(); ++s) {
        if (!spaces[s]) continue;
        use(spaces[s]);
        for (unsigned p = 0; p < WIN; ++p) {
            const Model& m = models[s];
            int got = get_byte(W + p * PG);
            bool want = m.mapped[p] && m.prot[p] != vm::PROT_NONE;
            if ((got >= 0) != want || (got >= 0 && u8(got) != m.byte[p])) {
                t.fail("space {} page {}: read {}, the model says {} (prot {})", s, p, got,
                       m.mapped[p] ? m.byte[p] : -1, m.prot[p]);
                break;
            }
        }
    }
    use(nullptr);
    for (auto* as : spaces)
        if (as) as->put();
}
