// SPDX-License-Identifier: GPL-2.0
/*
 * stream-count FILE COMMAND...: run a migration's receiving COMMAND with its
 * stream (our stdin) passed through and counted; the byte count goes to FILE
 * when the stream ends. The same count for either toolstack's sender, so the
 * cost of ours and of the stock one compare (page data is almost all of a
 * stream: 4 KiB a page plus 8 bytes of its pfn). Copies in 1 MiB reads: a
 * shell pipeline through busybox tee copied 1 KiB at a time and made a
 * migration under TCG five times slower.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#define CHUNK (1 << 20)

static int write_all(int fd, const char *buf, ssize_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);

		if (n <= 0)
			return -1;
		buf += n;
		len -= n;
	}
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long long total = 0;
	int fds[2], status;
	static char buf[CHUNK];
	ssize_t n;
	pid_t pid;
	FILE *out;

	if (argc < 3) {
		fprintf(stderr, "usage: stream-count FILE COMMAND...\n");
		return 2;
	}
	if (pipe(fds) || (pid = fork()) < 0) {
		perror("stream-count");
		return 1;
	}
	if (pid == 0) {
		dup2(fds[0], 0);
		close(fds[0]);
		close(fds[1]);
		execvp(argv[2], argv + 2);
		perror(argv[2]);
		_exit(127);
	}
	close(fds[0]);
	/* A receiver that stops reading fails the write, not this process. */
	signal(SIGPIPE, SIG_IGN);
	while ((n = read(0, buf, CHUNK)) > 0) {
		total += n;
		if (write_all(fds[1], buf, n))
			break;	/* The receiver stopped reading: it has failed. */
	}
	close(fds[1]);
	out = fopen(argv[1], "w");
	if (out) {
		fprintf(out, "%llu\n", total);
		fclose(out);
	}
	if (waitpid(pid, &status, 0) != pid)
		return 1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
