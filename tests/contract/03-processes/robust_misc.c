/* Contract: what a partly valid buffer or an odd argument order does elsewhere.
 * getrandom into a buffer that runs into an unmapped page fills the mapped part and
 * returns that short count. rt_sigaction installs the new action even when writing
 * the old one fails with EFAULT. rt_sigprocmask ignores `how` when there is no new set
 * (how 99 with set NULL is 0) but not with one (EINVAL). clock_gettime and uname with
 * a pointer one past the end of a mapping fail with EFAULT. mprotect and munmap with a
 * length that wraps the address space fail (ENOMEM, EINVAL); mmap with MAP_FIXED at
 * the last page below the non-canonical hole fails with ENOMEM, since user space ends
 * a page before it. Success: the calls with sane arguments. */
#include "ksig.h"
#include <sys/utsname.h>
#include <time.h>

int main(void) {
    char* p = before_hole(8);
    SHOW("getrandom(8 mapped + 8 in the hole)", syscall(SYS_getrandom, p, 16, 0));
    SHOW("getrandom(0 mapped + 16 in the hole)", syscall(SYS_getrandom, p + 8, 16, 0));
    SHOW("getrandom(8, all mapped)", syscall(SYS_getrandom, p, 8, 0));

    struct ksigaction ign = {SIG_IGN, 0, NULL, 0}, old;
    SHOW("rt_sigaction(SIGUSR1, SIG_IGN, old unmapped)",
         k_sigaction(SIGUSR1, &ign, before_hole(0)));
    k_sigaction(SIGUSR1, NULL, &old);
    printf("SIGUSR1 installed anyway: %s\n", old.handler == SIG_IGN ? "yes" : "no");
    struct ksigaction* half = before_hole(16);
    SHOW("rt_sigaction(SIGUSR2, act runs into the hole)", k_sigaction(SIGUSR2, half, NULL));

    unsigned long set = KBIT(SIGUSR2), cur = 0;
    SHOW("rt_sigprocmask(how 99, set NULL)", syscall(SYS_rt_sigprocmask, 99, NULL, &cur, 8));
    SHOW("rt_sigprocmask(how 99, set)", syscall(SYS_rt_sigprocmask, 99, &set, NULL, 8));

    char* page = before_hole(0);
    SHOW("clock_gettime(just past a mapping)", syscall(SYS_clock_gettime, CLOCK_MONOTONIC, page));
    SHOW("uname(just past a mapping)", syscall(SYS_uname, page));
    struct timespec ts;
    SHOW("clock_gettime(ok)", syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &ts));

    char* m = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    SHOW("mprotect(length wraps)", syscall(SYS_mprotect, m, -PAGE, PROT_READ));
    SHOW("munmap(length wraps)", syscall(SYS_munmap, m, -PAGE));
    SHOW("mprotect(ok)", syscall(SYS_mprotect, m, PAGE, PROT_READ));
    SHOW_MAP("mmap(MAP_FIXED, last page below the hole)",
             mmap((void*)0x00007ffffffff000UL, PAGE, PROT_READ,
                  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0));
    SHOW_MAP("mmap(MAP_FIXED, in the kernel)",
             mmap(KERNEL_ADDR, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0));
    return 0;
}
