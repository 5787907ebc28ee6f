// kernel/fs/cpio.hh — reading the initramfs: a cpio archive in the "newc" format.
//
//   cpio::Archive archive(module_bytes);
//   cpio::Entry init = TRY(archive.lookup("/bin/init"));   // ENOENT, or EINVAL if malformed
//   for (auto it = archive.begin(); ; ) { cpio::Entry e; if (!TRY(it.next(e))) break; ... }
//
// A newc member is a 110-byte ASCII header ("070701", then 13 fields of 8 hex digits:
// ino, mode, uid, gid, nlink, mtime, filesize, devmajor, devminor, rdevmajor,
// rdevminor, namesize, check), the NUL-terminated name padded to a multiple of 4, and
// the data padded to a multiple of 4. The member named "TRAILER!!!" ends an archive;
// like Linux's initramfs unpacker we accept several archives one after the other, with
// NUL padding between them (each starting at a multiple of 4), and a later member of
// the same name replaces an earlier one. "070702" members carry a checksum of their data (the sum of its bytes), which
// is verified for regular files (GNU cpio writes 0 for the other types).
//
// Everything is bounds-checked against the bytes given: a header, name or data that
// runs past the end, a bad digit, a name without its NUL, or a checksum that does not
// match is EINVAL, never a read out of bounds. Views returned point into the archive.
// Pure code: it builds in the kernel and on the host (tests/unit/cpio_*_test.cc).
#pragma once

#include <span>

#include "lib/result.hh"
#include "lib/strview.hh"
#include "lib/types.hh"

namespace cpio {

constexpr usize HEADER_SIZE = 110;

/// File-type bits of Entry::mode (the st_mode values Linux uses).
/// (Named MODE_* rather than S_IF*, which are macros in the host's <sys/stat.h>.)
enum : u32 {
    MODE_TYPE = 0170000,
    MODE_REGULAR = 0100000,
    MODE_DIRECTORY = 0040000,
    MODE_SYMLINK = 0120000,
    MODE_CHAR = 0020000,
    MODE_BLOCK = 0060000,
    MODE_FIFO = 0010000,
    MODE_SOCKET = 0140000,
};

/// One member of the archive.
struct Entry {
    StrView name;  ///< as stored, without the NUL ("bin/init", "./bin/init")
    u32 ino = 0;
    u32 mode = 0;  ///< type and permission bits
    u32 uid = 0;
    u32 gid = 0;
    u32 nlink = 0;
    u32 mtime = 0;
    u32 devmajor = 0, devminor = 0;
    u32 rdevmajor = 0, rdevminor = 0;
    std::span<const u8> data;  ///< file contents (a symlink's target)

    bool is_regular() const { return (mode & MODE_TYPE) == MODE_REGULAR; }
    bool is_directory() const { return (mode & MODE_TYPE) == MODE_DIRECTORY; }
    bool is_symlink() const { return (mode & MODE_TYPE) == MODE_SYMLINK; }
    /// Permission bits (07777).
    u32 permissions() const { return mode & 07777; }
};

/// True when two paths name the same member: compared component by component, with
/// empty and "." components ignored, so "/bin/init", "bin//init" and "./bin/init/" are
/// the same, and "", "/" and "." all name the root. ".." is compared literally.
bool same_path(StrView a, StrView b);

/// Walks the members of an archive in order.
class Cursor {
public:
    explicit Cursor(std::span<const u8> bytes) : bytes_(bytes) {}

    /// Reads the next member into @p out: true when there is one, false at the end of
    /// the last archive (trailers are not returned), EINVAL when malformed.
    Result<bool> next(Entry& out);
    /// Offset of the next header in the archive (for error reports).
    usize offset() const { return offset_; }
    /// How many archives (trailers) lie before the member next() returned last.
    usize archive_index() const { return trailers_; }

private:
    std::span<const u8> bytes_;
    usize offset_ = 0;
    usize trailers_ = 0;
    bool after_trailer_ = false;
};

/// An archive in memory (the bytes are borrowed, not copied).
class Archive {
public:
    explicit Archive(std::span<const u8> bytes) : bytes_(bytes) {}

    Cursor begin() const { return Cursor(bytes_); }
    /// Walks the whole archive once: EINVAL if any member is malformed; otherwise the
    /// number of members (trailers not counted).
    Result<usize> validate() const;
    /// The member named @p path (compared with same_path(), so "/bin/init",
    /// "bin/init" and "./bin/init" are the same). The last member of that name wins.
    /// A hard link stored without data (newc stores the data once, with the last
    /// link) gets the data of the member with the same ino and device that has it.
    /// ENOENT when absent, EINVAL when the archive is malformed before the answer is
    /// known (the whole archive is read: a later member could replace the match).
    Result<Entry> lookup(StrView path) const;

    std::span<const u8> bytes() const { return bytes_; }

private:
    std::span<const u8> bytes_;
};

}  // namespace cpio
