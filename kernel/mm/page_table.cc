// kernel/mm/page_table.cc — walking, mapping, unmapping and protecting 4-level page tables.
//
// Every operation is built on PtIter, which finds the deepest entry for one virtual
// address. The kernel's tables and the user half of every process's (vm/user_pt.cc)
// go through this one walker; they differ only in which entries hold something
// (PageTable::holds), and pruning respects that. Ranges are processed page by page
// with the largest page that fits; large pages that a range only partly covers are
// split into 512 smaller ones first.
#include "mm/page_table.hh"

namespace mm {
namespace {

constexpr vaddr_t LOWER_HALF_END = 0x0000800000000000ull;
constexpr vaddr_t UPPER_HALF_START = 0xffff800000000000ull;

bool is_lower_half(vaddr_t va) { return va < LOWER_HALF_END; }

// Bits of a non-leaf entry: everything is decided by the leaf, so tables allow all.
u64 table_bits(vaddr_t va) { return pte::P | pte::W | (is_lower_half(va) ? pte::U : 0); }

unsigned level_for_size(u64 size) {
    if (size == PAGE_SIZE) return 0;
    if (size == LARGE_PAGE_SIZE) return 1;
    if (size == HUGE_PAGE_SIZE) return 2;
    return ~0u;
}

// A range [va, va + size) is valid when page aligned, non-empty, and inside one half.
bool valid_range(vaddr_t va, u64 size) {
    if (size == 0 || (va | size) & (PAGE_SIZE - 1)) return false;
    vaddr_t last = va + size - 1;
    if (last < va) return false;  // wraps around
    if (!is_canonical(va) || !is_canonical(last)) return false;
    return is_lower_half(va) == is_lower_half(last);
}

// True when no leaf that holds something lies under the table at @p table (of @p level).
bool subtree_empty(const PageTable& pt, paddr_t table, unsigned level) {
    const u64* t = pt.memory().table(table);
    for (unsigned i = 0; i < 512; ++i) {
        u64 e = t[i];
        if (!pt.holds(e)) continue;
        if (level == 0 || (e & pte::PS) || !(e & pte::P)) return false;
        if (!subtree_empty(pt, e & pte::ADDR, level - 1)) return false;
    }
    return true;
}

// Frees the table at @p table (of @p level) and every table below it.
void free_subtree(TableMemory& mem, paddr_t table, unsigned level) {
    if (level > 0) {
        u64* t = mem.table(table);
        for (unsigned i = 0; i < 512; ++i)
            if ((t[i] & pte::P) && !(t[i] & pte::PS))
                free_subtree(mem, t[i] & pte::ADDR, level - 1);
    }
    mem.free_table(table);
}

// Frees the tables under [lo, hi] (inclusive) of a lower-half table that hold nothing;
// returns true when @p table itself now holds nothing.
bool prune(const PageTable& pt, paddr_t table, unsigned level, vaddr_t base, vaddr_t lo,
           vaddr_t hi) {
    TableMemory& mem = pt.memory();
    u64* t = mem.table(table);
    if (level > 0) {
        unsigned first = level_index(lo, level), last = level_index(hi, level);
        for (unsigned i = first; i <= last; ++i) {
            u64 e = t[i];
            if (!(e & pte::P) || (e & pte::PS)) continue;
            vaddr_t child = base + u64(i) * level_size(level);
            vaddr_t child_last = child + level_size(level) - 1;
            if (prune(pt, e & pte::ADDR, level - 1, child, lo > child ? lo : child,
                      hi < child_last ? hi : child_last)) {
                t[i] = 0;
                mem.free_table(e & pte::ADDR);
            }
        }
    }
    for (unsigned i = 0; i < 512; ++i)
        if (pt.holds(t[i])) return false;
    return true;
}

}  // namespace

// --- PtIter ---------------------------------------------------------------------------

PtIter::PtIter(const PageTable& pt, vaddr_t va) : pt_(&pt), va_(va) { walk(); }

void PtIter::walk() {
    entry_ = nullptr;
    level_ = 3;
    if (!is_canonical(va_)) return;
    // LAB_BEGIN(02-paging, 1): walk from the PML4 down: stop at a non-present entry, a PS (large page) entry or the level-0 entry; remember it and its level
    //! [pt_walk]
    u64* table = pt_->mem_.table(pt_->root_);
    for (unsigned level = 3;; --level) {
        u64* e = &table[level_index(va_, level)];
        entry_ = e;
        level_ = level;
        if (!(*e & pte::P) || level == 0 || (*e & pte::PS)) return;
        table = pt_->mem_.table(*e & pte::ADDR);
    }
    //! [pt_walk]
    // LAB_FALLBACK
    // panic("TODO(lab 02-paging): PtIter::walk");
    // LAB_END
}

void PtIter::go(vaddr_t va) {
    va_ = va;
    done_ = false;
    walk();
}

void PtIter::next() {
    vaddr_t next = page_va() + page_size();
    if (next == 0) {  // past the top of the address space
        done_ = true;
        return;
    }
    // Inside one leaf table the next slot is the neighbour in memory: no walk needed.
    if (level_ == 0 && entry_ && (next & (level_size(1) - 1))) {
        va_ = next;
        ++entry_;
        return;
    }
    if (next == LOWER_HALF_END) next = UPPER_HALF_START;
    go(next);
}

Result<u64*> PtIter::try_make_slot(unsigned level) {
    if (level >= PT_LEVELS || !is_canonical(va_)) return Error(EINVAL);
    // LAB_BEGIN(02-paging, 1): create the missing tables from the PML4 down to the entry of va() at level (EEXIST when a large page is on the way) and stand on that entry
    TableMemory& mem = pt_->mem_;
    u64* table = mem.table(pt_->root_);
    for (unsigned l = 3; l > level; --l) {
        u64& e = table[level_index(va_, l)];
        if (!(e & pte::P)) {
            paddr_t t = TRY(mem.alloc_table());
            e = t | table_bits(va_);
        } else if (e & pte::PS) {
            return Error(EEXIST);
        }
        table = mem.table(e & pte::ADDR);
    }
    entry_ = &table[level_index(va_, level)];
    level_ = level;
    done_ = false;
    return entry_;
    // LAB_FALLBACK
    // return Error(ENOSYS);
    // LAB_END
}

Result<void> PtIter::try_map(paddr_t pa, PageFlags flags, u64 size) {
    unsigned target = level_for_size(size);
    if (target == ~0u || (va_ | pa) & (size - 1) || !is_canonical(va_)) return Error(EINVAL);
    // LAB_BEGIN(02-paging, 1): find the entry of the target level (try_make_slot), refuse to map over anything it holds (EEXIST), write the leaf entry
    u64& e = *TRY(try_make_slot(target));
    if (pt_->holds(e)) {
        // An empty table where a large page should go (left by an earlier unmap) is
        // replaced; anything that holds something is a conflict.
        if (target == 0 || (e & pte::PS) || !(e & pte::P) ||
            !subtree_empty(*pt_, e & pte::ADDR, target - 1))
            return Error(EEXIST);
        paddr_t old = e & pte::ADDR;
        e = 0;
        free_subtree(pt_->mem_, old, target - 1);
    }
    e = pa | pt_->leaf_bits(flags, target);
    walk();
    return {};
    // LAB_FALLBACK
    // (void)flags;
    // return Error(ENOSYS);
    // LAB_END
}

void PtIter::unmap_leaf() {
    kassert(holds());
    *entry_ = 0;
}

void PtIter::set_flags(PageFlags flags) {
    kassert(present());
    *entry_ = (*entry_ & pte::ADDR & ~(page_size() - 1)) | pt_->leaf_bits(flags, level_);
}

//! [pt_split]
Result<void> PtIter::try_split() {
    kassert(present() && level_ > 0);
    TableMemory& mem = pt_->mem_;
    paddr_t t = TRY(mem.alloc_table());
    u64* child = mem.table(t);
    u64 child_size = level_size(level_ - 1);
    paddr_t base = *entry_ & pte::ADDR & ~(page_size() - 1);
    u64 bits = pt_->leaf_bits(flags(), level_ - 1);
    for (unsigned i = 0; i < 512; ++i) child[i] = (base + i * child_size) | bits;
    *entry_ = t | table_bits(va_);
    walk();
    return {};
}
//! [pt_split]

// --- PageTable ------------------------------------------------------------------------

Result<paddr_t> PageTable::create_root(TableMemory& memory) { return memory.alloc_table(); }

//! [leaf_bits]
u64 PageTable::leaf_bits(PageFlags flags, unsigned level) const {
    u64 e = pte::P;
    if (flags & PG_WRITE) e |= pte::W;
    if (flags & PG_USER) e |= pte::U;
    if (flags & PG_GLOBAL) e |= pte::G;
    if (flags & PG_UNCACHED) e |= pte::PCD | pte::PWT;
    if (!(flags & PG_EXEC) && nx_) e |= pte::NX;
    if (level > 0) e |= pte::PS;
    return e;
}
//! [leaf_bits]

PageFlags PageTable::decode(u64 e) {
    PageFlags f = PG_READ;
    if (e & pte::W) f |= PG_WRITE;
    if (!(e & pte::NX)) f |= PG_EXEC;
    if (e & pte::U) f |= PG_USER;
    if (e & pte::G) f |= PG_GLOBAL;
    if (e & pte::PCD) f |= PG_UNCACHED;
    return f;
}

//! [pt_map_range]
Result<void> PageTable::try_map(vaddr_t va, paddr_t pa, u64 size, PageFlags flags, u64 max_page) {
    if (!valid_range(va, size) || (pa & (PAGE_SIZE - 1)) || level_for_size(max_page) == ~0u)
        return Error(EINVAL);
    PtIter it(*this, va);
    u64 done = 0;
    while (done < size) {
        u64 page = max_page;
        while (page > PAGE_SIZE && (((va + done) | (pa + done)) & (page - 1) || size - done < page))
            page >>= 9;
        it.go(va + done);
        auto r = it.try_map(pa + done, flags, page);
        if (r.is_error()) {
            if (done) try_unmap(va, done).value();  // whole leaves we made: no split, no error
            return r;
        }
        done += page;
    }
    return {};
}
//! [pt_map_range]

//! [pt_unmap_range]
Result<void> PageTable::try_unmap(vaddr_t va, u64 size) {
    if (!valid_range(va, size)) return Error(EINVAL);
    vaddr_t last = va + size - 1;
    PtIter it(*this, va);
    for (vaddr_t v = va;;) {
        it.go(v);
        vaddr_t page_last = it.page_va() + it.page_size() - 1;
        if (it.holds()) {
            if (it.page_va() < v || page_last > last) {
                TRY(it.try_split());
                continue;
            }
            it.unmap_leaf();
        }
        if (page_last >= last) break;
        v = page_last + 1;
    }
    if (is_lower_half(va)) prune(*this, root_, 3, 0, va, last);
    return {};
}
//! [pt_unmap_range]

Result<void> PageTable::try_prune(vaddr_t va, u64 size) {
    if (!valid_range(va, size) || !is_lower_half(va)) return Error(EINVAL);
    prune(*this, root_, 3, 0, va, va + size - 1);  // the PML4 itself stays
    return {};
}

Result<void> PageTable::try_protect(vaddr_t va, u64 size, PageFlags flags) {
    if (!valid_range(va, size)) return Error(EINVAL);
    vaddr_t last = va + size - 1;
    PtIter it(*this, va);
    // First every page must be there, so that an error changes nothing.
    for (vaddr_t v = va;;) {
        it.go(v);
        if (!it.present()) return Error(ENOENT);
        vaddr_t page_last = it.page_va() + it.page_size() - 1;
        if (page_last >= last) break;
        v = page_last + 1;
    }
    for (vaddr_t v = va;;) {
        it.go(v);
        vaddr_t page_last = it.page_va() + it.page_size() - 1;
        if ((it.page_va() < v || page_last > last) && it.flags() != flags) {
            TRY(it.try_split());
            continue;
        }
        it.set_flags(flags);
        if (page_last >= last) break;
        v = page_last + 1;
    }
    return {};
}

Result<Mapping> PageTable::try_translate(vaddr_t va) const {
    PtIter it(*this, va);
    if (!it.present()) return Error(ENOENT);
    return it.mapping();
}

void PageTable::map(vaddr_t va, paddr_t pa, u64 size, PageFlags flags, u64 max_page) {
    auto r = try_map(va, pa, size, flags, max_page);
    if (r.is_error())
        panic("page tables: mapping {:#x}+{:#x} -> {:#x} failed ({})", va, size, pa,
              errno_name(r.error()));
}

void PageTable::unmap(vaddr_t va, u64 size) {
    auto r = try_unmap(va, size);
    if (r.is_error())
        panic("page tables: unmapping {:#x}+{:#x} failed ({})", va, size, errno_name(r.error()));
}

void PageTable::protect(vaddr_t va, u64 size, PageFlags flags) {
    auto r = try_protect(va, size, flags);
    if (r.is_error())
        panic("page tables: protecting {:#x}+{:#x} failed ({})", va, size, errno_name(r.error()));
}

}  // namespace mm
