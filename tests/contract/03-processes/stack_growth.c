/* Contract: the main stack grows on demand up to RLIMIT_STACK (8 MiB here): 2000..5000
 * frames of 1 KiB of recursion (the depth chosen from the nonce) work and the pages hold
 * their values (bytes from the nonce; their sum as read back on the way up is printed);
 * recursing past the limit kills the process with SIGSEGV (alone: its parent goes on).
 * Errors: a soft stack limit above the hard one is refused with EINVAL. */
#include "contract.h"
#include <sys/resource.h>

static unsigned mult, add;

static unsigned char frame_byte(int depth, int end) {
    return (unsigned char)((unsigned)depth * mult + add + (unsigned)end);
}

static long depth_sum(int depth) {
    volatile unsigned char frame[1024];
    frame[0] = frame_byte(depth, 0);
    frame[1023] = frame_byte(depth, 1);
    if (depth == 0) return 0;
    long below = depth_sum(depth - 1);
    return below + frame[0] + frame[1023];
}

int main(void) {
    mult = (unsigned)contract_range(1, 255);
    add = (unsigned)contract_range(0, 255);
    int depth = (int)contract_range(2000, 5000);
    long expect = 0;
    for (int d = 1; d <= depth; ++d) expect += frame_byte(d, 0) + frame_byte(d, 1);
    long got = depth_sum(depth);
    printf("%d frames of 1 KiB: %s, sum %ld\n", depth, got == expect ? "values kept" : "wrong",
           got);
    int too_deep = (int)contract_range(12000, 30000); /* 12..30 MiB: past the limit */
    pid_t pid = fork_flushed();
    if (pid == 0) {
        depth_sum(too_deep);
        _exit(0);
    }
    printf("%d frames: %s\n", too_deep, describe_status(wait_for(pid)));
    struct rlimit rl = {16 << 20, 8 << 20};
    SHOW("prlimit64(STACK, soft above hard)", syscall(SYS_prlimit64, 0, RLIMIT_STACK, &rl, NULL));
    return 0;
}
