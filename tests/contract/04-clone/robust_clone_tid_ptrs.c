/* Contract: clone with bad tid pointers. CLONE_PARENT_SETTID, CLONE_CHILD_SETTID and
 * CLONE_CHILD_CLEARTID pointing at unmapped memory, a read-only page or the kernel do not
 * make clone fail, and do not hurt the child: the kernel's writes are dropped and the
 * child exits with its code (from the nonce). set_tid_address with such a pointer also
 * returns the tid, and the thread's exit goes well. */
#include "contract.h"
#include "threads.h"

static int exit_code;

static int child(void* arg) { return exit_code; }

static int set_bad_address(void* arg) {
    return raw_syscall(SYS_set_tid_address, (long)arg, 0, 0, 0, 0, 0) == raw_gettid() ? exit_code
                                                                                      : 1;
}

int main(void) {
    exit_code = (int)contract_range(1, 255);
    char* hole = (char*)before_hole(16) + 16 + 4 * contract_range(0, 1000);
    int* ro = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    void* where[] = {hole, ro, KERNEL_ADDR};
    const char* names[] = {"unmapped", "read-only", "kernel"};
    static const unsigned long flags[] = {CLONE_PARENT_SETTID, CLONE_CHILD_SETTID,
                                          CLONE_CHILD_CLEARTID};
    static const char* const fnames[] = {"PARENT_SETTID", "CHILD_SETTID", "CHILD_CLEARTID"};
    char* stack = mmap(NULL, RAW_STACK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    printf("exit code %d\n", exit_code);
    for (int f = 0; f < 3; ++f)
        for (int w = 0; w < 3; ++w) {
            for (int vm = 0; vm < 2; ++vm) {
                long pid = raw_clone(flags[f] | (vm ? CLONE_VM : 0) | SIGCHLD, stack + RAW_STACK,
                                     where[w], where[w], 0, child, NULL);
                printf("%s %s%s: %s\n", fnames[f], names[w], vm ? ", CLONE_VM" : "",
                       pid > 0 ? describe_status(wait_for((pid_t)pid)) : errname((int)-pid));
            }
        }
    for (int w = 0; w < 3; ++w) {
        long pid = raw_clone(CLONE_VM | SIGCHLD, stack + RAW_STACK, NULL, NULL, 0, set_bad_address,
                             where[w]);
        printf("set_tid_address(%s) then exit: %s\n", names[w],
               describe_status(wait_for((pid_t)pid)));
    }
    contract_token();
    return 0;
}
