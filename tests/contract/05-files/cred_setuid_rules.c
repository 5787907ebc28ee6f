/* Contract: the set*uid and set*gid rules. Root (CAP_SETUID) sets any ids with setresuid,
 * setreuid and setuid (all three ids); an unprivileged process may only move among its
 * real, effective and saved ids: setuid to one of them changes the effective id only,
 * setreuid sets the saved id when the real one changes, setfsuid returns the old fsuid and
 * ignores an id it may not take. Errors: EPERM for a foreign id, EINVAL for setuid(-1). */
#include "contract.h"

#include <sys/fsuid.h>

static void show_ids(const char* when, unsigned base) {
    uid_t r, e, s;
    gid_t gr, ge, gs;
    getresuid(&r, &e, &s);
    getresgid(&gr, &ge, &gs);
    unsigned v[6] = {r, e, s, gr, ge, gs};
    printf("%s:", when);
    for (int i = 0; i < 6; ++i) {
        if (i == 0 || i == 3) printf(i ? " gid" : " uid");
        if (v[i] >= base) printf(" b+%u", v[i] - base);
        else printf(" %u", v[i]);
    }
    printf("\n");
    contract_observe(r ^ e << 8 ^ s << 16);
}

int main(void) {
    unsigned base = (unsigned)contract_range(1000, 50000);
    printf("base id chosen: %s\n", base >= 1000 ? "yes" : "no");
    pid_t pid = fork_flushed();
    if (pid == 0) {
        SHOW("setresgid(b+1, b+2, b+3)", setresgid(base + 1, base + 2, base + 3));
        SHOW("setresuid(b+1, b+2, b+3)", setresuid(base + 1, base + 2, base + 3));
        show_ids("after setres*id", base);
        SHOW("setuid(b+9) unprivileged", setuid(base + 9));
        SHOW("setresuid(b+9, -1, -1)", setresuid(base + 9, -1, -1));
        SHOW("setgid(b+9) unprivileged", setgid(base + 9));
        SHOW("setuid(b+3): the saved id", setuid(base + 3));
        show_ids("after setuid(saved)", base);
        SHOW("setreuid(-1, b+1)", setreuid(-1, base + 1));
        show_ids("after setreuid(-1, real)", base);
        SHOW("setreuid(b+3, b+2)", setreuid(base + 3, base + 2));
        show_ids("after setreuid(saved, eff)", base);
        SHOW("setfsuid(b+9) (returns the old fsuid)", (long)setfsuid(base + 9) - base);
        SHOW("setfsuid(-1) (fsuid unchanged)", (long)setfsuid(-1) - base);
        SHOW("setfsuid(b+1) (the saved... real id)", (long)setfsuid(base + 1) - base);
        SHOW("setfsuid(-1) now", (long)setfsuid(-1) - base);
        SHOW("setregid(b+2, -1)", setregid(base + 2, -1));
        show_ids("after setregid", base);
        fflush(stdout);
        _exit(0);
    }
    printf("child: %s\n", describe_status(wait_for(pid)));
    pid = fork_flushed();
    if (pid == 0) {
        SHOW("setuid(-1)", syscall(SYS_setuid, -1));
        SHOW("setgid(-1)", syscall(SYS_setgid, -1));
        SHOW("setreuid(b+5, b+6) as root", setreuid(base + 5, base + 6));
        show_ids("after setreuid as root", base);
        SHOW("setuid(b+5) with euid b+6", setuid(base + 5));
        show_ids("after setuid(real)", base);
        SHOW("setuid(0) now", setuid(0));
        fflush(stdout);
        _exit(0);
    }
    printf("child: %s\n", describe_status(wait_for(pid)));
    pid = fork_flushed();
    if (pid == 0) {
        SHOW("setuid(b+7) as root", setuid(base + 7));
        show_ids("after setuid as root", base);
        SHOW("setuid(0) back", setuid(0));
        fflush(stdout);
        _exit(0);
    }
    printf("child: %s\n", describe_status(wait_for(pid)));
    contract_token();
    return 0;
}
