// kernel/fs/ext4/fs.hh — a mounted ext4 file system: the operations on inodes, files and directories.
//
//   auto* fs = TRY(ext4::Fs::mount(dev, {}));      // replays the journal if it needs to
//   u32 ino = TRY(fs->resolve("/etc/passwd"));
//   usize n = TRY(fs->read(ino, 0, buf, sizeof buf));
//   u32 f = TRY(fs->create(ext4::ROOT_INO, "new", 0644));
//   TRY(fs->write(f, 0, "hi", 2));
//   TRY(fs->unmount());                              // commits, then frees fs
//
// Metadata changes collect in the block cache and are committed as one jbd2 transaction
// by sync() (and by any operation once enough blocks are dirty), then written in place.
// Names are StrViews of at most 255 bytes; inode numbers are u32s. Errors are Linux's:
// ENOENT, EEXIST, ENOTDIR, EISDIR, ENOTEMPTY, ENOSPC, ENAMETOOLONG, EROFS, EMLINK, EINVAL;
// a structure on the disk that makes no sense is EUCLEAN with a log line.
// Not there yet (README.md lists it all): inline data, extended attributes, the orphan
// list, a third htree level, indirect-block (ext2/3) files.
#pragma once

#include "fs/block/block_device.hh"
#include "fs/ext4/cache.hh"
#include "fs/ext4/inode.hh"
#include "fs/ext4/superblock.hh"
#include "lib/strview.hh"

namespace jbd2 {
class Journal;
}

namespace ext4 {

struct MountOptions {
    bool read_only = false;
    /// Seconds since the epoch, for timestamps; null gives 0.
    u32 (*clock)() = nullptr;
    /// Tests only: commit to the journal but never write in place (a crash after commit).
    bool skip_checkpoint = false;
};

/// One entry as readdir gives it.
struct DirEntry {
    u32 ino;
    u8 type;
    StrView name;
};

class Fs {
public:
    /// Mounts the file system on @p dev, replaying its journal first when it needs it.
    static Result<Fs*> mount(fs::BlockDevice& dev, const MountOptions& opts);
    /// Commits, marks the file system clean and frees this object, even on error.
    Result<void> unmount();
    /// Frees this object without writing anything (a crash, for tests).
    void abandon();

    const Geometry& geometry() const { return g_; }
    bool read_only() const { return read_only_; }

    // Inodes.
    Result<Inode> read_inode(u32 ino);
    Result<void> write_inode(Inode& in);

    // Names.
    Result<u32> lookup(u32 dir, StrView name);
    /// An absolute path, following no symlinks ("/a/b"; "/" is ROOT_INO).
    Result<u32> resolve(StrView path);
    /// Calls fn(const DirEntry&) -> Result<bool> (false stops) for each entry, "." and ".." too.
    template <typename Fn>
    Result<void> readdir(u32 dir, Fn fn);

    // File contents.
    Result<usize> read(u32 ino, u64 off, void* buf, usize len);
    Result<usize> write(u32 ino, u64 off, const void* buf, usize len);
    Result<void> truncate(u32 ino, u64 size);
    Result<usize> readlink(u32 ino, char* buf, usize len);

    // Namespace changes.
    Result<u32> create(u32 dir, StrView name, u16 mode);
    Result<u32> mkdir(u32 dir, StrView name, u16 mode);
    Result<u32> symlink(u32 dir, StrView name, StrView target);
    Result<void> link(u32 ino, u32 dir, StrView name);
    Result<void> unlink(u32 dir, StrView name);
    Result<void> rmdir(u32 dir, StrView name);
    Result<void> rename(u32 from_dir, StrView from, u32 to_dir, StrView to);

    /// Commits the transaction in progress.
    Result<void> sync();

    // The layers below, for the other files of this folder.
    BlockCache& cache() { return cache_; }
    u32 now() const { return opts_.clock ? opts_.clock() : 0; }
    /// The seed of an inode's checksums (metadata_csum).
    u32 inode_csum_seed(const Inode& in) const;
    Result<u8*> group_desc(u32 group);
    void group_desc_dirty(u32 group);
    Result<u8*> superblock();
    void superblock_dirty();
    u64 gd_block_bitmap(const u8* d) const;
    u64 gd_inode_bitmap(const u8* d) const;
    u64 gd_inode_table(const u8* d) const;
    u32 gd_get(const u8* d, u32 lo_off, u32 hi_off, bool wide) const;
    void gd_set(u8* d, u32 lo_off, u32 hi_off, bool wide, u32 v);
    /// Adds @p blocks fs blocks to an inode's i_blocks (negative to remove).
    void add_blocks(Inode& in, i64 blocks);
    /// Commits when the transaction has grown large; called between operations.
    Result<void> maybe_commit();
    Result<void> ensure_writable() const;
    /// Blocks freed since the last commit may not be reused before it: the transaction
    /// that frees them is not on the disk yet, and a crash would bring the old owner back
    /// over whatever was written there (file data goes to the disk at once).
    Result<void> note_freed(u64 start, u32 count);
    /// Whether @p block was freed since the last commit; if so, *skip_to is past its range.
    bool recently_freed(u64 block, u64* skip_to) const;

    /// Use mount() and unmount(); public only for mm::make and mm::destroy.
    Fs(fs::BlockDevice& dev, const Geometry& g, const MountOptions& opts);
    ~Fs();

private:
    Result<void> load();
    Result<void> check_group_descs();
    Result<void> open_journal();
    Result<void> commit();
    Result<void> set_recover_flag(bool on);
    Result<void> iterate_dir(u32 dir, bool (*fn)(void*, const DirEntry&), void* ctx);

    Geometry g_;
    MountOptions opts_;
    BlockCache cache_;
    jbd2::Journal* journal_ = nullptr;
    bool read_only_ = false;
    fs::Buffer freed_;  // {u64 start, u64 count} ranges freed since the last commit
    usize freed_count_ = 0;
    u64 sb_block_ = 0;
    u32 sb_offset_ = 0;
};

template <typename Fn>
Result<void> Fs::readdir(u32 dir, Fn fn) {
    struct Ctx {
        Fn* fn;
        int err;
    } ctx{&fn, 0};
    TRY(iterate_dir(
        dir,
        [](void* c, const DirEntry& e) {
            auto* x = static_cast<Ctx*>(c);
            Result<bool> r = (*x->fn)(e);
            if (r.is_error()) {
                x->err = r.error();
                return false;
            }
            return r.value();
        },
        &ctx));
    if (ctx.err) return Error(ctx.err);
    return {};
}

}  // namespace ext4
