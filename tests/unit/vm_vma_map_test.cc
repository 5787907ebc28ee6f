// tests/unit/vm_vma_map_test.cc — mmap/munmap/mprotect/brk on VMAs against a page model.
//
// The model is one entry per mapped page (protections and flags) with Linux's rules
// written the simple way, page by page. A PageOps "shadow" follows release() and
// reprotect() calls; after every random operation the VMAs of the map (expanded to
// pages), the shadow and the model must agree, the tree must verify, neighbouring VMAs
// of the same kind must have been merged, and the errno of a failure must be the
// model's. Fixed cases check the errors the contract tests rely on (mmap_anon,
// mmap_fixed, munmap_partial, mprotect_partial, brk_*, heap_mmap_separation), and
// allocation failures leave the map unchanged.
// UNIT_SOURCES: kernel/vm/vma.cc kernel/vm/vma_map.cc kernel/lib/format.cc kernel/lib/errno.cc
#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include <cstdlib>
#include <map>
#include <new>

// The kernel's headers first: <sys/mman.h> (from unit.hh) defines PROT_* and MAP_* as
// macros, which would otherwise rewrite vm's constants of the same names and values.
#include "mm/heap.hh"
#include "vm/vma_map.hh"
//
#include "support/unit.hh"

// The heap the VMA code allocates from: malloc, with a failure switch.
namespace {
long allocs_left = -1;  // < 0: never fail
long live_objects = 0;
}  // namespace

Result<void*> mm::kmalloc_at(usize size, const void*) {
    if (allocs_left == 0) return Error(ENOMEM);
    if (allocs_left > 0) --allocs_left;
    ++live_objects;
    return std::malloc(size);
}
void mm::kfree_at(void* p, const void*) {
    if (!p) return;
    --live_objects;
    std::free(p);
}

namespace {

using namespace vm;
constexpr u64 PG = 4096;
constexpr vaddr_t WIN = 0x40000000;  // the window random operations work in
constexpr u64 WIN_PAGES = 64;

struct PageState {
    int prot;
    u32 flags;
    bool operator==(const PageState&) const = default;
};
using Pages = std::map<vaddr_t, PageState>;

// Follows what VmaMap tells the pages; demand paging is simulated by "touching" every
// page of a new mapping (the test does it after each successful map or brk).
struct Shadow final : PageOps {
    Pages pages;
    void release(vaddr_t s, vaddr_t e) override {
        if (!(s < e && s % PG == 0 && e % PG == 0)) cr_fatal("release [%#lx, %#lx)", s, e);
        pages.erase(pages.lower_bound(s), pages.lower_bound(e));
    }
    void reprotect(vaddr_t s, vaddr_t e, int old_prot, int new_prot) override {
        if (old_prot == new_prot) cr_fatal("reprotect without a change");
        for (auto it = pages.lower_bound(s); it != pages.end() && it->first < e; ++it) {
            if (it->second.prot != old_prot)
                cr_fatal("page %#lx: prot %d, not %d", it->first, it->second.prot, old_prot);
            it->second.prot = new_prot;
        }
    }
};

Pages pages_of(const VmaMap& m) {
    Pages out;
    for (Vma* v = m.tree().first(); v; v = VmaTree::next(*v))
        for (vaddr_t a = v->start; a < v->end; a += PG) out[a] = {v->prot, v->flags};
    return out;
}

void check(const VmaMap& m, const Pages& model, const Shadow& shadow) {
    m.tree().verify();
    Pages got = pages_of(m);
    if (got != model) {
        for (auto& [a, p] : model)
            if (!got.count(a) || !(got[a] == p))
                cr_fatal("page %#lx: model prot %d flags %u, map differs", a, p.prot, p.flags);
        for (auto& [a, p] : got)
            if (!model.count(a))
                cr_fatal("page %#lx mapped (prot %d) but not in the model", a, p.prot);
    }
    if (shadow.pages != model) cr_fatal("the page operations do not match the model");
    for (Vma* v = m.tree().first(); v; v = VmaTree::next(*v)) {
        Vma* n = VmaTree::next(*v);
        if (n && n->start == v->end && n->prot == v->prot && n->flags == v->flags)
            cr_fatal("VMAs [%#lx, %#lx) and [%#lx, %#lx) agree but were not merged", v->start,
                     v->end, n->start, n->end);
    }
}

void touch(Shadow& shadow, const VmaMap& m, vaddr_t s, vaddr_t e) {
    for (vaddr_t a = s; a < e; a += PG) {
        Vma* v = m.find(a);
        if (!v) cr_fatal("touch %#lx: no VMA", a);
        shadow.pages[a] = {v->prot, v->flags};
    }
}

bool any_mapped(const Pages& p, vaddr_t s, vaddr_t e) {
    auto it = p.lower_bound(s);
    return it != p.end() && it->first < e;
}

int errno_of(const Result<void>& r) { return r.is_error() ? r.error() : 0; }

// --- the model: Linux's rules, page by page -------------------------------------------

int model_protect(Pages& p, vaddr_t start, u64 len, int prot) {
    if (start % PG) return EINVAL;
    if (len == 0) return 0;
    vaddr_t end = start + align_up(len, PG);
    if (end <= start) return ENOMEM;
    if (prot & ~7) return EINVAL;
    if (!p.count(start)) return ENOMEM;  // (the random test only uses page-aligned starts)
    for (vaddr_t a = start; a < end; a += PG) {
        if (!p.count(a)) return ENOMEM;
        p[a].prot = prot;
    }
    return 0;
}

struct BrkModel {
    vaddr_t start = 0, brk = 0;
};

vaddr_t model_brk(Pages& p, BrkModel& b, vaddr_t want) {
    if (want < b.start || want > TASK_SIZE) return b.brk;
    vaddr_t nt = align_up(want, PG), ot = align_up(b.brk, PG);
    if (nt == ot) return b.brk = want;
    if (want < b.brk) {
        p.erase(p.lower_bound(nt), p.lower_bound(ot));
        return b.brk = want;
    }
    if (any_mapped(p, ot, nt + PG)) return b.brk;
    for (vaddr_t a = ot; a < nt; a += PG) p[a] = {PROT_READ | PROT_WRITE, VMA_HEAP};
    return b.brk = want;
}

struct Fixture {
    VmaMap map;
    Shadow shadow;
    Pages model;
    BrkModel brk;
    ~Fixture() { map.clear(shadow); }
};

}  // namespace

Test(vm_vma_map, random_against_model) {
    auto& rng = unit::rng();
    {
        Fixture f;
        f.map.set_brk_start(WIN + 16 * PG + 100);
        f.brk.start = f.brk.brk = WIN + 17 * PG;
        cr_assert(eq(u64, f.map.current_brk(), f.brk.brk));
        for (int step = 0; step < 20000; ++step) {
            vaddr_t at = WIN + (rng() % WIN_PAGES) * PG;
            u64 len = (1 + rng() % 8) * PG - (rng() % 4 == 0 ? rng() % PG : 0);
            int prot = int(rng() % 8);
            int op = int(rng() % 6);
            if (op == 0 || op == 1) {  // MAP_FIXED / MAP_FIXED_NOREPLACE / a hint
                int kind = int(rng() % 3);
                int flags = MAP_PRIVATE | MAP_ANONYMOUS |
                            (kind == 0   ? MAP_FIXED
                             : kind == 1 ? MAP_FIXED_NOREPLACE
                                         : 0);
                bool shared = rng() % 8 == 0;
                if (shared) flags = (flags & ~MAP_PRIVATE) | MAP_SHARED;
                vaddr_t end = at + align_up(len, PG);
                auto r = f.map.map(at, len, prot, flags, f.shadow);
                PageState st{prot, shared ? u32(VMA_SHARED) : 0u};
                if (kind == 1 && any_mapped(f.model, at, end)) {
                    cr_assert(r.is_error() && r.error() == EEXIST,
                              "NOREPLACE over a mapping: want EEXIST");
                } else {
                    cr_assert(r.has_value(), "map failed: %d", r.error());
                    vaddr_t got = r.value();
                    if (kind != 2 || !any_mapped(f.model, at, end))
                        cr_assert(eq(u64, got, at), "kind %d: placed at %#lx, not %#lx", kind, got,
                                  at);
                    else
                        cr_assert(not(any_mapped(f.model, got, got + (end - at))),
                                  "placed over a mapping at %#lx", got);
                    f.model.erase(f.model.lower_bound(got), f.model.lower_bound(got + (end - at)));
                    for (vaddr_t a = got; a < got + (end - at); a += PG) f.model[a] = st;
                    touch(f.shadow, f.map, got, got + (end - at));
                    if (got !=
                        at) {  // placed elsewhere: checked, then given back (the model stays small)
                        check(f.map, f.model, f.shadow);
                        cr_assert(f.map.unmap(got, end - at, f.shadow).has_value());
                        f.model.erase(f.model.lower_bound(got),
                                      f.model.lower_bound(got + (end - at)));
                    }
                }
            } else if (op == 2) {
                auto r = f.map.unmap(at, len, f.shadow);
                cr_assert(r.has_value());
                f.model.erase(f.model.lower_bound(at), f.model.lower_bound(at + align_up(len, PG)));
            } else if (op == 3 || op == 4) {
                Pages before = f.model;
                int want = model_protect(f.model, at, len, prot);
                int got = errno_of(f.map.protect(at, len, prot, f.shadow));
                cr_assert(eq(int, got, want), "mprotect(%#lx, %#lx, %d)", at, len, prot);
            } else {
                vaddr_t want = WIN + (rng() % (WIN_PAGES - 8)) * PG + (rng() % 2 ? rng() % PG : 0);
                vaddr_t old_top = align_up(f.brk.brk, PG);
                vaddr_t expect = model_brk(f.model, f.brk, want);
                vaddr_t got = f.map.brk(want, f.shadow);
                cr_assert(eq(u64, got, expect), "brk(%#lx)", want);
                if (align_up(got, PG) > old_top) touch(f.shadow, f.map, old_top, align_up(got, PG));
            }
            check(f.map, f.model, f.shadow);
        }
    }
    cr_assert(eq(long, live_objects, 0), "VMAs leaked");
}

Test(vm_vma_map, mmap_errors_as_linux) {
    Fixture f;
    int anon = MAP_PRIVATE | MAP_ANONYMOUS;
    auto err = [&](vaddr_t a, u64 len, int flags) {
        auto r = f.map.map(a, len, PROT_READ, flags, f.shadow);
        return r.is_error() ? r.error() : 0;
    };
    cr_assert(eq(int, err(0, 0, anon), EINVAL));
    cr_assert(eq(int, err(0, PG, MAP_ANONYMOUS), EINVAL));
    cr_assert(eq(int, err(0, 1ull << 47, anon), ENOMEM));
    cr_assert(eq(int, err(0, u64(-4096), anon), ENOMEM));
    cr_assert(eq(int, err(0, 1ull << 48, anon), ENOMEM));
    cr_assert(eq(int, err(0x10001000, PG, anon | MAP_FIXED), 0));
    cr_assert(eq(int, err(0x10000001, PG, anon | MAP_FIXED), EINVAL));
    cr_assert(eq(int, err(0x7ffffffff000, 4 * PG, anon | MAP_FIXED), ENOMEM));
    cr_assert(eq(int, err(0xffffffff80000000, PG, anon | MAP_FIXED), ENOMEM));
    cr_assert(eq(int, err(0x10001000, PG, anon | MAP_FIXED_NOREPLACE), EEXIST));
    // A hint on a mapping is not honoured, and the mapping stays.
    auto r = f.map.map(0x10001000, PG, PROT_READ, anon, f.shadow);
    cr_assert(r.has_value() && r.value() != 0x10001000);
    // Without a hint: below MMAP_BASE, page aligned, not overlapping.
    auto a = f.map.map(0, 3 * PG + 100, PROT_READ, anon, f.shadow);
    cr_assert(a.has_value() && a.value() < MMAP_BASE && a.value() % PG == 0);
    // Two reservations of 64 TiB: the second does not fit.
    cr_assert(eq(int, err(0, 1ull << 46, anon | MAP_NORESERVE), 0));
    cr_assert(eq(int, err(0, 1ull << 46, anon | MAP_NORESERVE), ENOMEM));
}

Test(vm_vma_map, munmap_mprotect_errors_as_linux) {
    Fixture f;
    int anon = MAP_PRIVATE | MAP_ANONYMOUS;
    vaddr_t p = f.map.map(0, 5 * PG, PROT_READ | PROT_WRITE, anon, f.shadow).value();
    cr_assert(eq(int, errno_of(f.map.unmap(p + 1, PG, f.shadow)), EINVAL));
    cr_assert(eq(int, errno_of(f.map.unmap(p, 0, f.shadow)), EINVAL));
    cr_assert(eq(int, errno_of(f.map.unmap(0xffffffff80000000, PG, f.shadow)), EINVAL));
    cr_assert(eq(int, errno_of(f.map.unmap(p, 1ull << 47, f.shadow)), EINVAL));
    cr_assert(eq(int, errno_of(f.map.unmap(p + 10 * PG, PG, f.shadow)), 0));  // nothing there: fine
    cr_assert(eq(int, errno_of(f.map.protect(p, PG, 0x100, f.shadow)), EINVAL));
    cr_assert(
        eq(int, errno_of(f.map.protect(p, PG, PROT_READ | PROT_GROWSDOWN, f.shadow)), EINVAL));
    cr_assert(eq(int, errno_of(f.map.protect(p, PG, PROT_READ | PROT_SEM, f.shadow)), 0));
    cr_assert(eq(int, errno_of(f.map.protect(p + 1, PG, PROT_READ, f.shadow)), EINVAL));
    cr_assert(eq(int, errno_of(f.map.protect(p, 0, PROT_NONE, f.shadow)), 0));
    cr_assert(
        eq(int, errno_of(f.map.protect(0xffffffff80000000, PG, PROT_READ, f.shadow)), ENOMEM));
    // mprotect_partial: a range with a hole fails, but the part before the hole changed.
    cr_assert(eq(int, errno_of(f.map.unmap(p + 4 * PG, PG, f.shadow)), 0));
    cr_assert(eq(int, errno_of(f.map.protect(p + 3 * PG, 2 * PG, PROT_READ, f.shadow)), ENOMEM));
    cr_assert(eq(int, f.map.find(p + 3 * PG)->prot, PROT_READ));
    cr_assert(eq(int, f.map.find(p + 2 * PG)->prot, PROT_READ | PROT_WRITE));
    // A stack mapped with MAP_GROWSDOWN accepts PROT_GROWSDOWN (from its start).
    vaddr_t s = f.map
                    .map(0x7ff000000000, 16 * PG, PROT_READ | PROT_WRITE,
                         anon | MAP_FIXED | MAP_GROWSDOWN, f.shadow)
                    .value();
    cr_assert(
        eq(int, errno_of(f.map.protect(s + 8 * PG, PG, PROT_READ | PROT_GROWSDOWN, f.shadow)), 0));
    cr_assert(eq(int, f.map.find(s)->prot, PROT_READ));
    cr_assert(eq(int, f.map.find(s + 9 * PG)->prot, PROT_READ | PROT_WRITE));
    // The gap below a stack is kept free by hints.
    auto h = f.map.map(s - 2 * PG, PG, PROT_READ, anon, f.shadow);
    cr_assert(h.has_value() && h.value() != s - 2 * PG);
}

Test(vm_vma_map, brk_as_linux) {
    Fixture f;
    int anon = MAP_PRIVATE | MAP_ANONYMOUS;
    vaddr_t start = 0x600000;
    f.map.set_brk_start(start);
    cr_assert(eq(u64, f.map.brk(0, f.shadow), start));
    cr_assert(eq(u64, f.map.brk(start + PG + 123, f.shadow), start + PG + 123));  // unaligned kept
    cr_assert(eq(u64, f.map.find(start + PG)->end, start + 2 * PG));
    cr_assert(
        eq(u64, f.map.brk(start - PG, f.shadow), start + PG + 123));  // below the heap: refused
    cr_assert(eq(u64, f.map.brk(1ull << 47, f.shadow), start + PG + 123));
    cr_assert(eq(u64, f.map.brk(0xffffffff80000000, f.shadow), start + PG + 123));
    cr_assert(eq(u64, f.map.brk(u64(-1), f.shadow), start + PG + 123));
    cr_assert(eq(u64, f.map.brk(start, f.shadow), start));  // shrink to the start
    cr_assert(eq(ptr, f.map.find(start), nullptr));
    // heap_mmap_separation: grow the heap while mapping; no mapping lands inside it.
    for (int i = 1; i <= 32; ++i) {
        f.map.brk(start + u64(i) * 64 * PG, f.shadow);
        vaddr_t m = f.map.map(0, 16 * PG, PROT_READ, anon, f.shadow).value();
        cr_assert(m >= f.map.current_brk() || m + 16 * PG <= start);
    }
    cr_assert(eq(u64, f.map.current_brk(), start + 32 * 64 * PG));
    vaddr_t wall = f.map.current_brk() + 16 * PG;
    cr_assert(eq(u64, f.map.map(wall, PG, PROT_READ, anon | MAP_FIXED_NOREPLACE, f.shadow).value(),
                 wall));
    cr_assert(eq(u64, f.map.brk(wall, f.shadow), wall - 16 * PG), "up to the mapping: refused");
    cr_assert(eq(u64, f.map.brk(wall + PG, f.shadow), wall - 16 * PG), "into it: refused");
    cr_assert(eq(u64, f.map.brk(wall + 64 * PG, f.shadow), wall - 16 * PG), "beyond it: refused");
    cr_assert(eq(u64, f.map.brk(wall - PG, f.shadow), wall - PG), "a page below: allowed");
    // The heap is one VMA, flagged as such.
    Vma* heap = f.map.find(start);
    cr_assert(heap && heap->start == start && heap->end == wall - PG && (heap->flags & VMA_HEAP));
    // A copy (fork) has the same VMAs and break.
    VmaMap copy;
    cr_assert(copy.copy_from(f.map).has_value());
    cr_assert(pages_of(copy) == pages_of(f.map));
    cr_assert(eq(u64, copy.current_brk(), f.map.current_brk()));
    cr_assert(eq(u64, copy.brk_start(), start));
    copy.clear(f.shadow);
}

Test(vm_vma_map, out_of_memory_changes_nothing) {
    Fixture f;
    int anon = MAP_PRIVATE | MAP_ANONYMOUS;
    vaddr_t p =
        f.map.map(0x20000000, 8 * PG, PROT_READ | PROT_WRITE, anon | MAP_FIXED, f.shadow).value();
    touch(f.shadow, f.map, p, p + 8 * PG);
    Pages before = pages_of(f.map);
    allocs_left = 0;
    cr_assert(eq(int, errno_of(f.map.unmap(p + 2 * PG, PG, f.shadow)), ENOMEM));
    cr_assert(eq(int, errno_of(f.map.protect(p + 2 * PG, PG, PROT_READ, f.shadow)), ENOMEM));
    cr_assert(f.map.map(p + 2 * PG, PG, PROT_READ, anon | MAP_FIXED, f.shadow).is_error());
    cr_assert(f.map.map(0, PG, PROT_READ, anon, f.shadow).is_error());
    VmaMap copy;
    cr_assert(copy.copy_from(f.map).is_error());
    allocs_left = 1;  // enough for the new VMA, not for the split
    cr_assert(f.map.map(p + 2 * PG, PG, PROT_READ, anon | MAP_FIXED, f.shadow).is_error());
    allocs_left = -1;
    cr_assert(pages_of(f.map) == before);
    cr_assert(f.shadow.pages == before);
}

Test(vm_vma_map, overcommit_heuristic) {
    Fixture f;
    int anon = MAP_PRIVATE | MAP_ANONYMOUS;
    f.map.set_commit_limit(1000);
    f.map.set_brk_start(0x600000);
    auto err = [&](u64 len, int prot, int flags) {
        auto r = f.map.map(0, len, prot, flags, f.shadow);
        return r.is_error() ? r.error() : 0;
    };
    cr_assert(eq(int, err(1001 * PG, PROT_READ | PROT_WRITE, anon), ENOMEM));
    cr_assert(eq(int, err(1000 * PG, PROT_READ | PROT_WRITE, anon), 0));
    cr_assert(eq(int, err(1001 * PG, PROT_READ | PROT_WRITE, anon | MAP_NORESERVE), 0));
    cr_assert(eq(int, err(1001 * PG, PROT_READ, anon), 0));
    cr_assert(eq(int, err(1001 * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS), 0));
    cr_assert(eq(u64, f.map.brk(0x600000 + 1001 * PG, f.shadow), 0x600000));
    cr_assert(eq(u64, f.map.brk(0x600000 + 1000 * PG, f.shadow), 0x600000 + 1000 * PG));
}
