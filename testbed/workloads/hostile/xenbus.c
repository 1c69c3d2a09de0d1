// SPDX-License-Identifier: GPL-2.0
/*
 * xenstore for hostile: the wire protocol (xs_wire.h, its one copy in the
 * program: die(), xs_fd, xs_read()...), a device's frontend keys and
 * backend state, bringing a backend to InitWait and a close that watches
 * for late responses; for both blkif.c and netif.c.
 */
#define _GNU_SOURCE
#define TESTBED_XS_WIRE_DEFINE
#include "hostile.h"

void xdev_init(struct xdev *d, const char *fe)
{
	char p[128];

	snprintf(d->fe, sizeof(d->fe), "%s", fe);
	snprintf(p, sizeof(p), "%s/backend", fe);
	if (xs_read(p, d->be, sizeof(d->be)))
		die("no %s: is the device there?", p);
	snprintf(p, sizeof(p), "%s/backend-id", fe);
	d->backend_id = xs_read_long(p, -1);
	if (d->backend_id < 0)
		die("no %s", p);
}

void fe_key(struct xdev *d, const char *key, const char *fmt, ...)
{
	char p[128], v[128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(v, sizeof(v), fmt, ap);
	va_end(ap);
	snprintf(p, sizeof(p), "%s/%s", d->fe, key);
	xs_write(p, "%s", v);
}

void fe_rm(struct xdev *d, const char *key)
{
	char p[128];

	snprintf(p, sizeof(p), "%s/%s", d->fe, key);
	xs_rm(p);
}

int be_state(struct xdev *d)
{
	char p[160];

	snprintf(p, sizeof(p), "%s/state", d->be);
	return xs_read_long(p, -1);
}

long be_long(struct xdev *d, const char *key, long dflt)
{
	char p[160];

	snprintf(p, sizeof(p), "%s/%s", d->be, key);
	return xs_read_long(p, dflt);
}

/* Wait until the backend's state is one of @mask (bits of XenbusState); the state, or -1. */
int wait_be(struct xdev *d, unsigned int mask, int ms)
{
	long long end = now_ms() + ms;
	int s;

	for (;;) {
		s = be_state(d);
		if (s >= 0 && s < 32 && (mask & (1u << s)))
			return s;
		if (now_ms() > end)
			return -1;
		sleep_ms(10);
	}
}

/* Bring the backend to InitWait (it is there at boot and after Closed); 0 or -1. */
int to_initwait(struct xdev *d)
{
	if (be_state(d) == XenbusStateInitWait)
		return 0;
	fe_key(d, "state", "%d", XenbusStateInitialising);
	if (wait_be(d, BIT(XenbusStateInitWait), STATE_WAIT_MS) >= 0)
		return 0;
	say("stuck %s: backend state %d, not InitWait", d->fe, be_state(d));
	found.stuck++;
	return -1;
}

/*
 * Frontend Closing, then Closed. Nothing may be answered once the backend
 * said @quiet: by then it has unmapped the rings (late responses are a
 * finding). That is Closed for blkback, which serves a frontend that says
 * Closing until it says Closed, and Closing for netback, which disconnects
 * on Closing. What is still due afterwards was never taken: dropped.
 */
void close_dev(struct xdev *d, int quiet, volatile RING_IDX *rsp_prod1,
	       volatile RING_IDX *rsp_prod2)
{
	RING_IDX seen1 = 0, seen2 = 0;

	fe_key(d, "state", "%d", XenbusStateClosing);
	if (wait_be(d, BIT(XenbusStateClosing) | BIT(XenbusStateClosed), STATE_WAIT_MS) < 0) {
		say("stuck %s: backend state %d after our Closing", d->fe, be_state(d));
		found.stuck++;
	}
	if (quiet == XenbusStateClosing) {
		seen1 = rsp_prod1 ? *rsp_prod1 : 0;
		seen2 = rsp_prod2 ? *rsp_prod2 : 0;
	}
	fe_key(d, "state", "%d", XenbusStateClosed);
	if (wait_be(d, BIT(XenbusStateClosed), STATE_WAIT_MS) < 0) {
		say("stuck %s: backend state %d after our Closed", d->fe, be_state(d));
		found.stuck++;
	}
	if (quiet == XenbusStateClosed) {
		seen1 = rsp_prod1 ? *rsp_prod1 : 0;
		seen2 = rsp_prod2 ? *rsp_prod2 : 0;
	}
	sleep_ms(20);
	if ((rsp_prod1 && *rsp_prod1 != seen1) || (rsp_prod2 && *rsp_prod2 != seen2)) {
		say("late responses on %s after the backend said %s", d->fe,
		    quiet == XenbusStateClosing ? "Closing" : "Closed");
		found.late++;
	}
}
