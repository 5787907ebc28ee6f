// kernel/boot/multiboot2.hh — parsing the multiboot2 boot information (GRUB2).
//
// The parser trusts nothing: every tag's size is checked against the table's total
// size and the minimum for its type, strings must end inside their tag, and the
// memory map's entry size must be sane. A malformed table is rejected with EINVAL and
// nothing outside [info, info + available) is ever read. Host tests and a fuzzer
// (tests/unit/multiboot2_*) feed it synthesized and broken tables.
#pragma once

#include "boot/bootinfo.hh"
#include "lib/result.hh"

namespace boot {

constexpr u32 MULTIBOOT2_BOOTLOADER_MAGIC = 0x36d76289;

namespace mb2 {
enum TagType : u32 {
    End = 0,
    Cmdline = 1,
    LoaderName = 2,
    Module = 3,
    BasicMeminfo = 4,
    BootDevice = 5,
    Mmap = 6,
    Vbe = 7,
    Framebuffer = 8,
    ElfSections = 9,
    Apm = 10,
    Efi32 = 11,
    Efi64 = 12,
    Smbios = 13,
    AcpiOld = 14,
    AcpiNew = 15,
    Network = 16,
    EfiMmap = 17,
    EfiBs = 18,
    Efi32Ih = 19,
    Efi64Ih = 20,
    LoadBaseAddr = 21,
};
}

/// Parses the table at @p info, of which at most @p available bytes may be read.
/// @p info must be 8-byte aligned (the specification says so); fills @p out.
Result<void> parse_multiboot2(const void* info, usize available, BootInfo& out);

}  // namespace boot
