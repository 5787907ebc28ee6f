/* Contract: TIOCGWINSZ on the console reports the terminal's size (the test harness
 * makes it 24 rows by 80 columns, and the guest console reports the same) on every
 * standard fd, pixel sizes 0. Errors: EBADF for a bad fd, EFAULT for a NULL or
 * unmapped buffer. */
#include "contract.h"

int main(void) {
    for (int fd = 0; fd < 3; ++fd) {
        struct winsize ws;
        memset(&ws, 0xff, sizeof ws);
        long r = ioctl(fd, TIOCGWINSZ, &ws);
        printf("fd %d: %ld, %u rows, %u columns, %u x %u pixels\n", fd, r, ws.ws_row, ws.ws_col,
               ws.ws_xpixel, ws.ws_ypixel);
    }
    struct winsize ws;
    SHOW("ioctl(99, TIOCGWINSZ)", syscall(SYS_ioctl, 99, TIOCGWINSZ, &ws));
    SHOW("ioctl(1, TIOCGWINSZ, NULL)", syscall(SYS_ioctl, 1, TIOCGWINSZ, NULL));
    SHOW("ioctl(1, TIOCGWINSZ, unmapped)", syscall(SYS_ioctl, 1, TIOCGWINSZ, before_hole(4)));
    return 0;
}
