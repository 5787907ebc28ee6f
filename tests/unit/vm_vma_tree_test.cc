// tests/unit/vm_vma_tree_test.cc — the AVL tree of VMAs against a std::map model.
//
// Random inserts of non-overlapping ranges and removals, checking after every step the
// tree's own invariants (VmaTree::verify: order, parent links, heights, balance) and
// every lookup (find, first_ending_after, last_starting_before, next/prev) against
// the model; and the panic on an overlapping insert.
// UNIT_SOURCES: kernel/vm/vma.cc kernel/lib/format.cc kernel/lib/errno.cc
#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include <map>
#include <memory>
#include <vector>

#include "support/unit.hh"
#include "vm/vma.hh"

namespace {

constexpr u64 PG = 4096;

struct Model {
    std::map<vaddr_t, vm::Vma*> by_start;

    vm::Vma* find(vaddr_t va) const {
        auto it = by_start.upper_bound(va);
        if (it == by_start.begin()) return nullptr;
        --it;
        return it->second->contains(va) ? it->second : nullptr;
    }
    vm::Vma* first_ending_after(vaddr_t va) const {
        for (auto& [s, v] : by_start)
            if (v->end > va) return v;
        return nullptr;
    }
    vm::Vma* last_starting_before(vaddr_t va) const {
        vm::Vma* best = nullptr;
        for (auto& [s, v] : by_start)
            if (s < va) best = v;
        return best;
    }
    bool overlaps(vaddr_t s, vaddr_t e) const {
        for (auto& [st, v] : by_start)
            if (st < e && v->end > s) return true;
        return false;
    }
};

void check_all(const vm::VmaTree& tree, const Model& model, std::mt19937_64& rng) {
    tree.verify();
    cr_assert(eq(sz, tree.size(), model.by_start.size()));
    // In-order walk both ways matches the model.
    std::vector<vm::Vma*> fwd, back;
    for (vm::Vma* v = tree.first(); v; v = vm::VmaTree::next(*v)) fwd.push_back(v);
    for (vm::Vma* v = tree.last(); v; v = vm::VmaTree::prev(*v)) back.insert(back.begin(), v);
    std::vector<vm::Vma*> want;
    for (auto& [s, v] : model.by_start) want.push_back(v);
    cr_assert(fwd == want, "forward walk differs from the model");
    cr_assert(back == want, "backward walk differs from the model");
    for (int i = 0; i < 64; ++i) {
        vaddr_t va = (rng() % 2100) * PG + rng() % PG;
        cr_assert(eq(ptr, tree.find(va), model.find(va)), "find(%#lx)", va);
        cr_assert(eq(ptr, tree.first_ending_after(va), model.first_ending_after(va)),
                  "first_ending_after(%#lx)", va);
        cr_assert(eq(ptr, tree.last_starting_before(va), model.last_starting_before(va)),
                  "last_starting_before(%#lx)", va);
    }
}

}  // namespace

Test(vm_vma_tree, empty) {
    vm::VmaTree tree;
    tree.verify();
    cr_assert(tree.empty());
    cr_assert(eq(ptr, tree.first(), nullptr));
    cr_assert(eq(ptr, tree.find(0x1000), nullptr));
    cr_assert(eq(ptr, tree.first_ending_after(0), nullptr));
}

Test(vm_vma_tree, random_against_model) {
    auto& rng = unit::rng();
    vm::VmaTree tree;
    Model model;
    std::vector<std::unique_ptr<vm::Vma>> pool;
    for (int step = 0; step < 6000; ++step) {
        bool insert = model.by_start.empty() || rng() % 100 < 55;
        if (insert) {
            vaddr_t s = (rng() % 2048) * PG, e = s + (1 + rng() % 6) * PG;
            if (model.overlaps(s, e)) continue;
            pool.push_back(std::make_unique<vm::Vma>());
            vm::Vma* v = pool.back().get();
            v->start = s;
            v->end = e;
            tree.insert(*v);
            model.by_start[s] = v;
        } else {
            auto it = model.by_start.begin();
            std::advance(it, rng() % model.by_start.size());
            tree.erase(*it->second);
            model.by_start.erase(it);
        }
        if (step % 50 == 0 || step < 200) check_all(tree, model, rng);
    }
    check_all(tree, model, rng);
    // Ascending and descending runs are the worst case of an unbalanced tree.
    while (vm::Vma* v = tree.first()) tree.erase(*v);
    model.by_start.clear();
    pool.clear();
    for (int i = 0; i < 1000; ++i) {
        pool.push_back(std::make_unique<vm::Vma>());
        pool.back()->start = (3000 - i) * PG;
        pool.back()->end = (3000 - i) * PG + PG;
        tree.insert(*pool.back());
        model.by_start[pool.back()->start] = pool.back().get();
    }
    check_all(tree, model, rng);
    int height = tree.first() ? 0 : 0;
    for (vm::Vma* v = tree.first(); v; v = vm::VmaTree::next(*v))
        if (!v->parent) height = v->height;
    cr_assert(le(int, height, 15), "1000 nodes in a tree of height %d", height);
}

Test(vm_vma_tree, overlapping_insert_panics) {
    auto r = unit::capture_panic([] {
        vm::VmaTree tree;
        vm::Vma a, b;
        a.start = 0x10000;
        a.end = 0x14000;
        b.start = 0x13000;
        b.end = 0x15000;
        tree.insert(a);
        tree.insert(b);
    });
    cr_assert(r.panicked);
    cr_assert(r.message_contains("overlaps"), "message: %s", r.message().c_str());
}
