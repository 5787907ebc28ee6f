/* Contract: supplementary groups and capabilities. setgroups stores a list that getgroups
 * returns sorted (0 as size asks for the count; a smaller size is EINVAL); capget reports
 * root's effective and permitted sets with CAP_SETUID and CAP_DAC_OVERRIDE, which a change
 * to non-zero uids clears (effective only while the saved uid stays 0, and an euid of 0
 * again restores it); capset may drop but never raise (EPERM); an unknown version is
 * EINVAL and the header gets the preferred version. Errors: EPERM for setgroups without
 * CAP_SETGID, EINVAL. */
#include "contract.h"

#include <grp.h>

/* linux/capability.h's layouts (musl ships no kernel headers). */
#define _LINUX_CAPABILITY_VERSION_3 0x20080522
#define CAP_CHOWN 0
#define CAP_DAC_OVERRIDE 1
#define CAP_SETUID 7
struct __user_cap_header_struct {
    unsigned version;
    int pid;
};
struct __user_cap_data_struct {
    unsigned effective, permitted, inheritable;
};

static int caps(unsigned* eff, unsigned* prm) {
    struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct d[2];
    int r = (int)syscall(SYS_capget, &h, d);
    *eff = d[0].effective;
    *prm = d[0].permitted;
    return r;
}

static void show_caps(const char* when) {
    unsigned eff = 0, prm = 0;
    int r = caps(&eff, &prm);
    printf("%s: capget %d, effective setuid %s dac_override %s, permitted setuid %s\n", when, r,
           eff & (1u << CAP_SETUID) ? "yes" : "no", eff & (1u << CAP_DAC_OVERRIDE) ? "yes" : "no",
           prm & (1u << CAP_SETUID) ? "yes" : "no");
    contract_observe(eff & 0xff);
}

int main(void) {
    unsigned base = (unsigned)contract_range(2000, 50000);
    gid_t list[5] = {base + 40, base + 3, base + 17, base + 3, base + 1};
    pid_t pid = fork_flushed();
    if (pid == 0) {
        SHOW("setgroups(5)", setgroups(5, list));
        SHOW("getgroups(0, NULL)", getgroups(0, NULL));
        gid_t out[8] = {0};
        SHOW("getgroups(2) too small", getgroups(2, out));
        int n = getgroups(8, out);
        printf("getgroups(8): %d:", n);
        for (int i = 0; i < n; ++i) printf(" b+%u", out[i] - base);
        printf("\n");
        SHOW("setgroups(-1)", syscall(SYS_setgroups, -1, list));
        SHOW("setgroups(70000)", syscall(SYS_setgroups, 70000, list));
        SHOW("setgroups(0)", setgroups(0, NULL));
        SHOW("getgroups after clearing", getgroups(0, NULL));
        show_caps("root");
        SHOW("setresuid(b, b, 0)", setresuid(base, base, 0));
        show_caps("euid b, saved 0");
        SHOW("seteuid(0)", seteuid(0));
        show_caps("euid 0 again");
        SHOW("setresuid(b, b, b)", setresuid(base, base, base));
        show_caps("all ids b");
        SHOW("setgroups unprivileged", setgroups(1, list));
        struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
        struct __user_cap_data_struct d[2] = {{1u << CAP_CHOWN, 1u << CAP_CHOWN, 0}, {0, 0, 0}};
        SHOW("capset raising CAP_CHOWN", syscall(SYS_capset, &h, d));
        SHOW("seteuid(0) with no capabilities", seteuid(0));
        fflush(stdout);
        _exit(0);
    }
    printf("child: %s\n", describe_status(wait_for(pid)));
    pid = fork_flushed();
    if (pid == 0) {
        struct __user_cap_header_struct h = {0x12345678, 0};
        struct __user_cap_data_struct d[2];
        SHOW("capget bad version", syscall(SYS_capget, &h, d));
        printf("version written back is v3: %s\n",
               h.version == _LINUX_CAPABILITY_VERSION_3 ? "yes" : "no");
        h.version = 0x12345678;
        SHOW("capget bad version, NULL data", syscall(SYS_capget, &h, NULL));
        h.version = _LINUX_CAPABILITY_VERSION_3;
        h.pid = -5;
        SHOW("capget pid -5", syscall(SYS_capget, &h, d));
        h.pid = 0;
        syscall(SYS_capget, &h, d);
        d[0].effective &= ~(1u << CAP_SETUID);
        SHOW("capset dropping CAP_SETUID from effective", syscall(SYS_capset, &h, d));
        show_caps("after the drop");
        SHOW("setuid(b+1) without CAP_SETUID", setuid(base + 1));
        d[0].effective |= 1u << CAP_SETUID;
        SHOW("capset raising it back (still permitted)", syscall(SYS_capset, &h, d));
        SHOW("setuid(b+1)", setuid(base + 1));
        h.pid = 1;
        SHOW("capset on another pid", syscall(SYS_capset, &h, d));
        fflush(stdout);
        _exit(0);
    }
    printf("child: %s\n", describe_status(wait_for(pid)));
    contract_token();
    return 0;
}
