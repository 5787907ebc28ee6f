// kernel/proc/futex_key.hh — what names a futex, which bucket it hashes to, and the
// arithmetic of FUTEX_WAKE_OP: the pure parts of futex(2), tested on the host
// (tests/unit/futex_key_test.cc).
//
// A futex is a 32-bit word in user memory; waiters and wakers meet on its key:
//   private    (FUTEX_PRIVATE_FLAG) the address space and the virtual address: only
//              threads of one process meet, and no page lookup is needed;
//   shared     on a private mapping (a word fork copies), the same pair, but a key
//              of its own kind: as on Linux, a shared wake does not find a private waiter;
//   physical   shared, on a MAP_SHARED mapping: the physical address of the word (its
//              page plus the offset), so that processes that map the page at different
//              addresses meet.
#pragma once

#include "lib/types.hh"

namespace proc::futex {

enum class KeyKind : u8 { Private, SharedPrivateMapping, Physical };

/// A futex's identity: the kind, the space (null for Physical) and the address
/// (virtual, or physical for Physical).
struct Key {
    KeyKind kind = KeyKind::Private;
    uptr space = 0;
    u64 address = 0;

    bool operator==(const Key& o) const {
        return kind == o.kind && space == o.space && address == o.address;
    }
};

/// The number of hash buckets (a power of two).
constexpr usize BUCKETS = 256;

/// The bucket of @p k: a multiplicative hash of its three parts, so that words of one
/// page, and one word in many spaces, spread over the buckets.
constexpr usize bucket_of(const Key& k) {
    u64 h = k.address * 0x9e3779b97f4a7c15ull;
    h ^= (u64(k.space) >> 4) * 0xc2b2ae3d27d4eb4full;
    h ^= u64(k.kind) * 0x165667b19e3779f9ull;
    h ^= h >> 29;
    return usize(h * 0xbf58476d1ce4e5b9ull >> 56) & (BUCKETS - 1);
}

/// FUTEX_WAKE_OP's encoded operation (futex(2)): op in bits 28-31 (bit 31 with
/// FUTEX_OP_OPARG_SHIFT: the argument is a shift count), cmp in 24-27, a 12-bit signed
/// oparg in 12-23 and a 12-bit signed cmparg in 0-11.
struct WakeOp {
    int op = 0;
    int cmp = 0;
    i32 oparg = 0;
    i32 cmparg = 0;
};

constexpr int OP_SET = 0, OP_ADD = 1, OP_OR = 2, OP_ANDN = 3, OP_XOR = 4;
constexpr int CMP_EQ = 0, CMP_NE = 1, CMP_LT = 2, CMP_LE = 3, CMP_GT = 4, CMP_GE = 5;

constexpr i32 sign_extend12(u32 v) { return i32(v << 20) >> 20; }

/// Decodes @p encoded as Linux does (a shift count outside 0..31 is masked to it).
constexpr WakeOp decode_wake_op(u32 encoded) {
    WakeOp w;
    w.op = int((encoded >> 28) & 7);
    w.cmp = int((encoded >> 24) & 15);
    w.oparg = sign_extend12((encoded >> 12) & 0xfff);
    w.cmparg = sign_extend12(encoded & 0xfff);
    if (encoded & (8u << 28)) w.oparg = i32(1u << (u32(w.oparg) & 31));
    return w;
}

/// Whether @p w's op and cmp are known ones (ENOSYS otherwise).
constexpr bool op_valid(const WakeOp& w) { return w.op <= OP_XOR; }
constexpr bool cmp_valid(const WakeOp& w) { return w.cmp <= CMP_GE; }

/// The value the op stores over @p old.
constexpr u32 apply_op(const WakeOp& w, u32 old) {
    u32 arg = u32(w.oparg);
    switch (w.op) {
    case OP_SET:
        return arg;
    case OP_ADD:
        return old + arg;
    case OP_OR:
        return old | arg;
    case OP_ANDN:
        return old & ~arg;
    default:
        return old ^ arg;
    }
}

/// Whether the old value passes the comparison (signed, as Linux compares).
constexpr bool compare(const WakeOp& w, u32 old) {
    i32 v = i32(old);
    switch (w.cmp) {
    case CMP_EQ:
        return v == w.cmparg;
    case CMP_NE:
        return v != w.cmparg;
    case CMP_LT:
        return v < w.cmparg;
    case CMP_LE:
        return v <= w.cmparg;
    case CMP_GT:
        return v > w.cmparg;
    default:
        return v >= w.cmparg;
    }
}

}  // namespace proc::futex
