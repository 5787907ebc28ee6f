// tests/unit/pairing_heap_test.cc — PairingHeap against a std::multiset model.
// UNIT_SOURCES: kernel/lib/format.cc
#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include <random>
#include <set>
#include <vector>

#include "lib/pairing_heap.hh"
#include "support/unit.hh"

namespace {
struct Item {
    u64 key = 0;
    HeapNode node;
};
using Heap = PairingHeap<Item, &Item::node, &Item::key>;
}  // namespace

Test(pairing_heap, pops_in_order) {
    std::vector<Item> items(100);
    Heap h;
    for (usize i = 0; i < items.size(); ++i) {
        items[i].key = (i * 37) % 101;
        h.insert(items[i]);
    }
    u64 last = 0;
    for (usize i = 0; i < items.size(); ++i) {
        Item* it = h.pop();
        cr_assert(ne(ptr, it, nullptr));
        cr_assert(ge(u64, it->key, last));
        last = it->key;
    }
    cr_assert(h.empty());
    cr_assert(eq(ptr, h.pop(), nullptr));
}

Test(pairing_heap, random_insert_remove_against_model) {
    std::mt19937_64 rng(unit::seed());
    constexpr usize N = 512;
    std::vector<Item> items(N);
    std::multiset<u64> model;
    Heap h;
    for (int step = 0; step < 20000; ++step) {
        Item& it = items[rng() % N];
        unsigned op = rng() % 3;
        if (!Heap::contains(it)) {
            it.key = rng() % 1000;
            h.insert(it);
            model.insert(it.key);
        } else if (op == 0) {
            h.remove(it);
            model.erase(model.find(it.key));
        } else if (op == 1) {
            Item* top = h.pop();
            cr_assert(eq(u64, top->key, *model.begin()));
            model.erase(model.begin());
        }
        cr_assert(eq(sz, h.size(), model.size()));
        if (!model.empty()) cr_assert(eq(u64, h.top()->key, *model.begin()));
    }
    while (Item* top = h.pop()) {
        cr_assert(eq(u64, top->key, *model.begin()));
        model.erase(model.begin());
    }
    cr_assert(model.empty());
}
