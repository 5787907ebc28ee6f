// kernel/fs/jbd2/journal.hh — the jbd2 journal: recovery on mount, and writing transactions.
//
//   auto* j = TRY(jbd2::Journal::open(dev, block_size, std::move(map), nblocks));
//   if (j->needs_recovery()) TRY(j->recover());          // replays committed transactions
//   jbd2::LoggedBlock b[] = {{target, bytes}, ...};
//   TRY(j->write_transaction(b, n));                     // descriptors, copies, commit block
//   ... write the blocks in place (checkpoint) ...
//   TRY(j->mark_empty());                                // the log holds nothing to replay
//
// The journal is a run of file-system blocks (the journal inode's, resolved by the caller
// into @p map: one physical block number per journal block). Its superblock (block 0)
// says where the log starts, which sequence number comes next and which features are on;
// a transaction is descriptor blocks listing target blocks (tags), the copies of those
// blocks, and a commit block. Revoke blocks cancel replay of older copies of a block.
// Checksums v2 and v3 are verified on replay and v3 is written when the journal has it.
// All fields are big-endian. An unknown incompat feature is EINVAL; a malformed
// superblock EUCLEAN; a log that ends early simply ends replay there, as in Linux.
#pragma once

#include "fs/block/block_device.hh"
#include "fs/block/buffer.hh"

namespace jbd2 {

struct LoggedBlock {
    u64 target;      // where the block belongs
    const u8* data;  // block_size bytes
};

class Journal {
public:
    static Result<Journal*> open(fs::BlockDevice& dev, u32 block_size, fs::Buffer map, u32 nblocks);
    /// Frees the journal object (writes nothing).
    void close();

    bool needs_recovery() const { return start_ != 0; }
    /// Replays every committed transaction; returns how many were replayed. Leaves the
    /// journal empty (written back) and the device flushed.
    Result<u32> recover();
    /// Blocks one transaction may log (descriptors and commit block included).
    u32 max_transaction_blocks() const;
    /// Writes one transaction: the log is empty before (mark_empty() was called since
    /// the last one); flushes before and after the commit block.
    Result<void> write_transaction(const LoggedBlock* blocks, usize count,
                                   const u64* revoked = nullptr, usize revoked_count = 0);
    /// Records that everything logged has been written in place.
    Result<void> mark_empty();
    u32 sequence() const { return sequence_; }

private:
    Journal(fs::BlockDevice& dev, u32 block_size, fs::Buffer map, u32 nblocks)
        : dev_(dev), bs_(block_size), map_(static_cast<fs::Buffer&&>(map)), nblocks_(nblocks) {}
    Result<void> load_superblock();
    Result<void> write_superblock();
    Result<void> read_block(u32 jblock, u8* buf);
    Result<void> write_block(u32 jblock, const u8* buf);
    Result<void> write_fs_block(u64 block, const u8* buf);
    u32 tag_bytes() const;
    void set_block_tail(u8* block) const;
    bool block_tail_ok(const u8* block) const;
    u32 next(u32 jblock) const { return jblock + 1 >= maxlen_ ? first_ : jblock + 1; }

    struct Scan;
    Result<void> scan_pass(Scan& s, int pass);

    fs::BlockDevice& dev_;
    u32 bs_;
    fs::Buffer map_;
    u32 nblocks_;
    fs::Buffer sb_;
    u32 first_ = 0, maxlen_ = 0, start_ = 0, sequence_ = 0;
    u32 incompat_ = 0, compat_ = 0;
    u32 csum_seed_ = 0;
    bool csum_v2or3_ = false, csum_v3_ = false, is64_ = false;
};

}  // namespace jbd2
