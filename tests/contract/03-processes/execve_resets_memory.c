/* Contract: execve gives the new program a fresh address space: a mapping made before
 * it is gone afterwards (mprotect of its range fails with ENOMEM), the new program's
 * data starts from its initial values and its heap starts empty (the page at its break
 * faults, and so does the page as far above it as the old heap reached). The mapping's
 * address (one of 4096 pages), the value written there, the old heap's size and the
 * value the data variable held before come from the nonce; the address, the value and
 * the size go to the new program through argv, and it prints what it finds now.
 * Success: the same address can be mapped again with MAP_FIXED_NOREPLACE after execve. */
#include "contract.h"

#define AREA 0x6f0000000000UL

static unsigned counter = 5;

static unsigned long break_page(void) {
    return ((unsigned long)syscall(SYS_brk, 0) + PAGE - 1) & ~(PAGE - 1);
}

int main(int argc, char** argv) {
    if (argc > 4 && strcmp(argv[1], "--after") == 0) {
        void* fixed = (void*)(AREA + strtoul(argv[2], NULL, 10) * PAGE);
        unsigned long heap = strtoul(argv[4], NULL, 10);
        printf("after: old mapping at page %s of the area, which held %s\n", argv[2], argv[3]);
        SHOW("after: mprotect(old mapping)", syscall(SYS_mprotect, fixed, PAGE, PROT_READ));
        printf("after: counter is %u\n", counter);
        printf("after: page at the break: %s, %lu pages above it: %s\n",
               probe_read((char*)break_page()), heap,
               probe_read((char*)break_page() + (heap - 1) * PAGE));
        unsigned* p = mmap(fixed, PAGE, PROT_READ | PROT_WRITE,
                           MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
        printf("after: map the address again: %s\n", (void*)p == fixed ? "ok" : errname(errno));
        printf("after: it holds %u\n", (void*)p == fixed ? *p : 0xdead);
        return 0;
    }
    unsigned long page = contract_range(0, 4095), heap = contract_range(1, 64);
    void* fixed = (void*)(AREA + page * PAGE);
    unsigned* p =
        mmap(fixed, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    printf("before: map at a fixed address: %s\n", (void*)p == fixed ? "ok" : errname(errno));
    *p = (unsigned)contract_range(1, 999999);
    counter = (unsigned)contract_range(6, 999999);
    SHOW("before: mprotect(mapping)", syscall(SYS_mprotect, fixed, PAGE, PROT_READ));
    unsigned long top = break_page() + heap * PAGE;
    printf("before: grow the heap by %lu pages: %s\n", heap,
           (unsigned long)syscall(SYS_brk, top) == top ? "ok" : "refused");
    memset((char*)top - heap * PAGE, 0x5a, heap * PAGE);
    char page_arg[24], value_arg[24], heap_arg[24];
    snprintf(page_arg, sizeof page_arg, "%lu", page);
    snprintf(value_arg, sizeof value_arg, "%u", *p);
    snprintf(heap_arg, sizeof heap_arg, "%lu", heap);
    char* args[] = {argv[0], "--after", page_arg, value_arg, heap_arg, NULL};
    fflush(stdout);
    execve(self_path(), args, environ);
    printf("execve: %s\n", errname(errno));
    return 1;
}
