/* Contract: floating-point and SSE state belongs to each process: a parent and three
 * children compute with doubles (SSE2), 128-bit vectors and the x87 long double at the
 * same time, yielding the CPU thousands of times, and each gets exactly the result it
 * gets alone. The four starting values come from the nonce; each child exits with a byte
 * folded from its result, which the parent prints. Errors: none of the calls can fail;
 * once all are reaped wait4 gives ECHILD. */
#include "contract.h"
#include <sched.h>

typedef double v2d __attribute__((vector_size(16)));

static unsigned long compute(int seed) {
    volatile double d = 1.0 + seed;
    volatile long double x = 1.0L / (seed + 3);
    v2d v = {0.5 * seed, 1.25};
    for (int i = 0; i < 3000; ++i) {
        d = d * 1.0000001 + 0.25 / (i + 1);
        x = x * 0.999999L + 1.0L / (i + 7);
        v = v * (v2d){1.00001, 0.99999} + (v2d){0.001, 0.002};
        if (i % 16 == 0) sched_yield();
    }
    double parts[2];
    memcpy(parts, &v, sizeof parts);
    double total = d + (double)x + parts[0] + parts[1];
    unsigned long bits;
    memcpy(&bits, &total, sizeof bits);
    return bits;
}

/* The result's 64 bits folded into one byte. */
static int fold(unsigned long bits) {
    for (int shift = 32; shift >= 8; shift /= 2) bits ^= bits >> shift;
    return (int)(bits & 0xff);
}

int main(void) {
    int seeds[4];
    unsigned long alone[4];
    for (int s = 0; s < 4; ++s) {
        seeds[s] = (int)contract_range(0, 10000);
        alone[s] = compute(seeds[s]);
    }
    pid_t kids[3];
    for (int s = 1; s < 4; ++s) {
        kids[s - 1] = fork_flushed();
        if (kids[s - 1] == 0) {
            unsigned long mine = compute(seeds[s]);
            _exit(mine == alone[s] ? fold(mine) : fold(alone[s]) ^ 0x80);
        }
    }
    int ok = compute(seeds[0]) == alone[0];
    for (int s = 1; s < 4; ++s) {
        int st = wait_for(kids[s - 1]);
        printf("child %d: %s, same result as alone: %s\n", s, describe_status(st),
               WIFEXITED(st) && WEXITSTATUS(st) == fold(alone[s]) ? "yes" : "no");
    }
    printf("parent: same result as alone: %s (folded %d)\n", ok ? "yes" : "no", fold(alone[0]));
    SHOW("wait4(-1) after all", wait4(-1, NULL, 0, NULL));
    return 0;
}
