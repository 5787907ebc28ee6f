// kernel/fs/ext4/cache.cc — the metadata block cache (see cache.hh): a chained hash table.
#include "fs/ext4/cache.hh"

#include "lib/string.hh"

namespace ext4 {

void BlockCache::free_forgotten() {
    while (Node* n = forgotten_) {
        forgotten_ = n->next;
        mm::destroy(n);
    }
}

BlockCache::~BlockCache() {
    free_forgotten();
    for (Node*& b : buckets_) {
        while (Node* n = b) {
            b = n->next;
            mm::destroy(n);
        }
    }
}

BlockCache::Node* BlockCache::find(u64 block) {
    for (Node* n = bucket(block); n; n = n->next)
        if (n->block == block) return n;
    return nullptr;
}

Result<BlockCache::Node*> BlockCache::insert(u64 block) {
    fs::Buffer bytes = TRY(fs::Buffer::zeroed(block_size_));
    Node* n = TRY(mm::make<Node>(Node{block, std::move(bytes), false, nullptr}));
    n->next = bucket(block);
    bucket(block) = n;
    count_++;
    return n;
}

Result<u8*> BlockCache::get(u64 block) {
    if (Node* n = find(block)) return n->bytes.data();
    Node* n = TRY(insert(block));
    if (auto r = read_direct(block, 1, n->bytes.data()); r.is_error()) {
        forget(block);
        return Error(r.error());
    }
    return n->bytes.data();
}

Result<u8*> BlockCache::get_new(u64 block) {
    Node* n = find(block);
    if (!n) n = TRY(insert(block));
    memset(n->bytes.data(), 0, block_size_);
    if (!n->dirty) dirty_++;
    n->dirty = true;
    return n->bytes.data();
}

void BlockCache::mark_dirty(u64 block) {
    Node* n = find(block);
    if (n && !n->dirty) {
        n->dirty = true;
        dirty_++;
    }
}

void BlockCache::forget(u64 block) {
    for (Node** link = &bucket(block); *link; link = &(*link)->next) {
        Node* n = *link;
        if (n->block != block) continue;
        *link = n->next;
        if (n->dirty) dirty_--;
        n->dirty = false;
        count_--;
        n->next = forgotten_;  // freed by the next evict(): a caller may still hold it
        forgotten_ = n;
        return;
    }
}

void BlockCache::clear_dirty() {
    for (Node* b : buckets_)
        for (Node* n = b; n; n = n->next) n->dirty = false;
    dirty_ = 0;
}

void BlockCache::evict(usize keep) {
    free_forgotten();
    if (count_ <= keep) return;
    for (Node*& b : buckets_) {
        for (Node** link = &b; *link;) {
            Node* n = *link;
            if (n->dirty) {
                link = &n->next;
                continue;
            }
            *link = n->next;
            count_--;
            mm::destroy(n);
        }
    }
}

Result<void> BlockCache::read_direct(u64 block, u32 count, void* buf) {
    u32 spb = block_size_ / fs::SECTOR_SIZE;
    if (block > dev_.sector_count() / spb) return Error(EIO);
    return dev_.read(block * spb, count * spb, buf);
}

Result<void> BlockCache::write_direct(u64 block, u32 count, const void* buf) {
    u32 spb = block_size_ / fs::SECTOR_SIZE;
    if (block > dev_.sector_count() / spb) return Error(EIO);
    return dev_.write(block * spb, count * spb, buf);
}

}  // namespace ext4
