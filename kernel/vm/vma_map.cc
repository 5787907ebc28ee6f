// kernel/vm/vma_map.cc — mmap, munmap, mprotect and brk as operations on VMAs (see vma_map.hh).
//
// Every operation that may need new VMAs (a split at each edge of a range) allocates
// them before it changes anything, so that running out of memory leaves the map as
// it was. Neighbouring VMAs with the same protections and flags are merged again, so
// that a process that maps and unmaps a lot does not accumulate fragments.
#include "vm/vma_map.hh"

#include "lib/panic.hh"
#include "mm/heap.hh"

namespace vm {
namespace {

constexpr u64 PAGE = VM_PAGE_SIZE;
constexpr int PROT_MASK = PROT_READ | PROT_WRITE | PROT_EXEC;

// Where the free range below @p vma must end: a stack that grows down keeps a gap.
vaddr_t start_gap(const Vma& vma) {
    if (!(vma.flags & VMA_GROWSDOWN)) return vma.start;
    return vma.start > STACK_GUARD_GAP ? vma.start - STACK_GUARD_GAP : 0;
}

bool same_kind(const Vma& a, const Vma& b) { return a.prot == b.prot && a.flags == b.flags; }

}  // namespace

VmaMap::~VmaMap() {
    while (Vma* v = tree_.first()) {
        tree_.erase(*v);
        free_vma(v);
    }
}

Result<Vma*> VmaMap::new_vma(vaddr_t start, vaddr_t end, int prot, u32 flags) {
    Vma* v = TRY(mm::make<Vma>());
    v->start = start;
    v->end = end;
    v->prot = prot;
    v->flags = flags;
    return v;
}

void VmaMap::free_vma(Vma* vma) { mm::destroy(vma); }

Vma* VmaMap::split(Vma& vma, vaddr_t at, Vma* spare) {
    if (!spare) panic("VmaMap::split: no VMA prepared for the split at {:#x}", at);
    if (at <= vma.start || at >= vma.end)
        panic("VmaMap::split: {:#x} is not inside [{:#x}, {:#x})", at, vma.start, vma.end);
    spare->start = at;
    spare->end = vma.end;
    spare->prot = vma.prot;
    spare->flags = vma.flags;
    vma.end = at;
    tree_.insert(*spare);
    return spare;
}

Vma* VmaMap::merge_around(Vma* vma) {
    Vma* p = VmaTree::prev(*vma);
    if (p && p->end == vma->start && same_kind(*p, *vma)) {
        vaddr_t end = vma->end;
        tree_.erase(*vma);
        free_vma(vma);
        p->end = end;
        vma = p;
    }
    Vma* n = VmaTree::next(*vma);
    if (n && vma->end == n->start && same_kind(*vma, *n)) {
        vaddr_t end = n->end;
        tree_.erase(*n);
        free_vma(n);
        vma->end = end;
    }
    return vma;
}

bool VmaMap::range_free(vaddr_t start, vaddr_t end) const {
    Vma* v = tree_.first_ending_after(start);
    return !v || v->start >= end;
}

void VmaMap::cut(vaddr_t start, vaddr_t end, Vma*& spare, PageOps& ops) {
    // LAB_BEGIN(03-processes, 1): remove [start, end) from the VMAs: drop the ones inside, trim the ones that overlap an edge, split one that spans the whole range (with spare); release each removed piece through ops
    Vma* v = tree_.first_ending_after(start);
    if (v && v->start < start && v->end > end) {
        split(*v, end, spare);
        spare = nullptr;
        v->end = start;
        ops.release(start, end);
        return;
    }
    while (v && v->start < end) {
        Vma* next = VmaTree::next(*v);
        if (v->start < start) {  // the range cuts off its top
            ops.release(start, v->end);
            v->end = start;
        } else if (v->end > end) {  // the range cuts off its bottom
            ops.release(v->start, end);
            v->start = end;
        } else {
            ops.release(v->start, v->end);
            tree_.erase(*v);
            free_vma(v);
        }
        v = next;
    }
    // LAB_FALLBACK
    // (void)start;
    // (void)end;
    // (void)spare;
    // (void)ops;
    // LAB_END
}

Result<vaddr_t> VmaMap::find_free(u64 length, vaddr_t low, vaddr_t high) const {
    // LAB_BEGIN(03-processes, 1): find the highest free range of length bytes in [low, high), walking the VMAs down from high
    vaddr_t top = high;
    for (Vma* v = tree_.last_starting_before(high);; v = VmaTree::prev(*v)) {
        vaddr_t floor = v && v->end > low ? v->end : low;
        if (top >= floor && top - floor >= length) return top - length;
        if (!v) break;
        vaddr_t gap = start_gap(*v);
        if (gap < top) top = gap;
        if (top <= low) break;
    }
    return Error(ENOMEM);
    // LAB_FALLBACK
    // (void)length;
    // (void)low;
    // (void)high;
    // return Error(ENOMEM);
    // LAB_END
}

Result<vaddr_t> VmaMap::map(vaddr_t hint, u64 length, int prot, int flags, PageOps& ops) {
    if (length == 0) return Error(EINVAL);
    if (flags & MAP_FIXED_NOREPLACE) flags |= MAP_FIXED;
    if (!(flags & MAP_FIXED) && hint && hint < MMAP_MIN_ADDR) hint = MMAP_MIN_ADDR;
    u64 len = align_up(length, PAGE);
    if (len == 0 || len > TASK_SIZE) return Error(ENOMEM);  // 0: the rounding overflowed

    vaddr_t addr = hint;
    if (!(flags & MAP_FIXED)) {
        // A hint is taken when the range is free (with the gap below a stack).
        addr = align_down(hint, PAGE);
        Vma* above = addr ? tree_.first_ending_after(addr) : nullptr;
        bool hint_fits =
            addr && addr <= TASK_SIZE - len && (!above || addr + len <= start_gap(*above));
        if (!hint_fits) {
            auto below_base = find_free(len, MMAP_MIN_ADDR, MMAP_BASE);
            addr = below_base.has_value() ? below_base.value()
                                          : TRY(find_free(len, MMAP_MIN_ADDR, TASK_SIZE));
        }
    }
    if (addr > TASK_SIZE - len) return Error(ENOMEM);
    if (addr % PAGE) return Error(EINVAL);
    if ((flags & MAP_FIXED_NOREPLACE) && !range_free(addr, addr + len)) return Error(EEXIST);
    int type = flags & MAP_TYPE;
    if (type != MAP_PRIVATE && type != MAP_SHARED && type != MAP_SHARED_VALIDATE)
        return Error(EINVAL);
    bool accountable = (prot & PROT_WRITE) && type == MAP_PRIVATE && !(flags & MAP_NORESERVE);
    if (accountable && commit_limit_ && len / PAGE > commit_limit_) return Error(ENOMEM);

    u32 vflags = (type == MAP_PRIVATE ? 0u : u32(VMA_SHARED)) |
                 ((flags & MAP_GROWSDOWN) ? u32(VMA_GROWSDOWN) : 0u);
    Vma* vma = TRY(new_vma(addr, addr + len, prot & PROT_MASK, vflags));
    Vma* spare = nullptr;
    if (flags & MAP_FIXED) {
        Vma* v = tree_.first_ending_after(addr);
        if (v && v->start < addr && v->end > addr + len) {
            auto s = mm::make<Vma>();
            if (s.is_error()) {
                free_vma(vma);
                return Error(ENOMEM);
            }
            spare = s.value();
        }
        cut(addr, addr + len, spare, ops);
    }
    if (spare) free_vma(spare);
    tree_.insert(*vma);
    merge_around(vma);
    return addr;
}

Result<void> VmaMap::unmap(vaddr_t start, u64 length, PageOps& ops) {
    if (start % PAGE || start > TASK_SIZE || length > TASK_SIZE - start) return Error(EINVAL);
    u64 len = align_up(length, PAGE);
    if (len == 0) return Error(EINVAL);
    vaddr_t end = start + len;
    Vma* spare = nullptr;
    Vma* v = tree_.first_ending_after(start);
    if (v && v->start < start && v->end > end) spare = TRY(mm::make<Vma>());
    cut(start, end, spare, ops);
    if (spare) free_vma(spare);
    return {};
}

Result<void> VmaMap::protect(vaddr_t start, u64 length, int prot, PageOps& ops) {
    int grows = prot & (PROT_GROWSDOWN | PROT_GROWSUP);
    prot &= ~(PROT_GROWSDOWN | PROT_GROWSUP);
    if (grows == (PROT_GROWSDOWN | PROT_GROWSUP)) return Error(EINVAL);
    if (start % PAGE) return Error(EINVAL);
    if (length == 0) return {};
    vaddr_t end = start + align_up(length, PAGE);
    if (end <= start) return Error(ENOMEM);
    if (prot & ~(PROT_MASK | PROT_SEM)) return Error(EINVAL);
    prot &= PROT_MASK;

    Vma* v = tree_.first_ending_after(start);
    if (!v || v->start >= end) return Error(ENOMEM);
    if (grows & PROT_GROWSDOWN) {
        start = v->start;
        if (!(v->flags & VMA_GROWSDOWN)) return Error(EINVAL);
    } else if (v->start > start) {
        return Error(ENOMEM);
    }
    if (grows & PROT_GROWSUP) return Error(EINVAL);  // x86 has no stack growing up

    // At most two splits: one where the range starts and one where it ends.
    Vma* spares[2] = {};
    for (auto& s : spares) {
        auto r = mm::make<Vma>();
        if (r.is_error()) {
            for (Vma* t : spares)
                if (t) free_vma(t);
            return Error(ENOMEM);
        }
        s = r.value();
    }
    auto take_spare = [&]() -> Vma* {
        for (auto& s : spares)
            if (s) {
                Vma* t = s;
                s = nullptr;
                return t;
            }
        return nullptr;
    };

    // LAB_BEGIN(03-processes, 1): walk the VMAs from start: stop with ENOMEM at a hole; give each VMA that needs it the new protections (split at start and end; ops.reprotect)
    Result<void> result{};
    vaddr_t done = start;       // everything below is handled
    vaddr_t expect = v->start;  // where the next VMA must start (no hole)
    while (v && v->start < end) {
        if (v->start != expect) {
            result = Error(ENOMEM);
            break;
        }
        vaddr_t piece_end = v->end < end ? v->end : end;
        if (v->prot != prot) {
            if (v->start < start) v = split(*v, start, take_spare());
            if (v->end > piece_end) split(*v, piece_end, take_spare());
            ops.reprotect(v->start, v->end, v->prot, prot);
            v->prot = prot;
        }
        done = expect = piece_end;
        v = VmaTree::next(*v);
    }
    if (result.has_value() && done < end) result = Error(ENOMEM);
    // Merge what now agrees with its neighbours again.
    for (Vma* w = tree_.first_ending_after(start ? start - 1 : 0); w && w->start <= done;) {
        w = merge_around(w);
        w = VmaTree::next(*w);
    }
    // LAB_FALLBACK
    // Result<void> result = Error(ENOSYS);
    // (void)ops;
    // (void)take_spare;
    // LAB_END
    for (Vma* s : spares)
        if (s) free_vma(s);
    return result;
}

void VmaMap::set_brk_start(vaddr_t start) {
    brk_start_ = align_up(start, PAGE);
    brk_ = brk_start_;
}

vaddr_t VmaMap::brk(vaddr_t new_break, PageOps& ops) {
    // LAB_BEGIN(03-processes, 1): move the break as Linux does: refuse below the heap's start, shrink by unmapping, grow only with a page of room below the next VMA; return the break in force
    if (brk_start_ == 0 || new_break < brk_start_ || new_break > TASK_SIZE) return brk_;
    vaddr_t new_top = align_up(new_break, PAGE), old_top = align_up(brk_, PAGE);
    if (new_top == old_top) {
        brk_ = new_break;
        return brk_;
    }
    if (new_break < brk_) {
        Vma* spare = nullptr;
        Vma* v = tree_.first_ending_after(new_top);
        if (v && v->start < new_top && v->end > old_top) {
            auto s = mm::make<Vma>();
            if (s.is_error()) return brk_;
            spare = s.value();
        }
        cut(new_top, old_top, spare, ops);
        if (spare) free_vma(spare);
        brk_ = new_break;
        return brk_;
    }
    // Growing: the heap must stay a page below whatever comes next.
    Vma* next = tree_.first_ending_after(old_top);
    if (next && new_top + PAGE > start_gap(*next)) return brk_;
    if (commit_limit_ && (new_top - old_top) / PAGE > commit_limit_) return brk_;
    Vma* heap = old_top > 0 ? tree_.find(old_top - 1) : nullptr;
    if (heap && heap->end == old_top && (heap->flags & VMA_HEAP) &&
        heap->prot == (PROT_READ | PROT_WRITE)) {
        heap->end = new_top;
    } else {
        auto v = new_vma(old_top, new_top, PROT_READ | PROT_WRITE, VMA_HEAP);
        if (v.is_error()) return brk_;
        tree_.insert(*v.value());
    }
    brk_ = new_break;
    return brk_;
    // LAB_FALLBACK
    // (void)new_break;
    // (void)ops;
    // return brk_;
    // LAB_END
}

Result<void> VmaMap::copy_from(const VmaMap& other) {
    for (Vma* v = other.tree_.first(); v; v = VmaTree::next(*v)) {
        auto copy = new_vma(v->start, v->end, v->prot, v->flags);
        if (copy.is_error()) {
            while (Vma* w = tree_.first()) {
                tree_.erase(*w);
                free_vma(w);
            }
            return Error(ENOMEM);
        }
        tree_.insert(*copy.value());
    }
    brk_start_ = other.brk_start_;
    brk_ = other.brk_;
    commit_limit_ = other.commit_limit_;
    return {};
}

void VmaMap::clear(PageOps& ops) {
    while (Vma* v = tree_.first()) {
        ops.release(v->start, v->end);
        tree_.erase(*v);
        free_vma(v);
    }
}

}  // namespace vm
