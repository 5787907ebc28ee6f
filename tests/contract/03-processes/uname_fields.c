/* Contract: uname fills the fields a program may rely on: sysname "Linux", machine
 * "x86_64", a release that starts with a digit and contains a dot (programs parse it),
 * a non-empty version and node name, every field NUL-terminated within its 65 bytes,
 * whatever the buffer held before (bytes from the nonce). Errors: EFAULT for a NULL or
 * unmapped buffer, and for one that runs into an unmapped page (by a count of bytes
 * chosen from the nonce); a token mixes the nonce with the results. */
#include "contract.h"
#include <sys/utsname.h>

static int terminated(const char* f) { return memchr(f, 0, 65) != NULL; }

int main(void) {
    struct utsname u;
    memset(&u, (int)contract_range(1, 255), sizeof u);
    SHOW("uname", uname(&u));
    printf("sysname: %s\n", u.sysname);
    printf("machine: %s\n", u.machine);
    printf("release starts with a digit and has a dot: %s\n",
           u.release[0] >= '0' && u.release[0] <= '9' && strchr(u.release, '.') ? "yes" : "no");
    printf("version non-empty: %s, nodename non-empty: %s\n", u.version[0] ? "yes" : "no",
           u.nodename[0] ? "yes" : "no");
    printf("all fields terminated: %s\n", terminated(u.sysname) && terminated(u.nodename) &&
                                                  terminated(u.release) && terminated(u.version) &&
                                                  terminated(u.machine) && terminated(u.domainname)
                                              ? "yes"
                                              : "no");
    SHOW("uname(NULL)", syscall(SYS_uname, NULL));
    SHOW("uname(unmapped)", syscall(SYS_uname, before_hole(0)));
    size_t in_hole = contract_range(1, sizeof u - 1);
    char label[64];
    snprintf(label, sizeof label, "uname(%zu bytes in the hole)", in_hole);
    SHOW(label, syscall(SYS_uname, (char*)before_hole(sizeof u) + in_hole));
    contract_token();
    return 0;
}
