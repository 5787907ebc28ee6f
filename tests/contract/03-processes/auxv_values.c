/* Contract: the auxiliary vector of a static program: AT_PAGESZ 4096, AT_PHENT 56,
 * AT_PHDR pointing at this program's own program headers (AT_PHNUM of them, with the
 * PT_LOAD that holds AT_ENTRY), AT_ENTRY the address of _start, AT_BASE 0 (no
 * interpreter), ids 0, AT_SECURE 0, AT_CLKTCK 100, AT_RANDOM 16 readable bytes,
 * AT_EXECFN the path execve was given, AT_HWCAP set. Errors: getauxval of a type
 * that is not there returns 0 with errno ENOENT. */
#include "contract.h"
#include <elf.h>

extern char _start[];

int main(int argc, char** argv) {
    printf("AT_PAGESZ %lu\n", getauxval(AT_PAGESZ));
    printf("AT_PHENT %lu\n", getauxval(AT_PHENT));
    printf("AT_BASE %lu\n", getauxval(AT_BASE));
    printf("AT_UID %lu AT_EUID %lu AT_GID %lu AT_EGID %lu\n", getauxval(AT_UID), getauxval(AT_EUID),
           getauxval(AT_GID), getauxval(AT_EGID));
    printf("AT_SECURE %lu\n", getauxval(AT_SECURE));
    printf("AT_CLKTCK %lu\n", getauxval(AT_CLKTCK));
    printf("AT_ENTRY is _start: %s\n", getauxval(AT_ENTRY) == (unsigned long)_start ? "yes" : "no");
    printf("AT_HWCAP set: %s\n", getauxval(AT_HWCAP) != 0 ? "yes" : "no");

    const Elf64_Phdr* ph = (const Elf64_Phdr*)getauxval(AT_PHDR);
    unsigned long phnum = getauxval(AT_PHNUM);
    int loads = 0, entry_found = 0;
    unsigned long entry = getauxval(AT_ENTRY);
    unsigned long bias = 0;
    for (unsigned long i = 0; i < phnum; ++i)
        if (ph[i].p_type == PT_PHDR) bias = (unsigned long)ph - ph[i].p_vaddr;
    for (unsigned long i = 0; i < phnum; ++i) {
        if (ph[i].p_type != PT_LOAD) continue;
        ++loads;
        unsigned long lo = ph[i].p_vaddr + bias, hi = lo + ph[i].p_memsz;
        if (entry >= lo && entry < hi && (ph[i].p_flags & PF_X)) entry_found = 1;
    }
    printf("AT_PHDR/AT_PHNUM: %s PT_LOAD segments, entry in an executable one: %s\n",
           loads >= 2 ? "several" : "too few", entry_found ? "yes" : "no");

    const unsigned char* rnd = (const unsigned char*)getauxval(AT_RANDOM);
    int nonzero = 0;
    for (int i = 0; i < 16; ++i) nonzero |= rnd[i];
    printf("AT_RANDOM: 16 bytes, not all zero: %s\n", nonzero ? "yes" : "no");
    const char* execfn = (const char*)getauxval(AT_EXECFN);
    const char* slash = strrchr(execfn, '/');
    printf("AT_EXECFN ends with /%s: %s\n", argv[0],
           slash && strcmp(slash + 1, argv[0]) == 0 ? "yes" : "no");

    errno = 0;
    unsigned long v = getauxval(12345);
    printf("getauxval(12345): %lu %s\n", v, errname(errno));
    return argc > 0 ? 0 : 1;
}
