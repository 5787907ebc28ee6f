/* Contract: what a partly valid buffer or an odd argument order does elsewhere.
 * getrandom into a buffer that runs into an unmapped page fills the mapped part and
 * returns that short count. rt_sigaction installs the new action even when writing
 * the old one fails with EFAULT. rt_sigprocmask ignores `how` when there is no new set
 * (an unknown how with set NULL is 0) but not with one (EINVAL). clock_gettime and
 * uname with a pointer one past the end of a mapping fail with EFAULT. mprotect and
 * munmap with a length that wraps the address space fail (ENOMEM, EINVAL); mmap with
 * MAP_FIXED at the last page below the non-canonical hole fails with ENOMEM, since user
 * space ends a page before it. Success: the calls with sane arguments. The sizes around
 * the hole, the signals and the unknown `how` come from the nonce. */
#include "ksig.h"
#include <sys/utsname.h>
#include <time.h>

int main(void) {
    char label[96];
    size_t mapped = contract_range(1, 256), beyond = contract_range(1, 256);
    char* p = before_hole(mapped);
    snprintf(label, sizeof label, "getrandom(%zu mapped + %zu in the hole)", mapped, beyond);
    SHOW(label, syscall(SYS_getrandom, p, mapped + beyond, 0));
    snprintf(label, sizeof label, "getrandom(0 mapped + %zu in the hole)", beyond);
    SHOW(label, syscall(SYS_getrandom, p + mapped, beyond, 0));
    snprintf(label, sizeof label, "getrandom(%zu, all mapped)", mapped);
    SHOW(label, syscall(SYS_getrandom, p, mapped, 0));

    static const int some[] = {SIGHUP, SIGUSR1, SIGUSR2, SIGALRM, SIGTERM, SIGWINCH};
    int one = some[contract_range(0, 2)], two = some[contract_range(3, 5)];
    struct ksigaction ign = {SIG_IGN, 0, NULL, 0}, old;
    snprintf(label, sizeof label, "rt_sigaction(%s, SIG_IGN, old unmapped)", signame(one));
    SHOW(label, k_sigaction(one, &ign, before_hole(0)));
    k_sigaction(one, NULL, &old);
    printf("%s installed anyway: %s\n", signame(one), old.handler == SIG_IGN ? "yes" : "no");
    size_t in = contract_range(1, sizeof(struct ksigaction) - 1);
    struct ksigaction* half = before_hole(in);
    snprintf(label, sizeof label, "rt_sigaction(%s, act with %zu bytes in the hole)", signame(two),
             sizeof(struct ksigaction) - in);
    SHOW(label, k_sigaction(two, half, NULL));

    unsigned long set = KBIT(two), cur = 0;
    long how = (long)contract_range(3, 0x7fffffff);
    snprintf(label, sizeof label, "rt_sigprocmask(how %ld, set NULL)", how);
    SHOW(label, syscall(SYS_rt_sigprocmask, how, NULL, &cur, 8));
    snprintf(label, sizeof label, "rt_sigprocmask(how %ld, set)", how);
    SHOW(label, syscall(SYS_rt_sigprocmask, how, &set, NULL, 8));

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
