// kernel/syscall/reboot.cc — reboot(2): how init ends a run (power-off).
//
// Grader plumbing that every skeleton keeps complete (no lab markers): user/init.c asks
// for a power-off once the program it started and every orphan are gone, so a run ends
// the same way whatever state the lab's own exit and wait code is in. Linux's checks
// come first: the caller needs CAP_SYS_BOOT (here: euid 0), then both magic numbers.
#include "drivers/power.hh"
#include "lib/log.hh"
#include "proc/task.hh"
#include "syscall/handlers.hh"

namespace syscalls {
namespace {

constexpr u32 MAGIC1 = 0xfee1dead;
constexpr u32 MAGIC2[] = {672274793, 85072278, 369367448, 537993216};
constexpr u32 CMD_RESTART = 0x01234567, CMD_HALT = 0xcdef0123, CMD_POWER_OFF = 0x4321fedc,
              CMD_CAD_ON = 0x89abcdef, CMD_CAD_OFF = 0;

bool known_magic2(u32 m) {
    for (u32 ok : MAGIC2)
        if (m == ok) return true;
    return false;
}

}  // namespace

// @p arg is only read by LINUX_REBOOT_CMD_RESTART2, which Larch does not know (EINVAL).
Result<u64> sys_reboot(int magic1, int magic2, u32 cmd, vm::UserAddr) {
    if (proc::current()->cred.euid != 0) return Error(EPERM);
    if (u32(magic1) != MAGIC1 || !known_magic2(u32(magic2))) return Error(EINVAL);
    switch (cmd) {
    case CMD_CAD_ON:
    case CMD_CAD_OFF:
        return 0;  // Ctrl-Alt-Del has no meaning on a serial console
    case CMD_RESTART:
    case CMD_HALT:
    case CMD_POWER_OFF:
        klog::info("reboot: power-off requested by pid {}", proc::current()->tid);
        power::off();
    default:
        return Error(EINVAL);
    }
}

}  // namespace syscalls
