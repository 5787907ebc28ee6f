// kernel/lib/format.cc — the formatting loop behind fmt::format (see format.hh).
#include "lib/format.hh"

#include "lib/string.hh"

namespace fmt {
namespace {

void pad(Sink& sink, char c, usize n) {
    while (n--) sink.put(c);
}

// Parses the text between ':' and '}' into @p spec; returns false on a malformed spec.
bool parse_spec(const char*& p, Spec& spec) {
    if (*p == '<') spec.left_align = true, ++p;
    else if (*p == '>') ++p;
    if (*p == '#') spec.alternate = true, ++p;
    if (*p == '0') spec.zero_pad = true, ++p;
    while (*p >= '0' && *p <= '9') {
        spec.width = spec.width * 10 + static_cast<u32>(*p - '0');
        if (spec.width > 256) return false;
        ++p;
    }
    if (*p && *p != '}') spec.type = *p++;
    return *p == '}';
}

}  // namespace

void format_string(Sink& sink, const char* text, usize len, const Spec& spec) {
    usize fill = spec.width > len ? spec.width - len : 0;
    if (!spec.left_align) pad(sink, ' ', fill);
    sink.write(text, len);
    if (spec.left_align) pad(sink, ' ', fill);
}

void format_unsigned(Sink& sink, u64 value, bool negative, const Spec& spec) {
    unsigned base = 10;
    const char* digits = "0123456789abcdef";
    const char* prefix = "";
    switch (spec.type) {
    case 'x':
        base = 16;
        prefix = "0x";
        break;
    case 'X':
        base = 16;
        digits = "0123456789ABCDEF";
        prefix = "0X";
        break;
    case 'b':
        base = 2;
        prefix = "0b";
        break;
    case 'o':
        base = 8;
        prefix = "0";
        break;
    default:
        break;
    }
    if (!spec.alternate) prefix = "";

    char tmp[64];
    usize n = 0;
    do {
        tmp[n++] = digits[value % base];
        value /= base;
    } while (value);

    usize prefix_len = strlen(prefix) + (negative ? 1 : 0);
    usize body = n + prefix_len;
    usize fill = spec.width > body ? spec.width - body : 0;
    if (!spec.left_align && !spec.zero_pad) pad(sink, ' ', fill);
    if (negative) sink.put('-');
    sink.write(prefix, strlen(prefix));
    if (!spec.left_align && spec.zero_pad) pad(sink, '0', fill);
    while (n) sink.put(tmp[--n]);
    if (spec.left_align) pad(sink, ' ', fill);
}

static void format_arg(Sink& sink, const Arg& arg, const Spec& spec) {
    switch (arg.kind) {
    case Arg::Kind::Signed:
        if (spec.type == 'x' || spec.type == 'X' || spec.type == 'b' || spec.type == 'o') {
            // Two's complement in the argument's own width, as printf does.
            u64 bits = static_cast<u64>(arg.s);
            if (arg.bytes < 8) bits &= (u64(1) << (arg.bytes * 8)) - 1;
            format_unsigned(sink, bits, false, spec);
        } else if (spec.type == 'c') {
            char c = static_cast<char>(arg.s);
            format_string(sink, &c, 1, spec);
        } else {
            format_unsigned(sink, arg.s < 0 ? 0 - static_cast<u64>(arg.s) : static_cast<u64>(arg.s),
                            arg.s < 0, spec);
        }
        break;
    case Arg::Kind::Unsigned:
        if (spec.type == 'c') {
            char c = static_cast<char>(arg.u);
            format_string(sink, &c, 1, spec);
        } else {
            format_unsigned(sink, arg.u, false, spec);
        }
        break;
    case Arg::Kind::Bool:
        if (spec.type && spec.type != 's') format_unsigned(sink, arg.u, false, spec);
        else format_string(sink, arg.u ? "true" : "false", arg.u ? 4 : 5, spec);
        break;
    case Arg::Kind::Char:
        if (spec.type && spec.type != 'c') {
            format_unsigned(sink, arg.u, false, spec);
        } else {
            char c = static_cast<char>(arg.u);
            format_string(sink, &c, 1, spec);
        }
        break;
    case Arg::Kind::String: {
        const char* s = arg.str ? arg.str : "(null)";
        format_string(sink, s, strlen(s), spec);
        break;
    }
    case Arg::Kind::Pointer: {
        Spec p = spec;
        p.type = 'x';
        p.alternate = true;
        format_unsigned(sink, reinterpret_cast<uptr>(arg.ptr), false, p);
        break;
    }
    case Arg::Kind::Custom:
        arg.custom(sink, arg.ptr, spec);
        break;
    }
}

void vformat(Sink& sink, const char* fmt, const Arg* args, usize count) {
    usize next = 0;
    for (const char* p = fmt; *p; ++p) {
        if (*p == '}' && p[1] == '}') {
            sink.put('}');
            ++p;
            continue;
        }
        if (*p != '{') {
            sink.put(*p);
            continue;
        }
        if (p[1] == '{') {
            sink.put('{');
            ++p;
            continue;
        }
        const char* q = p + 1;
        Spec spec;
        bool ok = true;
        if (*q == ':') {
            ++q;
            ok = parse_spec(q, spec);
        } else if (*q != '}') {
            ok = false;
        }
        if (!ok) {  // print the rest verbatim: a broken format string must stay visible
            sink.write("{?}", 3);
            continue;
        }
        p = q;
        if (next >= count) {
            sink.write("{missing}", 9);
            continue;
        }
        format_arg(sink, args[next++], spec);
    }
    if (next < count) sink.write(" {extra arguments}", 18);
}

}  // namespace fmt
