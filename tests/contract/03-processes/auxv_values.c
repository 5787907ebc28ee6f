/* Contract: the auxiliary vector of a static program: AT_PAGESZ 4096, AT_PHENT 56,
 * AT_PHDR pointing at this program's own program headers (AT_PHNUM of them, with the
 * PT_LOAD that holds AT_ENTRY), AT_ENTRY the address of _start, AT_BASE 0 (no
 * interpreter), ids 0, AT_SECURE 0, AT_CLKTCK 100, AT_RANDOM 16 readable bytes,
 * AT_EXECFN the path execve was given, AT_HWCAP set. AT_EXECFN is the path exactly as
 * given, also when it holds extra slashes and "./" components (how many, chosen from
 * the nonce, the re-executed program counts and prints). Errors: getauxval of a type
 * that is not there returns 0 with errno ENOENT. */
#include "contract.h"
#include <elf.h>

extern char _start[];

/* In the re-executed program: AT_EXECFN against the path its parent gave (argv[2]),
 * and the slashes and "./" components before the program's name. */
static int report_execfn(char** argv) {
    const char* execfn = (const char*)getauxval(AT_EXECFN);
    size_t end = strlen(execfn), name = strlen(argv[0]);
    int slashes = 0, dots = 0;
    if (end >= name && strcmp(execfn + end - name, argv[0]) == 0) end -= name;
    while (end > 0) {
        if (end >= 3 && execfn[end - 1] == '/' && execfn[end - 2] == '.' && execfn[end - 3] == '/')
            ++dots, end -= 2;
        else if (execfn[end - 1] == '/') ++slashes, --end;
        else break;
    }
    printf(
        "re-executed: AT_EXECFN is the path given: %s, %d slashes and %d \"./\" before the "
        "name\n",
        strcmp(execfn, argv[2]) == 0 ? "yes" : "no", slashes, dots);
    return 0;
}

int main(int argc, char** argv) {
    if (argc > 2 && strcmp(argv[1], "--execfn") == 0) return report_execfn(argv);
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

    /* The same program again, as "<dir>" + 1..6 slashes + 0..3 "./" + "<name>". */
    char path[600];
    const char* self = self_path();
    const char* last = strrchr(self, '/');
    int n = snprintf(path, sizeof path, "%.*s", (int)(last - self), self);
    int slashes = (int)contract_range(1, 6), dots = (int)contract_range(0, 3);
    for (int i = 0; i < slashes; ++i) n += snprintf(path + n, sizeof path - n, "/");
    for (int i = 0; i < dots; ++i) n += snprintf(path + n, sizeof path - n, "./");
    snprintf(path + n, sizeof path - n, "%s", last + 1);
    pid_t pid = fork_flushed();
    if (pid == 0) {
        char* args[] = {argv[0], "--execfn", path, NULL};
        execve(path, args, environ);
        _exit(127);
    }
    printf("re-execution: %s\n", describe_status(wait_for(pid)));
    return argc > 0 ? 0 : 1;
}
