/* Contract: hundreds of mappings of different sizes (1..8 pages each, chosen from the
 * nonce) coexist without overlapping, each keeps its own contents (a byte per page from
 * the nonce: their sum as read back is printed), unmapping every other one leaves the
 * rest intact, and the freed space can be mapped again. Errors: a mapping request that
 * cannot fit (1 << 46 bytes, twice) fails with ENOMEM the second time at the latest, and
 * the existing mappings are unharmed. */
#include "contract.h"

#define N 300

int main(void) {
    static char* maps[N];
    static size_t lens[N];
    static unsigned char bytes[N];
    unsigned long pages = 0, sum = 0;
    for (int i = 0; i < N; ++i) {
        lens[i] = contract_range(1, 8) * PAGE;
        bytes[i] = (unsigned char)contract_range(0, 255);
        pages += lens[i] / PAGE;
        maps[i] = mmap(NULL, lens[i], PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (maps[i] == MAP_FAILED) {
            printf("mapping %d failed: %s\n", i, errname(errno));
            return 1;
        }
        for (size_t off = 0; off < lens[i]; off += PAGE) maps[i][off] = (char)bytes[i];
    }
    int overlap = 0;
    for (int i = 0; i < N; ++i)
        for (int j = i + 1; j < N; ++j)
            if (maps[i] < maps[j] + lens[j] && maps[j] < maps[i] + lens[i]) overlap = 1;
    for (int i = 0; i < N; ++i)
        for (size_t off = 0; off < lens[i]; off += PAGE) sum += (unsigned char)maps[i][off];
    printf("%d mappings, %lu pages, overlapping: %s, bytes sum to %lu\n", N, pages,
           overlap ? "yes" : "no", sum);
    for (int i = 0; i < N; i += 2) munmap(maps[i], lens[i]);
    int intact = 1;
    for (int i = 1; i < N; i += 2)
        for (size_t off = 0; off < lens[i]; off += PAGE) intact &= maps[i][off] == (char)bytes[i];
    printf("after unmapping every other one, the rest intact: %s\n", intact ? "yes" : "no");
    int remapped = 1;
    for (int i = 0; i < N; i += 2) {
        maps[i] = mmap(NULL, lens[i], PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (maps[i] == MAP_FAILED || maps[i][0] != 0) remapped = 0;
    }
    printf("mapped again, zeroed: %s\n", remapped ? "yes" : "no");
    void* a = mmap(NULL, 1UL << 46, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    void* b = mmap(NULL, 1UL << 46, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    int e = errno;
    printf("two reservations of 64 TiB: the second %s\n", b == MAP_FAILED ? errname(e) : "fits?");
    if (a != MAP_FAILED) munmap(a, 1UL << 46);
    intact = 1;
    for (int i = 1; i < N; i += 2) intact &= maps[i][0] == (char)bytes[i];
    printf("existing mappings unharmed: %s\n", intact ? "yes" : "no");
    return 0;
}
