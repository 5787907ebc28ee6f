// kernel/vm/vma.cc — the AVL tree of VMAs (see vma.hh).
//
// Insertion and removal are those of a plain binary search tree, followed by a walk up
// to the root that recomputes heights and rotates wherever the two subtrees of a node
// differ by two: a single rotation when the heavy child leans the same way, a double
// one when it leans the other way. Every node keeps its parent, so the in-order
// neighbours of a VMA are found without a stack.
#include "vm/vma.hh"

#include "lib/panic.hh"

namespace vm {
namespace {

int height(const Vma* n) { return n ? n->height : 0; }
void update_height(Vma* n) {
    int l = height(n->left), r = height(n->right);
    n->height = 1 + (l > r ? l : r);
}
Vma* leftmost(Vma* n) {
    while (n->left) n = n->left;
    return n;
}
Vma* rightmost(Vma* n) {
    while (n->right) n = n->right;
    return n;
}

}  // namespace

void VmaTree::replace_child(Vma* parent, Vma* old_child, Vma* new_child) {
    if (!parent) root_ = new_child;
    else if (parent->left == old_child) parent->left = new_child;
    else parent->right = new_child;
}

// Moves @x down to the @down side: its child on the @up side takes its place, and the
// subtree between the two changes parent. rotate_left and rotate_right are its mirrors.
Vma* VmaTree::rotate(Vma* x, Vma* Vma::*up, Vma* Vma::*down) {
    Vma* y = x->*up;
    x->*up = y->*down;
    if (y->*down) (y->*down)->parent = x;
    y->parent = x->parent;
    replace_child(x->parent, x, y);
    y->*down = x;
    x->parent = y;
    update_height(x);
    update_height(y);
    return y;
}

Vma* VmaTree::rotate_left(Vma* x) { return rotate(x, &Vma::right, &Vma::left); }
Vma* VmaTree::rotate_right(Vma* x) { return rotate(x, &Vma::left, &Vma::right); }

void VmaTree::rebalance_from(Vma* node) {
    while (node) {
        update_height(node);
        int balance = height(node->left) - height(node->right);
        if (balance > 1) {
            if (height(node->left->left) < height(node->left->right)) rotate_left(node->left);
            node = rotate_right(node);
        } else if (balance < -1) {
            if (height(node->right->right) < height(node->right->left)) rotate_right(node->right);
            node = rotate_left(node);
        }
        node = node->parent;
    }
}

void VmaTree::insert(Vma& vma) {
    if (vma.start >= vma.end)
        panic("VmaTree::insert: empty VMA [{:#x}, {:#x})", vma.start, vma.end);
    Vma* parent = nullptr;
    Vma** link = &root_;
    // The in-order neighbours of the new node lie on this path, so checking every node
    // passed checks the overlap with all of them.
    while (*link) {
        parent = *link;
        if (vma.end <= parent->start) link = &parent->left;
        else if (vma.start >= parent->end) link = &parent->right;
        else
            panic("VmaTree::insert: [{:#x}, {:#x}) overlaps [{:#x}, {:#x})", vma.start, vma.end,
                  parent->start, parent->end);
    }
    vma.left = vma.right = nullptr;
    vma.parent = parent;
    vma.height = 1;
    *link = &vma;
    ++count_;
    rebalance_from(parent);
}

void VmaTree::erase(Vma& z) {
    Vma* start;
    if (z.left && z.right) {
        // The successor y (leftmost of the right subtree) takes z's place.
        Vma* y = leftmost(z.right);
        if (y->parent == &z) {
            start = y;
        } else {
            start = y->parent;
            y->parent->left = y->right;
            if (y->right) y->right->parent = y->parent;
            y->right = z.right;
            z.right->parent = y;
        }
        y->left = z.left;
        z.left->parent = y;
        y->parent = z.parent;
        replace_child(z.parent, &z, y);
        y->height = z.height;
    } else {
        Vma* child = z.left ? z.left : z.right;
        if (child) child->parent = z.parent;
        replace_child(z.parent, &z, child);
        start = z.parent;
    }
    z.left = z.right = z.parent = nullptr;
    z.height = 1;
    --count_;
    rebalance_from(start);
}

Vma* VmaTree::find(vaddr_t va) const {
    Vma* n = root_;
    while (n) {
        if (va < n->start) n = n->left;
        else if (va >= n->end) n = n->right;
        else return n;
    }
    return nullptr;
}

Vma* VmaTree::first_ending_after(vaddr_t va) const {
    Vma* best = nullptr;
    for (Vma* n = root_; n;) {
        if (n->end > va) {
            best = n;
            n = n->left;
        } else {
            n = n->right;
        }
    }
    return best;
}

Vma* VmaTree::last_starting_before(vaddr_t va) const {
    Vma* best = nullptr;
    for (Vma* n = root_; n;) {
        if (n->start < va) {
            best = n;
            n = n->right;
        } else {
            n = n->left;
        }
    }
    return best;
}

Vma* VmaTree::first() const { return root_ ? leftmost(root_) : nullptr; }
Vma* VmaTree::last() const { return root_ ? rightmost(root_) : nullptr; }

Vma* VmaTree::next(const Vma& vma) {
    if (vma.right) return leftmost(vma.right);
    const Vma* n = &vma;
    while (n->parent && n->parent->right == n) n = n->parent;
    return n->parent;
}

Vma* VmaTree::prev(const Vma& vma) {
    if (vma.left) return rightmost(vma.left);
    const Vma* n = &vma;
    while (n->parent && n->parent->left == n) n = n->parent;
    return n->parent;
}

int VmaTree::verify_node(const Vma* node, const Vma* parent, usize& count) const {
    if (!node) return 0;
    if (node->parent != parent)
        panic("VmaTree: VMA [{:#x}, {:#x}) has a wrong parent link", node->start, node->end);
    if (node->start >= node->end || (node->start | node->end) % 4096)
        panic("VmaTree: VMA [{:#x}, {:#x}) is empty or unaligned", node->start, node->end);
    if (node->left && node->left->end > node->start)
        panic("VmaTree: [{:#x}, {:#x}) is left of [{:#x}, {:#x}) but not below it",
              node->left->start, node->left->end, node->start, node->end);
    if (node->right && node->right->start < node->end)
        panic("VmaTree: [{:#x}, {:#x}) is right of [{:#x}, {:#x}) but not above it",
              node->right->start, node->right->end, node->start, node->end);
    int l = verify_node(node->left, node, count), r = verify_node(node->right, node, count);
    if (l - r > 1 || r - l > 1)
        panic("VmaTree: unbalanced at [{:#x}, {:#x}): {} vs {}", node->start, node->end, l, r);
    int h = 1 + (l > r ? l : r);
    if (node->height != h)
        panic("VmaTree: height {} recorded, {} real at {:#x}", node->height, h, node->start);
    ++count;
    return h;
}

void VmaTree::verify() const {
    usize count = 0;
    verify_node(root_, nullptr, count);
    if (count != count_) panic("VmaTree: {} nodes counted, {} recorded", count, count_);
    // Neighbours never overlap (the subtree checks only compare parents and children).
    for (Vma* v = first(); v; v = next(*v)) {
        Vma* n = next(*v);
        if (n && n->start < v->end)
            panic("VmaTree: [{:#x}, {:#x}) overlaps the next [{:#x}, {:#x})", v->start, v->end,
                  n->start, n->end);
    }
}

}  // namespace vm
