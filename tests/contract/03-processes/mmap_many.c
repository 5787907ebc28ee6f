/* Contract: hundreds of mappings of different sizes coexist without overlapping,
 * each keeps its own contents, unmapping every other one leaves the rest intact, and
 * the freed space can be mapped again. Errors: a mapping request that cannot fit
 * (1 << 46 bytes, twice) fails with ENOMEM the second time at the latest, and the
 * existing mappings are unharmed. */
#include "contract.h"

#define N 300

int main(void) {
    static char* maps[N];
    static size_t lens[N];
    unsigned seed = 12345;
    for (int i = 0; i < N; ++i) {
        seed = seed * 1103515245 + 12345;
        lens[i] = ((seed >> 16) % 8 + 1) * PAGE;
        maps[i] = mmap(NULL, lens[i], PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (maps[i] == MAP_FAILED) {
            printf("mapping %d failed: %s\n", i, errname(errno));
            return 1;
        }
        for (size_t off = 0; off < lens[i]; off += PAGE) maps[i][off] = (char)i;
    }
    int overlap = 0;
    for (int i = 0; i < N; ++i)
        for (int j = i + 1; j < N; ++j)
            if (maps[i] < maps[j] + lens[j] && maps[j] < maps[i] + lens[i]) overlap = 1;
    printf("%d mappings, overlapping: %s\n", N, overlap ? "yes" : "no");
    for (int i = 0; i < N; i += 2) munmap(maps[i], lens[i]);
    int intact = 1;
    for (int i = 1; i < N; i += 2)
        for (size_t off = 0; off < lens[i]; off += PAGE) intact &= maps[i][off] == (char)i;
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
    for (int i = 1; i < N; i += 2) intact &= maps[i][0] == (char)i;
    printf("existing mappings unharmed: %s\n", intact ? "yes" : "no");
    return 0;
}
