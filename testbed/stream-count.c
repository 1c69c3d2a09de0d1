// SPDX-License-Identifier: GPL-2.0
/*
 * stream-count FILE COMMAND...: run a migration's receiving COMMAND with its
 * stream (our stdin) passed through, counted and described. When the stream
 * ends, FILE gets two lines: the byte count, and the records of the stream
 * as the receiver reads them.
 *
 * The byte count is the same measure for either toolstack's sender, so the
 * cost of ours and of the stock one compare (page data is almost all of a
 * stream: 4 KiB a page plus 8 bytes of its pfn).
 *
 * The records say whether two senders wrote the same stream: the libxl
 * records (docs/specs/libxl-migration-stream.pandoc) with the libxc stream
 * inside LIBXC_CONTEXT in braces (libxc-migration-stream.pandoc), each
 * record by its type, a run of records of one type written once with "+":
 *   libxc{pv_info,p2m_frames,...,page_data+,...,end},end
 * The xl preamble before the libxl stream (the domain's configuration) is
 * skipped by looking for the libxl stream's identifier. A stream that ends
 * in the middle, or that this parser does not understand, ends with "?".
 *
 * Copies in 1 MiB reads: a shell pipeline through busybox tee copied 1 KiB
 * at a time and made a migration under TCG five times slower; the parser
 * only adds up record lengths, it never copies a page.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define CHUNK (1 << 20)

/* libxl_sr_stream_format.h: "LibxlFmt", written big-endian. */
#define LIBXL_IDENT 0x4c6962786c466d74ULL
#define LIBXL_REC_LIBXC_CONTEXT 1
/* xg_sr_stream_format.h: the image header's marker and id, big-endian. */
#define LIBXC_IHDR_ID 0x58454e46U
#define REC_END 0
#define REC_ALIGN 8

static const char *const libxl_names[] = {
	"end", "libxc", "emu_xenstore", "emu_context", "checkpoint_end",
	"checkpoint_state",
};

static const char *const libxc_names[] = {
	"end", "page_data", "pv_info", "p2m_frames", "vcpu_basic", "vcpu_ext",
	"vcpu_xsave", "shared_info", "tsc_info", "hvm_context", "hvm_params",
	"toolstack", "vcpu_msrs", "verify", "checkpoint", "checkpoint_dirty",
	"static_end", "cpuid_policy", "msr_policy",
};

enum state {
	SCAN,		/* looking for the libxl stream's identifier */
	SKIP,		/* skipping a record's body, then 'after' */
	LIBXL_REC,	/* a libxl record header */
	LIBXC_IHDR,	/* the libxc image header */
	LIBXC_DHDR,	/* the libxc domain header */
	LIBXC_REC,	/* a libxc record header */
	DONE,		/* after the libxl END record, or lost */
};

static struct {
	enum state state, after;
	uint64_t window;	/* the last 8 bytes seen while scanning */
	unsigned long long skip;
	unsigned char hdr[24];
	size_t have;
	char out[8192];
	size_t len;
	char last[24];
} p = { .state = SCAN };

static uint32_t le32(const unsigned char *b)
{
	return b[0] | b[1] << 8 | b[2] << 16 | (uint32_t)b[3] << 24;
}

static uint32_t be32(const unsigned char *b)
{
	return (uint32_t)b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3];
}

/* Append text to the description (a long one is cut, and says so). */
static void put(const char *text)
{
	size_t n = strlen(text);

	if (p.len + n + 2 >= sizeof(p.out)) {
		if (p.len + 2 < sizeof(p.out))
			p.out[p.len++] = '?';
		p.state = DONE;
		return;
	}
	memcpy(p.out + p.len, text, n);
	p.len += n;
}

/* Append one record by name; a run of one type shows once, with "+". */
static void record(const char *const *names, size_t nr, uint32_t type)
{
	char name[24];

	if (type < nr)
		snprintf(name, sizeof(name), "%s", names[type]);
	else
		snprintf(name, sizeof(name), "%#x", type);
	if (!strcmp(name, p.last)) {
		if (p.out[p.len - 1] != '+')
			put("+");
		return;
	}
	if (p.len && p.out[p.len - 1] != '{')
		put(",");
	put(name);
	strcpy(p.last, name);
}

static void skip_body(uint32_t length, enum state after)
{
	p.skip = (length + REC_ALIGN - 1ULL) & ~(REC_ALIGN - 1ULL);
	p.after = after;
	p.state = p.skip ? SKIP : after;
}

/* A whole header of the current state is in p.hdr. */
static void header(void)
{
	uint32_t type = le32(p.hdr), length = le32(p.hdr + 4);

	p.have = 0;
	switch (p.state) {
	case LIBXL_REC:
		record(libxl_names, sizeof(libxl_names) / sizeof(*libxl_names), type);
		if (type == LIBXL_REC_LIBXC_CONTEXT) {
			put("{");
			p.last[0] = 0;
			p.state = LIBXC_IHDR;
		} else {
			skip_body(length, type == REC_END ? DONE : LIBXL_REC);
		}
		break;
	case LIBXC_IHDR:
		if (be32(p.hdr + 8) != LIBXC_IHDR_ID) {
			put("?");
			p.state = DONE;
		} else {
			p.state = LIBXC_DHDR;
		}
		break;
	case LIBXC_DHDR:
		p.state = LIBXC_REC;
		break;
	case LIBXC_REC:
		record(libxc_names, sizeof(libxc_names) / sizeof(*libxc_names), type);
		if (type == REC_END) {
			put("}");
			strcpy(p.last, "}");
		}
		skip_body(length, type == REC_END ? LIBXL_REC : LIBXC_REC);
		break;
	default:
		break;
	}
}

static size_t header_size(enum state state)
{
	return state == LIBXC_IHDR ? 24 : state == LIBXC_DHDR ? 16 : 8;
}

/* Follow the stream through the next n bytes. */
static void parse(const unsigned char *b, size_t n)
{
	while (n && p.state != DONE) {
		size_t k;

		switch (p.state) {
		case SCAN:
			p.window = p.window << 8 | *b++;
			n--;
			if (p.window == LIBXL_IDENT)
				skip_body(8, LIBXL_REC);	/* version, options */
			break;
		case SKIP:
			k = p.skip < n ? p.skip : n;
			b += k;
			n -= k;
			p.skip -= k;
			if (!p.skip)
				p.state = p.after;
			break;
		default:
			k = header_size(p.state) - p.have;
			if (k > n)
				k = n;
			memcpy(p.hdr + p.have, b, k);
			p.have += k;
			b += k;
			n -= k;
			if (p.have == header_size(p.state))
				header();
			break;
		}
	}
}

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
	/*
	 * The receiver answers the sender on stdout, which only the receiver
	 * may hold: when it exits (a failed restore) the sender must see its
	 * answers end, resume the guest and close the stream, which ends this
	 * loop. Held here too, each would wait for the other.
	 */
	n = open("/dev/null", O_WRONLY);
	if (n < 0 || dup2(n, 1) < 0) {
		perror("stream-count: /dev/null");
		return 1;
	}
	if (n != 1)
		close(n);
	/* A receiver that stops reading fails the write, not this process. */
	signal(SIGPIPE, SIG_IGN);
	while ((n = read(0, buf, CHUNK)) > 0) {
		total += n;
		parse((const unsigned char *)buf, n);
		if (write_all(fds[1], buf, n))
			break;	/* The receiver stopped reading: it has failed. */
	}
	close(fds[1]);
	if (p.state != DONE)
		put("?");
	p.out[p.len] = 0;
	out = fopen(argv[1], "w");
	if (out) {
		fprintf(out, "%llu\n%s\n", total, p.len ? p.out : "?");
		fclose(out);
	}
	if (waitpid(pid, &status, 0) != pid)
		return 1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
