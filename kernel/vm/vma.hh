// kernel/vm/vma.hh — virtual memory areas (VMAs) and the sorted tree that holds them.
//
// A VMA is a page-aligned range [start, end) of user addresses with one set of
// protections. The VMAs of an address space never overlap; VmaTree keeps them sorted
// by address in an AVL tree (a binary search tree whose two subtrees differ in height
// by at most one), so finding the VMA of a faulting address costs O(log n) however
// many mappings a process has. The tree is intrusive: the links live in the Vma
// itself and the tree allocates nothing. Nothing here knows about page tables, so the
// host unit tests drive it directly (tests/unit/vm_vma_test.cc).
#pragma once

#include "lib/types.hh"

namespace vm {

/// What a VMA is, beyond its protections.
enum VmaFlag : u32 {
    VMA_HEAP = 1u << 0,  ///< the brk heap (brk grows and shrinks it)
    VMA_GROWSDOWN =
        1u << 1,           ///< a stack mapped with MAP_GROWSDOWN (mprotect may say PROT_GROWSDOWN)
    VMA_SHARED = 1u << 2,  ///< MAP_SHARED: fork shares the pages instead of copying them
};

struct Vma {
    vaddr_t start = 0;  ///< first byte (page aligned)
    vaddr_t end = 0;    ///< one past the last byte (page aligned)
    int prot = 0;       ///< PROT_READ | PROT_WRITE | PROT_EXEC
    u32 flags = 0;      ///< VmaFlag bits

    u64 size() const { return end - start; }
    bool contains(vaddr_t va) const { return va >= start && va < end; }

    // Tree links (VmaTree's business only).
    Vma* left = nullptr;
    Vma* right = nullptr;
    Vma* parent = nullptr;
    int height = 1;
};

/// Non-overlapping VMAs sorted by address.
class VmaTree {
public:
    VmaTree() = default;
    VmaTree(const VmaTree&) = delete;
    VmaTree& operator=(const VmaTree&) = delete;

    /// Adds @p vma, which must not overlap any VMA of the tree (panics otherwise).
    void insert(Vma& vma);
    /// Takes @p vma (a member) out of the tree.
    void erase(Vma& vma);

    /// The VMA containing @p va, or null.
    Vma* find(vaddr_t va) const;
    /// The first VMA that ends above @p va (the one containing it, or the next one up),
    /// or null.
    Vma* first_ending_after(vaddr_t va) const;
    /// The last VMA that starts below @p va, or null.
    Vma* last_starting_before(vaddr_t va) const;
    /// The lowest / highest VMA, or null.
    Vma* first() const;
    Vma* last() const;
    /// In-order neighbours, or null at the ends.
    static Vma* next(const Vma& vma);
    static Vma* prev(const Vma& vma);

    usize size() const { return count_; }
    bool empty() const { return count_ == 0; }

    /// Checks the tree's invariants (order, no overlap, parent links, AVL heights and
    /// the count); panics naming the first violation. For tests.
    void verify() const;

private:
    void rebalance_from(Vma* node);
    Vma* rotate(Vma* x, Vma* Vma::*up, Vma* Vma::*down);
    Vma* rotate_left(Vma* x);
    Vma* rotate_right(Vma* x);
    void replace_child(Vma* parent, Vma* old_child, Vma* new_child);
    int verify_node(const Vma* node, const Vma* parent, usize& count) const;

    Vma* root_ = nullptr;
    usize count_ = 0;
};

}  // namespace vm
