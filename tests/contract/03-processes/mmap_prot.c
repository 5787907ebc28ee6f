/* Contract: page protections are enforced: PROT_READ memory faults on write,
 * PROT_NONE on read, PROT_WRITE alone is readable (x86 has no write-only pages),
 * memory without PROT_EXEC faults when called (NX) and runs once mprotect adds
 * PROT_EXEC: the code written there returns a number chosen from the nonce, which the
 * child that calls it passes on as its exit code. Errors: mprotect rejects unknown PROT
 * bits (one chosen from the nonce) and PROT_GROWSDOWN on a mapping that does not grow
 * with EINVAL (mmap ignores unknown bits). */
#include "contract.h"

#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)

/* mov $value, %eax; ret */
static void write_code(unsigned char* p, unsigned value) {
    p[0] = 0xb8;
    memcpy(p + 1, &value, 4);
    p[5] = 0xc3;
}

/* Calls @code in a child: "exit N" with N what it returned, or the signal. */
static const char* call_in_child(const unsigned char* code) {
    pid_t pid = fork_flushed();
    if (pid == 0) _exit(((int (*)(void))(uintptr_t)code)() & 0xff);
    return describe_status(wait_for(pid));
}

int main(void) {
    char* ro = mmap(NULL, PAGE, PROT_READ, ANON, -1, 0);
    printf("PROT_READ: read %s, write %s\n", probe_read(ro), probe_write(ro));
    char* none = mmap(NULL, PAGE, PROT_NONE, ANON, -1, 0);
    printf("PROT_NONE: read %s, write %s\n", probe_read(none), probe_write(none));
    char* wo = mmap(NULL, PAGE, PROT_WRITE, ANON, -1, 0);
    printf("PROT_WRITE: read %s, write %s\n", probe_read(wo), probe_write(wo));
    unsigned value = (unsigned)contract_random();
    unsigned char* code = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, ANON, -1, 0);
    unsigned long at = contract_range(0, PAGE - 6);
    write_code(code + at, value);
    printf("PROT_READ|PROT_WRITE: call %s\n", call_in_child(code + at));
    SHOW("mprotect(PROT_READ|PROT_EXEC)", mprotect(code, PAGE, PROT_READ | PROT_EXEC));
    printf("PROT_READ|PROT_EXEC: call %s", call_in_child(code + at));
    printf(", write %s\n", probe_write(code)); /* both texts share one buffer */
    static unsigned char data_code[16];
    write_code(data_code, value);
    printf("data segment: call %s\n", call_in_child(data_code));

    int bit = 1 << contract_range(4, 23); /* above PROT_SEM, below PROT_GROWSDOWN */
    char label[64];
    snprintf(label, sizeof label, "mmap(prot %#x)", bit);
    SHOW_MAP(label, (void*)syscall(SYS_mmap, NULL, PAGE, bit, ANON, -1, 0));
    snprintf(label, sizeof label, "mprotect(prot %#x)", bit);
    SHOW(label, syscall(SYS_mprotect, ro, PAGE, bit));
    SHOW("mprotect(PROT_GROWSDOWN on a plain mapping)",
         syscall(SYS_mprotect, ro, PAGE, PROT_READ | PROT_GROWSDOWN));
    return 0;
}
