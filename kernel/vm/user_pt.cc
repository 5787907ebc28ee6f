// kernel/vm/user_pt.cc — the user half of page tables on mm::PageTable's walker (user_pt.hh).
#include "vm/user_pt.hh"

#include "arch/x86_64/cpu.hh"
#include "mm/layout.hh"
#include "mm/physmem.hh"
#include "vm/address_space.hh"

namespace vm {
namespace {

using namespace mm;

constexpr u64 EFER_NXE = 1u << 11;

bool nx_enabled() {
    static int nx = -1;  // the same answer on every CPU; racing first calls agree
    if (nx < 0) nx = (arch::rdmsr(arch::MSR_EFER) & EFER_NXE) ? 1 : 0;
    return nx == 1;
}

}  // namespace

u64* UserTableMemory::table(paddr_t pa) { return phys_to_virt<u64>(pa); }

Result<paddr_t> UserTableMemory::alloc_table() { return alloc_pages_zeroed(0); }

void UserTableMemory::free_table(paddr_t pa) {
    kassert(freed_);
    freed_->push_back(*page_of_phys(pa));
}

PageTable user_tables(UserTableMemory& memory, paddr_t root) {
    return PageTable(memory, root, nx_enabled(), SOFT_NONE);
}

u64 leaf_entry(paddr_t pa, int prot, bool writable) {
    if (!(prot & (PROT_READ | PROT_WRITE | PROT_EXEC))) return pa | SOFT_NONE;
    u64 e = pa | pte::P | pte::U;
    if ((prot & PROT_WRITE) && writable) e |= pte::W;
    if (!(prot & PROT_EXEC) && nx_enabled()) e |= pte::NX;
    return e;
}

u64* find_slot(paddr_t root, vaddr_t va) {
    UserTableMemory memory;
    PageTable pt = user_tables(memory, root);
    PtIter it(pt, va);
    return it.level() == 0 ? it.slot() : nullptr;
}

Result<u64*> make_slot(paddr_t root, vaddr_t va) {
    UserTableMemory memory;
    PageTable pt = user_tables(memory, root);
    return PtIter(pt, va).try_make_slot(0);
}

void prune_tables(paddr_t root, vaddr_t lo, vaddr_t hi, PageList& freed) {
    if (lo >= hi) return;
    UserTableMemory memory(&freed);
    user_tables(memory, root).try_prune(lo, hi - lo).value();  // page-aligned user range
}

void free_lower_tables(paddr_t root, PageList& freed) {
    UserTableMemory memory(&freed);
    user_tables(memory, root).try_prune(0, USER_TOP).value();  // every leaf is clear
}

}  // namespace vm
