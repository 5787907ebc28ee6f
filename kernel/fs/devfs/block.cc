// kernel/fs/devfs/block.cc — /dev/vda, /dev/vda1, ...: block special files over the page cache.
//
// Each disk and partition the block registry found (drivers/block/registry.hh) gets a
// node (mode 0660, Linux's numbers: major 253). Its reads and writes go through the
// block device's pages in the page cache (fs/cache/bdev.hh), as Linux's do: a write
// leaves dirty pages for the writeback thread, fsync writes them and flushes the
// disk. Reads past the end give 0 bytes, writes there ENOSPC; a read-only disk opens
// for reading only (EROFS). O_DIRECT is not supported (EINVAL at open).
#include "drivers/block/registry.hh"
#include "fs/cache/bdev.hh"
#include "fs/devfs/devfs.hh"
#include "fs/vfs/namespace.hh"

namespace devfs {
namespace {

const block::Device* device_of(u64 rdev) {
    for (usize i = 0; i < block::count(); ++i) {
        const block::Device* d = block::at(i);
        if (vfs::make_dev(d->major, d->minor) == rdev) return d;
    }
    return nullptr;
}

cache::BdevMapping& mapping_of(vfs::File& f) { return *static_cast<cache::BdevMapping*>(f.priv); }

u64 size_of(vfs::File& f) { return mapping_of(f).dev.sector_count() * fs::SECTOR_SIZE; }

Result<void> bd_open(vfs::File& f) {
    const block::Device* d = device_of(f.inode->rdev);
    if (!d) return Error(ENXIO);
    if (f.flags & vfs::O_DIRECT) return Error(EINVAL);
    if (f.writable() && d->read_only) return Error(EROFS);
    f.priv = TRY(cache::bdev_mapping(*d->dev));
    return {};
}

Result<u64> bd_read(vfs::File& f, const vfs::IoBuf& buf, u64* pos) {
    cache::Mapping& m = mapping_of(f).mapping;
    u64 size = size_of(f);
    if (*pos >= size) return 0;
    u64 len = buf.size() < size - *pos ? buf.size() : size - *pos;
    u64 done = 0;
    while (done < len) {
        u64 at = *pos + done, off = at % cache::PAGE_SIZE;
        u64 n = cache::PAGE_SIZE - off < len - done ? cache::PAGE_SIZE - off : len - done;
        auto p = cache::get_page(m, at / cache::PAGE_SIZE);
        if (p.is_error()) {
            if (done) break;
            return Error(p.error());
        }
        auto r = buf.fill(done, p.value()->data + off, n);
        cache::put_page(p.value());
        if (r.is_error()) {
            if (done) break;
            return Error(r.error());
        }
        done += n;
    }
    *pos += done;
    return done;
}

Result<u64> bd_write(vfs::File& f, const vfs::IoBuf& buf, u64* pos) {
    cache::Mapping& m = mapping_of(f).mapping;
    u64 size = size_of(f);
    if (buf.size() == 0) return 0;
    if (*pos >= size) return Error(ENOSPC);
    u64 len = buf.size() < size - *pos ? buf.size() : size - *pos;
    u64 done = 0;
    int err = 0;
    while (done < len) {
        u64 at = *pos + done, off = at % cache::PAGE_SIZE;
        u64 n = cache::PAGE_SIZE - off < len - done ? cache::PAGE_SIZE - off : len - done;
        auto p = cache::grab_page(m, at / cache::PAGE_SIZE, off == 0 && n == cache::PAGE_SIZE);
        if (p.is_error()) {
            err = p.error();
            break;
        }
        auto r = buf.drain(p.value()->data + off, done, n);
        if (r.is_error()) {
            // A fault part-way: the page may hold part of the data; it is written as is,
            // like Linux's short write (the bytes before the fault count).
            cache::mark_dirty(p.value());
            cache::put_page(p.value());
            err = r.error();
            break;
        }
        cache::mark_dirty(p.value());
        cache::put_page(p.value());
        cache::balance_dirty(m);
        done += n;
    }
    if (!done && err) return Error(err);
    *pos += done;
    return done;
}

Result<u64> bd_llseek(vfs::File& f, i64 offset, int whence) {
    return vfs::generic_llseek(f, offset, whence, size_of(f));
}

Result<void> bd_fsync(vfs::File& f, bool) {
    cache::BdevMapping& bm = mapping_of(f);
    TRY(cache::write_back(bm.mapping, 0, cache::WHOLE));
    return bm.dev.flush();
}

const vfs::FileOps block_file_ops = {
    .read = bd_read,
    .write = bd_write,
    .llseek = bd_llseek,
    .open = bd_open,
    .fsync = bd_fsync,
};

}  // namespace

Result<void> add_block_nodes(vfs::Dentry* root) {
    vfs::Creator who{};
    for (usize i = 0; i < block::count(); ++i) {
        const block::Device* d = block::at(i);
        u64 rdev = vfs::make_dev(d->major, d->minor);
        TRY(vfs::register_blkdev(rdev, &block_file_ops));
        TRY(vfs::create(root, d->name, vfs::S_IFBLK | 0660, rdev, who));
    }
    return {};
}

}  // namespace devfs
