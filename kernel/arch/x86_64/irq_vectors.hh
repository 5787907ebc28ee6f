// kernel/arch/x86_64/irq_vectors.hh — interrupt vectors handed out at run time (MSI-X).
//
//   u8 v = TRY(irqvec::alloc(on_queue_irq, this, "virtio-blk vda"));
//   ... program v into an MSI-X table entry ...
//
// The fixed vectors (interrupts.hh: ISA IRQs at 0x20-0x2f, the timer and IPIs from 0xf0)
// stay where they are; the vectors between them, 0x40 to 0xef, are allocated here, one
// per device interrupt source. The handler takes a context pointer (a driver's
// object) and runs with interrupts off; the allocator's common entry sends the EOI
// after it returns, so handlers never do.
#pragma once

#include "lib/result.hh"
#include "lib/types.hh"

namespace irqvec {

/// The range of vectors allocated at run time.
constexpr u8 FIRST_DYNAMIC = 0x40;
constexpr u8 LAST_DYNAMIC = 0xef;

using Handler = void (*)(void* ctx);

/// A free vector whose interrupts call @p fn(@p ctx); ENOSPC when all are taken.
Result<u8> alloc(Handler fn, void* ctx, const char* name);

/// Gives @p vector back (its handler is no longer called).
void free(u8 vector);

/// Vectors handed out and not freed (for tests and the log).
usize in_use();

}  // namespace irqvec
