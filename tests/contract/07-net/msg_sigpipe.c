/* Contract: sendmsg and recvmsg over loopback, and SIGPIPE. A UDP message gathered from
 * three iovecs arrives as one datagram, recvmsg scatters it and fills msg_name,
 * msg_namelen and msg_flags (MSG_TRUNC for a cut datagram); on TCP, sendmsg and recvmsg
 * carry a stream. Sending after shutdown(SHUT_WR) is EPIPE and raises SIGPIPE, unless
 * MSG_NOSIGNAL. Errors: EMSGSIZE (more than 1024 iovecs), ENOTSOCK, EPIPE. */
#include "contract.h"
#include "inet.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/uio.h>

static volatile int sigpipes;
static void on_sigpipe(int sig) { sigpipes += sig == SIGPIPE; }

int main(void) {
    signal(SIGPIPE, on_sigpipe);
    char w1[16], w2[16], w3[16];
    contract_word(w1, 5);
    contract_word(w2, 9);
    contract_word(w3, 3);

    int r = socket(AF_INET, SOCK_DGRAM, 0), s = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in a = loopback(0);
    bind(r, (struct sockaddr*)&a, sizeof a);
    struct sockaddr_in to = loopback(port_of(r));
    struct iovec out[3] = {{w1, 5}, {w2, 9}, {w3, 3}};
    struct msghdr m;
    memset(&m, 0, sizeof m);
    m.msg_name = &to;
    m.msg_namelen = sizeof to;
    m.msg_iov = out;
    m.msg_iovlen = 3;
    SHOW("sendmsg(3 iovecs)", sendmsg(s, &m, 0));

    char a1[8] = {0}, a2[32] = {0};
    struct iovec in[2] = {{a1, 7}, {a2, 31}};
    struct sockaddr_in from;
    memset(&m, 0, sizeof m);
    m.msg_name = &from;
    m.msg_namelen = sizeof from + 4;
    m.msg_iov = in;
    m.msg_iovlen = 2;
    SHOW("recvmsg", recvmsg(r, &m, 0));
    printf("pieces '%s' '%s', namelen %d, flags %#x, from the sender: %s\n", a1, a2,
           (int)m.msg_namelen, m.msg_flags, ntohs(from.sin_port) == port_of(s) ? "yes" : "no");
    sendmsg(s,
            &(struct msghdr){
                .msg_name = &to, .msg_namelen = sizeof to, .msg_iov = out, .msg_iovlen = 3},
            0);
    memset(&m, 0, sizeof m);
    m.msg_iov = in;
    m.msg_iovlen = 1;
    SHOW("recvmsg into 7 bytes", recvmsg(r, &m, 0));
    printf("flags has MSG_TRUNC: %s\n", m.msg_flags & MSG_TRUNC ? "yes" : "no");
    m.msg_iovlen = 1025;
    SHOW("recvmsg with 1025 iovecs", recvmsg(r, &m, MSG_DONTWAIT));
    SHOW("sendmsg on a pipe", ({
             int p[2];
             pipe(p);
             sendmsg(p[1], &m, 0);
         }));

    int l = socket(AF_INET, SOCK_STREAM, 0);
    a = loopback(0);
    bind(l, (struct sockaddr*)&a, sizeof a);
    listen(l, 1);
    int c = socket(AF_INET, SOCK_STREAM, 0);
    a = loopback(port_of(l));
    connect(c, (struct sockaddr*)&a, sizeof a);
    int t = accept(l, NULL, NULL);
    memset(&m, 0, sizeof m);
    m.msg_iov = out;
    m.msg_iovlen = 3;
    SHOW("sendmsg on TCP", sendmsg(c, &m, 0));
    char all[32] = {0};
    struct iovec one = {all, 17};
    memset(&m, 0, sizeof m);
    m.msg_iov = &one;
    m.msg_iovlen = 1;
    SHOW("recvmsg on TCP (MSG_WAITALL)", recvmsg(t, &m, MSG_WAITALL));
    printf("stream '%s'\n", all);

    SHOW("shutdown(SHUT_WR)", shutdown(c, SHUT_WR));
    SHOW("send after SHUT_WR", send(c, "x", 1, 0));
    printf("SIGPIPE raised: %d\n", sigpipes);
    SHOW("send MSG_NOSIGNAL", send(c, "x", 1, MSG_NOSIGNAL));
    SHOW("write after SHUT_WR", write(c, "x", 1));
    printf("SIGPIPE raised: %d\n", sigpipes);
    SHOW("the peer reads end of file", read(t, all, sizeof all));
    SHOW("the peer can still send", send(t, "ok", 2, 0));
    SHOW("and the half-closed end reads it", recv(c, all, sizeof all, 0));
    return 0;
}
