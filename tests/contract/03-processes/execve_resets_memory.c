/* Contract: execve gives the new program a fresh address space: a mapping made before
 * it is gone afterwards (mprotect of its range fails with ENOMEM), the new program's
 * data starts from its initial values and its heap starts empty. Success: the same
 * address can be mapped again with MAP_FIXED_NOREPLACE after execve. */
#include "contract.h"

#define FIXED ((void*)0x6f0000000000UL)

static int counter = 5;

int main(int argc, char** argv) {
    if (argc > 1 && strcmp(argv[1], "--after") == 0) {
        SHOW("after: mprotect(old mapping)", syscall(SYS_mprotect, FIXED, PAGE, PROT_READ));
        printf("after: counter is %d\n", counter);
        void* p = mmap(FIXED, PAGE, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
        printf("after: map the address again: %s\n", p == FIXED ? "ok" : errname(errno));
        printf("after: it is zero: %s\n", p == FIXED && *(int*)p == 0 ? "yes" : "no");
        return 0;
    }
    int* p =
        mmap(FIXED, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    printf("before: map at a fixed address: %s\n", (void*)p == FIXED ? "ok" : errname(errno));
    *p = 1234;
    counter = 99;
    SHOW("before: mprotect(mapping)", syscall(SYS_mprotect, FIXED, PAGE, PROT_READ));
    char* args[] = {argv[0], "--after", NULL};
    fflush(stdout);
    execve(self_path(), args, environ);
    printf("execve: %s\n", errname(errno));
    return 1;
}
