/* Contract: page protections are enforced: PROT_READ memory faults on write,
 * PROT_NONE on read, PROT_WRITE alone is readable (x86 has no write-only pages),
 * memory without PROT_EXEC faults when called (NX) and runs once mprotect adds
 * PROT_EXEC. Errors: mprotect rejects unknown PROT bits and PROT_GROWSDOWN on a
 * mapping that does not grow with EINVAL (mmap ignores unknown bits). */
#include "contract.h"

#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)

int main(void) {
    char* ro = mmap(NULL, PAGE, PROT_READ, ANON, -1, 0);
    printf("PROT_READ: read %s, write %s\n", probe_read(ro), probe_write(ro));
    char* none = mmap(NULL, PAGE, PROT_NONE, ANON, -1, 0);
    printf("PROT_NONE: read %s, write %s\n", probe_read(none), probe_write(none));
    char* wo = mmap(NULL, PAGE, PROT_WRITE, ANON, -1, 0);
    printf("PROT_WRITE: read %s, write %s\n", probe_read(wo), probe_write(wo));
    unsigned char* code = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, ANON, -1, 0);
    code[0] = 0xc3; /* ret */
    printf("PROT_READ|PROT_WRITE: call %s\n", probe_exec(code));
    SHOW("mprotect(PROT_READ|PROT_EXEC)", mprotect(code, PAGE, PROT_READ | PROT_EXEC));
    printf("PROT_READ|PROT_EXEC: call %s, write %s\n", probe_exec(code), probe_write(code));
    static char stack_like[16] = {(char)0xc3};
    printf("data segment: call %s\n", probe_exec(stack_like));

    SHOW_MAP("mmap(prot 0x100)", (void*)syscall(SYS_mmap, NULL, PAGE, 0x100, ANON, -1, 0));
    SHOW("mprotect(prot 0x100)", syscall(SYS_mprotect, ro, PAGE, 0x100));
    SHOW("mprotect(PROT_GROWSDOWN on a plain mapping)",
         syscall(SYS_mprotect, ro, PAGE, PROT_READ | PROT_GROWSDOWN));
    return 0;
}
