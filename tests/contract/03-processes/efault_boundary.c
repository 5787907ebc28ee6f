/* Contract: a structure that starts in mapped memory and runs into an unmapped page
 * is refused whole with EFAULT, for what the kernel writes (uname, clock_gettime,
 * getrlimit, fstat, TCGETS, TIOCGWINSZ) and what it reads (nanosleep's request,
 * prlimit64's new limit, rt_sigprocmask's set). Success: the same structures placed
 * to end exactly at the last mapped byte work. */
#include "contract.h"
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
    for (int fits = 1; fits >= 0; --fits) {
        for (unsigned i = 0; i < sizeof sizes / sizeof sizes[0]; ++i) {
            void* p = before_hole(sizes[i].size);
            if (!fits) p = (char*)p + 1; /* the last byte now lies in the hole */
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
            char label[64];
            snprintf(label, sizeof label, "%s(%s)", sizes[i].name,
                     fits ? "ends at the hole" : "one byte in the hole");
            show_result(label, r, errno);
        }
    }
    struct timespec req = {0, 1000};
    struct rlimit rl = {256, 1024};
    sigset_t set;
    sigemptyset(&set);
    for (int fits = 1; fits >= 0; --fits) {
        char label[64];
        struct timespec* t = before_hole(sizeof req);
        if (!fits) t = (struct timespec*)((char*)t + 1);
        memcpy(t, &req, sizeof req - (fits ? 0 : 1)); /* the rest is unmapped */
        snprintf(label, sizeof label, "nanosleep(%s)",
                 fits ? "ends at the hole" : "one byte in the hole");
        SHOW(label, syscall(SYS_nanosleep, t, NULL));
        struct rlimit* r = before_hole(sizeof rl);
        if (!fits) r = (struct rlimit*)((char*)r + 1);
        memcpy(r, &rl, sizeof rl - (fits ? 0 : 1));
        snprintf(label, sizeof label, "prlimit64(new, %s)",
                 fits ? "ends at the hole" : "one byte in the hole");
        SHOW(label, syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, r, NULL));
        char* s = before_hole(8);
        if (!fits) s += 1;
        memcpy(s, &set, fits ? 8 : 7);
        snprintf(label, sizeof label, "rt_sigprocmask(set, %s)",
                 fits ? "ends at the hole" : "one byte in the hole");
        SHOW(label, syscall(SYS_rt_sigprocmask, SIG_BLOCK, s, NULL, 8));
    }
    return 0;
}
