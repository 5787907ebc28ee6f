/* Contract: TIOCGWINSZ on the console reports the terminal's size (the test harness
 * makes it 24 rows by 80 columns, and the guest console reports the same) on every
 * standard fd, pixel sizes 0, whatever the buffer held before (bytes from the nonce).
 * Errors: EBADF for a bad fd (chosen from the nonce), EFAULT for a NULL buffer and for one
 * that runs 1..7 bytes into an unmapped page (the count from the nonce); a token mixes the
 * nonce with the results. */
#include "contract.h"
#include <limits.h>

int main(void) {
    for (int fd = 0; fd < 3; ++fd) {
        struct winsize ws;
        memset(&ws, (int)contract_range(0, 255), sizeof ws);
        long r = ioctl(fd, TIOCGWINSZ, &ws);
        printf("fd %d: %ld, %u rows, %u columns, %u x %u pixels\n", fd, r, ws.ws_row, ws.ws_col,
               ws.ws_xpixel, ws.ws_ypixel);
        contract_observe((unsigned long)ws.ws_row << 16 | ws.ws_col);
    }
    struct winsize ws;
    int fd = (int)contract_range(3, INT_MAX);
    size_t in_hole = contract_range(1, sizeof ws - 1);
    char label[64];
    snprintf(label, sizeof label, "ioctl(%d, TIOCGWINSZ)", fd);
    SHOW(label, syscall(SYS_ioctl, fd, TIOCGWINSZ, &ws));
    SHOW("ioctl(1, TIOCGWINSZ, NULL)", syscall(SYS_ioctl, 1, TIOCGWINSZ, NULL));
    snprintf(label, sizeof label, "ioctl(1, TIOCGWINSZ, %zu bytes in the hole)", in_hole);
    SHOW(label, syscall(SYS_ioctl, 1, TIOCGWINSZ, (char*)before_hole(sizeof ws) + in_hole));
    contract_token();
    return 0;
}
