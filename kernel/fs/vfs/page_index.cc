// kernel/fs/vfs/page_index.cc — the radix tree of a file's pages (page_index.hh).
#include "fs/vfs/page_index.hh"

#include "lib/string.hh"
#include "mm/heap.hh"

namespace vfs {
namespace {

unsigned digit(u64 n, unsigned level) { return unsigned(n >> (9 * (3 - level))) & 511; }

}  // namespace

u8* PageIndex::find(u64 n) const {
    if (n >> (LEVELS * BITS)) return nullptr;
    Node* node = root_;
    for (unsigned level = 0; node && level < LEVELS - 1; ++level)
        node = static_cast<Node*>(node->slot[digit(n, level)]);
    return node ? static_cast<u8*>(node->slot[digit(n, LEVELS - 1)]) : nullptr;
}

Result<u8*> PageIndex::get_or_add(u64 n) {
    if (n >> (LEVELS * BITS)) return Error(EFBIG);
    if (!root_) root_ = static_cast<Node*>(TRY(mm::kzalloc(sizeof(Node))));
    Node* node = root_;
    for (unsigned level = 0; level < LEVELS - 1; ++level) {
        void*& next = node->slot[digit(n, level)];
        if (!next) next = TRY(mm::kzalloc(sizeof(Node)));
        node = static_cast<Node*>(next);
    }
    void*& page = node->slot[digit(n, LEVELS - 1)];
    if (!page) {
        page = TRY(mm::kzalloc(PAGE_SIZE));
        ++pages_;
    }
    return static_cast<u8*>(page);
}

bool PageIndex::cut(Node* node, unsigned level, u64 base, u64 first) {
    u64 span = u64(1) << (BITS * (LEVELS - 1 - level));  // pages under one slot
    bool empty = true;
    for (unsigned i = 0; i < FANOUT; ++i) {
        void*& s = node->slot[i];
        if (!s) continue;
        u64 start = base + i * span;
        if (start + span <= first) {  // wholly before the cut: kept
            empty = false;
            continue;
        }
        if (level == LEVELS - 1) {
            mm::kfree(s);
            s = nullptr;
            --pages_;
        } else if (cut(static_cast<Node*>(s), level + 1, start, first)) {
            mm::kfree(s);
            s = nullptr;
        } else {
            empty = false;
        }
    }
    return empty;
}

void PageIndex::truncate(u64 first) {
    if (root_ && cut(root_, 0, 0, first)) {
        mm::kfree(root_);
        root_ = nullptr;
    }
}

}  // namespace vfs
