// kernel/syscall/strace_format.cc — decoding a call's arguments and result as strace does.
//
// The decoders are built at compile time: each row of syscall/strace_table.hh names a
// call, and resolve() finds its number in syscall/table.hh (a name missing there stops
// the build). The names of flags and signals are Linux's (uapi headers), printed in
// strace's order and spelling; bits without a name print as hex at the end.
#include "syscall/strace_format.hh"

#include <array>

#include "lib/errno.hh"
#include "syscall/strace_names.hh"

namespace strace {
namespace {

constexpr bool same(const char* a, const char* b) {
    while (*a && *a == *b) ++a, ++b;
    return *a == *b;
}

// Called only when a strace_table.hh row names no call of table.hh: not constexpr, so
// the constant evaluation that reaches it fails and names the row.
int strace_table_row_names_no_syscall() { return -1; }

constexpr int resolve(const char* name) {
#define SYSCALL(nr, n, handler, status, note) \
    if (same(#n, name)) return nr;
#include "syscall/table.hh"
    return strace_table_row_names_no_syscall();
}

constexpr usize LIMIT = 512;  // above the highest number Linux uses (table.hh)

constexpr std::array<Decoder, LIMIT> build() {
    std::array<Decoder, LIMIT> t{};
#define SYSCALL(nr, n, handler, status, note) t[nr] = Decoder{#n, Mode::Raw, 6, {}};
#include "syscall/table.hh"
    using enum Kind;
    using enum Mode;
#define STRACE(n, m, ...)                                             \
    {                                                                 \
        constexpr Kind kinds[] = {None __VA_OPT__(, ) __VA_ARGS__};   \
        Decoder& d = t[resolve(#n)];                                  \
        d.mode = m;                                                   \
        d.argc = u8(sizeof kinds / sizeof kinds[0] - 1);              \
        for (usize i = 0; i < d.argc; ++i) d.kinds[i] = kinds[i + 1]; \
    }
#include "syscall/strace_table.hh"
    return t;
}

constexpr std::array<Decoder, LIMIT> decoders = build();

void flags(Line& out, u64 v, const FlagName* names, usize count) {
    bool any = false;
    for (usize i = 0; i < count; ++i) {
        if (names[i].bits && (v & names[i].bits) == names[i].bits) {
            if (any) out.put('|');
            out.puts(names[i].name);
            v &= ~names[i].bits;
            any = true;
        }
    }
    if (v || !any) {
        if (any) out.put('|');
        out.hex(v);
    }
}

void signal(Line& out, u64 sig) {
    if (const char* n = signal_name(int(sig))) out.puts(n);
    else out.dec(i64(i32(sig)));
}

void quoted(Line& out, const char* s, usize n) {
    out.put('"');
    for (usize i = 0; i < n; ++i) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c == '"' || c == '\\') out.put('\\'), out.put(char(c));
        else if (c == '\n') out.puts("\\n");
        else if (c == '\t') out.puts("\\t");
        else if (c == '\r') out.puts("\\r");
        else if (c >= 0x20 && c < 0x7f) out.put(char(c));
        else {
            out.put('\\');
            // Octal as strace prints it: the shortest form, unless a digit follows.
            bool digit_next = i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '7';
            if (digit_next || c >= 0100) out.put(char('0' + (c >> 6)));
            if (digit_next || c >= 010) out.put(char('0' + ((c >> 3) & 7)));
            out.put(char('0' + (c & 7)));
        }
    }
    out.put('"');
}

// A NUL-terminated user string: "text", "text"... when longer than STRING_LIMIT, the
// address when it cannot be read at all.
void string(Line& out, u64 address, ReadUser read) {
    if (!address) return out.puts("NULL");
    char buf[STRING_LIMIT + 1];
    usize got = 0;
    while (got < sizeof buf && read(address + got, buf + got, 1) == 1 && buf[got]) ++got;
    if (got == 0 && read(address, buf, 1) != 1) return out.hex(address);
    bool more = got > STRING_LIMIT;
    quoted(out, buf, more ? STRING_LIMIT : got);
    if (more) out.puts("...");
}

void buffer(Line& out, u64 address, u64 len, ReadUser read) {
    char buf[STRING_LIMIT];
    usize want = len < STRING_LIMIT ? usize(len) : STRING_LIMIT;
    usize got = read(address, buf, want);
    if (got < want) return out.hex(address);
    quoted(out, buf, got);
    if (len > STRING_LIMIT) out.puts("...");
}

void argv(Line& out, u64 address, ReadUser read) {
    if (!address) return out.puts("NULL");
    u64 p = 0;
    if (read(address, &p, 8) != 8) return out.hex(address);
    out.put('[');
    for (usize i = 0; p; ++i) {
        if (i && read(address + 8 * i, &p, 8) != 8) break;
        if (!p) break;
        if (i) out.puts(", ");
        if (i == ARGV_LIMIT) {
            out.puts("...");
            break;
        }
        string(out, p, read);
    }
    out.put(']');
}

void futex_op(Line& out, u64 op) {
    constexpr u64 PRIVATE = 128, CLOCK_REALTIME = 256;
    const char* name = futex_cmd_name(int(op & 127));
    if (!name) return out.hex(op);
    out.puts(name);
    if (op & PRIVATE) out.puts("_PRIVATE");
    if (op & CLOCK_REALTIME) out.puts("|FUTEX_CLOCK_REALTIME");
    if (u64 rest = op & ~u64(127 | PRIVATE | CLOCK_REALTIME)) out.put('|'), out.hex(rest);
}

void argument(Line& out, Kind kind, const u64* a, ReadUser read) {
    u64 v = a[0];
    switch (kind) {
    case Kind::None:
    case Kind::Int:
    case Kind::Fd:
        return out.dec(i64(i32(v)));
    case Kind::Uint:
        return out.udec(v);
    case Kind::Hex:
        return out.hex(v);
    case Kind::Ptr:
        return v ? out.hex(v) : out.puts("NULL");
    case Kind::Str:
        return string(out, v, read);
    case Kind::InBuf:
        return buffer(out, v, a[1], read);
    case Kind::Argv:
        return argv(out, v, read);
    case Kind::Dirfd:
        return i32(v) == -100 ? out.puts("AT_FDCWD") : out.dec(i64(i32(v)));
    case Kind::Octal:
        return out.oct(v);
    case Kind::OpenFlags:
        // O_RDONLY is 0: the access mode is always printed, as strace does.
        out.puts((v & 3) == 0   ? "O_RDONLY"
                 : (v & 3) == 1 ? "O_WRONLY"
                 : (v & 3) == 2 ? "O_RDWR"
                                : "O_ACCMODE");
        if (u64 rest = v & ~u64(3)) out.put('|'), flags(out, rest, OPEN_FLAGS, OPEN_FLAGS_COUNT);
        return;
    case Kind::Prot:
        return v ? flags(out, v, PROT_FLAGS, PROT_FLAGS_COUNT) : out.puts("PROT_NONE");
    case Kind::MapFlags:
        return flags(out, v, MAP_FLAGS, MAP_FLAGS_COUNT);
    case Kind::CloneFlags:
        if (v & ~u64(0xff)) flags(out, v & ~u64(0xff), CLONE_FLAGS, CLONE_FLAGS_COUNT);
        if (v & 0xff) {
            if (v & ~u64(0xff)) out.put('|');
            signal(out, v & 0xff);
        } else if (!(v & ~u64(0xff))) out.put('0');
        return;
    case Kind::WaitOpts:
        return v ? flags(out, v, WAIT_FLAGS, WAIT_FLAGS_COUNT) : out.put('0');
    case Kind::Signal:
        return signal(out, v);
    case Kind::SigHow:
        return v < 3 ? out.puts(v == 0   ? "SIG_BLOCK"
                                : v == 1 ? "SIG_UNBLOCK"
                                         : "SIG_SETMASK")
                     : out.dec(i64(i32(v)));
    case Kind::FutexOp:
        return futex_op(out, v);
    case Kind::ClockId:
        if (const char* n = clock_name(int(v))) return out.puts(n);
        return out.dec(i64(i32(v)));
    case Kind::AtFlags:
        return v ? flags(out, v, AT_FLAGS, AT_FLAGS_COUNT) : out.put('0');
    }
}

}  // namespace

void Line::put(char c) {
    if (len < CAPACITY) text[len++] = c;
    else if (!cut) {  // full: mark the cut once
        cut = true;
        text[len++] = '.', text[len++] = '.', text[len++] = '.';
    }
}

void Line::puts(const char* s) {
    while (*s) put(*s++);
}

void Line::udec(u64 v) {
    char d[24];
    usize n = 0;
    do d[n++] = char('0' + v % 10), v /= 10;
    while (v);
    while (n) put(d[--n]);
}

void Line::dec(i64 v) {
    if (v < 0) {
        put('-');
        udec(~u64(v) + 1);
    } else udec(u64(v));
}

void Line::hex(u64 v) {
    puts("0x");
    char d[16];
    usize n = 0;
    do d[n++] = "0123456789abcdef"[v & 15], v >>= 4;
    while (v);
    while (n) put(d[--n]);
}

void Line::oct(u64 v) {
    put('0');
    char d[24];
    usize n = 0;
    while (v) d[n++] = char('0' + (v & 7)), v >>= 3;
    while (n) put(d[--n]);
}

const char* Line::c_str() {
    text[len] = 0;
    return text;
}

Decoder decoder(u64 nr) {
    if (nr < LIMIT && decoders[nr].name) return decoders[nr];
    return Decoder{nullptr, Mode::Raw, 6, {}};
}

void format_call(Line& out, u64 nr, const u64 args[6], ReadUser read) {
    Decoder d = decoder(nr);
    if (d.name) out.puts(d.name);
    else out.puts("syscall_"), out.hex(nr);
    out.put('(');
    for (usize i = 0; i < d.argc; ++i) {
        if (i) out.puts(", ");
        if (d.mode == Mode::Raw) out.hex(args[i]);
        else argument(out, d.kinds[i], args + i, read);
    }
}

void format_result(Line& out, u64 nr, i64 rax) {
    out.puts(") = ");
    if (rax < 0 && rax >= -4095) {
        int code = int(-rax);
        out.puts("-1 ");
        const char* name = errno_name(code);
        if (name[1] == '?') out.put('E'), out.dec(code);
        else out.puts(name);
        if (const char* text = errno_text(code)) out.puts(" ("), out.puts(text), out.put(')');
    } else if (decoder(nr).mode == Mode::HexRet) out.hex(u64(rax));
    else out.dec(rax);
}

}  // namespace strace
