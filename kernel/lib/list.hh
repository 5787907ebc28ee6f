// kernel/lib/list.hh — intrusive doubly linked lists: the node lives inside the object.
//
//   struct Task { ListNode run_node; ... };
//   IntrusiveList<Task, &Task::run_node> runqueue;
//   runqueue.push_back(task);
//   for (Task& t : runqueue) ...
//
// No allocation, O(1) insert and remove, and an object can sit on several lists
// through several nodes. A node knows whether it is linked; linking it twice panics.
#pragma once

#include "lib/panic.hh"
#include "lib/types.hh"

struct ListNode {
    ListNode* prev = nullptr;
    ListNode* next = nullptr;
    bool linked() const { return next != nullptr; }
};

template <typename T, ListNode T::*Node>
class IntrusiveList {
public:
    IntrusiveList() { head_.prev = head_.next = &head_; }
    IntrusiveList(const IntrusiveList&) = delete;
    IntrusiveList& operator=(const IntrusiveList&) = delete;

    bool empty() const { return head_.next == &head_; }
    usize size() const { return size_; }

    void push_front(T& item) { insert_after(&head_, node_of(item)); }
    void push_back(T& item) { insert_after(head_.prev, node_of(item)); }

    /// Unlinks @p item, which must be on this list.
    void remove(T& item) {
        ListNode* n = node_of(item);
        if (!n->linked()) panic("IntrusiveList::remove of an unlinked node");
        n->prev->next = n->next;
        n->next->prev = n->prev;
        n->prev = n->next = nullptr;
        --size_;
    }

    T* front() { return empty() ? nullptr : item_of(head_.next); }
    T* back() { return empty() ? nullptr : item_of(head_.prev); }
    /// The item after @p item (which is on this list), or null at the end.
    T* next(T& item) {
        ListNode* n = node_of(item)->next;
        return n == &head_ ? nullptr : item_of(n);
    }
    T* pop_front() {
        T* t = front();
        if (t) remove(*t);
        return t;
    }
    T* pop_back() {
        T* t = back();
        if (t) remove(*t);
        return t;
    }

    class Iterator {
    public:
        Iterator(ListNode* n) : n_(n) {}
        T& operator*() const { return *item_of(n_); }
        T* operator->() const { return item_of(n_); }
        Iterator& operator++() {
            n_ = n_->next;
            return *this;
        }
        bool operator!=(const Iterator& o) const { return n_ != o.n_; }
        bool operator==(const Iterator& o) const { return n_ == o.n_; }

    private:
        ListNode* n_;
    };
    Iterator begin() { return Iterator(head_.next); }
    Iterator end() { return Iterator(&head_); }

private:
    static ListNode* node_of(T& item) { return &(item.*Node); }
    static T* item_of(ListNode* n) {
        // The offset of the node inside T, computed without a real object (a suitably
        // aligned non-null base keeps UBSan's null and alignment checks quiet).
        constexpr uptr base = 4096;
        const auto* probe = reinterpret_cast<const T*>(base);
        auto offset = reinterpret_cast<uptr>(&(probe->*Node)) - base;
        return reinterpret_cast<T*>(reinterpret_cast<uptr>(n) - offset);
    }
    void insert_after(ListNode* pos, ListNode* n) {
        if (n->linked()) panic("IntrusiveList: node is already on a list");
        n->prev = pos;
        n->next = pos->next;
        pos->next->prev = n;
        pos->next = n;
        ++size_;
    }

    ListNode head_;
    usize size_ = 0;
};
