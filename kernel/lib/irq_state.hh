// kernel/lib/irq_state.hh — the saved interrupt flag as a value that must be given back.
//
// Turning interrupts off to do something and on again afterwards is a pair that is easy
// to break: an early return skips the restore, or a bool is restored twice or never.
// Here the saved state is an object:
//
//   IrqGuard g;                          // off now, back as it was at the end of the scope
//
//   IrqState irqs = lock.lock();         // SpinLock::lock hands the state to its caller,
//   ...                                  // who may move it elsewhere (never copy it),
//   lock.unlock(std::move(irqs));        // and gives it back exactly once
//
// An IrqState destroyed without having been restored panics, naming what it held, as
// does restoring one twice: forgetting is caught at the first run, not in a hang later.
#pragma once

#include <utility>

#include "arch/x86_64/irq.hh"
#include "lib/panic.hh"

/// The interrupt flag as it was before interrupts were turned off; move-only, restored
/// exactly once (restore(), or SpinLock::unlock).
class [[nodiscard]] IrqState {
public:
    /// Turns interrupts off and returns the state to restore later.
    static IrqState save() { return IrqState(arch::irq_save()); }

    IrqState(IrqState&& other)
        : enabled_(other.enabled_), owned_(std::exchange(other.owned_, false)) {}
    IrqState(const IrqState&) = delete;
    IrqState& operator=(const IrqState&) = delete;
    /// Takes over @p other's state; overwriting one still owned would lose it: a panic.
    IrqState& operator=(IrqState&& other) {
        if (owned_) panic("interrupt state overwritten before it was restored");
        enabled_ = other.enabled_;
        owned_ = std::exchange(other.owned_, false);
        return *this;
    }
    ~IrqState() {
        if (owned_)
            panic("interrupt state dropped without being restored (interrupts were {})",
                  enabled_ ? "on" : "off");
    }

    /// Puts the flag back as it was; this object then holds nothing.
    void restore() {
        if (!owned_) panic("interrupt state restored twice, or after it was moved away");
        owned_ = false;
        arch::irq_restore(enabled_);
    }
    /// Whether interrupts were on when the state was saved (for tests and asserts).
    bool were_enabled() const { return enabled_; }

private:
    explicit IrqState(bool enabled) : enabled_(enabled), owned_(true) {}
    bool enabled_;
    bool owned_;
};

/// Interrupts off for the lifetime of a scope, then as they were.
class [[nodiscard]] IrqGuard {
public:
    IrqGuard() : state_(IrqState::save()) {}
    ~IrqGuard() { state_.restore(); }
    IrqGuard(const IrqGuard&) = delete;
    IrqGuard& operator=(const IrqGuard&) = delete;

private:
    IrqState state_;
};
