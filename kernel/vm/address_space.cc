// kernel/vm/address_space.cc — a process's address space: VMAs, page tables, faults, fork.
//
// The VMAs (vma_map.hh) say what may be mapped; the page tables hold what is. mmap only
// records a VMA; the first touch of a page faults and handle_fault puts a zeroed page
// there (demand paging). fork shares every private page read-only, counting its
// mappings (page_ref.hh); the first write to such a page copies it, unless the writer
// is its last user, which just gets write access back (copy-on-write).
//
// Locking: one spinlock per space guards its VMAs and tables. TLB shootdowns wait for
// the other CPUs, which may be spinning on that very lock with interrupts off; so an
// operation collects what must be flushed and freed in a Deferred while it holds the
// lock, and flushes, then frees, after releasing it. Which CPUs need a flush is known
// from a mask of the CPUs that have the space loaded (activate() keeps it): a space
// only this CPU uses is flushed here alone, without interrupting the others.
#include "vm/address_space.hh"

#include <atomic>
#include <new>
#include <type_traits>

#include "arch/x86_64/cpu.hh"
#include "arch/x86_64/irq.hh"
#include "arch/x86_64/percpu.hh"
#include "arch/x86_64/smp.hh"
#include "lib/log.hh"
#include "lib/spinlock.hh"
#include "lib/string.hh"
#include "mm/heap.hh"
#include "mm/kernel_tables.hh"
#include "mm/physmem.hh"
#include "mm/tlb.hh"
#include "vm/page_ref.hh"
#include "vm/user_pt.hh"
#include "vm/vma_map.hh"

namespace vm {
namespace {

using mm::PAGE_SIZE;
namespace pte = mm::pte;

// What an operation leaves for after the lock: flush [lo, hi), then drop one page's
// reference (a copy-on-write break), then free pages no TLB can reach any more.
struct Deferred {
    vaddr_t lo = ~0ull, hi = 0;
    paddr_t unref = 0;
    mm::PageList free;
    void flush(vaddr_t s, vaddr_t e) {
        if (s < lo) lo = s;
        if (e > hi) hi = e;
    }
};

// The space whose tables each CPU has loaded (written only by that CPU, interrupts off).
AddressSpace* loaded[arch::MAX_CPUS];

std::atomic<u64> spaces_live{0};

}  // namespace

struct AddressSpace::Impl final : PageOps {
    SpinLock lock{"address-space"};
    VmaMap vmas;
    paddr_t root = 0;
    std::atomic<u32> refs{1};
    std::atomic<u64> cpus{0};     // bit i: CPU i has these tables loaded
    Deferred* pending = nullptr;  // the running operation's, while the lock is held
    u64 resident = 0;             // pages mapped (present or kept under PROT_NONE)

    void release(vaddr_t start, vaddr_t end) override;
    void reprotect(vaddr_t start, vaddr_t end, int old_prot, int new_prot) override;
    FaultOutcome fault(vaddr_t address, bool write, bool exec);
    Result<void> populate(vaddr_t start, vaddr_t end);
    void finish(Deferred& d);
    /// The sequence of every operation: @p body runs with the lock held and the
    /// operation's Deferred, then finish() flushes and frees after the lock.
    template <typename F>
    auto run(F&& body);
};

namespace {

// Holds the space's lock and points it at the operation's Deferred.
class Op {
public:
    Op(AddressSpace::Impl& impl, Deferred& d) : impl_(impl), irqs_(impl.lock.lock()) {
        impl.pending = &d;
    }
    ~Op() {
        impl_.pending = nullptr;
        impl_.lock.unlock(std::move(irqs_));
    }
    Op(const Op&) = delete;
    Op& operator=(const Op&) = delete;

private:
    AddressSpace::Impl& impl_;
    IrqState irqs_;
};

}  // namespace

template <typename F>
auto AddressSpace::Impl::run(F&& body) {
    Deferred d;
    using R = decltype(body(d));
    if constexpr (std::is_void_v<R>) {
        {
            Op op(*this, d);
            body(d);
        }
        finish(d);
    } else {
        R r = [&]() -> R {
            Op op(*this, d);
            return body(d);
        }();
        finish(d);
        return r;
    }
}

// --- what VmaMap asks of the pages ----------------------------------------------------

void AddressSpace::Impl::release(vaddr_t start, vaddr_t end) {
    bool present = false;
    for_each_slot(root, start, end, [&](vaddr_t, u64* slot) {
        u64 e = *slot;
        if (!holds_page(e)) return;
        present |= (e & pte::P) != 0;
        *slot = 0;
        --resident;
        paddr_t pa = entry_page(e);
        if (page_put(pa)) pending->free.push_back(*mm::page_of_phys(pa));  // ours alone now
    });
    if (present) pending->flush(start, end);
    prune_tables(root, start, end, pending->free);
}

void AddressSpace::Impl::reprotect(vaddr_t start, vaddr_t end, int old_prot, int new_prot) {
    Vma* vma = vmas.find(start);
    bool shared = vma && (vma->flags & VMA_SHARED);
    bool any = false;
    // LAB_BEGIN(03-processes, 1): rewrite the entries of [start, end) for new_prot, keeping pages shared with another space read-only
    for_each_slot(root, start, end, [&](vaddr_t, u64* slot) {
        if (!holds_page(*slot)) return;
        paddr_t pa = entry_page(*slot);
        *slot = leaf_entry(pa, new_prot, shared || page_refs(pa) == 1);
        any = true;
    });
    // LAB_FALLBACK
    // (void)shared;
    // LAB_END
    // Rights taken away must leave every TLB; rights added are picked up by a fault.
    if (any && (old_prot & ~new_prot)) pending->flush(start, end);
}

// --- faults -----------------------------------------------------------------------------

FaultOutcome AddressSpace::Impl::fault(vaddr_t address, bool write, bool exec) {
    if (address >= USER_TOP) return FaultOutcome::BadAddress;
    Vma* vma = vmas.find(address);
    if (!vma) return FaultOutcome::BadAddress;
    int prot = vma->prot;
    if (!(prot & (PROT_READ | PROT_WRITE | PROT_EXEC)) || (write && !(prot & PROT_WRITE)) ||
        (exec && !(prot & PROT_EXEC)))
        return FaultOutcome::BadAccess;
    vaddr_t va = align_down(address, PAGE_SIZE);
    bool shared = vma->flags & VMA_SHARED;

    // LAB_BEGIN(03-processes, 1): demand paging (a zeroed page where there is none) and copy-on-write (copy a shared page on write, or take it back when this space is its last user)
    u64* slot = find_slot(root, va);
    if (!slot || !holds_page(*slot)) {
        auto page = alloc_user_page();
        if (page.is_error()) return FaultOutcome::OutOfMemory;
        auto made = make_slot(root, va);
        if (made.is_error()) {
            page_put(page.value());
            mm::free_pages(page.value(), 0);
            return FaultOutcome::OutOfMemory;
        }
        *made.value() = leaf_entry(page.value(), prot, true);
        ++resident;
        return FaultOutcome::Resolved;
    }
    paddr_t pa = entry_page(*slot);
    if (write && !(*slot & pte::W) && !shared && page_refs(pa) > 1) {
        auto copy = mm::alloc_pages(0);
        if (copy.is_error()) return FaultOutcome::OutOfMemory;
        memcpy(mm::phys_to_virt(copy.value()), mm::phys_to_virt(pa), PAGE_SIZE);
        page_refcount(copy.value()).store(1, std::memory_order_relaxed);
        *slot = leaf_entry(copy.value(), prot, true);
        // The old page stays referenced until no TLB of ours can reach it.
        pending->flush(va, va + PAGE_SIZE);
        pending->unref = pa;
        return FaultOutcome::Resolved;
    }
    // The last user of a copy-on-write page gets it back writable; anything else was a
    // stale TLB entry on this CPU (another CPU resolved the fault first).
    *slot = leaf_entry(pa, prot, shared || page_refs(pa) == 1);
    arch::invlpg(va);
    return FaultOutcome::Resolved;
    // LAB_FALLBACK
    // (void)va;
    // (void)shared;
    // return FaultOutcome::BadAddress;
    // LAB_END
}

Result<void> AddressSpace::Impl::populate(vaddr_t start, vaddr_t end) {
    for (vaddr_t va = start; va < end; va += PAGE_SIZE) {
        Vma* vma = vmas.find(va);
        if (!vma) return Error(EFAULT);
        u64* slot = find_slot(root, va);
        if (slot && holds_page(*slot)) continue;
        paddr_t pa = TRY(alloc_user_page());
        auto made = make_slot(root, va);
        if (made.is_error()) {
            page_put(pa);
            mm::free_pages(pa, 0);
            return Error(ENOMEM);
        }
        *made.value() = leaf_entry(pa, vma->prot, true);
        ++resident;
    }
    return {};
}

void AddressSpace::Impl::finish(Deferred& d) {
    if (d.hi > d.lo) {
        // LAB_BEGIN(03-processes, 1): flush [lo, hi) from every CPU that may hold it: here only, when no other CPU has the space loaded, else everywhere (mm::flush_tlb)
        IrqState irqs = IrqState::save();
        u64 me = 1ull << arch::cpu_index();
        std::atomic_thread_fence(
            std::memory_order_seq_cst);  // the entries are written before the mask is read
        u64 users = cpus.load(std::memory_order_seq_cst);
        if (users & ~me) {
            irqs.restore();
            mm::flush_tlb(d.lo, d.hi - d.lo);
        } else {
            if (users & me) mm::flush_tlb_local(d.lo, d.hi - d.lo);
            irqs.restore();
        }
        // LAB_FALLBACK
        // mm::flush_tlb_local(d.lo, d.hi - d.lo);
        // LAB_END
    }
    if (d.unref && page_put(d.unref)) mm::free_pages(d.unref, 0);
    while (mm::Page* p = d.free.pop_front()) mm::free_pages(mm::page_phys(p), 0);
}

// --- the interface ----------------------------------------------------------------------

Result<AddressSpace*> AddressSpace::create() {
    void* mem = TRY(mm::kmalloc(sizeof(AddressSpace)));
    auto impl = mm::make<Impl>();
    if (impl.is_error()) {
        mm::kfree(mem);
        return Error(ENOMEM);
    }
    auto root = mm::alloc_pages_zeroed(0);
    if (root.is_error()) {
        mm::destroy(impl.value());
        mm::kfree(mem);
        return Error(ENOMEM);
    }
    // The kernel half: the same PML4 entries as the kernel's own tables.
    u64* pml4 = mm::phys_to_virt<u64>(root.value());
    const u64* kernel = mm::phys_to_virt<u64>(mm::kernel_root());
    for (unsigned i = 256; i < 512; ++i) pml4[i] = kernel[i];
    AddressSpace* as = new (mem) AddressSpace();
    as->impl_ = impl.value();
    as->impl_->root = root.value();
    as->impl_->vmas.set_commit_limit(mm::phys_stats().usable_pages);
    spaces_live.fetch_add(1, std::memory_order_relaxed);
    return as;
}

void AddressSpace::get() { impl_->refs.fetch_add(1, std::memory_order_relaxed); }

namespace {

// Run on a CPU (by IPI, or directly) when a space is destroyed: off its tables.
void evict(void* arg) {
    auto* as = static_cast<AddressSpace*>(arg);
    unsigned me = arch::cpu_index();
    if (loaded[me] != as) return;
    if ((arch::read_cr3() & pte::ADDR) == as->root()) arch::write_cr3(mm::kernel_root());
    loaded[me] = nullptr;
}

}  // namespace

void AddressSpace::put() {
    if (impl_->refs.fetch_sub(1, std::memory_order_acq_rel) != 1) return;
    // LAB_BEGIN(03-processes, 1): the last user is gone: make every CPU leave the tables, release every VMA's pages, free the tables and the objects
    // No CPU may keep the tables loaded once they are freed.
    IrqState irqs = IrqState::save();
    u64 users = impl_->cpus.load(std::memory_order_seq_cst);
    evict(this);
    impl_->cpus.fetch_and(~(1ull << arch::cpu_index()));
    irqs.restore();
    if (users & ~(1ull << arch::cpu_index())) smp::call_on_others(evict, this, true);

    impl_->run([&](Deferred& d) {
        impl_->vmas.clear(*impl_);
        free_lower_tables(impl_->root, d.free);
        d.lo = ~0ull;  // nothing to flush: no CPU has the tables any more
        d.hi = 0;
    });
    mm::free_pages(impl_->root, 0);
    mm::destroy(impl_);
    this->~AddressSpace();
    mm::kfree(this);
    spaces_live.fetch_sub(1, std::memory_order_relaxed);
    // LAB_FALLBACK
    // (void)evict;
    // LAB_END
}

void AddressSpace::activate() {
    IrqGuard irqs_off;
    unsigned me = arch::cpu_index();
    AddressSpace* prev = loaded[me];
    if (prev != this) {
        if (prev) prev->impl_->cpus.fetch_and(~(1ull << me), std::memory_order_seq_cst);
        impl_->cpus.fetch_or(1ull << me, std::memory_order_seq_cst);
        loaded[me] = this;
    }
    arch::write_cr3(impl_->root);
}

void AddressSpace::activate_kernel() {
    IrqGuard irqs_off;
    unsigned me = arch::cpu_index();
    if (AddressSpace* prev = loaded[me]) {
        prev->impl_->cpus.fetch_and(~(1ull << me), std::memory_order_seq_cst);
        loaded[me] = nullptr;
    }
    arch::write_cr3(mm::kernel_root());
}

paddr_t AddressSpace::root() const { return impl_->root; }

Result<vaddr_t> AddressSpace::map_anonymous(vaddr_t hint, usize length, int prot, int flags) {
    if ((flags & MAP_FIXED) && hint < MMAP_MIN_ADDR)
        return Error(EPERM);  // as Linux for unprivileged users
    return impl_->run([&](Deferred&) -> Result<vaddr_t> {
        vaddr_t at = TRY(impl_->vmas.map(hint, length, prot, flags, *impl_));
        // Shared anonymous memory is allocated at once, so that fork shares every page.
        if ((flags & MAP_TYPE) != MAP_PRIVATE || (flags & MAP_POPULATE)) {
            vaddr_t end = at + align_up(length, PAGE_SIZE);
            if (impl_->populate(at, end).is_error()) {
                (void)impl_->vmas.unmap(at, end - at, *impl_);
                return Error(ENOMEM);
            }
        }
        return at;
    });
}

Result<void> AddressSpace::unmap(vaddr_t start, usize length) {
    return impl_->run([&](Deferred&) { return impl_->vmas.unmap(start, length, *impl_); });
}

Result<void> AddressSpace::protect(vaddr_t start, usize length, int prot) {
    return impl_->run([&](Deferred&) { return impl_->vmas.protect(start, length, prot, *impl_); });
}

vaddr_t AddressSpace::brk(vaddr_t new_break) {
    return impl_->run([&](Deferred&) { return impl_->vmas.brk(new_break, *impl_); });
}

void AddressSpace::set_brk_start(vaddr_t start) {
    SpinLockGuard g(impl_->lock);
    impl_->vmas.set_brk_start(start);
}

FaultOutcome AddressSpace::handle_fault(vaddr_t address, bool write, bool exec) {
    return impl_->run([&](Deferred&) { return impl_->fault(address, write, exec); });
}

Result<AddressSpace*> AddressSpace::clone_cow() {
    AddressSpace* child = TRY(create());
    Impl& c = *child->impl_;
    Result<void> r = impl_->run([&]([[maybe_unused]] Deferred& d) -> Result<void> {
        TRY(c.vmas.copy_from(impl_->vmas));
        // LAB_BEGIN(03-processes, 1): share every page with the child: private ones read-only in both spaces (copy-on-write), each with one more reference
        for (Vma* v = impl_->vmas.tree().first(); v; v = VmaTree::next(*v)) {
            bool shared = v->flags & VMA_SHARED;
            Result<void> inner;
            for_each_slot(impl_->root, v->start, v->end, [&](vaddr_t va, u64* slot) {
                if (inner.is_error() || !holds_page(*slot)) return;
                if (!shared && (*slot & pte::W)) {
                    *slot &= ~pte::W;
                    d.flush(v->start, v->end);
                }
                auto made = make_slot(c.root, va);
                if (made.is_error()) {
                    inner = Error(ENOMEM);
                    return;
                }
                *made.value() = *slot & ~(pte::A | pte::D);
                page_get(entry_page(*slot));
                ++c.resident;
            });
            TRY(inner);
        }
        // LAB_FALLBACK
        // return Error(ENOSYS);
        // LAB_END
        return {};
    });
    if (r.is_error()) {
        child->put();
        return Error(r.error());
    }
    return child;
}

Result<void> AddressSpace::write_bytes(vaddr_t dst, const void* src, usize len) {
    if (dst >= USER_TOP || len > USER_TOP - dst) return Error(EFAULT);
    const u8* from = static_cast<const u8*>(src);
    // One page at a time, each with its own lock and flush (a copy-on-write break
    // leaves one page to release).
    while (len > 0) {
        usize chunk = PAGE_SIZE - (dst & (PAGE_SIZE - 1));
        if (chunk > len) chunk = len;
        TRY(impl_->run([&](Deferred&) -> Result<void> {
            u64* slot = find_slot(impl_->root, align_down(dst, PAGE_SIZE));
            if (!slot || !(*slot & pte::P) || !(*slot & pte::W)) {
                if (impl_->fault(dst, true, false) != FaultOutcome::Resolved) return Error(EFAULT);
                slot = find_slot(impl_->root, align_down(dst, PAGE_SIZE));
            }
            memcpy(mm::phys_to_virt<u8>(entry_page(*slot)) + (dst & (PAGE_SIZE - 1)), from, chunk);
            return {};
        }));
        dst += chunk;
        from += chunk;
        len -= chunk;
    }
    return {};
}

Result<paddr_t> AddressSpace::translate(vaddr_t va) {
    SpinLockGuard g(impl_->lock);
    u64* slot = va < USER_TOP ? find_slot(impl_->root, align_down(va, PAGE_SIZE)) : nullptr;
    if (!slot || !holds_page(*slot)) return Error(ENOENT);
    return entry_page(*slot) + (va & (PAGE_SIZE - 1));
}

Result<paddr_t> AddressSpace::shared_physical(vaddr_t va) {
    SpinLockGuard g(impl_->lock);
    Vma* vma = va < USER_TOP ? impl_->vmas.find(va) : nullptr;
    if (!vma) return Error(EFAULT);
    if (!(vma->flags & VMA_SHARED)) {
        if (!(vma->prot & PROT_WRITE)) return Error(EFAULT);
        return paddr_t(0);
    }
    u64* slot = find_slot(impl_->root, align_down(va, PAGE_SIZE));
    if (!slot || !holds_page(*slot)) return Error(ENOENT);
    return entry_page(*slot) + (va & (PAGE_SIZE - 1));
}

AddressSpace::Stats AddressSpace::stats() {
    SpinLockGuard g(impl_->lock);
    return Stats{impl_->vmas.tree().size(), impl_->resident, impl_->vmas.current_brk(),
                 impl_->cpus.load(std::memory_order_relaxed)};
}

u64 AddressSpace::live_count() { return spaces_live.load(std::memory_order_relaxed); }

}  // namespace vm
