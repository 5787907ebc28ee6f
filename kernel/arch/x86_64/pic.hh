// kernel/arch/x86_64/pic.hh — the legacy 8259 PIC pair, which we only ever silence.
#pragma once

namespace pic {

/// Remaps the two 8259s to vectors 0x20-0x2f (so that a stray interrupt cannot look
/// like a CPU exception) and masks all sixteen lines. Interrupts then come through
/// the local APIC and the I/O APIC only.
void disable();

}  // namespace pic
