// kernel/boot/cmdline.hh — the kernel command line: `key=value` words and bare flags.
//
//   test=boot_banner,int3 log=console smp_check
//   cmdline::get("test")      -> "boot_banner,int3"
//   cmdline::has("smp_check") -> true
//
// Values may be double-quoted to hold spaces (init="/bin/sh -l"), and so may whole words
// ("init=/bin/sh -l", the form GRUB passes on). The last of repeated keys wins, as in
// Linux. Parsing never writes to the line; views point into it.
#pragma once

#include "lib/strview.hh"

namespace cmdline {

class CommandLine {
public:
    /// Views @p text (not copied; it must outlive the CommandLine). Null reads as "".
    explicit CommandLine(const char* text) : text_(text ? text : "") {}

    /// The value of `key=value`, or an empty view with found=false.
    StrView get(StrView key, bool* found = nullptr) const;
    /// True when `key` or `key=...` appears.
    bool has(StrView key) const;
    /// The value parsed as an unsigned number (decimal, or 0x hex, with an optional
    /// K/M/G suffix); @p fallback when absent or malformed.
    u64 get_u64(StrView key, u64 fallback) const;

    /// Calls f(key, value) for every word, in order.
    template <typename F>
    void for_each(F&& f) const {
        const char* p = text_;
        StrView key, value;
        while (next_word(p, key, value)) f(key, value);
    }

private:
    static bool next_word(const char*& p, StrView& key, StrView& value);
    const char* text_;
};

/// Splits "a,b,c" on commas: calls f(item) for each non-empty item.
template <typename F>
void split_list(StrView list, F&& f) {
    usize start = 0;
    for (usize i = 0; i <= list.len; ++i) {
        if (i == list.len || list[i] == ',') {
            if (i > start) f(list.substr(start, i - start));
            start = i + 1;
        }
    }
}

/// Parses a number as get_u64 does; false when @p text is not one.
bool parse_u64(StrView text, u64& out);

/// The line the kernel booted with (set by kernel_entry).
const CommandLine& boot();
void set_boot(const char* text);

}  // namespace cmdline
