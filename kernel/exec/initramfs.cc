// kernel/exec/initramfs.cc — locating the initramfs module (initramfs.hh).
#include "exec/initramfs.hh"

#include "boot/main.hh"
#include "lib/log.hh"
#include "mm/layout.hh"

namespace initramfs {
namespace {

cpio::Archive archive({});
bool found = false;

}  // namespace

bool init() {
    const boot::BootInfo& bi = boot::info();
    const boot::Module* chosen = nullptr;
    for (usize i = 0; i < bi.module_count; ++i)
        if (StrView(bi.modules[i].name) == StrView("initramfs")) chosen = &bi.modules[i];
    if (!chosen && bi.module_count) chosen = &bi.modules[0];
    if (!chosen) {
        klog::info("initramfs: no boot module");
        return false;
    }
    std::span<const u8> bytes(mm::phys_to_virt<const u8>(chosen->start),
                              chosen->end - chosen->start);
    cpio::Archive a(bytes);
    auto members = a.validate();
    if (members.is_error()) {
        klog::error("initramfs: module '{}' is not a valid cpio newc archive ({})", chosen->name,
                    errno_name(members.error()));
        return false;
    }
    archive = a;
    found = true;
    klog::info("initramfs: {} members, {} KiB, at {:#x}", members.value(), bytes.size() / KiB,
               chosen->start);
    return true;
}

bool present() { return found; }

Result<cpio::Entry> lookup(StrView path) {
    if (!found) return Error(ENOENT);
    return archive.lookup(path);
}

}  // namespace initramfs
