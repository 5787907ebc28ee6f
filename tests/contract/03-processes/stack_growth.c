/* Contract: the main stack grows on demand up to RLIMIT_STACK (8 MiB here): 4 MiB of
 * recursion works and the pages hold their values; recursing past the limit kills
 * the process with SIGSEGV (alone: its parent goes on). Errors: a soft stack limit
 * above the hard one is refused with EINVAL. */
#include "contract.h"
#include <sys/resource.h>

static long depth_sum(int depth) {
    volatile char frame[1024];
    frame[0] = (char)depth;
    frame[1023] = (char)(depth >> 8);
    if (depth == 0) return 0;
    long below = depth_sum(depth - 1);
    return below + (unsigned char)frame[0] + (unsigned char)frame[1023];
}

int main(void) {
    long expect = 0;
    for (int d = 1; d <= 4000; ++d) expect += (unsigned char)d + (unsigned char)(d >> 8);
    printf("4000 frames of 1 KiB: %s\n", depth_sum(4000) == expect ? "values kept" : "wrong");
    pid_t pid = fork_flushed();
    if (pid == 0) {
        depth_sum(20000); /* 20 MiB: past the limit */
        _exit(0);
    }
    printf("20000 frames: %s\n", describe_status(wait_for(pid)));
    struct rlimit rl = {16 << 20, 8 << 20};
    SHOW("prlimit64(STACK, soft above hard)", syscall(SYS_prlimit64, 0, RLIMIT_STACK, &rl, NULL));
    return 0;
}
