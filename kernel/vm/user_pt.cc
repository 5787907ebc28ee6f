// kernel/vm/user_pt.cc — walking, growing and pruning the user half of page tables (user_pt.hh).
#include "vm/user_pt.hh"

#include "arch/x86_64/cpu.hh"
#include "mm/layout.hh"
#include "mm/physmem.hh"
#include "vm/address_space.hh"

namespace vm {
namespace {

using namespace mm;

// Intermediate entries allow everything; the leaf decides.
constexpr u64 TABLE_BITS = pte::P | pte::W | pte::U;
constexpr u64 EFER_NXE = 1u << 11;

u64* table_at(paddr_t pa) { return phys_to_virt<u64>(pa); }

bool nx_enabled() {
    static int nx = -1;  // the same answer on every CPU; racing first calls agree
    if (nx < 0) nx = (arch::rdmsr(arch::MSR_EFER) & EFER_NXE) ? 1 : 0;
    return nx == 1;
}

bool all_zero(const u64* t) {
    for (unsigned i = 0; i < 512; ++i)
        if (t[i]) return false;
    return true;
}

// Frees the empty tables below @p table (a table of @p level covering from @p base)
// within [lo, hi); true when @p table itself is left empty.
bool prune(paddr_t table, unsigned level, vaddr_t base, vaddr_t lo, vaddr_t hi, PageList& freed) {
    u64* t = table_at(table);
    if (level > 0) {
        u64 span = level_size(level);
        unsigned first = level_index(lo, level), last = level_index(hi - 1, level);
        for (unsigned i = first; i <= last; ++i) {
            if (!(t[i] & pte::P)) continue;
            vaddr_t child = base + u64(i) * span;
            vaddr_t clo = lo > child ? lo : child, chi = hi < child + span ? hi : child + span;
            if (prune(t[i] & pte::ADDR, level - 1, child, clo, chi, freed)) {
                freed.push_back(*page_of_phys(t[i] & pte::ADDR));
                t[i] = 0;
            }
        }
    }
    return all_zero(t);
}

void free_all(paddr_t table, unsigned level, unsigned entries, PageList& freed) {
    u64* t = table_at(table);
    for (unsigned i = 0; i < entries; ++i) {
        if (!(t[i] & pte::P)) continue;
        if (level > 1) free_all(t[i] & pte::ADDR, level - 1, 512, freed);
        freed.push_back(*page_of_phys(t[i] & pte::ADDR));
        t[i] = 0;
    }
}

}  // namespace

u64 leaf_entry(paddr_t pa, int prot, bool writable) {
    if (!(prot & (PROT_READ | PROT_WRITE | PROT_EXEC))) return pa | SOFT_NONE;
    u64 e = pa | pte::P | pte::U;
    if ((prot & PROT_WRITE) && writable) e |= pte::W;
    if (!(prot & PROT_EXEC) && nx_enabled()) e |= pte::NX;
    return e;
}

u64* find_slot(paddr_t root, vaddr_t va, vaddr_t* hole_end) {
    paddr_t table = root;
    for (unsigned level = 3; level > 0; --level) {
        u64 e = table_at(table)[level_index(va, level)];
        if (!(e & pte::P)) {
            if (hole_end) *hole_end = align_down(va, level_size(level)) + level_size(level);
            return nullptr;
        }
        table = e & pte::ADDR;
    }
    return &table_at(table)[level_index(va, 0)];
}

Result<u64*> make_slot(paddr_t root, vaddr_t va) {
    paddr_t table = root;
    for (unsigned level = 3; level > 0; --level) {
        u64& e = table_at(table)[level_index(va, level)];
        if (!(e & pte::P)) e = TRY(alloc_pages_zeroed(0)) | TABLE_BITS;
        table = e & pte::ADDR;
    }
    return &table_at(table)[level_index(va, 0)];
}

void prune_tables(paddr_t root, vaddr_t lo, vaddr_t hi, PageList& freed) {
    if (lo >= hi) return;
    prune(root, 3, 0, lo, hi, freed);  // the PML4 itself stays
}

void free_lower_tables(paddr_t root, PageList& freed) { free_all(root, 3, 256, freed); }

}  // namespace vm
