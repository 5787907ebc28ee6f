// tests/unit/list_test.cc — IntrusiveList against a std::list model, and its misuse panics.
// UNIT_SOURCES: kernel/lib/format.cc
#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include <algorithm>
#include <csignal>
#include <list>
#include <vector>

#include "lib/list.hh"
#include "support/unit.hh"

namespace {

struct Item {
    int id = 0;
    ListNode run;  // on the "run" list
    u64 padding[3] = {};
    ListNode all;  // and, independently, on the "all" list
};
using RunList = IntrusiveList<Item, &Item::run>;
using AllList = IntrusiveList<Item, &Item::all>;

template <typename L>
std::vector<int> ids(L& list) {
    std::vector<int> out;
    for (Item& it : list) out.push_back(it.id);
    return out;
}

}  // namespace

Test(list, empty_list) {
    RunList l;
    cr_assert(l.empty());
    cr_assert(eq(sz, l.size(), 0));
    cr_assert(eq(ptr, l.front(), nullptr));
    cr_assert(eq(ptr, l.back(), nullptr));
    cr_assert(eq(ptr, l.pop_front(), nullptr));
    cr_assert(eq(ptr, l.pop_back(), nullptr));
    cr_assert(l.begin() == l.end());
}

Test(list, push_pop_and_order) {
    Item a{1}, b{2}, c{3};
    RunList l;
    l.push_back(a);
    l.push_back(b);
    l.push_front(c);
    cr_assert(eq(sz, l.size(), 3));
    cr_assert(ids(l) == std::vector<int>({3, 1, 2}));
    cr_assert(eq(ptr, l.front(), &c));
    cr_assert(eq(ptr, l.back(), &b));
    cr_assert(a.run.linked());
    l.remove(a);
    cr_assert(not(a.run.linked()));
    cr_assert(ids(l) == std::vector<int>({3, 2}));
    cr_assert(eq(ptr, l.pop_back(), &b));
    cr_assert(eq(ptr, l.pop_front(), &c));
    cr_assert(l.empty());
    l.push_back(a);  // an unlinked node can be linked again
    cr_assert(eq(ptr, l.front(), &a));
    cr_assert(eq(int, l.begin()->id, 1));
}

Test(list, one_object_on_two_lists) {
    Item items[4];
    RunList run;
    AllList all;
    for (int i = 0; i < 4; ++i) {
        items[i].id = i;
        all.push_back(items[i]);
        if (i % 2) run.push_front(items[i]);
    }
    cr_assert(ids(all) == std::vector<int>({0, 1, 2, 3}));
    cr_assert(ids(run) == std::vector<int>({3, 1}));
    run.remove(items[3]);
    cr_assert(ids(all) == std::vector<int>({0, 1, 2, 3}));
    all.remove(items[1]);
    cr_assert(ids(run) == std::vector<int>({1}));
    cr_assert(ids(all) == std::vector<int>({0, 2, 3}));
}

Test(list, random_operations_match_a_model) {
    constexpr int N = 48;
    std::vector<Item> items(N);
    for (int i = 0; i < N; ++i) items[i].id = i;
    RunList l;
    std::list<int> model;
    auto& rng = unit::rng();
    for (int step = 0; step < 20000; ++step) {
        int op = static_cast<int>(rng() % 6);
        int i = static_cast<int>(rng() % N);
        bool on_list = std::find(model.begin(), model.end(), i) != model.end();
        cr_assert(eq(int, items[i].run.linked(), on_list), "seed %lu step %d", unit::seed(), step);
        switch (op) {
        case 0:
            if (!on_list) l.push_back(items[i]), model.push_back(i);
            break;
        case 1:
            if (!on_list) l.push_front(items[i]), model.push_front(i);
            break;
        case 2:
            if (on_list) l.remove(items[i]), model.remove(i);
            break;
        case 3: {
            Item* got = l.pop_front();
            if (model.empty()) {
                cr_assert(eq(ptr, got, nullptr));
            } else {
                cr_assert(got && got->id == model.front(), "seed %lu step %d", unit::seed(), step);
                model.pop_front();
            }
            break;
        }
        case 4: {
            Item* got = l.pop_back();
            if (model.empty()) {
                cr_assert(eq(ptr, got, nullptr));
            } else {
                cr_assert(got && got->id == model.back(), "seed %lu step %d", unit::seed(), step);
                model.pop_back();
            }
            break;
        }
        case 5:
            cr_assert(ids(l) == std::vector<int>(model.begin(), model.end()), "seed %lu step %d",
                      unit::seed(), step);
            break;
        }
        cr_assert(eq(sz, l.size(), model.size()), "seed %lu step %d", unit::seed(), step);
        cr_assert(eq(int, l.empty(), model.empty()));
        if (!model.empty()) {
            cr_assert(eq(int, l.front()->id, model.front()));
            cr_assert(eq(int, l.back()->id, model.back()));
        }
    }
}

Test(list, double_insert_panics) {
    auto r = unit::capture_panic([] {
        Item a{1};
        RunList l;
        l.push_back(a);
        l.push_front(a);
    });
    cr_assert(r.panicked, "output: %s", r.output.c_str());
    cr_assert(r.message_contains("already on a list"), "message: %s", r.message().c_str());

    auto other = unit::capture_panic([] {
        Item a{1};
        RunList l1, l2;
        l1.push_back(a);
        l2.push_back(a);  // the same node on a second list
    });
    cr_assert(other.panicked);
}

Test(list, remove_of_unlinked_panics) {
    auto r = unit::capture_panic([] {
        Item a{1};
        RunList l;
        l.remove(a);
    });
    cr_assert(r.panicked);
    cr_assert(r.message_contains("unlinked"), "message: %s", r.message().c_str());
}

Test(list, double_insert_aborts, .signal = SIGABRT) {
    Item a{1};
    RunList l;
    l.push_back(a);
    l.push_back(a);
}
