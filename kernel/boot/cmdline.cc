// kernel/boot/cmdline.cc — tokenizing the kernel command line (see cmdline.hh).
#include "boot/cmdline.hh"

namespace cmdline {
namespace {
CommandLine boot_line("");
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n'; }
}  // namespace

//! [next_word]
bool CommandLine::next_word(const char*& p, StrView& key, StrView& value) {
    // LAB_BEGIN(01-boot, 1): words may be quoted to hold spaces, as `key="a b"` or as `"key=a b"` (GRUB's form)
    while (*p && is_space(*p)) ++p;
    if (!*p) return false;
    // Inside quotes a space does not end the word. GRUB hands `key="a b"` to the
    // kernel as `"key=a b"`, so a quote may open the word or the value; Linux accepts both.
    bool quoted = *p == '"';
    if (quoted) ++p;
    auto word_goes_on = [&](char c) { return c && (quoted ? c != '"' : !is_space(c)); };
    const char* k = p;
    while (word_goes_on(*p) && *p != '=') ++p;
    key = StrView(k, static_cast<usize>(p - k));
    value = StrView();
    if (*p == '=') {
        ++p;
        if (!quoted && *p == '"') quoted = true, ++p;
        const char* v = p;
        while (word_goes_on(*p)) ++p;
        value = StrView(v, static_cast<usize>(p - v));
    }
    if (quoted && *p == '"') ++p;
    return true;
    // LAB_FALLBACK
    // while (*p && is_space(*p)) ++p;
    // if (!*p) return false;
    // const char* k = p;
    // while (*p && !is_space(*p) && *p != '=') ++p;
    // key = StrView(k, static_cast<usize>(p - k));
    // value = StrView();
    // if (*p != '=') return true;
    // const char* v = ++p;
    // while (*p && !is_space(*p)) ++p;
    // value = StrView(v, static_cast<usize>(p - v));
    // return true;
    // LAB_END
}
//! [next_word]

StrView CommandLine::get(StrView key, bool* found) const {
    StrView result;
    bool seen = false;
    for_each([&](StrView k, StrView v) {
        if (k == key) result = v, seen = true;
    });
    if (found) *found = seen;
    return result;
}

bool CommandLine::has(StrView key) const {
    bool seen = false;
    get(key, &seen);
    return seen;
}

bool parse_u64(StrView text, u64& out) {
    if (text.empty()) return false;
    u64 base = 10, value = 0;
    usize i = 0;
    if (text.len > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) base = 16, i = 2;
    usize digits = 0;
    for (; i < text.len; ++i, ++digits) {
        char c = text[i];
        u64 d;
        if (c >= '0' && c <= '9') d = static_cast<u64>(c - '0');
        else if (base == 16 && c >= 'a' && c <= 'f') d = static_cast<u64>(c - 'a' + 10);
        else if (base == 16 && c >= 'A' && c <= 'F') d = static_cast<u64>(c - 'A' + 10);
        else break;
        if (value > (~u64(0) - d) / base) return false;  // overflow
        value = value * base + d;
    }
    if (!digits) return false;
    if (i < text.len) {
        u64 shift = 0;
        switch (text[i]) {
        case 'K':
        case 'k':
            shift = 10;
            break;
        case 'M':
        case 'm':
            shift = 20;
            break;
        case 'G':
        case 'g':
            shift = 30;
            break;
        default:
            return false;
        }
        if (i + 1 != text.len || value > (~u64(0) >> shift)) return false;
        value <<= shift;
    }
    out = value;
    return true;
}

u64 CommandLine::get_u64(StrView key, u64 fallback) const {
    bool found = false;
    StrView v = get(key, &found);
    u64 out;
    return found && parse_u64(v, out) ? out : fallback;
}

const CommandLine& boot() { return boot_line; }
void set_boot(const char* text) { boot_line = CommandLine(text); }

}  // namespace cmdline
