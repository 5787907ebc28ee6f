// kernel/fs/vfs/page_index.hh — the pages of one file's data, indexed by file offset.
//
// A radix tree of 512-way nodes, four levels deep: page number n (offset / 4096) is
// found by its four 9-bit digits, so a sparse file costs only the pages it wrote and
// the nodes above them; a hole reads as zeros. tmpfs keeps its file data here; lab 06's
// page cache takes the same shape over (Linux's address_space, i_pages).
#pragma once

#include "lib/result.hh"
#include "lib/types.hh"

namespace vfs {

constexpr usize PAGE_SIZE = 4096;
/// The largest file size a page index holds: 2^36 pages.
constexpr u64 MAX_FILE_SIZE = u64(1) << 48;

class PageIndex {
public:
    PageIndex() = default;
    PageIndex(const PageIndex&) = delete;
    PageIndex& operator=(const PageIndex&) = delete;
    ~PageIndex() { truncate(0); }

    /// The page holding bytes [n * 4096, (n + 1) * 4096), or null for a hole.
    u8* find(u64 n) const;
    /// The same, allocating a zeroed page (and the nodes above it) for a hole. ENOMEM.
    Result<u8*> get_or_add(u64 n);
    /// Frees every page from page number @p first on.
    void truncate(u64 first);
    /// Pages held (for st_blocks).
    u64 pages() const { return pages_; }

private:
    static constexpr unsigned LEVELS = 4, BITS = 9, FANOUT = 1u << BITS;
    struct Node {
        void* slot[FANOUT];
    };
    // Frees what hangs below @p node at @p level from page @p first on (relative to
    // @p base, the first page it covers); true when the node is empty afterwards.
    bool cut(Node* node, unsigned level, u64 base, u64 first);
    Node* root_ = nullptr;
    u64 pages_ = 0;
};

}  // namespace vfs
