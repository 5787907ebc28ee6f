// kernel/fs/ext4/inode.hh — an ext4 inode in memory: its raw bytes and accessors for the fields.
//
//   ext4::Inode in = TRY(fs.read_inode(ino));   // checksum verified
//   in.set_size(4096); TRY(fs.write_inode(in));  // checksum written, block dirty in the cache
//
// The inode keeps the first INODE_BYTES of its on-disk record, so that fields this code
// does not interpret (extended timestamps, the project id, ...) survive a write.
#pragma once

#include "fs/ext4/layout.hh"
#include "lib/endian.hh"

namespace ext4 {

constexpr u32 INODE_BYTES = 256;

struct Inode {
    u32 ino = 0;
    u8 raw[INODE_BYTES] = {};

    u16 mode() const { return le16(raw + ino::mode); }
    void set_mode(u16 m) { put_le16(raw + ino::mode, m); }
    bool is_dir() const { return (mode() & MODE_FMT) == MODE_DIR; }
    bool is_reg() const { return (mode() & MODE_FMT) == MODE_REG; }
    bool is_symlink() const { return (mode() & MODE_FMT) == MODE_LNK; }
    u64 size() const { return le32(raw + ino::size_lo) | u64{le32(raw + ino::size_high)} << 32; }
    void set_size(u64 s) {
        put_le32(raw + ino::size_lo, static_cast<u32>(s));
        put_le32(raw + ino::size_high, static_cast<u32>(s >> 32));
    }
    u16 links() const { return le16(raw + ino::links_count); }
    void set_links(u16 n) { put_le16(raw + ino::links_count, n); }
    u32 flags() const { return le32(raw + ino::flags); }
    void set_flags(u32 f) { put_le32(raw + ino::flags, f); }
    u32 generation() const { return le32(raw + ino::generation); }
    u64 file_acl() const {
        return le32(raw + ino::file_acl_lo) | u64{le16(raw + ino::file_acl_high)} << 32;
    }
    /// i_blocks in 512-byte units (or file-system blocks with the HUGE_FILE inode flag:
    /// the callers convert with Fs::blocks_to_512).
    u64 blocks_raw() const {
        return le32(raw + ino::blocks_lo) | u64{le16(raw + ino::blocks_high)} << 32;
    }
    void set_blocks_raw(u64 b) {
        put_le32(raw + ino::blocks_lo, static_cast<u32>(b));
        put_le16(raw + ino::blocks_high, static_cast<u16>(b >> 32));
    }
    u8* iblock() { return raw + ino::block; }
    const u8* iblock() const { return raw + ino::block; }
    bool has_extents() const { return flags() & ino::FLAG_EXTENTS; }
    /// A symlink whose target lives in i_block (no data block).
    bool is_fast_symlink() const {
        return is_symlink() && !has_extents() && blocks_raw() == 0 && file_acl() == 0;
    }
    /// Sets atime, ctime and mtime (those named) to @p sec, with zero nanoseconds.
    void touch(u32 sec, bool a, bool c, bool m, u32 inode_size);
};

}  // namespace ext4
