// kernel/fs/jbd2/recovery.cc — replaying a jbd2 journal after a crash, in three passes.
//
// SCAN walks the log from its start while each block carries the expected sequence
// number, and finds the last complete (committed, checksum-valid) transaction. REVOKE
// collects revoke records of those transactions: a block revoked by transaction T is
// not replayed from any copy logged before or in T. REPLAY writes every remaining copy
// to its place. A log that ends early (a torn write, a stale block) ends the scan there:
// the transactions before are intact, as in Linux. Afterwards the log is empty.
#include "fs/jbd2/format.hh"
#include "fs/jbd2/journal.hh"
#include "lib/crc.hh"
#include "lib/endian.hh"
#include "lib/log.hh"
#include "lib/string.hh"

namespace jbd2 {

struct Journal::Scan {
    u32 end_sequence = 0;  // the first sequence number not to replay
    u32 replayed_blocks = 0;
    fs::Buffer revoked;  // {u64 block, u32 sequence} records
    usize revoked_count = 0;

    Result<void> revoke(u64 block, u32 seq) {
        struct Rec {
            u64 block;
            u64 seq;
        };
        auto* recs = reinterpret_cast<Rec*>(revoked.data());
        for (usize i = 0; i < revoked_count; i++) {
            if (recs[i].block == block) {
                if (static_cast<i32>(seq - static_cast<u32>(recs[i].seq)) > 0) recs[i].seq = seq;
                return {};
            }
        }
        if ((revoked_count + 1) * sizeof(Rec) > revoked.size()) {
            fs::Buffer bigger =
                TRY(fs::Buffer::zeroed((revoked.size() ? revoked.size() * 2 : 64 * sizeof(Rec))));
            if (revoked.size()) memcpy(bigger.data(), revoked.data(), revoked.size());
            revoked = static_cast<fs::Buffer&&>(bigger);
            recs = reinterpret_cast<Rec*>(revoked.data());
        }
        recs[revoked_count++] = Rec{block, seq};
        return {};
    }
    bool is_revoked(u64 block, u32 seq) const {
        struct Rec {
            u64 block;
            u64 seq;
        };
        auto* recs = reinterpret_cast<const Rec*>(revoked.data());
        for (usize i = 0; i < revoked_count; i++)
            if (recs[i].block == block)
                return static_cast<i32>(static_cast<u32>(recs[i].seq) - seq) >= 0;
        return false;
    }
};

namespace {
enum Pass { SCAN = 0, REVOKE_PASS = 1, REPLAY = 2 };
}

Result<void> Journal::scan_pass(Scan& s, int pass) {
    fs::Buffer buf = TRY(fs::Buffer::zeroed(bs_));
    fs::Buffer data = TRY(fs::Buffer::zeroed(bs_));
    u8* b = buf.data();
    u32 jb = start_, seq = sequence_;
    u32 tail = csum_v2or3_ ? BLOCK_TAIL : 0;
    for (u32 steps = 0; steps < maxlen_; steps++) {
        if (pass != SCAN && seq == s.end_sequence) break;
        TRY(read_block(jb, b));
        if (be32(b + h_magic) != MAGIC || be32(b + h_sequence) != seq) break;
        u32 type = be32(b + h_blocktype);
        if (type == DESCRIPTOR) {
            if (!block_tail_ok(b)) {
                klog::warn("jbd2: descriptor block {} checksum mismatch", jb);
                break;
            }
            u32 off = HEADER;
            bool last = false;
            while (!last) {
                if (off + tag_bytes() > bs_ - tail) return Error(EUCLEAN);
                const u8* t = b + off;
                u64 target = be32(t);
                u32 flags, csum;
                if (csum_v3_) {
                    flags = be32(t + 4);
                    if (is64_) target |= u64{be32(t + 8)} << 32;
                    csum = be32(t + 12);
                } else {
                    flags = be16(t + 6);
                    csum = be16(t + 4);
                    if (is64_) target |= u64{be32(t + 8)} << 32;
                }
                off += tag_bytes();
                if (!(flags & FLAG_SAME_UUID)) off += UUID_BYTES;
                last = flags & FLAG_LAST_TAG;
                jb = next(jb);
                if (pass != REPLAY) continue;
                TRY(read_block(jb, data.data()));
                if (csum_v2or3_) {
                    u8 seq_be[4];
                    put_be32(seq_be, seq);
                    u32 c = crc32c(crc32c(csum_seed_, seq_be, 4), data.data(), bs_);
                    if (!csum_v3_) c &= 0xFFFF;
                    if (c != csum) {
                        klog::warn("jbd2: logged copy of block {} fails its checksum; not replayed",
                                   target);
                        continue;
                    }
                }
                if (s.is_revoked(target, seq)) continue;
                if (flags & FLAG_ESCAPE) put_be32(data.data(), MAGIC);
                TRY(write_fs_block(target, data.data()));
                s.replayed_blocks++;
            }
        } else if (type == COMMIT) {
            if (csum_v2or3_) {
                memcpy(data.data(), b, bs_);
                u32 stored = be32(data.data() + commit::chksum);
                put_be32(data.data() + commit::chksum, 0);
                if (crc32c(csum_seed_, data.data(), bs_) != stored) {
                    klog::warn("jbd2: commit block {} checksum mismatch", jb);
                    break;
                }
            }
            seq++;
            if (pass == SCAN) s.end_sequence = seq;
        } else if (type == REVOKE) {
            if (!block_tail_ok(b)) break;
            if (pass == REVOKE_PASS) {
                u32 used = be32(b + REVOKE_COUNT);
                u32 rec = is64_ ? 8 : 4;
                if (used > bs_ - tail || used < REVOKE_RECORDS) return Error(EUCLEAN);
                for (u32 off = REVOKE_RECORDS; off + rec <= used; off += rec)
                    TRY(s.revoke(is64_ ? be64(b + off) : be32(b + off), seq));
            }
        } else {
            break;
        }
        jb = next(jb);
    }
    return {};
}

Result<u32> Journal::recover() {
    if (!needs_recovery()) return u32{0};
    Scan s;
    s.end_sequence = sequence_;
    TRY(scan_pass(s, SCAN));
    TRY(scan_pass(s, REVOKE_PASS));
    TRY(scan_pass(s, REPLAY));
    u32 transactions = s.end_sequence - sequence_;
    TRY(dev_.flush());
    sequence_ = s.end_sequence;
    start_ = 0;
    TRY(write_superblock());
    TRY(dev_.flush());
    klog::info("jbd2: replayed {} transactions, {} blocks", transactions, s.replayed_blocks);
    return transactions;
}

}  // namespace jbd2
