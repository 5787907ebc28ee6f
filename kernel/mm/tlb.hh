// kernel/mm/tlb.hh — the one way to invalidate translations: here and on every other CPU.
//
// A CPU caches translations in its TLB; changing an entry does not reach those copies.
// After unmapping or restricting a page, flush_tlb() invalidates it on this CPU
// (invlpg, or a full flush for big ranges) and, once other CPUs run, on each of them
// through smp::call_on_others, waiting until all have done it ("shootdown").
// Adding a mapping where there was none needs no flush (x86 does not cache "not
// present").
#pragma once

#include "lib/types.hh"

namespace mm {

/// Invalidates [va, va + size) on every CPU, global pages included.
void flush_tlb(vaddr_t va, u64 size);
/// Invalidates everything, global pages included, on every CPU.
void flush_tlb_all();
/// This CPU only (what the shootdown runs on the others).
void flush_tlb_local(vaddr_t va, u64 size);
void flush_tlb_local_all();

/// Shootdowns sent since boot (for tests and statistics).
u64 tlb_shootdowns();

}  // namespace mm
