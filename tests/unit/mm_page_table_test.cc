// tests/unit/mm_page_table_test.cc — the page-table iterator and PageTable on simulated
// physical memory, against a model of the address space.
//
// Table pages come from a host-side TableMemory that counts them (leaks show). The
// model is a map of extents [va, va + size) -> (pa, flags); random map, unmap, protect
// and translate calls over a lower-half window and a kernel-half window, with 4 KiB,
// 2 MiB and 1 GiB pages, must agree with it, and walking the tables with PtIter must
// visit exactly the model's pages. Unmapping everything frees every lower-half table.
// With a held bit (a page kept in a non-present leaf, as for PROT_NONE user pages) such
// a leaf is no hole: pruning keeps its tables, mapping over it fails, unmapping clears it.
// UNIT_SOURCES: kernel/mm/page_table.cc kernel/lib/format.cc kernel/lib/errno.cc
#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include <cstring>
#include <map>
#include <set>
#include <vector>

#include "mm/page_table.hh"
#include "support/unit.hh"

namespace {

using mm::PAGE_SIZE;

// Physical memory for tables only: pages at made-up physical addresses.
class SimTables final : public mm::TableMemory {
public:
    explicit SimTables(usize max_pages) : max_(max_pages) {}
    ~SimTables() {
        for (auto& [pa, p] : pages_) delete[] p;
    }
    u64* table(paddr_t pa) override {
        auto it = pages_.find(pa);
        if (it == pages_.end()) std::abort();  // a walk followed a bad entry
        return it->second;
    }
    Result<paddr_t> alloc_table() override {
        if (pages_.size() >= max_) return Error(ENOMEM);
        paddr_t pa = next_;
        next_ += PAGE_SIZE;
        pages_[pa] = new u64[512]();
        return pa;
    }
    void free_table(paddr_t pa) override {
        auto it = pages_.find(pa);
        if (it == pages_.end()) std::abort();  // double free of a table
        delete[] it->second;
        pages_.erase(it);
    }
    usize live() const { return pages_.size(); }
    usize max_ = 0;

private:
    std::map<paddr_t, u64*> pages_;
    paddr_t next_ = 0x7000000000ull;
};

struct Extent {
    u64 size;
    paddr_t pa;
    mm::PageFlags flags;
};
using Model = std::map<vaddr_t, Extent>;

// Cuts the model's extents at @p va so that an extent starts there.
void cut(Model& m, vaddr_t va) {
    auto it = m.upper_bound(va);
    if (it == m.begin()) return;
    --it;
    if (it->first == va || it->first + it->second.size <= va) return;
    Extent left = it->second;
    u64 offset = va - it->first;
    m[va] = {left.size - offset, left.pa + offset, left.flags};
    it->second.size = offset;
}

void model_unmap(Model& m, vaddr_t va, u64 size) {
    cut(m, va);
    cut(m, va + size);
    for (auto it = m.lower_bound(va); it != m.end() && it->first < va + size;) it = m.erase(it);
}

bool model_covered(Model& m, vaddr_t va, u64 size) {
    vaddr_t at = va;
    auto it = m.upper_bound(va);
    if (it != m.begin()) --it;
    for (; it != m.end() && at < va + size; ++it) {
        if (it->first + it->second.size <= at) continue;
        if (it->first > at) return false;
        at = it->first + it->second.size;
    }
    return at >= va + size;
}

bool model_any(Model& m, vaddr_t va, u64 size) {
    auto it = m.upper_bound(va);
    if (it != m.begin() && std::prev(it)->first + std::prev(it)->second.size > va) return true;
    return it != m.end() && it->first < va + size;
}

const Extent* model_find(Model& m, vaddr_t va, vaddr_t& start) {
    auto it = m.upper_bound(va);
    if (it == m.begin()) return nullptr;
    --it;
    if (va >= it->first + it->second.size) return nullptr;
    start = it->first;
    return &it->second;
}

constexpr vaddr_t LOW = 0x0000000040000000ull;   // 1 GiB: lower-half window of 8 GiB
constexpr vaddr_t HIGH = 0xffff900000000000ull;  // kernel-half window of 8 GiB
constexpr u64 WINDOW = 8 * GiB;

}  // namespace

Test(mm_page_table, random_operations_against_a_model) {
    SimTables mem(1u << 20);
    paddr_t root = mm::PageTable::create_root(mem).value();
    mm::PageTable pt(mem, root);
    Model model;
    auto& rng = unit::rng();
    const mm::PageFlags flag_choices[] = {mm::PG_READ,
                                          mm::PG_WRITE,
                                          mm::PG_WRITE | mm::PG_GLOBAL,
                                          mm::PG_EXEC,
                                          mm::PG_WRITE | mm::PG_UNCACHED,
                                          mm::PG_WRITE | mm::PG_USER};
    for (int op = 0; op < 20000; ++op) {  // ~2 s plain, ~35 s under ASan on a loaded 2-core machine
        vaddr_t base = rng() % 2 ? LOW : HIGH;
        u64 kind = rng() % 100;
        u64 size, align, max_page = PAGE_SIZE;
        if (kind < 80) {
            size = (1 + rng() % 64) * PAGE_SIZE;
            align = PAGE_SIZE;
        } else if (kind < 97) {
            size = (1 + rng() % 4) * mm::LARGE_PAGE_SIZE;
            align = mm::LARGE_PAGE_SIZE;
            max_page = mm::LARGE_PAGE_SIZE;
        } else {
            size = mm::HUGE_PAGE_SIZE;
            align = mm::HUGE_PAGE_SIZE;
            max_page = mm::HUGE_PAGE_SIZE;
        }
        vaddr_t va = base + align_down(rng() % (WINDOW - size), align);
        if (rng() % 4 == 0)
            va =
                base + align_down(rng() % (WINDOW - size), PAGE_SIZE);  // unaligned for large pages
        mm::PageFlags flags = flag_choices[rng() % 6];
        switch (rng() % 4) {
        case 0: {  // map
            paddr_t pa = align_down(rng() % (1ull << 40), align);
            auto r = pt.try_map(va, pa, size, flags, max_page);
            if (model_any(model, va, size)) {
                cr_assert(r.is_error() && r.error() == EEXIST,
                          "op %d: map over a mapping did not fail with EEXIST", op);
            } else {
                cr_assert(r.has_value(), "op %d: map failed with %d", op, r.error());
                model[va] = {size, pa, flags};
            }
            break;
        }
        case 1:  // unmap
            cr_assert(pt.try_unmap(va, size).has_value(), "op %d", op);
            model_unmap(model, va, size);
            break;
        case 2: {  // protect
            auto r = pt.try_protect(va, size, flags);
            if (model_covered(model, va, size)) {
                cr_assert(r.has_value(), "op %d: protect failed", op);
                cut(model, va);
                cut(model, va + size);
                for (auto it = model.lower_bound(va); it != model.end() && it->first < va + size;
                     ++it)
                    it->second.flags = flags;
            } else {
                cr_assert(r.is_error() && r.error() == ENOENT,
                          "op %d: protect over a hole did not fail with ENOENT", op);
            }
            break;
        }
        default: {  // translate a few addresses
            for (int k = 0; k < 8; ++k) {
                vaddr_t probe = base + rng() % WINDOW;
                auto r = pt.try_translate(probe);
                vaddr_t start = 0;
                const Extent* e = model_find(model, probe, start);
                if (!e) {
                    cr_assert(r.is_error(), "op %d: %#lx translates but the model has nothing", op,
                              probe);
                    continue;
                }
                cr_assert(r.has_value(), "op %d: %#lx does not translate", op, probe);
                mm::Mapping m = r.value();
                cr_assert(m.pa + (probe - m.va) == e->pa + (probe - start),
                          "op %d: %#lx maps to the wrong frame", op, probe);
                cr_assert(m.flags == e->flags, "op %d: %#lx has flags %#x, model %#x", op, probe,
                          m.flags, e->flags);
            }
        }
        }
    }
    // Walk both windows with the iterator: exactly the model's pages, nothing else.
    u64 walked = 0, leaves = 0;
    for (vaddr_t base : {LOW, HIGH}) {
        for (mm::PtIter it(pt, base); !it.done() && it.va() < base + WINDOW; it.next()) {
            if (!it.present()) continue;
            ++leaves;
            // The leaf may cover several model extents (protect does not split a large
            // page whose flags stay the same): each must agree with it.
            vaddr_t end = it.page_va() + it.page_size();
            for (vaddr_t at = it.page_va(); at < end;) {
                vaddr_t start = 0;
                const Extent* e = model_find(model, at, start);
                cr_assert(e != nullptr, "the tables map %#lx, the model does not", at);
                cr_assert(it.mapping().pa + (at - it.page_va()) == e->pa + (at - start),
                          "%#lx: wrong frame", at);
                cr_assert(it.flags() == e->flags, "%#lx: flags %#x, model %#x", at, it.flags(),
                          e->flags);
                at = start + e->size < end ? start + e->size : end;
            }
            walked += it.page_size();
        }
    }
    u64 modeled = 0;
    for (auto& [va, e] : model) modeled += e.size;
    cr_assert(walked == modeled, "walked %lu bytes in %lu leaves, model has %lu", walked, leaves,
              modeled);

    // Unmapping everything frees every lower-half table (the kernel half keeps its own).
    pt.try_unmap(LOW, WINDOW).value();
    pt.try_unmap(HIGH, WINDOW).value();
    for (mm::PtIter it(pt, LOW); !it.done() && it.va() < LOW + WINDOW; it.next())
        cr_assert(not(it.present()));
    const u64* pml4 = mem.table(root);
    for (unsigned i = 0; i < 256; ++i)
        cr_assert(pml4[i] == 0, "lower-half PML4 slot %u still used", i);
}

Test(mm_page_table, large_pages_split_and_errors) {
    SimTables mem(64);
    paddr_t root = mm::PageTable::create_root(mem).value();
    mm::PageTable pt(mem, root, true);
    vaddr_t va = 0xffff800000000000ull;
    pt.try_map(va, 0, 2 * mm::HUGE_PAGE_SIZE, mm::PG_WRITE | mm::PG_GLOBAL, mm::HUGE_PAGE_SIZE)
        .value();
    cr_assert(pt.try_translate(va + 5).value().size == mm::HUGE_PAGE_SIZE);
    usize before = mem.live();
    // Protecting one 4 KiB page in the middle splits 1 GiB -> 2 MiB -> 4 KiB.
    pt.try_protect(va + 0x12345000, PAGE_SIZE, mm::PG_READ).value();
    cr_assert(mem.live() == before + 2);
    mm::Mapping m = pt.try_translate(va + 0x12345678).value();
    cr_assert(m.size == PAGE_SIZE);
    cr_assert(m.pa == 0x12345000);
    cr_assert(m.flags == mm::PG_READ);
    cr_assert(pt.try_translate(va + 0x12346000).value().flags == (mm::PG_WRITE | mm::PG_GLOBAL));
    cr_assert(pt.try_translate(va + 0x40000000).value().size == mm::HUGE_PAGE_SIZE);
    // NX: non-executable unless PG_EXEC.
    u64 first_entry = pt.try_translate(va).value().entry;
    cr_assert(0 != (first_entry & mm::pte::NX), "entry %#lx", first_entry);

    cr_assert(pt.try_map(va + 1, 0, PAGE_SIZE, 0).error() == EINVAL);
    cr_assert(pt.try_map(0x0000800000000000ull, 0, PAGE_SIZE, 0).error() ==
              EINVAL);  // non-canonical
    cr_assert(pt.try_map(va, 0, PAGE_SIZE, 0).error() == EEXIST);
    cr_assert(pt.try_translate(0x1000).error() == ENOENT);

    // Out of table pages: ENOMEM, and nothing of the range stays mapped.
    mem.max_ = mem.live();
    auto r = pt.try_map(0x400000000ull, 0, 8 * PAGE_SIZE, mm::PG_WRITE);
    cr_assert(r.is_error() && r.error() == ENOMEM);
    cr_assert(pt.try_translate(0x400000000ull).is_error());

    auto panic = unit::capture_panic([&] { pt.map(va, 0, PAGE_SIZE, 0); });
    cr_assert(panic.panicked);
    cr_assert(panic.message_contains("EEXIST"), "%s", panic.message().c_str());
}

Test(mm_page_table, a_large_page_replaces_an_emptied_table) {
    SimTables mem(64);
    mm::PageTable pt(mem, mm::PageTable::create_root(mem).value());
    vaddr_t va = 0x200000;
    pt.try_map(va, 0x1000, PAGE_SIZE, mm::PG_WRITE).value();
    pt.try_unmap(va, PAGE_SIZE).value();
    cr_assert(mem.live() == 1, "lower-half tables were not freed");
    vaddr_t kva = 0xffff880000200000ull;
    pt.try_map(kva, 0x1000, PAGE_SIZE, mm::PG_WRITE).value();
    pt.try_unmap(kva, PAGE_SIZE).value();
    // The kernel-half PT stays, but is empty: a 2 MiB page may replace it.
    pt.try_map(kva, 0x400000, mm::LARGE_PAGE_SIZE, mm::PG_WRITE, mm::LARGE_PAGE_SIZE).value();
    cr_assert(pt.try_translate(kva + 0x1234).value().size == mm::LARGE_PAGE_SIZE);
}

// A software bit that makes a non-present leaf hold a page, as vm/user_pt.hh's
// SOFT_NONE does for pages kept under PROT_NONE.
constexpr u64 SOFT_HELD = 1ull << 9;

Test(mm_page_table, a_held_non_present_leaf_keeps_its_tables) {
    SimTables mem(64);
    mm::PageTable pt(mem, mm::PageTable::create_root(mem).value(), true, SOFT_HELD);
    vaddr_t va = 0x40200000;
    pt.try_map(va, 0x5000, 2 * PAGE_SIZE, mm::PG_WRITE | mm::PG_USER).value();
    cr_assert(mem.live() == 4);
    // The second page is kept but made unreachable: not present, held.
    mm::PtIter it(pt, va + PAGE_SIZE);
    cr_assert(it.level() == 0 && it.present());
    *it.slot() = 0x6000 | SOFT_HELD;
    it.go(va + PAGE_SIZE);
    cr_assert(it.level() == 0 && !it.present() && it.holds());
    cr_assert(pt.try_translate(va + PAGE_SIZE).error() == ENOENT);
    cr_assert(pt.try_map(va + PAGE_SIZE, 0x7000, PAGE_SIZE, 0).error() == EEXIST);

    // Unmapping the present page prunes nothing: the held one is still under the tables.
    pt.try_unmap(va, PAGE_SIZE).value();
    pt.try_prune(0, 0x0000800000000000ull).value();
    cr_assert(mem.live() == 4, "a table holding a non-present page was freed");
    it.go(va + PAGE_SIZE);
    cr_assert(it.holds() && *it.slot() == (0x6000 | SOFT_HELD));
    // A large page may not replace the table that holds it either.
    cr_assert(pt.try_map(va, 0x400000, mm::LARGE_PAGE_SIZE, 0, mm::LARGE_PAGE_SIZE).error() ==
              EEXIST);

    // Unmapping the held page clears it; then every lower-half table goes.
    pt.try_unmap(va + PAGE_SIZE, PAGE_SIZE).value();
    cr_assert(mem.live() == 1, "%zu tables left", mem.live());
}

Test(mm_page_table, without_held_bits_a_non_present_entry_is_a_hole) {
    SimTables mem(64);
    mm::PageTable pt(mem, mm::PageTable::create_root(mem).value());
    vaddr_t va = 0x40200000;
    mm::PtIter it(pt, va);
    *it.try_make_slot().value() = 0x6000 | SOFT_HELD;
    it.go(va);
    cr_assert(it.level() == 0 && !it.holds());
    pt.try_prune(va, PAGE_SIZE).value();
    cr_assert(mem.live() == 1);
}

Test(mm_page_table, make_slot_creates_tables_once_and_stands_on_the_slot) {
    SimTables mem(64);
    mm::PageTable pt(mem, mm::PageTable::create_root(mem).value(), true, SOFT_HELD);
    vaddr_t va = 0x7f0000123000ull;
    mm::PtIter it(pt, va);
    cr_assert(it.level() == 3 && !it.holds());
    u64* slot = it.try_make_slot().value();
    cr_assert(mem.live() == 4);
    cr_assert(it.level() == 0 && it.slot() == slot && !it.holds());
    cr_assert(mm::PtIter(pt, va).slot() == slot);
    cr_assert(mm::PtIter(pt, va).try_make_slot().value() == slot);
    cr_assert(mem.live() == 4);
    // A slot above a level: its PD entry, below a PML4 and PDPT that exist.
    cr_assert(mm::PtIter(pt, va + mm::HUGE_PAGE_SIZE).try_make_slot(1).has_value());
    cr_assert(mem.live() == 5);
    // Through a large page: EEXIST; bad levels and addresses: EINVAL.
    pt.try_map(0x40000000, 0, mm::LARGE_PAGE_SIZE, 0, mm::LARGE_PAGE_SIZE).value();
    cr_assert(mm::PtIter(pt, 0x40001000).try_make_slot().error() == EEXIST);
    cr_assert(mm::PtIter(pt, va).try_make_slot(mm::PT_LEVELS).error() == EINVAL);
    cr_assert(mm::PtIter(pt, 0x0000800000000000ull).try_make_slot().error() == EINVAL);
    // Slots made and left empty are pruned.
    pt.try_prune(0x7f0000000000ull, 0x1000000000ull).value();
    // Left: the PML4, and the PDPT and PD above the 2 MiB page.
    cr_assert(mem.live() == 3, "%zu tables left", mem.live());
    cr_assert(pt.try_prune(0xffff800000000000ull, PAGE_SIZE).error() == EINVAL);
    cr_assert(pt.try_prune(0x1000, 5).error() == EINVAL);
}

Test(mm_page_table, stepping_slot_by_slot_matches_a_fresh_walk) {
    SimTables mem(64);
    mm::PageTable pt(mem, mm::PageTable::create_root(mem).value(), true, SOFT_HELD);
    // Two leaf tables side by side, a hole after them, one more page further on.
    vaddr_t lo = 0x3fe000, hi = 0x40000000 + 2 * PAGE_SIZE;
    pt.try_map(lo, 0x10000, 4 * PAGE_SIZE, mm::PG_USER).value();
    pt.try_map(0x40000000, 0x20000, PAGE_SIZE, mm::PG_USER).value();
    *mm::PtIter(pt, 0x400000).slot() = 0x30000 | SOFT_HELD;
    unsigned slots = 0, held = 0;
    for (mm::PtIter it(pt, lo); !it.done() && it.va() < hi; it.next()) {
        mm::PtIter fresh(pt, it.va());
        cr_assert(fresh.slot() == it.slot() && fresh.level() == it.level(), "at %#lx", it.va());
        if (it.level() == 0) ++slots;
        if (it.holds()) ++held;
    }
    // 2 slots of the first leaf table, all 512 of the second, 2 of the third.
    cr_assert(slots == 2 + 512 + 2, "%u slots", slots);
    cr_assert(held == 5, "%u held", held);
}
