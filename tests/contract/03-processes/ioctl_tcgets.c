/* Contract: the console is a terminal: isatty on fds 0-2, and TCGETS reports the
 * settings of a freshly opened terminal: ICRNL and IXON on input, OPOST and ONLCR on
 * output, 8-bit characters with the receiver on, canonical mode with echo and signals,
 * ^C ^\ DEL ^U ^D as the control characters, 38400 baud, whatever bytes the buffer held
 * before. Errors: EBADF for a bad fd, ENOTTY for an unknown request, EFAULT for an
 * unmapped buffer. The buffer's old bytes, the fd and the request come from the nonce;
 * a token mixes the nonce with the results. */
#include "contract.h"
#include <limits.h>
#include <termios.h>

#define KERNEL_NCCS 19 /* the libcs' c_cc arrays are longer: the kernel fills 19 */
#define FLAG(field, f) printf("  %-7s %s\n", #f, (t.field & (f)) ? "on" : "off")

int main(void) {
    printf("isatty: %d %d %d\n", isatty(0), isatty(1), isatty(2));
    struct termios t;
    memset(&t, (int)contract_range(0, 255), sizeof t);
    SHOW("tcgetattr(1)", tcgetattr(1, &t));
    printf("input:\n");
    FLAG(c_iflag, ICRNL);
    FLAG(c_iflag, IXON);
    FLAG(c_iflag, INLCR);
    FLAG(c_iflag, IGNCR);
    FLAG(c_iflag, ISTRIP);
    printf("output:\n");
    FLAG(c_oflag, OPOST);
    FLAG(c_oflag, ONLCR);
    FLAG(c_oflag, OCRNL);
    printf("control:\n");
    printf("  CS8     %s\n", (t.c_cflag & CSIZE) == CS8 ? "on" : "off");
    FLAG(c_cflag, CREAD);
    FLAG(c_cflag, PARENB);
    FLAG(c_cflag, CSTOPB);
    printf("local:\n");
    FLAG(c_lflag, ISIG);
    FLAG(c_lflag, ICANON);
    FLAG(c_lflag, ECHO);
    FLAG(c_lflag, ECHOE);
    FLAG(c_lflag, ECHOK);
    FLAG(c_lflag, IEXTEN);
    FLAG(c_lflag, TOSTOP);
    FLAG(c_lflag, NOFLSH);
    printf("c_cc: VINTR %d VQUIT %d VERASE %d VKILL %d VEOF %d VMIN %d\n", t.c_cc[VINTR],
           t.c_cc[VQUIT], t.c_cc[VERASE], t.c_cc[VKILL], t.c_cc[VEOF], t.c_cc[VMIN]);
    printf("speed: %s\n", cfgetospeed(&t) == B38400 ? "38400" : "other");
    struct termios t0;
    tcgetattr(0, &t0);
    printf("fd 0 reports the same: %s\n",
           t.c_iflag == t0.c_iflag && t.c_oflag == t0.c_oflag && t.c_cflag == t0.c_cflag &&
                   t.c_lflag == t0.c_lflag && memcmp(t.c_cc, t0.c_cc, KERNEL_NCCS) == 0
               ? "yes"
               : "no");

    int fd = (int)contract_range(3, INT_MAX);
    unsigned request = (unsigned)contract_range(0x5470, 0x54ff); /* no 'T' ioctl there */
    char label[64];
    snprintf(label, sizeof label, "ioctl(%d, TCGETS)", fd);
    SHOW(label, syscall(SYS_ioctl, fd, TCGETS, &t));
    SHOW("ioctl(-1, TCGETS)", syscall(SYS_ioctl, -1, TCGETS, &t));
    snprintf(label, sizeof label, "ioctl(1, %#x)", request);
    SHOW(label, syscall(SYS_ioctl, 1, request, &t));
    SHOW("ioctl(1, 0)", syscall(SYS_ioctl, 1, 0, &t));
    SHOW("ioctl(1, TCGETS, unmapped)", syscall(SYS_ioctl, 1, TCGETS, before_hole(0)));
    contract_token();
    return 0;
}
