/* Contract: a structure that starts in mapped memory and runs into an unmapped page
 * is refused whole with EFAULT, for what the kernel writes (uname, clock_gettime,
 * getrlimit, fstat, TCGETS, TIOCGWINSZ) and what it reads (nanosleep's request,
 * prlimit64's new limit, rt_sigprocmask's set): nothing of a refused new limit or set
 * takes effect. Success: the same structures placed to end exactly at the last mapped
 * byte work, and the limit and the set they carry are read back. How many bytes lie in
 * the hole, the limit and the set come from the nonce; a token mixes the nonce with the
 * results. */
#include "ksig.h"
#include <sys/resource.h>
#include <sys/utsname.h>
#include <termios.h>
#include <time.h>

int main(void) {
    struct {
        const char* name;
        size_t size;
    } sizes[] = {
        {"uname", sizeof(struct utsname)},
        {"clock_gettime", sizeof(struct timespec)},
        {"getrlimit", sizeof(struct rlimit)},
        {"fstat", sizeof(struct stat)},
        {"ioctl(TCGETS)", 36 /* the kernel's struct termios */},
        {"ioctl(TIOCGWINSZ)", sizeof(struct winsize)},
    };
    char label[96];
    for (int fits = 1; fits >= 0; --fits) {
        for (unsigned i = 0; i < sizeof sizes / sizeof sizes[0]; ++i) {
            size_t in_hole = fits ? 0 : contract_range(1, sizes[i].size - 1);
            void* p = (char*)before_hole(sizes[i].size) + in_hole;
            long r;
            errno = 0;
            switch (i) {
            case 0:
                r = syscall(SYS_uname, p);
                break;
            case 1:
                r = syscall(SYS_clock_gettime, CLOCK_REALTIME, p);
                break;
            case 2:
                r = syscall(SYS_getrlimit, RLIMIT_NOFILE, p);
                break;
            case 3:
                r = syscall(SYS_fstat, 1, p);
                break;
            case 4:
                r = syscall(SYS_ioctl, 1, TCGETS, p);
                break;
            default:
                r = syscall(SYS_ioctl, 1, TIOCGWINSZ, p);
                break;
            }
            if (fits) snprintf(label, sizeof label, "%s(ends at the hole)", sizes[i].name);
            else snprintf(label, sizeof label, "%s(%zu bytes in the hole)", sizes[i].name, in_hole);
            show_result(label, r, errno);
        }
    }
    for (int fits = 1; fits >= 0; --fits) {
        struct timespec req = {0, (long)contract_range(1, 100000)};
        struct rlimit rl = {contract_range(64, 256), 1024}, now;
        unsigned long set = k_random_set(KSAFE_SIGNALS);
        size_t in_hole = fits ? 0 : contract_range(1, sizeof req - 1);
        char* t = (char*)before_hole(sizeof req) + in_hole;
        memcpy(t, &req, sizeof req - in_hole); /* the rest is unmapped */
        if (fits) snprintf(label, sizeof label, "nanosleep(ends at the hole)");
        else snprintf(label, sizeof label, "nanosleep(%zu bytes in the hole)", in_hole);
        SHOW(label, syscall(SYS_nanosleep, t, NULL));

        in_hole = fits ? 0 : contract_range(1, sizeof rl - 1);
        char* r = (char*)before_hole(sizeof rl) + in_hole;
        memcpy(r, &rl, sizeof rl - in_hole);
        if (fits)
            snprintf(label, sizeof label, "prlimit64(new %lu/1024, ends at the hole)",
                     (unsigned long)rl.rlim_cur);
        else
            snprintf(label, sizeof label, "prlimit64(new %lu/1024, %zu bytes in the hole)",
                     (unsigned long)rl.rlim_cur, in_hole);
        SHOW(label, syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, r, NULL));
        getrlimit(RLIMIT_NOFILE, &now);
        printf("NOFILE now %lu/%lu\n", (unsigned long)now.rlim_cur, (unsigned long)now.rlim_max);

        in_hole = fits ? 0 : contract_range(1, sizeof set - 1);
        char* s = (char*)before_hole(sizeof set) + in_hole;
        memcpy(s, &set, sizeof set - in_hole);
        if (fits) snprintf(label, sizeof label, "rt_sigprocmask(set, ends at the hole)");
        else snprintf(label, sizeof label, "rt_sigprocmask(set, %zu bytes in the hole)", in_hole);
        SHOW(label, syscall(SYS_rt_sigprocmask, SIG_BLOCK, s, NULL, 8));
        printf("blocked now: %s\n", mask_names(k_blocked()));
    }
    contract_token();
    return 0;
}
