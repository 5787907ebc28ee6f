/* Contract: 100 TCP connections open at once over loopback. All connect to one listener
 * (backlog 128) before any is accepted; each client sends its own nonce-made message,
 * the server reads every accepted connection and answers with the message reversed,
 * and each client checks its answer: no byte crosses between connections. Then the
 * clients close and every server side reads end of file. Errors: none expected; the
 * counts are printed. */
#include "contract.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#define N 100
#define LEN 3000

static unsigned char msg[N][LEN];

static long get_all(int fd, unsigned char* buf, long n) {
    long done = 0;
    while (done < n) {
        long r = read(fd, buf + done, n - done);
        if (r <= 0) return done;
        done += r;
    }
    return done;
}

int main(void) {
    for (int i = 0; i < N; ++i)
        for (int k = 0; k < LEN; ++k) msg[i][k] = (unsigned char)contract_random();
    int l = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(l, (struct sockaddr*)&a, sizeof a);
    SHOW("listen(128)", listen(l, 128));
    socklen_t alen = sizeof a;
    getsockname(l, (struct sockaddr*)&a, &alen);

    int c[N], s[N], connected = 0, accepted = 0;
    unsigned short cport[N];
    for (int i = 0; i < N; ++i) {
        c[i] = socket(AF_INET, SOCK_STREAM, 0);
        if (connect(c[i], (struct sockaddr*)&a, sizeof a) == 0) ++connected;
        struct sockaddr_in me;
        socklen_t ml = sizeof me;
        getsockname(c[i], (struct sockaddr*)&me, &ml);
        cport[i] = ntohs(me.sin_port);
        if (write(c[i], msg[i], LEN) != LEN) printf("client %d: short write\n", i);
    }
    printf("connected: %d\n", connected);
    int matched = 0, intact = 0;
    for (int i = 0; i < N; ++i) {
        struct sockaddr_in peer;
        socklen_t pl = sizeof peer;
        s[i] = accept(l, (struct sockaddr*)&peer, &pl);
        if (s[i] < 0) continue;
        ++accepted;
        int who = -1;
        for (int j = 0; j < N; ++j)
            if (cport[j] == ntohs(peer.sin_port)) who = j;
        if (who < 0) continue;
        ++matched;
        static unsigned char buf[LEN], rev[LEN];
        if (get_all(s[i], buf, LEN) == LEN && memcmp(buf, msg[who], LEN) == 0) ++intact;
        for (int k = 0; k < LEN; ++k) rev[k] = buf[LEN - 1 - k];
        write(s[i], rev, LEN);
    }
    printf("accepted: %d, matched to a client: %d, messages intact: %d\n", accepted, matched,
           intact);
    int answers = 0;
    unsigned long long digest = 0;
    for (int i = 0; i < N; ++i) {
        static unsigned char back[LEN];
        if (get_all(c[i], back, LEN) != LEN) continue;
        int ok = 1;
        for (int k = 0; k < LEN; ++k) ok &= back[k] == msg[i][LEN - 1 - k];
        answers += ok;
        digest = digest * 31 + back[0];
        close(c[i]);
    }
    printf("answers checked: %d, digest %016llx\n", answers, digest);
    int eofs = 0;
    for (int i = 0; i < N; ++i) {
        char x;
        if (s[i] >= 0 && read(s[i], &x, 1) == 0) ++eofs;
        close(s[i]);
    }
    printf("end of file on the server side: %d\n", eofs);
    return 0;
}
