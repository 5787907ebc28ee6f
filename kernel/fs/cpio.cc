// kernel/fs/cpio.cc — the newc cpio reader behind the initramfs (see cpio.hh).
//
// The cursor walks header, name, data; every size read from a header is checked
// against what is left of the buffer before it is used, and offsets are advanced only
// after that check, so no arithmetic on file numbers can wrap.
#include "fs/cpio.hh"

#include "lib/string.hh"

namespace cpio {
namespace {

constexpr StrView TRAILER("TRAILER!!!", 10);

enum Field : usize {
    INO,
    MODE,
    UID,
    GID,
    NLINK,
    MTIME,
    FILESIZE,
    DEVMAJOR,
    DEVMINOR,
    RDEVMAJOR,
    RDEVMINOR,
    NAMESIZE,
    CHECK,
    FIELD_COUNT
};

bool hex_digit(u8 c, u32& out) {
    if (c >= '0' && c <= '9') out = c - '0';
    else if (c >= 'a' && c <= 'f') out = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') out = c - 'A' + 10;
    else return false;
    return true;
}

/// The 8 hex digits at @p p; false on any other character.
bool parse_field(const u8* p, u32& out) {
    u32 value = 0;
    for (usize i = 0; i < 8; ++i) {
        u32 d;
        if (!hex_digit(p[i], d)) return false;
        value = value << 4 | d;
    }
    out = value;
    return true;
}

usize align4(usize x) { return (x + 3) & ~usize(3); }

/// The next path component of @p rest (skipping empty and "." ones), advancing it;
/// an empty view when there are no more.
StrView next_component(StrView& rest) {
    for (;;) {
        usize i = 0;
        while (i < rest.len && rest[i] == '/') ++i;
        rest = rest.substr(i);
        if (rest.empty()) return {};
        usize n = 0;
        while (n < rest.len && rest[n] != '/') ++n;
        StrView part = rest.substr(0, n);
        rest = rest.substr(n);
        if (!(part.len == 1 && part[0] == '.')) return part;
    }
}

}  // namespace

bool same_path(StrView a, StrView b) {
    for (;;) {
        StrView pa = next_component(a), pb = next_component(b);
        if (!(pa == pb)) return false;
        if (pa.empty()) return true;
    }
}

Result<bool> Cursor::next(Entry& out) {
    const usize size = bytes_.size();
    const u8* base = bytes_.data();
    for (;;) {
        if (after_trailer_) {
            // Between archives (and after the last one) only NUL padding may appear.
            while (offset_ < size && base[offset_] == 0) ++offset_;
            if (offset_ == size) return false;
            if (offset_ % 4) return Error(EINVAL);  // every header starts at a multiple of 4
        }
        if (size - offset_ < HEADER_SIZE) return Error(EINVAL);  // truncated, or no trailer
        const u8* h = base + offset_;
        if (memcmp(h, "07070", 5) != 0 || (h[5] != '1' && h[5] != '2')) return Error(EINVAL);
        bool has_checksum = h[5] == '2';

        u32 f[FIELD_COUNT];
        for (usize i = 0; i < FIELD_COUNT; ++i)
            if (!parse_field(h + 6 + 8 * i, f[i])) return Error(EINVAL);

        // The name (with its NUL) follows the header; the data starts at the next
        // multiple of 4 after it.
        usize name_at = offset_ + HEADER_SIZE;
        if (f[NAMESIZE] < 2 || f[NAMESIZE] > size - name_at) return Error(EINVAL);
        const char* name = reinterpret_cast<const char*>(base + name_at);
        usize name_len = f[NAMESIZE] - 1;
        if (name[name_len] != 0 || strnlen(name, name_len) != name_len) return Error(EINVAL);
        usize data_at = align4(name_at + f[NAMESIZE]);
        if (data_at > size && f[FILESIZE] == 0) data_at = size;  // padding cut off at the end
        if (data_at > size || f[FILESIZE] > size - data_at) return Error(EINVAL);
        usize next_at = align4(data_at + f[FILESIZE]);
        offset_ = next_at < size ? next_at : size;  // the final padding may be cut off
        after_trailer_ = false;

        StrView name_view(name, name_len);
        if (name_view == TRAILER) {
            ++trailers_;
            after_trailer_ = true;
            continue;
        }
        std::span<const u8> data(base + data_at, f[FILESIZE]);
        if (has_checksum && (f[MODE] & MODE_TYPE) == MODE_REGULAR) {  // GNU cpio leaves 0 on others
            u32 sum = 0;
            for (u8 byte : data) sum += byte;
            if (sum != f[CHECK]) return Error(EINVAL);
        }
        out = Entry{};
        out.name = name_view;
        out.ino = f[INO];
        out.mode = f[MODE];
        out.uid = f[UID];
        out.gid = f[GID];
        out.nlink = f[NLINK];
        out.mtime = f[MTIME];
        out.devmajor = f[DEVMAJOR];
        out.devminor = f[DEVMINOR];
        out.rdevmajor = f[RDEVMAJOR];
        out.rdevminor = f[RDEVMINOR];
        out.data = data;
        return true;
    }
}

Result<usize> Archive::validate() const {
    Cursor cursor = begin();
    usize count = 0;
    Entry e;
    while (TRY(cursor.next(e))) ++count;
    return count;
}

Result<Entry> Archive::lookup(StrView path) const {
    Cursor cursor = begin();
    Entry e, found;
    bool have = false;
    usize found_archive = 0;
    while (TRY(cursor.next(e))) {
        if (same_path(e.name, path)) {
            found = e;
            found_archive = cursor.archive_index();
            have = true;
        }
    }
    if (!have) return Error(ENOENT);
    if (found.is_regular() && found.nlink > 1 && found.data.empty()) {
        // A hard link: newc stores the data once, with the last link of the group.
        Cursor again = begin();
        while (TRY(again.next(e))) {
            if (again.archive_index() == found_archive && e.is_regular() && e.ino == found.ino &&
                e.devmajor == found.devmajor && e.devminor == found.devminor && !e.data.empty())
                found.data = e.data;
        }
    }
    return found;
}

}  // namespace cpio
