// kernel/lib/pairing_heap.hh — an intrusive min-heap with O(log n) removal of any node.
//
// A pairing heap is a tree in which every node's key is no smaller than its parent's;
// each node keeps its first child, its next sibling and a back link (the parent for a
// first child, the previous sibling otherwise). insert melds the node with the root
// (O(1)); pop and remove meld the removed node's children in pairs, left to right, then
// right to left (O(log n) amortized). No allocation: the node lives in the object,
// as for IntrusiveList.
//
//   struct Timer { u64 deadline; HeapNode node; };
//   PairingHeap<Timer, &Timer::node, &Timer::deadline> heap;
//   heap.insert(t);  heap.top();  heap.pop();  heap.remove(t);
//
// Equal keys come out in no particular order. Not thread-safe: the owner locks.
#pragma once

#include "lib/panic.hh"
#include "lib/types.hh"

struct HeapNode {
    HeapNode* child = nullptr;
    HeapNode* next = nullptr;  ///< next sibling
    HeapNode* prev = nullptr;  ///< parent (first child) or previous sibling; null: root or out
    bool in_heap = false;
};

template <typename T, HeapNode T::*Node, u64 T::*Key>
class PairingHeap {
public:
    PairingHeap() = default;
    PairingHeap(const PairingHeap&) = delete;
    PairingHeap& operator=(const PairingHeap&) = delete;

    bool empty() const { return root_ == nullptr; }
    usize size() const { return size_; }

    /// The smallest key's object, or null.
    T* top() const { return root_ ? item_of(root_) : nullptr; }

    void insert(T& item) {
        HeapNode* n = &(item.*Node);
        if (n->in_heap) panic("PairingHeap: node inserted twice");
        n->child = n->next = n->prev = nullptr;
        n->in_heap = true;
        root_ = meld(root_, n);
        ++size_;
    }

    T* pop() {
        if (!root_) return nullptr;
        T* t = item_of(root_);
        remove(*t);
        return t;
    }

    /// Takes @p item out (it must be in this heap).
    void remove(T& item) {
        HeapNode* n = &(item.*Node);
        if (!n->in_heap) panic("PairingHeap: removing a node that is not in a heap");
        HeapNode* rest = merge_pairs(n->child);
        if (n == root_) {
            root_ = rest;
        } else {
            // Unlink n from its parent's child list, then meld its children with the root.
            if (n->prev->child == n) n->prev->child = n->next;
            else n->prev->next = n->next;
            if (n->next) n->next->prev = n->prev;
            root_ = meld(root_, rest);
        }
        if (root_) root_->prev = nullptr;
        n->child = n->next = n->prev = nullptr;
        n->in_heap = false;
        --size_;
    }

    static bool contains(const T& item) { return (item.*Node).in_heap; }

private:
    static u64 key(HeapNode* n) { return item_of(n)->*Key; }

    static HeapNode* meld(HeapNode* a, HeapNode* b) {
        if (!a) return b;
        if (!b) return a;
        if (key(b) < key(a)) {
            HeapNode* t = a;
            a = b;
            b = t;
        }
        // b becomes a's first child.
        b->prev = a;
        b->next = a->child;
        if (a->child) a->child->prev = b;
        a->child = b;
        a->next = nullptr;
        a->prev = nullptr;
        return a;
    }

    // Melds a sibling list in pairs left to right, then the pairs right to left
    // (iteratively: the pairs are chained through `next` in reverse).
    static HeapNode* merge_pairs(HeapNode* first) {
        HeapNode* pairs = nullptr;  // melded pairs, last one first
        while (first) {
            HeapNode* a = first;
            HeapNode* b = a->next;
            first = b ? b->next : nullptr;
            a->next = a->prev = nullptr;
            if (b) b->next = b->prev = nullptr;
            HeapNode* m = meld(a, b);
            m->next = pairs;
            pairs = m;
        }
        HeapNode* result = nullptr;
        while (pairs) {
            HeapNode* m = pairs;
            pairs = m->next;
            m->next = nullptr;
            result = meld(result, m);
        }
        return result;
    }

    static T* item_of(HeapNode* n) {
        constexpr uptr base = 4096;
        const auto* probe = reinterpret_cast<const T*>(base);
        auto offset = reinterpret_cast<uptr>(&(probe->*Node)) - base;
        return reinterpret_cast<T*>(reinterpret_cast<uptr>(n) - offset);
    }

    HeapNode* root_ = nullptr;
    usize size_ = 0;
};
