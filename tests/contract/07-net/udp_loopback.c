/* Contract: UDP over loopback. Datagrams keep their boundaries, recvfrom names the
 * sender, a datagram longer than the buffer is cut (MSG_TRUNC gives its real length),
 * MSG_PEEK leaves it queued, connect fixes the peer for send/recv and getpeername,
 * an empty non-blocking recv is EAGAIN. Errors: EDESTADDRREQ (send without a peer),
 * ENOTCONN (getpeername), EMSGSIZE (over 65507 bytes), EAFNOSUPPORT (a sockaddr of
 * another family), EINVAL (bind twice). */
#include "contract.h"
#include "inet.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

int main(void) {
    int r = socket(AF_INET, SOCK_DGRAM, 0);
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in a = loopback(0);
    SHOW("bind(receiver)", bind(r, (struct sockaddr*)&a, sizeof a));
    SHOW("bind again", bind(r, (struct sockaddr*)&a, sizeof a));
    SHOW("bind(sender)", bind(s, (struct sockaddr*)&a, sizeof a));
    struct sockaddr_in to = loopback(port_of(r));

    char msg[3][64];
    for (int i = 0; i < 3; ++i) {
        contract_word(msg[i], 10 + i * 7);
        SHOW("sendto", sendto(s, msg[i], strlen(msg[i]), 0, (struct sockaddr*)&to, sizeof to));
    }
    char buf[256];
    struct sockaddr_in from;
    socklen_t flen = sizeof from;
    long n = recvfrom(r, buf, sizeof buf, MSG_PEEK, (struct sockaddr*)&from, &flen);
    printf("peeked %ld bytes\n", n);
    for (int i = 0; i < 3; ++i) {
        flen = sizeof from;
        memset(buf, 0, sizeof buf);
        n = recvfrom(r, buf, sizeof buf, 0, (struct sockaddr*)&from, &flen);
        printf("datagram %d: %ld bytes '%s', addrlen %d, from the sender: %s\n", i, n, buf,
               (int)flen,
               ntohs(from.sin_port) == port_of(s) && from.sin_addr.s_addr == htonl(INADDR_LOOPBACK)
                   ? "yes"
                   : "no");
    }
    SHOW("recv with nothing there (MSG_DONTWAIT)", recv(r, buf, sizeof buf, MSG_DONTWAIT));

    sendto(s, msg[2], strlen(msg[2]), 0, (struct sockaddr*)&to, sizeof to);
    SHOW("recv 5 of a longer datagram", recv(r, buf, 5, 0));
    SHOW("and the rest is gone", recv(r, buf, sizeof buf, MSG_DONTWAIT));
    sendto(s, msg[1], strlen(msg[1]), 0, (struct sockaddr*)&to, sizeof to);
    SHOW("recv MSG_TRUNC into 4 bytes", recv(r, buf, 4, MSG_TRUNC));

    SHOW("send without a peer", send(s, "x", 1, 0));
    SHOW("getpeername unconnected", ({
             struct sockaddr_in p;
             socklen_t pl = sizeof p;
             getpeername(s, (struct sockaddr*)&p, &pl);
         }));
    SHOW("connect(sender, receiver)", connect(s, (struct sockaddr*)&to, sizeof to));
    SHOW("send after connect", send(s, msg[0], strlen(msg[0]), 0));
    memset(buf, 0, sizeof buf);
    SHOW("recv", recv(r, buf, sizeof buf, 0));
    printf("got '%s'\n", buf);
    static char big[70000];
    SHOW("send 70000 bytes", send(s, big, sizeof big, 0));
    SHOW("send 60000 bytes", send(s, big, 60000, 0));
    SHOW("recv 60000", recv(r, big, sizeof big, 0));
    struct sockaddr_in bad = to;
    bad.sin_family = 12345;
    SHOW("sendto another family", sendto(s, "x", 1, 0, (struct sockaddr*)&bad, sizeof bad));
    SHOW("SO_TYPE", ({
             int v = 0;
             socklen_t l = sizeof v;
             getsockopt(s, SOL_SOCKET, SO_TYPE, &v, &l) ? -1 : v;
         }));
    return 0;
}
