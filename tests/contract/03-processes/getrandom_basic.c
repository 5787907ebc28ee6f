/* Contract: getrandom fills exactly the bytes asked for (0, 1, 16, 256, 4096) with
 * flags 0, GRND_NONBLOCK and GRND_INSECURE; two draws differ and are not all zero;
 * the child of a fork draws different bytes from its parent. Errors: EINVAL for
 * unknown flags and for GRND_RANDOM with GRND_INSECURE, EFAULT for an unmapped buffer. */
#include "contract.h"
#include <sys/random.h>

#ifndef GRND_INSECURE
#define GRND_INSECURE 4
#endif

int main(void) {
    static unsigned char a[4096], b[4096];
    const size_t lens[] = {0, 1, 16, 256, 4096};
    for (unsigned i = 0; i < 5; ++i) {
        char label[48];
        snprintf(label, sizeof label, "getrandom(%zu)", lens[i]);
        SHOW(label, syscall(SYS_getrandom, a, lens[i], 0));
    }
    SHOW("getrandom(32, GRND_NONBLOCK)", syscall(SYS_getrandom, a, 32, GRND_NONBLOCK));
    SHOW("getrandom(32, GRND_INSECURE)", syscall(SYS_getrandom, b, 32, GRND_INSECURE));
    syscall(SYS_getrandom, a, 32, 0);
    syscall(SYS_getrandom, b, 32, 0);
    int zero = 1;
    for (int i = 0; i < 32; ++i) zero &= a[i] == 0;
    printf("two draws differ: %s, all zero: %s\n", memcmp(a, b, 32) ? "yes" : "no",
           zero ? "yes" : "no");
    pid_t pid = fork_flushed();
    if (pid == 0) {
        syscall(SYS_getrandom, b, 32, 0);
        _exit(memcmp(a, b, 32) == 0);
    }
    syscall(SYS_getrandom, a, 32, 0);
    printf("child drew the same as the parent: %s\n", describe_status(wait_for(pid)));
    SHOW("getrandom(flags 0x10)", syscall(SYS_getrandom, a, 16, 0x10));
    SHOW("getrandom(GRND_RANDOM|GRND_INSECURE)",
         syscall(SYS_getrandom, a, 16, GRND_RANDOM | GRND_INSECURE));
    SHOW("getrandom(NULL, 16)", syscall(SYS_getrandom, NULL, 16, 0));
    SHOW("getrandom(unmapped)", syscall(SYS_getrandom, before_hole(0), 16, 0));
    return 0;
}
