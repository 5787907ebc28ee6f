// kernel/fs/ext4/cache.hh — the metadata blocks of a mounted ext4, kept in memory until committed.
//
//   u8* b = TRY(cache.get(block));     // read from the disk the first time
//   b[0] = 1; cache.mark_dirty(block); // to be written by the next commit (through the journal)
//   cache.forget(block);               // a freed block: its old contents must never be written
//
// Every metadata block goes through here, so a transaction is exactly the set of dirty
// blocks, and what is read back is what was written even before it reaches the disk.
// Pointers stay valid until the next evict() (called between transactions only), so an
// operation may hold several blocks at once. File data does not come here: it is read
// and written directly (ordered mode: data reaches the disk before the commit).
#pragma once

#include "fs/block/block_device.hh"
#include "fs/block/buffer.hh"

namespace ext4 {

class BlockCache {
public:
    BlockCache(fs::BlockDevice& dev, u32 block_size) : dev_(dev), block_size_(block_size) {}
    ~BlockCache();
    BlockCache(const BlockCache&) = delete;
    BlockCache& operator=(const BlockCache&) = delete;

    /// The block's bytes, read from the device if not cached.
    Result<u8*> get(u64 block);
    /// The block's bytes, zeroed and dirty, without reading it (a newly allocated block).
    Result<u8*> get_new(u64 block);
    void mark_dirty(u64 block);
    /// Drops the block, dirty or not. Its bytes stay valid (and unused) until the next
    /// evict(): on a corrupted disk a block being freed can be one an operation holds.
    void forget(u64 block);
    usize dirty_count() const { return dirty_; }

    /// Calls fn(block, bytes) for every dirty block, in no particular order.
    template <typename Fn>
    Result<void> for_each_dirty(Fn fn) {
        for (Node* bucket : buckets_)
            for (Node* n = bucket; n; n = n->next)
                if (n->dirty) TRY(fn(n->block, n->bytes.data()));
        return {};
    }
    /// Marks every block clean.
    void clear_dirty();
    /// Drops clean blocks when more than @p keep are cached.
    void evict(usize keep);

    /// Direct device access in file-system blocks, bypassing the cache.
    Result<void> read_direct(u64 block, u32 count, void* buf);
    Result<void> write_direct(u64 block, u32 count, const void* buf);
    fs::BlockDevice& device() { return dev_; }
    u32 block_size() const { return block_size_; }

private:
    struct Node {
        u64 block;
        fs::Buffer bytes;
        bool dirty;
        Node* next;
    };
    static constexpr usize BUCKETS = 1024;
    Node*& bucket(u64 block) { return buckets_[(block * 0x9E3779B97F4A7C15ull) >> 54]; }
    Node* find(u64 block);
    Result<Node*> insert(u64 block);
    void free_forgotten();

    fs::BlockDevice& dev_;
    u32 block_size_;
    Node* buckets_[BUCKETS] = {};
    Node* forgotten_ = nullptr;
    usize count_ = 0, dirty_ = 0;
};

}  // namespace ext4
