// SPDX-License-Identifier: GPL-2.0
/*
 * iobench: throughput through the PV backends, for the backend benchmark.
 * The domU measures, dom0 serves:
 *   iobench disk DEVICE MIB        O_DIRECT sequential write, then read, of
 *                                  MIB MiB (blkfront -> blkback)
 *   iobench send HOST PORT MIB     write MIB MiB to a TCP peer (netback Tx)
 *   iobench recv HOST PORT MIB     read MIB MiB from a TCP peer (netback Rx)
 *   iobench sink PORT              dom0: read each peer until EOF, then close
 *   iobench source PORT MIB        dom0: write MIB MiB to each peer, then close
 * The measuring side prints "@@BENCH NAME KBPS@@" (kB/s, 1 kB = 1000 B) or
 * "@@BENCH NAME error WHAT@@".
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define CHUNK	(1 << 20)
#define report(...) do { printf(__VA_ARGS__); fflush(stdout); } while (0)

static char *buf;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void result(const char *name, unsigned long mib, double start)
{
	double secs = now() - start;

	report("@@BENCH %s %.0f@@\n", name, mib * 1048.576 / secs);
}

static int fail(const char *name, const char *what)
{
	report("@@BENCH %s error %s: %s@@\n", name, what, strerror(errno));
	return 1;
}

/* Write or read exactly len bytes; 0 when done, -1 on error or early EOF. */
static int xfer(int fd, char *p, size_t len, int writing)
{
	while (len) {
		ssize_t n = writing ? write(fd, p, len) : read(fd, p, len);

		if (n <= 0) {
			if (n == 0)
				errno = EPIPE;
			return -1;
		}
		p += n;
		len -= n;
	}
	return 0;
}

static int disk(const char *dev, unsigned long mib)
{
	unsigned long i;
	double start;
	int fd = open(dev, O_RDWR | O_DIRECT);

	if (fd < 0)
		return fail("block-write", dev);
	memset(buf, 0x5a, CHUNK);
	start = now();
	for (i = 0; i < mib; i++)
		if (pwrite(fd, buf, CHUNK, (off_t)i * CHUNK) != CHUNK)
			return fail("block-write", "pwrite");
	if (fsync(fd))
		return fail("block-write", "fsync");
	result("block-write", mib, start);
	start = now();
	for (i = 0; i < mib; i++)
		if (pread(fd, buf, CHUNK, (off_t)i * CHUNK) != CHUNK)
			return fail("block-read", "pread");
	result("block-read", mib, start);
	close(fd);
	return 0;
}

static int peer(const char *host, const char *port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	sa.sin_port = htons(atoi(port));
	if (fd < 0 || inet_pton(AF_INET, host, &sa.sin_addr) != 1 ||
	    connect(fd, (struct sockaddr *)&sa, sizeof(sa)))
		return -1;
	return fd;
}

static int net(int sending, const char *host, const char *port,
	       unsigned long mib)
{
	const char *name = sending ? "net-tx" : "net-rx";
	unsigned long i;
	double start = now();
	int fd = peer(host, port);

	if (fd < 0)
		return fail(name, "connect");
	for (i = 0; i < mib; i++)
		if (xfer(fd, buf, CHUNK, sending))
			return fail(name, sending ? "write" : "read");
	if (sending) {
		/* Done when the peer has read everything and closed. */
		shutdown(fd, SHUT_WR);
		if (read(fd, buf, 1) != 0)
			return fail(name, "waiting for the peer to close");
	}
	result(name, mib, start);
	close(fd);
	return 0;
}

static int serve(const char *port, unsigned long mib)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	int one = 1, fd = socket(AF_INET, SOCK_STREAM, 0);

	sa.sin_port = htons(atoi(port));
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(fd, (struct sockaddr *)&sa, sizeof(sa)) || listen(fd, 4))
		return fail("serve", port);
	memset(buf, 0xa5, CHUNK);
	for (;;) {
		int c = accept(fd, NULL, NULL);
		unsigned long i;

		if (c < 0)
			continue;
		if (mib) {
			for (i = 0; i < mib; i++)
				if (xfer(c, buf, CHUNK, 1))
					break;
		} else {
			while (read(c, buf, CHUNK) > 0)
				;
		}
		close(c);
	}
}

int main(int argc, char **argv)
{
	if (posix_memalign((void **)&buf, 4096, CHUNK))
		return 1;
	if (argc == 4 && !strcmp(argv[1], "disk"))
		return disk(argv[2], strtoul(argv[3], NULL, 0));
	if (argc == 5 && !strcmp(argv[1], "send"))
		return net(1, argv[2], argv[3], strtoul(argv[4], NULL, 0));
	if (argc == 5 && !strcmp(argv[1], "recv"))
		return net(0, argv[2], argv[3], strtoul(argv[4], NULL, 0));
	if (argc == 3 && !strcmp(argv[1], "sink"))
		return serve(argv[2], 0);
	if (argc == 4 && !strcmp(argv[1], "source"))
		return serve(argv[2], strtoul(argv[3], NULL, 0));
	fprintf(stderr, "usage: iobench disk DEV MIB | send|recv HOST PORT MIB | sink PORT | source PORT MIB\n");
	return 2;
}
