// kernel/lib/types.hh — the fixed-width integer names used everywhere in the kernel.
#pragma once

#include <cstddef>
#include <cstdint>

using u8 = std::uint8_t;
using u16 = std::uint16_t;
using u32 = std::uint32_t;
using u64 = std::uint64_t;
using i8 = std::int8_t;
using i16 = std::int16_t;
using i32 = std::int32_t;
using i64 = std::int64_t;
using usize = std::size_t;
using isize = std::ptrdiff_t;
using uptr = std::uintptr_t;

/// Physical addresses and virtual addresses are different types of numbers; keep their
/// names apart even where the representation is the same.
using paddr_t = u64;
using vaddr_t = u64;

constexpr u64 KiB = 1024;
constexpr u64 MiB = 1024 * KiB;
constexpr u64 GiB = 1024 * MiB;

/// Round @p x down / up to a multiple of @p align (a power of two).
constexpr u64 align_down(u64 x, u64 align) { return x & ~(align - 1); }
constexpr u64 align_up(u64 x, u64 align) { return (x + align - 1) & ~(align - 1); }
