/* Contract: getrandom fills exactly the bytes asked for (0, 1, 256, 4096 and two counts
 * chosen from the nonce) with flags 0, GRND_NONBLOCK and GRND_INSECURE; two draws differ
 * and are not all zero; the child of a fork draws different bytes from its parent (it
 * exits with a code chosen from the nonce when they differ). Errors: EINVAL for unknown
 * flags (a bit chosen from the nonce) and for GRND_RANDOM with GRND_INSECURE, EFAULT for
 * an unmapped buffer. */
#include "contract.h"
#include <sys/random.h>

#ifndef GRND_INSECURE
#define GRND_INSECURE 4
#endif

int main(void) {
    static unsigned char a[4096], b[4096];
    const size_t lens[] = {0, 1, contract_range(2, 255), 256, contract_range(257, 4095), 4096};
    for (unsigned i = 0; i < sizeof lens / sizeof lens[0]; ++i) {
        char label[48];
        snprintf(label, sizeof label, "getrandom(%zu)", lens[i]);
        SHOW(label, syscall(SYS_getrandom, a, lens[i], 0));
    }
    size_t n = contract_range(32, 4096);
    char label[64];
    snprintf(label, sizeof label, "getrandom(%zu, GRND_NONBLOCK)", n);
    SHOW(label, syscall(SYS_getrandom, a, n, GRND_NONBLOCK));
    snprintf(label, sizeof label, "getrandom(%zu, GRND_INSECURE)", n);
    SHOW(label, syscall(SYS_getrandom, b, n, GRND_INSECURE));
    syscall(SYS_getrandom, a, 32, 0);
    syscall(SYS_getrandom, b, 32, 0);
    int zero = 1;
    for (int i = 0; i < 32; ++i) zero &= a[i] == 0;
    printf("two draws differ: %s, all zero: %s\n", memcmp(a, b, 32) ? "yes" : "no",
           zero ? "yes" : "no");
    int code = (int)contract_range(2, 255);
    pid_t pid = fork_flushed();
    if (pid == 0) {
        syscall(SYS_getrandom, b, 32, 0);
        _exit(memcmp(a, b, 32) == 0 ? 1 : code);
    }
    syscall(SYS_getrandom, a, 32, 0);
    printf("child (exit 1 if it drew the same as its parent): %s\n",
           describe_status(wait_for(pid)));
    unsigned flag = 1u << contract_range(3, 31);
    snprintf(label, sizeof label, "getrandom(flags %#x)", flag);
    SHOW(label, syscall(SYS_getrandom, a, 16, flag));
    SHOW("getrandom(GRND_RANDOM|GRND_INSECURE)",
         syscall(SYS_getrandom, a, 16, GRND_RANDOM | GRND_INSECURE));
    SHOW("getrandom(NULL, 16)", syscall(SYS_getrandom, NULL, 16, 0));
    SHOW("getrandom(unmapped)", syscall(SYS_getrandom, before_hole(0), 16, 0));
    return 0;
}
