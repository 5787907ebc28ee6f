// tests/unit/futex_key_test.cc — futex keys, their buckets, and FUTEX_WAKE_OP's arithmetic.
// UNIT_SOURCES:
#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include <set>
#include <vector>

#include "proc/futex_key.hh"

using namespace proc::futex;

namespace {

Key key(KeyKind kind, uptr space, u64 address) {
    Key k;
    k.kind = kind;
    k.space = space;
    k.address = address;
    return k;
}

}  // namespace

Test(futex_key, private_and_shared_keys_of_one_word_differ) {
    // As on Linux: a shared wake does not find a private waiter of the same word.
    Key p = key(KeyKind::Private, 0x1000, 0x7000);
    Key s = key(KeyKind::SharedPrivateMapping, 0x1000, 0x7000);
    cr_assert(not(p == s));
    cr_assert(p == key(KeyKind::Private, 0x1000, 0x7000));
}

Test(futex_key, one_address_in_two_spaces_differs) {
    cr_assert(not(key(KeyKind::Private, 0x1000, 0x7000) == key(KeyKind::Private, 0x2000, 0x7000)));
}

Test(futex_key, physical_keys_ignore_the_space) {
    // Two processes mapping one MAP_SHARED page meet on its physical address.
    Key a = key(KeyKind::Physical, 0, 0x123456);
    Key b = key(KeyKind::Physical, 0, 0x123456);
    cr_assert(a == b);
    cr_assert(eq(sz, bucket_of(a), bucket_of(b)));
}

Test(futex_key, equal_keys_share_a_bucket) {
    for (u64 addr = 0x400000; addr < 0x400000 + 4096; addr += 4) {
        Key k = key(KeyKind::Private, 0xffff800000123000, addr);
        cr_assert(eq(sz, bucket_of(k), bucket_of(key(k.kind, k.space, k.address))));
        cr_assert(lt(sz, bucket_of(k), BUCKETS));
    }
}

Test(futex_key, the_words_of_one_page_spread_over_the_buckets) {
    // A page holds 1024 words; a good hash puts them in most of the 256 buckets.
    std::set<usize> used;
    for (u64 addr = 0x7f0000001000; addr < 0x7f0000002000; addr += 4)
        used.insert(bucket_of(key(KeyKind::Private, 0xffff800000200000, addr)));
    cr_assert(gt(sz, used.size(), BUCKETS * 3 / 4), "only %zu buckets used", used.size());
}

Test(futex_key, one_word_in_many_spaces_spreads) {
    std::set<usize> used;
    for (uptr space = 0xffff800000000000; space < 0xffff800000000000 + 512 * 0x1000;
         space += 0x1000)
        used.insert(bucket_of(key(KeyKind::Private, space, 0x601040)));
    cr_assert(gt(sz, used.size(), BUCKETS / 2), "only %zu buckets used", used.size());
}

Test(futex_wake_op, decodes_fields_and_signs) {
    // FUTEX_OP(FUTEX_OP_ADD, -1, FUTEX_OP_CMP_GT, -2)
    u32 encoded = (1u << 28) | (4u << 24) | (0xfffu << 12) | 0xffeu;
    WakeOp w = decode_wake_op(encoded);
    cr_assert(eq(int, w.op, OP_ADD));
    cr_assert(eq(int, w.cmp, CMP_GT));
    cr_assert(eq(i32, w.oparg, -1));
    cr_assert(eq(i32, w.cmparg, -2));
}

Test(futex_wake_op, oparg_shift) {
    // FUTEX_OP_OPARG_SHIFT: the argument is 1 << oparg; out of range it is masked to 0..31.
    u32 set_bit5 = ((8u | OP_OR) << 28) | (5u << 12);
    cr_assert(eq(i32, decode_wake_op(set_bit5).oparg, 32));
    cr_assert(eq(u32, apply_op(decode_wake_op(set_bit5), 1), 33u));
    u32 shift33 = ((8u | OP_SET) << 28) | (33u << 12);
    cr_assert(eq(i32, decode_wake_op(shift33).oparg, 2));
}

Test(futex_wake_op, operations) {
    WakeOp w;
    w.oparg = 6;
    std::vector<std::pair<int, u32>> cases = {
        {OP_SET, 6}, {OP_ADD, 16}, {OP_OR, 14}, {OP_ANDN, 8}, {OP_XOR, 12}};
    for (auto [op, want] : cases) {
        w.op = op;
        cr_assert(eq(u32, apply_op(w, 10), want), "op %d", op);
    }
    w.op = 5;
    cr_assert(not(op_valid(w)));
}

Test(futex_wake_op, comparisons_are_signed) {
    WakeOp w;
    w.cmparg = 0;
    w.cmp = CMP_LT;
    cr_assert(compare(w, 0xffffffffu));  // -1 < 0
    w.cmp = CMP_GE;
    cr_assert(compare(w, 0));
    cr_assert(not(compare(w, 0x80000000u)));
    w.cmp = CMP_EQ;
    cr_assert(compare(w, 0));
    w.cmp = CMP_NE;
    cr_assert(not(compare(w, 0)));
    w.cmp = CMP_LE;
    cr_assert(compare(w, 0));
    w.cmp = CMP_GT;
    cr_assert(not(compare(w, 0)));
    w.cmp = 6;
    cr_assert(not(cmp_valid(w)));
}
