/* user/bench/hello.c — the program fork_exec_wait_ns execs: a static binary that only
 * returns 0, so the figure is the cost of fork, execve, the C start-up and exit. */
int main(void) { return 0; }
