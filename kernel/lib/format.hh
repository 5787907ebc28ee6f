// kernel/lib/format.hh — a small type-safe formatter: format(sink, "x={} y={:#x}", x, y).
//
// Arguments are captured as a type-erased array of fmt::Arg, so the formatting loop in
// format.cc is compiled once. The placeholder grammar is a subset of C++20 std::format:
//   {}            the value in its natural form (decimal for integers)
//   {:x} {:X}     hexadecimal; {:#x} adds 0x; {:b} binary; {:o} octal; {:c} a character
//   {:d}          decimal (also of a char or a bool)
//   {:8} {:<8}    right- or left-aligned in a field of 8 (at most 256); {:08x} zero padded
//   {{ and }}     literal braces
// Unlike std::format, a negative number in hex, binary or octal prints its two's
// complement in the width of its type, as printf does ({:x} of i8(-1) is ff). Bools
// print as true/false, null strings as (null), pointers as 0x... hex.
// A type of your own becomes printable by declaring, next to it,
//   void format_value(fmt::Sink&, const MyType&, const fmt::Spec&);
// Mismatched or extra placeholders print a visible marker instead of reading garbage.
#pragma once

#include <concepts>
#include <type_traits>

#include "lib/types.hh"

namespace fmt {

/// Where formatted characters go: a serial port, a buffer, a log line.
class Sink {
public:
    virtual void put(char c) = 0;
    virtual void write(const char* s, usize n) {
        for (usize i = 0; i < n; ++i) put(s[i]);
    }

protected:
    ~Sink() = default;
};

/// The parsed contents of one {:...} placeholder.
struct Spec {
    char type = 0;  ///< 0 (natural), 'x', 'X', 'b', 'o', 'c', 'd', 's', 'p'
    bool alternate = false;
    bool zero_pad = false;
    bool left_align = false;
    u32 width = 0;
};

/// One argument, captured by value (integers, strings) or by reference (custom types).
struct Arg {
    enum class Kind : u8 { Signed, Unsigned, Bool, Char, String, Pointer, Custom };
    Kind kind;
    u8 bytes = 8;  ///< size of a Signed argument's type: {:x} of i32(-1) is ffffffff
    union {
        i64 s;
        u64 u;
        const char* str;
        const void* ptr;
    };
    void (*custom)(Sink&, const void*, const Spec&) = nullptr;
};

template <typename T>
Arg make_arg(const T& value) {
    Arg a{};
    using D = std::decay_t<T>;
    if constexpr (std::is_same_v<D, bool>) {
        a.kind = Arg::Kind::Bool;
        a.u = value;
    } else if constexpr (std::is_same_v<D, char>) {
        a.kind = Arg::Kind::Char;
        a.u = static_cast<u8>(value);
    } else if constexpr (std::is_enum_v<D>) {
        return make_arg(static_cast<std::underlying_type_t<D>>(value));
    } else if constexpr (std::is_integral_v<D> && std::is_signed_v<D>) {
        a.kind = Arg::Kind::Signed;
        a.bytes = sizeof(D);
        a.s = value;
    } else if constexpr (std::is_integral_v<D>) {
        a.kind = Arg::Kind::Unsigned;
        a.u = value;
    } else if constexpr (std::is_same_v<D, const char*> || std::is_same_v<D, char*>) {
        a.kind = Arg::Kind::String;
        a.str = value;
    } else if constexpr (std::is_null_pointer_v<D>) {
        a.kind = Arg::Kind::Pointer;
        a.ptr = nullptr;
    } else if constexpr (std::is_pointer_v<D>) {
        a.kind = Arg::Kind::Pointer;
        a.ptr = reinterpret_cast<const void*>(value);
    } else {
        a.kind = Arg::Kind::Custom;
        a.ptr = &value;
        a.custom = [](Sink& sink, const void* p, const Spec& spec) {
            format_value(sink, *static_cast<const T*>(p), spec);
        };
    }
    return a;
}

/// The formatting loop; @p args has @p count entries.
void vformat(Sink& sink, const char* fmt, const Arg* args, usize count);

/// Format into @p sink.
template <typename... Args>
void format(Sink& sink, const char* fmt, const Args&... args) {
    if constexpr (sizeof...(Args) == 0) {
        vformat(sink, fmt, nullptr, 0);
    } else {
        const Arg array[] = {make_arg(args)...};
        vformat(sink, fmt, array, sizeof...(Args));
    }
}

/// Writes into a caller's buffer, always NUL-terminated, counting what did not fit.
class BufferSink final : public Sink {
public:
    BufferSink(char* buf, usize size) : buf_(buf), size_(size) {
        if (size_) buf_[0] = 0;
    }
    void put(char c) override {
        if (len_ + 1 < size_) {
            buf_[len_] = c;
            buf_[len_ + 1] = 0;
        }
        ++len_;
    }
    /// Characters produced, including those that were cut off.
    usize length() const { return len_; }
    bool truncated() const { return size_ == 0 || len_ + 1 > size_; }

private:
    char* buf_;
    usize size_;
    usize len_ = 0;
};

/// snprintf-like: returns the length the full output would have had.
template <typename... Args>
usize format_to(char* buf, usize size, const char* fmt, const Args&... args) {
    BufferSink sink(buf, size);
    format(sink, fmt, args...);
    return sink.length();
}

/// Integer formatting used by the loop and by custom formatters.
void format_unsigned(Sink& sink, u64 value, bool negative, const Spec& spec);
/// Pads @p text according to @p spec's width and alignment.
void format_string(Sink& sink, const char* text, usize len, const Spec& spec);

}  // namespace fmt
