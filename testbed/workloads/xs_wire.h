/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xenstore from a domU's user space, through /dev/xen/xenbus: the wire
 * protocol (struct xsd_sockmsg), no library, so that a static program is
 * all a busybox domU needs; and die(), which says what failed as
 * "@@TAG error ...: strerror@@" and exits. The includer defines
 * TESTBED_TAG ("HOSTILE", "GNT") and includes <stdarg.h>, <stdio.h>,
 * <stdlib.h>, <string.h>, <errno.h> and <xen/io/xs_wire.h> before this file.
 *
 * A program of one file (gntshare.c) gets its own static copy of it all.
 * A program of several files (hostile/) needs one xs_fd, request id and
 * reply buffer for all of them: one file defines TESTBED_XS_WIRE_DEFINE
 * before including this (die(), xs_fd, xs_read(), xs_read_long(),
 * xs_write() and xs_rm() defined there, global), the others
 * TESTBED_XS_WIRE_DECLARE (the same only declared).
 */
#ifndef TESTBED_XS_WIRE_H
#define TESTBED_XS_WIRE_H

#if defined(TESTBED_XS_WIRE_DECLARE) || defined(TESTBED_XS_WIRE_DEFINE)
void die(const char *fmt, ...);
extern int xs_fd;
int xs_read(const char *path, char *out, size_t size);
long xs_read_long(const char *path, long dflt);
void xs_write(const char *path, const char *fmt, ...);
void xs_rm(const char *path);
#define XS_WIRE_STATIC
#define XS_WIRE_INLINE
#else
#define XS_WIRE_STATIC static
#define XS_WIRE_INLINE static inline
#endif

#ifndef TESTBED_XS_WIRE_DECLARE
XS_WIRE_STATIC void die(const char *fmt, ...)
{
	va_list ap;

	printf("@@" TESTBED_TAG " error ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(": %s@@\n", strerror(errno));
	fflush(stdout);
	exit(1);
}

XS_WIRE_STATIC int xs_fd;
static uint32_t xs_req_id;

static inline int xs_recv(struct xsd_sockmsg *h, char *body, size_t size)
{
	static char buf[2 * XENSTORE_PAYLOAD_MAX + 64];
	static size_t have;

	for (;;) {
		if (have >= sizeof(*h)) {
			memcpy(h, buf, sizeof(*h));
			if (have >= sizeof(*h) + h->len) {
				size_t n = h->len < size - 1 ? h->len : size - 1;

				memcpy(body, buf + sizeof(*h), n);
				body[n] = 0;
				have -= sizeof(*h) + h->len;
				memmove(buf, buf + sizeof(*h) + h->len, have);
				return 0;
			}
		}
		ssize_t n = read(xs_fd, buf + have, sizeof(buf) - have);

		if (n <= 0)
			die("read /dev/xen/xenbus");
		have += n;
	}
}

/* One request; 0 and the reply in @out, or -1 when xenstored says an error. */
static inline int xs_req(uint32_t type, const char *path, const char *value, char *out, size_t size)
{
	char msg[sizeof(struct xsd_sockmsg) + XENSTORE_PAYLOAD_MAX];
	struct xsd_sockmsg *h = (struct xsd_sockmsg *)msg, r;
	size_t len = strlen(path) + 1;
	char reply[XENSTORE_PAYLOAD_MAX + 1];

	memcpy(msg + sizeof(*h), path, len);
	if (value) {		/* XS_WRITE: path\0value, no trailing NUL */
		memcpy(msg + sizeof(*h) + len, value, strlen(value));
		len += strlen(value);
	}
	h->type = type;
	h->req_id = ++xs_req_id;
	h->tx_id = 0;
	h->len = len;
	if (write(xs_fd, msg, sizeof(*h) + len) != (ssize_t)(sizeof(*h) + len))
		die("write /dev/xen/xenbus %s", path);
	do {
		xs_recv(&r, reply, sizeof(reply));
	} while (r.type == XS_WATCH_EVENT || r.req_id != h->req_id);
	if (out) {
		size_t l = strnlen(reply, size - 1);

		memcpy(out, reply, l);
		out[l] = 0;
	}
	return r.type == XS_ERROR ? -1 : 0;
}

XS_WIRE_INLINE int xs_read(const char *path, char *out, size_t size)
{
	return xs_req(XS_READ, path, NULL, out, size);
}

XS_WIRE_INLINE long xs_read_long(const char *path, long dflt)
{
	char v[64];

	return xs_read(path, v, sizeof(v)) ? dflt : strtol(v, NULL, 0);
}

XS_WIRE_INLINE void xs_write(const char *path, const char *fmt, ...)
{
	char v[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(v, sizeof(v), fmt, ap);
	va_end(ap);
	if (xs_req(XS_WRITE, path, v, NULL, 0))
		die("xenstore write %s=%s", path, v);
}

XS_WIRE_INLINE void xs_rm(const char *path)
{
	xs_req(XS_RM, path, NULL, NULL, 0);	/* ENOENT is fine */
}

#endif /* !TESTBED_XS_WIRE_DECLARE */

#endif /* TESTBED_XS_WIRE_H */
