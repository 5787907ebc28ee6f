// kernel/lib/strview.hh — a non-owning view of characters (what <string_view> would be).
#pragma once

#include "lib/format.hh"
#include "lib/string.hh"
#include "lib/types.hh"

/// @p len characters at @p data, not NUL-terminated in general; the default is empty.
struct StrView {
    const char* data = nullptr;
    usize len = 0;

    constexpr StrView() = default;
    constexpr StrView(const char* d, usize n) : data(d), len(n) {}
    /// The characters of a C string up to its NUL; null is the empty view.
    StrView(const char* s) : data(s), len(s ? strlen(s) : 0) {}

    bool empty() const { return len == 0; }
    /// Same characters (the empty views are all equal, whatever their data).
    bool operator==(StrView o) const {
        return len == o.len && (len == 0 || memcmp(data, o.data, len) == 0);
    }
    bool starts_with(StrView p) const {
        return p.len == 0 || (len >= p.len && memcmp(data, p.data, p.len) == 0);
    }
    char operator[](usize i) const { return data[i]; }
    /// Up to @p n characters from @p from; both are clamped to the view, never past it.
    StrView substr(usize from, usize n = ~usize(0)) const {
        if (from > len) from = len;
        if (n > len - from) n = len - from;
        return {data + from, n};
    }
    /// Copies into @p buf as a NUL-terminated string; false if it had to be cut.
    bool copy_to(char* buf, usize size) const {
        if (!size) return false;
        usize n = len < size - 1 ? len : size - 1;
        if (n) memcpy(buf, data, n);
        buf[n] = 0;
        return n == len;
    }
};

namespace fmt {
inline void format_value(Sink& sink, const StrView& s, const Spec& spec) {
    format_string(sink, s.data, s.len, spec);
}
}  // namespace fmt
