// SPDX-License-Identifier: GPL-2.0
/*
 * hostile: a frontend that means harm, for dom0's real blkback and netback.
 *
 *   hostile [-s SEED] [-n REQUESTS] [-t SECONDS] [-b VBD] [-q SLOW_VBD] [-v VIF]
 *
 * Runs in a PV domU whose kernel did not bind blkfront or netfront
 * (initcall_blacklist): it shares its own ring and data pages with
 * /dev/xen/gntalloc, binds its own event channels with /dev/xen/evtchn and
 * writes the frontend's xenstore keys itself through /dev/xen/xenbus, so
 * everything the ring protocols allow is in its hands. From SEED
 * (splitmix64: a seed gives the same draws; which decision a draw makes
 * depends on what the backend has answered by then) it sends valid
 * requests interleaved with malformed ones (see the category tables) to
 * each backend until REQUESTS of them were malformed or SECONDS are up
 * (the blkif run first, the netif run in the time left), and connects,
 * disconnects in the middle of I/O, halts rings with bogus producer indices
 * and reconnects along the way.
 *
 * What it checks, from the frontend's side: every response carries an id
 * that is outstanding and a status its request allows; a response never
 * comes after the backend said Closed (blkif) or Closing (netif): by then
 * nothing may be mapped; a vbd that says Closing and goes on with reads
 * and writes is served ("@@HOSTILE closing served=N of N@@"); a
 * request that the backend took before a clean close is answered; every
 * block it wrote and got OKAY for reads back as written; the vif answers
 * ARP. What dom0 must survive (no crash, hang or leaked mapping) dom0
 * checks (testbed/fuzz.sh).
 *
 * With SLOW_VBD (a vbd on a disk that takes seconds per request) it then
 * closes that vbd with reads in flight ("@@HOSTILE quiescing@@" once it
 * said Closed: dom0
 * creates another domain's vbd meanwhile and times it), reconnects it,
 * leaves reads in flight and asks to be destroyed ("@@HOSTILE destroy-me@@").
 *
 * Output: "@@HOSTILE cat BACKEND.CATEGORY sent=N ok=N err=N op=N none=N@@"
 * per category, then one "@@HOSTILE result ... result=PASS|FAIL@@".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

/* The public headers' rings with the tools' barriers (x86: TSO). */
#define __XEN_TOOLS__ 1
#define xen_mb()  __sync_synchronize()
#define xen_rmb() __asm__ __volatile__("" ::: "memory")
#define xen_wmb() __asm__ __volatile__("" ::: "memory")
#include <xen/xen.h>
#include <xen/grant_table.h>
#include <xen/io/blkif.h>
#include <xen/io/netif.h>
#include <xen/io/protocols.h>
#include <xen/io/xenbus.h>
#include <xen/io/xs_wire.h>
#include <xen/sys/evtchn.h>
#include <xen/sys/gntalloc.h>
#include "pattern.h"

#define PAGE		4096
#define BAD_GREF	0xfffffff0u	/* beyond any grant table: GNTST_bad_gntref */
#define IO_WAIT_MS	20000		/* a response, under TCG */
#define STATE_WAIT_MS	60000		/* a xenstore state change */

#define say(...) do { printf("@@HOSTILE " __VA_ARGS__); printf("@@\n"); fflush(stdout); } while (0)

#define TESTBED_TAG "HOSTILE"
#include "xs_wire.h"

/* ---- decisions: splitmix64, so that a seed replays the run ---- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static unsigned int rn(unsigned int n)
{
	return rnd() % n;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static void sleep_ms(unsigned int ms)
{
	usleep(ms * 1000);
}

/* ---- findings, over the whole run ---- */

static struct {
	unsigned long unexp;		/* a status the request does not allow */
	unsigned long unknown_id;	/* a response to nothing outstanding */
	unsigned long lost;		/* no response before a clean close */
	unsigned long late;		/* a response after the backend said it closed */
	unsigned long unserved;		/* a request after our Closing not answered OKAY */
	unsigned long data_bad;		/* a block read back not as written */
	unsigned long stuck;		/* a state change that never came */
	unsigned long dropped;		/* untaken at a halt or a mid-I/O close */
	unsigned long connects, wrapped, connect_refused, halts, reconnect_fail;
} found;

/* A device's two ends in xenstore. */
struct xdev {
	char fe[64], be[128];
	int backend_id;
};

static void xdev_init(struct xdev *d, const char *fe)
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

static void fe_key(struct xdev *d, const char *key, const char *fmt, ...)
{
	char p[128], v[128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(v, sizeof(v), fmt, ap);
	va_end(ap);
	snprintf(p, sizeof(p), "%s/%s", d->fe, key);
	xs_write(p, "%s", v);
}

static void fe_rm(struct xdev *d, const char *key)
{
	char p[128];

	snprintf(p, sizeof(p), "%s/%s", d->fe, key);
	xs_rm(p);
}

static int be_state(struct xdev *d)
{
	char p[160];

	snprintf(p, sizeof(p), "%s/state", d->be);
	return xs_read_long(p, -1);
}

static long be_long(struct xdev *d, const char *key, long dflt)
{
	char p[160];

	snprintf(p, sizeof(p), "%s/%s", d->be, key);
	return xs_read_long(p, dflt);
}

/* Wait until the backend's state is one of @mask (bits of XenbusState); the state, or -1. */
static int wait_be(struct xdev *d, unsigned int mask, int ms)
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

#define BIT(s)	(1u << (s))

/* ---- grants (/dev/xen/gntalloc) and event channels (/dev/xen/evtchn) ---- */

static int gnt_fd, evt_fd;

#define MAX_GREFS	128	/* the largest run we allocate at once */

struct gpages {
	uint8_t *va;
	uint64_t index;
	unsigned int count;
	uint32_t ref[MAX_GREFS];
};

/* @count pages granted to @domid, writable or read-only, zeroed and mapped. */
static void gnt_alloc(struct gpages *g, unsigned int count, int domid, int writable)
{
	size_t size = sizeof(struct ioctl_gntalloc_alloc_gref) + MAX_GREFS * sizeof(uint32_t);
	struct ioctl_gntalloc_alloc_gref *a = calloc(1, size);

	if (!a || count > MAX_GREFS)
		die("gntalloc %u pages", count);
	a->domid = domid;
	a->flags = writable ? GNTALLOC_FLAG_WRITABLE : 0;
	a->count = count;
	if (ioctl(gnt_fd, IOCTL_GNTALLOC_ALLOC_GREF, a))
		die("gntalloc %u pages", count);
	g->va = mmap(NULL, count * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, gnt_fd, a->index);
	if (g->va == MAP_FAILED)
		die("mmap gntalloc");
	g->index = a->index;
	g->count = count;
	memcpy(g->ref, a->gref_ids, count * sizeof(uint32_t));
	memset(g->va, 0, count * PAGE);
	free(a);
}

/*
 * Take the grants back: the grant ends once both the file's reference and
 * the mapping are gone (a backend still mapping it defers that, which is
 * the kernel's business, not ours).
 */
static void gnt_free(struct gpages *g)
{
	struct ioctl_gntalloc_dealloc_gref d = { .index = g->index, .count = g->count };

	if (ioctl(gnt_fd, IOCTL_GNTALLOC_DEALLOC_GREF, &d) || munmap(g->va, g->count * PAGE))
		die("gntalloc dealloc");
	g->count = 0;
}

static int evt_bind(int domid)
{
	struct ioctl_evtchn_bind_unbound_port b = { .remote_domain = domid };
	int port = ioctl(evt_fd, IOCTL_EVTCHN_BIND_UNBOUND_PORT, &b);

	if (port < 0)
		die("evtchn bind unbound");
	return port;
}

static void evt_notify(int port)
{
	struct ioctl_evtchn_notify n = { .port = port };

	ioctl(evt_fd, IOCTL_EVTCHN_NOTIFY, &n);
}

static void evt_unbind(int port)
{
	struct ioctl_evtchn_unbind u = { .port = port };

	ioctl(evt_fd, IOCTL_EVTCHN_UNBIND, &u);
}

/* We poll the rings; take pending events and unmask their ports again. */
static void evt_drain(void)
{
	uint32_t ports[64];
	ssize_t n = read(evt_fd, ports, sizeof(ports));

	if (n > 0 && write(evt_fd, ports, n) != n)
		die("evtchn unmask");
}

/*
 * A response producer no further than a ring ahead of us, read before the
 * responses (the backend wrote them first). A bogus one is a finding, once.
 */
static int rsp_prod_sane(RING_IDX prod, RING_IDX cons, unsigned int size, const char *what)
{
	static int said;

	xen_rmb();
	if (prod - cons <= size)
		return 1;
	if (!said++) {
		say("unexpected %s response producer %u with %u consumed", what, prod, cons);
		found.unexp++;
	}
	return 0;
}

/* ---- categories: what was sent and what came back ---- */

/* What a request allows; A_BAD, a status the protocol does not have, never is. */
enum { A_OK = 1, A_ERR = 2, A_OP = 4, A_BAD = 8 };

struct cat {
	const char *name;
	unsigned int allow;
	int hostile;
	unsigned long sent, ok, err, op;
};

/* Count a response of class @got (A_*) against what @c allows. */
static void count_got(struct cat *c, unsigned int got, int status)
{
	if (got == A_OK)
		c->ok++;
	else if (got == A_OP)
		c->op++;
	else
		c->err++;	/* A_ERR, or A_BAD: counted, and unexpected */
	if (!(c->allow & got) && found.unexp++ < 20)
		say("unexpected %s status %d", c->name, status);
}

static void print_cats(const char *backend, struct cat *cats, int n, unsigned long *hostile)
{
	for (int i = 0; i < n; i++) {
		say("cat %s.%s sent=%lu ok=%lu err=%lu op=%lu none=%lu", backend, cats[i].name,
		    cats[i].sent, cats[i].ok, cats[i].err, cats[i].op,
		    cats[i].sent - cats[i].ok - cats[i].err - cats[i].op);
		if (cats[i].hostile)
			*hostile += cats[i].sent;
	}
}

/* A category drawn by weight (out of their sum). */
static int draw(const unsigned char *weight, int ncats)
{
	unsigned int sum = 0, pick;
	int cat;

	for (cat = 0; cat < ncats; cat++)
		sum += weight[cat];
	pick = rn(sum);
	for (cat = 0; pick >= weight[cat]; cat++)
		pick -= weight[cat];
	return cat;
}

/* The hostile requests sent so far over @cats: what a run's bound counts. */
static unsigned long hostile_sent(const struct cat *cats, int ncats)
{
	unsigned long sum = 0;

	for (int i = 0; i < ncats; i++)
		if (cats[i].hostile)
			sum += cats[i].sent;
	return sum;
}

/*
 * One connection's worth of requests (20 to 419, fewer once @n hostile
 * ones were sent), each drawn by @weight, waiting for room on the ring as
 * needed (bounded); -1 if the ring stayed full.
 */
static int burst(const char *name, const struct cat *cats, unsigned long n,
		 const unsigned char *weight, int ncats, int (*submit)(int cat),
		 unsigned int (*reap)(void))
{
	for (unsigned int ops = 20 + rn(400); ops && hostile_sent(cats, ncats) < n; ops--) {
		long long wait_end = now_ms() + IO_WAIT_MS;

		while (submit(draw(weight, ncats))) {
			if (!reap())
				sleep_ms(1);
			if (now_ms() > wait_end) {
				say("%s: no room on the ring for %d ms", name, IO_WAIT_MS);
				return -1;
			}
		}
		reap();
	}
	return 0;
}

/* ================================ blkif ================================ */

enum blk_cat {
	B_READ, B_WRITE, B_WRITE_RO, B_INDIRECT, B_FLUSH, B_DISCARD,
	B_ID_REUSE, B_BAD_OP, B_NSEG0, B_NSEG_MANY, B_SECT_ORDER, B_SECT_PAST, B_RANGE,
	B_BAD_GREF, B_READ_RO, B_REVOKED, B_IND_NSEG, B_IND_OP, B_IND_BAD_PAGE,
	B_IND_GARBAGE, B_PROD_BEYOND, B_PROD_BACK,
	B_NCATS
};

/* What each may get back; the last two are never answered (the ring halts). */
static struct cat bcat[B_NCATS] = {
	[B_READ] = { "read", A_OK, 0 },
	[B_WRITE] = { "write", A_OK, 0 },
	[B_WRITE_RO] = { "write_from_readonly_grant", A_OK | A_ERR, 0 },
	[B_INDIRECT] = { "indirect", A_OK, 0 },
	[B_FLUSH] = { "flush", A_OK | A_OP, 0 },
	[B_DISCARD] = { "discard", A_OK | A_ERR | A_OP, 0 },
	[B_ID_REUSE] = { "id_reused", A_OK, 1 },
	[B_BAD_OP] = { "bad_operation", A_OP | A_ERR, 1 },
	[B_NSEG0] = { "no_segments", A_ERR, 1 },
	[B_NSEG_MANY] = { "too_many_segments", A_ERR, 1 },
	[B_SECT_ORDER] = { "first_sect_after_last", A_ERR, 1 },
	[B_SECT_PAST] = { "last_sect_past_page", A_ERR, 1 },
	[B_RANGE] = { "sectors_out_of_range", A_ERR, 1 },
	[B_BAD_GREF] = { "unallocated_gref", A_ERR, 1 },
	[B_READ_RO] = { "read_into_readonly_grant", A_ERR, 1 },
	[B_REVOKED] = { "gref_revoked_in_flight", A_OK | A_ERR, 1 },
	[B_IND_NSEG] = { "indirect_bad_nr_segments", A_ERR, 1 },
	[B_IND_OP] = { "indirect_bad_operation", A_ERR | A_OP, 1 },
	[B_IND_BAD_PAGE] = { "indirect_page_unallocated", A_ERR, 1 },
	[B_IND_GARBAGE] = { "indirect_page_garbage", A_OK | A_ERR, 1 },
	[B_PROD_BEYOND] = { "producer_beyond_ring", 0, 1 },
	[B_PROD_BACK] = { "producer_backwards", 0, 1 },
};

/* How often each is drawn, out of the sum (the halts are drawn per connection). */
static const unsigned char bweight[B_NCATS] = {
	[B_READ] = 12, [B_WRITE] = 12, [B_WRITE_RO] = 3, [B_INDIRECT] = 4, [B_FLUSH] = 2,
	[B_DISCARD] = 1, [B_ID_REUSE] = 2, [B_BAD_OP] = 5, [B_NSEG0] = 4, [B_NSEG_MANY] = 4,
	[B_SECT_ORDER] = 4, [B_SECT_PAST] = 4, [B_RANGE] = 4, [B_BAD_GREF] = 5,
	[B_READ_RO] = 4, [B_REVOKED] = 3, [B_IND_NSEG] = 3, [B_IND_OP] = 3,
	[B_IND_BAD_PAGE] = 3, [B_IND_GARBAGE] = 3,
};

#define POOL		96	/* writable data pages */
#define RO_POOL		8	/* pages granted read-only */
#define MAX_IDS		512	/* ring entries at the largest order we use */
#define CHECKED		256	/* 4 KiB blocks whose contents we track (1 MiB) */
#define UNKNOWN		UINT64_MAX
#define BLK_MAGIC	0x484f5354494c45ULL	/* "HOSTILE" */

struct blk_req {
	int used;
	int cat;
	int op;			/* READ, WRITE or DISCARD when it covers blocks */
	int check;		/* a read to verify, a write of known contents */
	int expect;		/* responses still due for this id */
	int ro;			/* read-only page it holds, or -1 */
	unsigned int block, nblocks;	/* blocks it covers */
	int page[33];		/* pool pages it holds */
	int npages;
	uint64_t seq;		/* what a checked write wrote */
};

static struct blk {
	struct xdev dev;
	int port;
	unsigned int order;
	struct gpages ring;
	blkif_front_ring_t fr;
	int persistent;
	unsigned long long sectors;
	unsigned int max_indirect, nblocks;
	struct gpages pool, ro, revoked;
	int revoked_id;		/* the request using it, -1: none */
	uint8_t pool_busy[POOL], ro_busy[RO_POOL];
	unsigned int pool_free;
	struct blk_req req[MAX_IDS];
	unsigned int outstanding;	/* responses due */
	uint64_t known[CHECKED];	/* last seq written and answered OK */
	uint8_t busy[CHECKED];
	uint64_t seq;
	unsigned long verified, requests;
} B;

static uint8_t *pool_va(int p)
{
	return B.pool.va + (size_t)p * PAGE;
}

static int pool_get(void)
{
	int p = rn(POOL);

	while (B.pool_busy[p])
		p = (p + 1) % POOL;
	B.pool_busy[p] = 1;
	B.pool_free--;
	return p;
}

static void blk_release(struct blk_req *r)
{
	for (int i = 0; i < r->npages; i++) {
		B.pool_busy[r->page[i]] = 0;
		B.pool_free++;
	}
	for (unsigned int b = r->block; b < r->block + r->nblocks; b++)
		B.busy[b] = 0;
	if (r->ro >= 0)
		B.ro_busy[r->ro] = 0;
	r->used = 0;
}

/* Connects the backend must refuse. */
enum { C_OK, C_BAD_PROTOCOL, C_BAD_ORDER, C_NO_EVTCHN, C_BAD_RINGREF, C_NBAD };
static const char *const cname[C_NBAD] = {
	"ok", "bad_protocol", "ring_order_too_big", "no_event_channel", "ring_ref_unallocated",
};
static unsigned long bad_connects[2][C_NBAD];	/* [backend][kind] */

/* Bring the backend to InitWait (it is there at boot and after Closed); 0 or -1. */
static int to_initwait(struct xdev *d)
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
static void close_dev(struct xdev *d, int quiet, volatile RING_IDX *rsp_prod1,
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

static void blk_clear_keys(void)
{
	static const char *const keys[] = {
		"ring-ref", "ring-page-order", "event-channel", "protocol",
		"feature-persistent", "multi-queue-num-queues", "queue-0", "queue-1", "queue-2",
		"queue-3",
	};
	char k[32];

	for (unsigned int i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		fe_rm(&B.dev, keys[i]);
	for (int i = 0; i < 16; i++) {
		snprintf(k, sizeof(k), "ring-ref%d", i);
		fe_rm(&B.dev, k);
	}
}

/* Forget every request still due (a response after this is to an unknown id). */
static void blk_give_up(void)
{
	for (int i = 0; i < MAX_IDS; i++)
		if (B.req[i].used)
			blk_release(&B.req[i]);
	B.outstanding = 0;
	B.revoked_id = -1;
}

/* Give back what a connection held, once the backend is Closed. */
static void blk_forget(void)
{
	found.dropped += B.outstanding;
	blk_give_up();
	evt_unbind(B.port);
	gnt_free(&B.ring);
}

/*
 * Connect: InitWait, our keys, Initialised, then Connected. @bad (C_*) is a
 * connect the backend must refuse. 0 when connected; the ring may start
 * near the index wrap.
 */
static int blk_connect(int bad)
{
	char k[32];
	RING_IDX start;
	blkif_sring_t *s;
	int st;

	if (to_initwait(&B.dev))
		return -1;
	blk_clear_keys();
	B.order = rn(3);	/* 1, 2 or 4 pages: 32 to 128 entries */
	B.persistent = rn(2);
	gnt_alloc(&B.ring, 1u << B.order, B.dev.backend_id, 1);
	s = (blkif_sring_t *)B.ring.va;
	SHARED_RING_INIT(s);
	start = rn(2) ? 0xffffffffu - rn(64) : 0;
	s->req_prod = s->rsp_prod = start;
	s->req_event = s->rsp_event = start + 1;
	FRONT_RING_ATTACH(&B.fr, s, start, PAGE << B.order);
	B.port = evt_bind(B.dev.backend_id);

	fe_key(&B.dev, "ring-page-order", "%u", bad == C_BAD_ORDER ? 9 + rn(20) : B.order);
	for (unsigned int i = 0; i < (1u << B.order); i++) {
		snprintf(k, sizeof(k), "ring-ref%u", i);
		fe_key(&B.dev, k, "%u", bad == C_BAD_RINGREF && i == 0 ? BAD_GREF : B.ring.ref[i]);
	}
	if (bad != C_NO_EVTCHN)
		fe_key(&B.dev, "event-channel", "%d", B.port);
	fe_key(&B.dev, "protocol", "%s", bad == C_BAD_PROTOCOL ? "x86_128-abi" : XEN_IO_PROTO_ABI_X86_64);
	fe_key(&B.dev, "feature-persistent", "%d", B.persistent);
	fe_key(&B.dev, "state", "%d", XenbusStateInitialised);

	st = wait_be(&B.dev, BIT(XenbusStateConnected) | BIT(XenbusStateClosing) |
		     BIT(XenbusStateClosed), STATE_WAIT_MS);
	if (bad) {
		bad_connects[0][bad]++;
		if (st == XenbusStateConnected) {
			say("unexpected blk connect with %s accepted", cname[bad]);
			found.unexp++;
		} else if (st < 0) {
			say("stuck blk connect with %s: backend state %d", cname[bad], be_state(&B.dev));
			found.stuck++;
		} else {
			found.connect_refused++;
		}
		close_dev(&B.dev, XenbusStateClosed, NULL, NULL);
		blk_forget();
		return -1;
	}
	if (st != XenbusStateConnected) {
		say("blk connect failed: backend state %d", be_state(&B.dev));
		found.reconnect_fail++;
		close_dev(&B.dev, XenbusStateClosed, NULL, NULL);
		blk_forget();
		return -1;
	}
	found.connects++;
	found.wrapped += start != 0;
	B.sectors = be_long(&B.dev, "sectors", 0);
	B.max_indirect = be_long(&B.dev, "feature-max-indirect-segments", 0);
	B.nblocks = B.sectors / 8 < CHECKED ? B.sectors / 8 : CHECKED;
	fe_key(&B.dev, "state", "%d", XenbusStateConnected);
	return 0;
}

/* Take the responses there are; how many. */
static unsigned int blk_reap(void)
{
	unsigned int n = 0;

	evt_drain();
	if (!rsp_prod_sane(B.fr.sring->rsp_prod, B.fr.rsp_cons, RING_SIZE(&B.fr), "blk"))
		return 0;
	while (RING_HAS_UNCONSUMED_RESPONSES(&B.fr)) {
		blkif_response_t rsp = *RING_GET_RESPONSE(&B.fr, B.fr.rsp_cons);
		struct blk_req *r;
		unsigned int got;

		B.fr.rsp_cons++;
		n++;
		if (rsp.id >= MAX_IDS || !B.req[rsp.id].used) {
			if (found.unknown_id++ < 20)
				say("blk response to id %llu, which is not outstanding",
				    (unsigned long long)rsp.id);
			continue;
		}
		r = &B.req[rsp.id];
		got = rsp.status == BLKIF_RSP_OKAY ? A_OK :
		      rsp.status == BLKIF_RSP_EOPNOTSUPP ? A_OP :
		      rsp.status == BLKIF_RSP_ERROR ? A_ERR : A_BAD;
		count_got(&bcat[r->cat], got, rsp.status);
		B.outstanding--;
		for (unsigned int j = 0; j < r->nblocks; j++) {
			unsigned int b = r->block + j;
			enum unit_state st;

			if (r->op == BLKIF_OP_DISCARD) {
				B.known[b] = UNKNOWN;
			} else if (r->op == BLKIF_OP_WRITE) {
				/*
				 * A write refused while its request was parsed
				 * must leave the disk as it was; one that may
				 * have been mapped (a revoked grant, garbage
				 * that happens to be valid) may not.
				 */
				if (got == A_OK)
					B.known[b] = r->check ? r->seq : UNKNOWN;
				else if (!bcat[r->cat].hostile || r->cat == B_REVOKED ||
					 r->cat == B_IND_GARBAGE)
					B.known[b] = UNKNOWN;
			} else if (r->check && got == A_OK && B.known[b] != UNKNOWN) {
				st = unit_check((uint64_t *)pool_va(r->page[j]), BLK_MAGIC, b,
						B.known[b]);
				if (st != UNIT_OK) {
					if (found.data_bad++ < 20)
						say("blk block %u read back %s", b, unit_state_name[st]);
				} else {
					B.verified++;
				}
			}
		}
		if (rsp.id == (uint64_t)B.revoked_id)
			B.revoked_id = -1;
		if (--r->expect == 0)
			blk_release(r);
	}
	return n;
}

/* Wait until no response is due (bounded); how many still are. */
static unsigned int blk_drain(int ms)
{
	long long end = now_ms() + ms;

	while (B.outstanding && now_ms() < end)
		if (!blk_reap())
			sleep_ms(1);
	return B.outstanding;
}

/* A run of @n blocks no request in flight covers, or -1. */
static int pick_blocks(unsigned int n)
{
	for (int tries = 0; tries < 8; tries++) {
		unsigned int b = rn(B.nblocks - n + 1), j;

		for (j = 0; j < n && !B.busy[b + j]; j++)
			;
		if (j == n)
			return b;
	}
	return -1;
}

/*
 * @r covers @n blocks with pool pages, one whole page each; a write fills
 * them with the blocks' next version (@r->check). Returns the first block,
 * or -1 when the blocks are busy.
 */
static int cover(struct blk_req *r, int op, unsigned int n)
{
	int b = pick_blocks(n);

	if (b < 0)
		return -1;
	r->op = op;
	r->block = b;
	r->nblocks = n;
	r->seq = ++B.seq;
	for (unsigned int j = 0; j < n; j++) {
		B.busy[b + j] = 1;
		r->page[r->npages++] = pool_get();
		if (op == BLKIF_OP_WRITE)
			unit_fill((uint64_t *)pool_va(r->page[j]), BLK_MAGIC, b + j, r->seq, r->seq);
		else
			memset(pool_va(r->page[j]), 0xa5, PAGE);
	}
	return b;
}

static void seg(struct blkif_request_segment *s, uint32_t gref, int first, int last)
{
	s->gref = gref;
	s->first_sect = first;
	s->last_sect = last;
}

/* Direct segments over @r's pages, whole pages. */
static void direct(blkif_request_t *q, struct blk_req *r)
{
	q->operation = r->op;
	q->nr_segments = r->nblocks;
	q->sector_number = (blkif_sector_t)r->block * 8;
	for (unsigned int j = 0; j < r->nblocks; j++)
		seg(&q->seg[j], B.pool.ref[r->page[j]], 0, 7);
}

/*
 * An indirect request whose page (a pool page of @r's) lists @r's blocks'
 * pages; @nseg is what the request claims.
 */
static struct blkif_request_segment *indirect(blkif_request_t *q, struct blk_req *r, int op,
					      unsigned int nseg)
{
	struct blkif_request_indirect *ind = (struct blkif_request_indirect *)q;
	int ipage = pool_get();
	struct blkif_request_segment *list = (void *)pool_va(ipage);

	r->page[r->npages++] = ipage;
	ind->operation = BLKIF_OP_INDIRECT;
	ind->indirect_op = op;
	ind->nr_segments = nseg;
	ind->sector_number = (blkif_sector_t)r->block * 8;
	ind->indirect_grefs[0] = B.pool.ref[ipage];
	memset(list, 0, PAGE);
	for (unsigned int j = 0; j < r->nblocks; j++)
		seg(&list[j], B.pool.ref[r->page[j]], 0, 7);
	return list;
}

static int ro_get(void)
{
	int k = rn(RO_POOL);

	return B.ro_busy[k] ? -1 : (B.ro_busy[k] = 1, k);
}

/* Build and push one request of @cat; 0, or -1 when it could not be built now. */
static int blk_submit(int cat)
{
	int id, n, k, two = 0;
	struct blk_req *r;
	blkif_request_t *q, *q2;
	struct blkif_request_segment *list;

	for (id = 0; id < MAX_IDS && B.req[id].used; id++)
		;
	if (id == MAX_IDS || RING_FREE_REQUESTS(&B.fr) < 2 || B.pool_free < 34)
		return -1;
	if ((cat >= B_IND_NSEG && cat <= B_IND_GARBAGE) || cat == B_INDIRECT)
		if (B.max_indirect < 12)
			cat = B_READ;	/* the backend offers no indirect requests */
	if (cat == B_REVOKED && B.revoked_id >= 0)
		cat = B_BAD_GREF;	/* one revoked grant in flight at a time */
	r = &B.req[id];
	memset(r, 0, sizeof(*r));
	r->cat = cat;
	r->ro = -1;
	r->expect = 1;
	q = RING_GET_REQUEST(&B.fr, B.fr.req_prod_pvt);
	memset(q, 0, sizeof(*q));

	switch (cat) {
	case B_READ:
	case B_WRITE:
		if (cover(r, cat == B_READ ? BLKIF_OP_READ : BLKIF_OP_WRITE, 1 + rn(11)) < 0)
			goto busy;
		r->check = 1;
		direct(q, r);
		break;
	case B_WRITE_RO:	/* OK unless persistent grants map it writable */
	case B_READ_RO:		/* a device read needs a writable grant */
		k = ro_get();
		if (k < 0)
			return -1;
		r->ro = k;
		if (cover(r, cat == B_READ_RO ? BLKIF_OP_READ : BLKIF_OP_WRITE, 1) < 0)
			goto busy;
		r->check = cat == B_WRITE_RO;
		if (r->check)
			unit_fill((uint64_t *)(B.ro.va + (size_t)k * PAGE), BLK_MAGIC, r->block,
				  r->seq, r->seq);
		direct(q, r);
		q->seg[0].gref = B.ro.ref[k];
		break;
	case B_INDIRECT:
		n = 12 + rn((B.max_indirect < 32 ? B.max_indirect : 32) - 11);
		if (cover(r, rn(2) ? BLKIF_OP_READ : BLKIF_OP_WRITE, n) < 0)
			goto busy;
		r->check = 1;
		indirect(q, r, r->op, n);
		break;
	case B_FLUSH:
		q->operation = rn(2) ? BLKIF_OP_FLUSH_DISKCACHE : BLKIF_OP_WRITE_BARRIER;
		break;
	case B_DISCARD: {
		struct blkif_request_discard *d = (void *)q;

		if (cover(r, BLKIF_OP_DISCARD, 1 + rn(8)) < 0)
			goto busy;
		d->operation = BLKIF_OP_DISCARD;
		d->sector_number = (blkif_sector_t)r->block * 8;
		d->nr_sectors = r->nblocks * 8;
		break;
	}
	case B_ID_REUSE:	/* two reads with one id: two answers */
		if (cover(r, BLKIF_OP_READ, 1) < 0)
			goto busy;
		r->check = 1;
		r->expect = 2;
		direct(q, r);
		two = 1;
		break;
	case B_BAD_OP:
		q->operation = rn(8) ? 7 + rn(249) : BLKIF_OP_RESERVED_1;
		q->nr_segments = rn(12);
		q->sector_number = rn(64);
		break;
	case B_NSEG0:
	case B_NSEG_MANY:
	case B_SECT_ORDER:
	case B_SECT_PAST:
	case B_BAD_GREF:
		/* A write of known contents the backend must refuse: the blocks keep theirs. */
		if (cover(r, rn(2) ? BLKIF_OP_READ : BLKIF_OP_WRITE, 1 + rn(4)) < 0)
			goto busy;
		direct(q, r);
		if (cat == B_NSEG0)
			q->nr_segments = 0;
		else if (cat == B_NSEG_MANY)
			q->nr_segments = BLKIF_MAX_SEGMENTS_PER_REQUEST + 1 + rn(244);
		else if (cat == B_SECT_ORDER)
			seg(&q->seg[rn(r->nblocks)], B.pool.ref[r->page[0]], 1 + rn(7), 0);
		else if (cat == B_SECT_PAST)
			q->seg[rn(r->nblocks)].last_sect = 8 + rn(248);
		else
			q->seg[rn(r->nblocks)].gref = BAD_GREF + rn(15);
		break;
	case B_RANGE:
		if (cover(r, BLKIF_OP_READ, 1) < 0)
			goto busy;
		direct(q, r);
		r->check = 0;
		q->sector_number = rn(2) ? B.sectors - rn(8) : ~(blkif_sector_t)0 - rn(8);
		break;
	case B_REVOKED:
		/* Sent, then the grant is taken back before the backend may map it. */
		if (cover(r, rn(2) ? BLKIF_OP_READ : BLKIF_OP_WRITE, 1) < 0)
			goto busy;
		gnt_alloc(&B.revoked, 1, B.dev.backend_id, 1);
		if (r->op == BLKIF_OP_WRITE) {
			unit_fill((uint64_t *)B.revoked.va, BLK_MAGIC, r->block, r->seq, r->seq);
			r->check = 1;
		}
		direct(q, r);
		q->seg[0].gref = B.revoked.ref[0];
		B.revoked_id = id;
		break;
	case B_IND_NSEG:
	case B_IND_OP:
	case B_IND_BAD_PAGE:
	case B_IND_GARBAGE:
		n = 12 + rn(8);
		if (cover(r, rn(2) ? BLKIF_OP_READ : BLKIF_OP_WRITE, n) < 0)
			goto busy;
		list = indirect(q, r, r->op, n);
		if (cat == B_IND_NSEG) {
			((struct blkif_request_indirect *)q)->nr_segments =
				rn(2) ? 0 : 257 + rn(60000);	/* 256: blkback's limit */
		} else if (cat == B_IND_OP) {
			((struct blkif_request_indirect *)q)->indirect_op = 2 + rn(254);
		} else if (cat == B_IND_BAD_PAGE) {
			((struct blkif_request_indirect *)q)->indirect_grefs[0] = BAD_GREF + rn(15);
		} else {
			/*
			 * Garbage, but never a grant we do not own: the domain's
			 * low grants are its console's and xenstore's rings.
			 */
			for (int j = 0; j < n; j++) {
				uint32_t refs[3] = { B.pool.ref[r->page[j]], BAD_GREF + rn(15),
						     B.ro.ref[rn(RO_POOL)] };

				seg(&list[j], refs[rn(3)], rn(16), rn(16));
			}
			r->check = 0;
		}
		break;
	default:
		return -1;
	}
	q->id = id;
	r->used = 1;
	B.fr.req_prod_pvt++;
	if (two) {
		q2 = RING_GET_REQUEST(&B.fr, B.fr.req_prod_pvt);
		*q2 = *q;
		B.fr.req_prod_pvt++;
	}
	B.outstanding += r->expect;
	bcat[cat].sent += r->expect;
	B.requests += r->expect;
	RING_PUSH_REQUESTS(&B.fr);
	evt_notify(B.port);
	if (cat == B_REVOKED)
		gnt_free(&B.revoked);
	return 0;
busy:
	blk_release(r);
	return -1;
}

/* A producer index the backend must refuse: the ring halts, nothing is answered. */
static void blk_halt(void)
{
	int cat = rn(2) ? B_PROD_BEYOND : B_PROD_BACK;
	RING_IDX cons = B.fr.sring->rsp_prod;

	bcat[cat].sent++;
	B.requests++;
	found.halts++;
	xen_wmb();
	B.fr.sring->req_prod = cat == B_PROD_BEYOND ? B.fr.req_prod_pvt + RING_SIZE(&B.fr) + 1 + rn(1000)
						    : cons - 1 - rn(16);
	evt_notify(B.port);
	sleep_ms(50);
}

/* The device, our data pages and their grants; nothing known on the disk. */
static void blk_setup(const char *vbd)
{
	xdev_init(&B.dev, vbd);
	if (!B.pool.count) {
		gnt_alloc(&B.pool, POOL, B.dev.backend_id, 1);
		gnt_alloc(&B.ro, RO_POOL, B.dev.backend_id, 0);
		B.pool_free = POOL;
	}
	B.revoked_id = -1;
	for (int b = 0; b < CHECKED; b++)
		B.known[b] = UNKNOWN;
}

/*
 * The blkif run: until @n hostile requests or @ms, over connections that end in one of
 * three ways: drained and closed, closed with requests in flight, or halted
 * by a bogus producer index and then closed.
 */
static void blk_fuzz(const char *vbd, unsigned long n, long long ms)
{
	long long end = now_ms() + ms;
	int fails = 0, bad = 0;

	blk_setup(vbd);
	while (hostile_sent(bcat, B_NCATS) < n && now_ms() < end && fails < 3) {
		/* Each refused connect early on, then one in eight. */
		if (bad < C_NBAD - 1 || rn(8) == 0)
			blk_connect(1 + bad++ % (C_NBAD - 1));
		if (blk_connect(C_OK)) {
			fails++;
			continue;
		}
		fails = 0;
		burst("blk", bcat, n, bweight, B_NCATS, blk_submit, blk_reap);
		switch (rn(8)) {
		case 0:
			blk_halt();
			break;
		case 1:
		case 2:
			break;		/* closed with requests in flight */
		default:
			if (blk_drain(IO_WAIT_MS)) {
				say("blk: %u responses never came", B.outstanding);
				found.lost += B.outstanding;
				blk_give_up();
			}
		}
		close_dev(&B.dev, XenbusStateClosed, &B.fr.sring->rsp_prod, NULL);
		blk_reap();
		blk_forget();
	}
}

/* ================================ netif ================================ */

enum net_cat {
	N_ARP, N_MULTI_SLOT, N_FROM_RO, N_PAGE_END, N_ID_REUSE,
	N_BAD_GREF, N_BAD_GREF_FRAG, N_REVOKED, N_RUNT, N_FRAG_TOO_BIG, N_TOO_MANY_SLOTS,
	N_MCAST_EXTRA, N_RX_GOOD, N_RX_BAD_GREF, N_RX_READONLY, N_RX_REVOKED,
	/* each of these disables the vif for good: one per run, last */
	N_FATAL_SLOTS, N_FATAL_CROSS_PAGE, N_FATAL_EXTRA_TYPE, N_FATAL_GSO_SIZE,
	N_FATAL_MORE_DATA, N_FATAL_PRODUCER,
	N_NCATS
};

#define N_FATAL_FIRST	N_FATAL_SLOTS

static struct cat ncat[N_NCATS] = {
	[N_ARP] = { "arp_request", A_OK, 0 },
	[N_MULTI_SLOT] = { "multi_slot", A_OK, 0 },
	[N_FROM_RO] = { "from_readonly_grant", A_OK, 0 },
	[N_PAGE_END] = { "data_at_page_end", A_OK, 0 },
	[N_ID_REUSE] = { "id_reused", A_OK, 1 },
	[N_BAD_GREF] = { "unallocated_gref", A_ERR, 1 },
	[N_BAD_GREF_FRAG] = { "unallocated_gref_in_frag", A_ERR, 1 },
	[N_REVOKED] = { "gref_revoked_in_flight", A_OK | A_ERR, 1 },
	[N_RUNT] = { "shorter_than_ethernet_header", A_ERR, 1 },
	[N_FRAG_TOO_BIG] = { "slot_larger_than_packet", A_ERR, 1 },
	[N_TOO_MANY_SLOTS] = { "20_or_21_slots", A_ERR, 1 },
	[N_MCAST_EXTRA] = { "multicast_extra_info", A_OK | A_ERR, 1 },
	[N_RX_GOOD] = { "rx_buffer", A_OK, 0 },
	[N_RX_BAD_GREF] = { "rx_buffer_unallocated_gref", A_ERR, 1 },
	[N_RX_READONLY] = { "rx_buffer_readonly_grant", A_ERR, 1 },
	[N_RX_REVOKED] = { "rx_buffer_revoked", A_OK | A_ERR, 1 },
	[N_FATAL_SLOTS] = { "fatal_22_or_more_slots", A_OK | A_ERR, 1 },
	[N_FATAL_CROSS_PAGE] = { "fatal_crosses_page", A_OK | A_ERR, 1 },
	[N_FATAL_EXTRA_TYPE] = { "fatal_extra_info_type", A_OK | A_ERR, 1 },
	[N_FATAL_GSO_SIZE] = { "fatal_gso_size_0", A_OK | A_ERR, 1 },
	[N_FATAL_MORE_DATA] = { "fatal_more_data_on_last_slot", A_OK | A_ERR, 1 },
	[N_FATAL_PRODUCER] = { "fatal_producer_beyond_ring", A_OK | A_ERR, 1 },
};

static const unsigned char nweight[N_NCATS] = {
	[N_ARP] = 10, [N_MULTI_SLOT] = 6, [N_FROM_RO] = 2, [N_PAGE_END] = 2, [N_ID_REUSE] = 2,
	[N_BAD_GREF] = 4, [N_BAD_GREF_FRAG] = 4, [N_REVOKED] = 3, [N_RUNT] = 4,
	[N_FRAG_TOO_BIG] = 4, [N_TOO_MANY_SLOTS] = 2, [N_MCAST_EXTRA] = 3,
};

#define TX_POOL		64
#define RX_POOL		32
#define RX_POSTED	24	/* Rx buffers we keep on the ring */
#define TX_IDS		256

struct pkt {
	int used, cat;
	int due;		/* responses still due (slots with an id) */
	int errors;
	int page[24], npages;
};

static struct net {
	struct xdev dev;
	int port;
	struct gpages tx_ring, rx_ring, pool, rx_pool, ro, revoked;
	netif_tx_front_ring_t tx;
	netif_rx_front_ring_t rx;
	uint8_t pool_busy[TX_POOL];
	struct pkt pkt[TX_IDS];
	int id_pkt[TX_IDS][2], id_due[TX_IDS];	/* an id may stand for two packets */
	int rx_cat[TX_IDS];	/* what the Rx buffer with this id is; -1: none */
	int rx_posted, revoked_live;
	unsigned int tx_due;
	uint8_t mac[6], ip[4];
	unsigned long requests, arp_replies, rx_packets;
	int connected;
} N;

static int tx_page(void)
{
	for (int tries = 0; tries < TX_POOL; tries++) {
		int p = rn(TX_POOL);

		if (!N.pool_busy[p]) {
			N.pool_busy[p] = 1;
			return p;
		}
	}
	return -1;
}

static int parse_mac(const char *s, uint8_t *mac)
{
	return sscanf(s, "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &mac[0], &mac[1], &mac[2], &mac[3],
		      &mac[4], &mac[5]) == 6 ? 0 : -1;
}

/* An ARP request for our dom0 address (x.y.z.1 of ours) from us. */
static unsigned int arp_request(uint8_t *f)
{
	static const uint8_t head[] = { 0x08, 0x06, 0, 1, 0x08, 0, 6, 4, 0, 1 };

	memset(f, 0, 60);
	memset(f, 0xff, 6);
	memcpy(f + 6, N.mac, 6);
	memcpy(f + 12, head, sizeof(head));
	memcpy(f + 22, N.mac, 6);
	memcpy(f + 28, N.ip, 4);
	memcpy(f + 38, N.ip, 3);
	f[41] = 1;
	return 60;
}

/* A broadcast frame of a local experimental ethertype that dom0 drops. */
static unsigned int junk_frame(uint8_t *f, unsigned int len)
{
	memset(f, 0xff, 6);
	memcpy(f + 6, N.mac, 6);
	f[12] = 0x88;
	f[13] = 0xb5;
	for (unsigned int i = 14; i < len; i++)
		f[i] = rnd();
	return len;
}

static void net_release(struct pkt *p)
{
	for (int i = 0; i < p->npages; i++)
		N.pool_busy[p->page[i]] = 0;
	p->used = 0;
}

/* Put one Tx slot on the ring, with an id standing for packet @pk (or none for an extra). */
static netif_tx_request_t *tx_slot(int pk, uint32_t gref, unsigned int off, unsigned int size,
				   unsigned int flags, int id)
{
	netif_tx_request_t *t = RING_GET_REQUEST(&N.tx, N.tx.req_prod_pvt++);

	t->gref = gref;
	t->offset = off;
	t->size = size;
	t->flags = flags;
	t->id = id;
	if (pk >= 0) {
		N.id_pkt[id][N.id_due[id]++] = pk;
		N.pkt[pk].due++;
		N.tx_due++;
	}
	return t;
}

static int free_tx_id(void)
{
	for (int tries = 0; tries < 8; tries++) {
		int id = rn(TX_IDS);

		if (!N.id_due[id])
			return id;
	}
	for (int id = 0; id < TX_IDS; id++)
		if (!N.id_due[id])
			return id;
	return -1;
}

/*
 * One packet of @cat: the first slot carries the packet's size, each
 * further one its own; each slot with an id is answered.
 */
static int net_submit(int cat)
{
	int pk, p, id, nslots, id2;
	unsigned int len, fsize;
	uint8_t *f;
	struct pkt *k;

	for (pk = 0; pk < TX_IDS && N.pkt[pk].used; pk++)
		;
	if (pk == TX_IDS || RING_FREE_REQUESTS(&N.tx) < 32 || N.tx_due > 160)
		return -1;
	if (cat == N_REVOKED && N.revoked_live)
		cat = N_BAD_GREF;
	k = &N.pkt[pk];
	memset(k, 0, sizeof(*k));
	k->cat = cat;
	p = tx_page();
	id = free_tx_id();
	if (p < 0 || id < 0)
		return -1;
	k->page[k->npages++] = p;
	k->used = 1;
	f = N.pool.va + (size_t)p * PAGE;
	len = arp_request(f);

	switch (cat) {
	case N_ARP:
		tx_slot(pk, N.pool.ref[p], 0, len, 0, id);
		break;
	case N_FROM_RO:		/* the read-only pages hold an ARP request each */
		tx_slot(pk, N.ro.ref[rn(4)], 0, len, 0, id);
		break;
	case N_PAGE_END:
		memmove(f + PAGE - len, f, len);
		tx_slot(pk, N.pool.ref[p], PAGE - len, len, 0, id);
		break;
	case N_ID_REUSE:	/* two packets, one id: two answers */
		tx_slot(pk, N.pool.ref[p], 0, len, 0, id);
		for (id2 = pk + 1; id2 < TX_IDS && N.pkt[id2].used; id2++)
			;
		if (id2 < TX_IDS) {
			memset(&N.pkt[id2], 0, sizeof(N.pkt[id2]));
			N.pkt[id2].used = 1;
			N.pkt[id2].cat = cat;
			tx_slot(id2, N.pool.ref[p], 0, len, 0, id);
			ncat[cat].sent++;
			N.requests++;
		}
		break;
	case N_BAD_GREF:
		tx_slot(pk, BAD_GREF + rn(15), 0, len, 0, id);
		break;
	case N_REVOKED:
		gnt_alloc(&N.revoked, 1, N.dev.backend_id, 0);
		arp_request(N.revoked.va);
		tx_slot(pk, N.revoked.ref[0], 0, len, 0, id);
		N.revoked_live = pk + 1;
		break;
	case N_RUNT:
		tx_slot(pk, N.pool.ref[p], 0, rn(14), 0, id);
		break;
	case N_MCAST_EXTRA: {
		netif_extra_info_t *x;

		tx_slot(pk, N.pool.ref[p], 0, len, NETTXF_extra_info, id);
		x = (netif_extra_info_t *)RING_GET_REQUEST(&N.tx, N.tx.req_prod_pvt++);
		memset(x, 0, sizeof(*x));
		x->type = rn(2) ? XEN_NETIF_EXTRA_TYPE_MCAST_ADD : XEN_NETIF_EXTRA_TYPE_MCAST_DEL;
		x->u.mcast.addr[0] = 0x01;
		x->u.mcast.addr[1] = 0x00;
		x->u.mcast.addr[2] = 0x5e;
		x->u.mcast.addr[5] = rnd();
		break;
	}
	case N_MULTI_SLOT:
	case N_BAD_GREF_FRAG:
	case N_FRAG_TOO_BIG:
	case N_TOO_MANY_SLOTS:
	case N_FATAL_SLOTS: {
		/* 60 bytes in the first slot, the rest in one page each */
		unsigned int frag[24], total = 60;

		nslots = cat == N_TOO_MANY_SLOTS ? 20 + rn(2) : cat == N_FATAL_SLOTS ? 22 + rn(2)
										: 2 + rn(3);
		junk_frame(f, 60);
		for (int i = 1; i < nslots; i++) {
			int q = tx_page();

			if (q < 0)
				q = p;	/* the same page again: fine for a bad packet */
			else
				k->page[k->npages++] = q;
			frag[i] = 1 + rn(200);
			total += frag[i];
			junk_frame(N.pool.va + (size_t)q * PAGE, 60);
			frag[i] |= q << 16;
		}
		fsize = cat == N_FRAG_TOO_BIG ? 60 + rn(10) : total;
		tx_slot(pk, N.pool.ref[p], 0, fsize, NETTXF_more_data, id);
		for (int i = 1; i < nslots; i++) {
			int q = frag[i] >> 16, fid = free_tx_id();
			uint32_t gref = N.pool.ref[q];

			if (fid < 0)
				fid = id;
			if (cat == N_BAD_GREF_FRAG && i == nslots - 1)
				gref = BAD_GREF + rn(15);
			if (cat == N_FRAG_TOO_BIG && i == 1)
				frag[i] = (frag[i] & 0xffff0000) | 200;
			tx_slot(pk, gref, 0, frag[i] & 0xffff, i < nslots - 1 ? NETTXF_more_data : 0, fid);
		}
		break;
	}
	case N_FATAL_CROSS_PAGE:
		tx_slot(pk, N.pool.ref[p], PAGE - 20, len, 0, id);
		break;
	case N_FATAL_EXTRA_TYPE:
	case N_FATAL_GSO_SIZE: {
		netif_extra_info_t *x;

		tx_slot(pk, N.pool.ref[p], 0, len, NETTXF_extra_info, id);
		x = (netif_extra_info_t *)RING_GET_REQUEST(&N.tx, N.tx.req_prod_pvt++);
		memset(x, 0, sizeof(*x));
		if (cat == N_FATAL_EXTRA_TYPE) {
			/* 5 is XDP in Linux's copy of the header: 6 and up */
			x->type = rn(2) ? XEN_NETIF_EXTRA_TYPE_NONE : 6 + rn(200);
		} else {
			x->type = XEN_NETIF_EXTRA_TYPE_GSO;
			x->u.gso.type = XEN_NETIF_GSO_TYPE_TCPV4;
			x->u.gso.size = 0;
		}
		break;
	}
	case N_FATAL_MORE_DATA:
		tx_slot(pk, N.pool.ref[p], 0, len, NETTXF_more_data, id);
		break;
	case N_FATAL_PRODUCER:
		tx_slot(pk, N.pool.ref[p], 0, len, 0, id);
		break;
	default:
		net_release(k);
		return -1;
	}
	ncat[cat].sent++;
	N.requests++;
	if (cat == N_FATAL_PRODUCER) {
		xen_wmb();
		N.tx.sring->req_prod = N.tx.req_prod_pvt + RING_SIZE(&N.tx) + 1 + rn(1000);
	} else {
		RING_PUSH_REQUESTS(&N.tx);
	}
	evt_notify(N.port);
	if (cat == N_REVOKED)
		gnt_free(&N.revoked);
	return 0;
}

/* Keep RX_POSTED buffers on the Rx ring, a quarter of them bad. */
static void rx_post(void)
{
	int posted = 0;

	while (N.connected && N.rx_posted < RX_POSTED && RING_FREE_REQUESTS(&N.rx) > 0) {
		int id, cat;
		netif_rx_request_t *q;
		uint32_t gref;

		for (id = 0; id < TX_IDS && N.rx_cat[id] >= 0; id++)
			;
		if (id == TX_IDS)
			break;
		switch (rn(12)) {
		case 0:
			cat = N_RX_BAD_GREF;
			gref = BAD_GREF + rn(15);
			break;
		case 1:
			cat = N_RX_READONLY;
			gref = N.ro.ref[rn(4)];
			break;
		case 2:
			if (!N.revoked_live) {
				cat = N_RX_REVOKED;
				gnt_alloc(&N.revoked, 1, N.dev.backend_id, 1);
				gref = N.revoked.ref[0];
				break;
			}
			/* fall through */
		default:
			cat = N_RX_GOOD;
			gref = N.rx_pool.ref[id % RX_POOL];
		}
		q = RING_GET_REQUEST(&N.rx, N.rx.req_prod_pvt++);
		q->id = id;
		q->gref = gref;
		N.rx_cat[id] = cat;
		N.rx_posted++;
		ncat[cat].sent++;
		N.requests++;
		posted = 1;
		RING_PUSH_REQUESTS(&N.rx);
		if (cat == N_RX_REVOKED)
			gnt_free(&N.revoked);
	}
	if (posted)
		evt_notify(N.port);
}

static void rx_packet(const uint8_t *f, int len)
{
	N.rx_packets++;
	/* An ARP reply from our dom0 address: the vif serves us. */
	if (len >= 42 && f[12] == 0x08 && f[13] == 0x06 && f[21] == 2 &&
	    !memcmp(f + 28, N.ip, 3) && f[31] == 1)
		N.arp_replies++;
}

static unsigned int net_reap(void)
{
	unsigned int n = 0;

	evt_drain();
	if (!rsp_prod_sane(N.tx.sring->rsp_prod, N.tx.rsp_cons, RING_SIZE(&N.tx), "net Tx") ||
	    !rsp_prod_sane(N.rx.sring->rsp_prod, N.rx.rsp_cons, RING_SIZE(&N.rx), "net Rx"))
		return 0;
	while (RING_HAS_UNCONSUMED_RESPONSES(&N.tx)) {
		netif_tx_response_t rsp = *RING_GET_RESPONSE(&N.tx, N.tx.rsp_cons);
		struct pkt *k;

		N.tx.rsp_cons++;
		n++;
		if (rsp.status == NETIF_RSP_NULL)
			continue;	/* an extra-info slot's */
		if (rsp.id >= TX_IDS || !N.id_due[rsp.id]) {
			if (found.unknown_id++ < 20)
				say("net Tx response to id %u, which is not outstanding", rsp.id);
			continue;
		}
		k = &N.pkt[N.id_pkt[rsp.id][--N.id_due[rsp.id]]];
		N.tx_due--;
		if (rsp.status != NETIF_RSP_OKAY)
			k->errors++;
		if (rsp.status != NETIF_RSP_OKAY && rsp.status != NETIF_RSP_ERROR &&
		    rsp.status != NETIF_RSP_DROPPED && found.unexp++ < 20)
			say("net Tx status %d", rsp.status);
		if (--k->due == 0) {
			count_got(&ncat[k->cat], k->errors ? A_ERR : A_OK, k->errors);
			if (N.revoked_live == k - N.pkt + 1)
				N.revoked_live = 0;
			net_release(k);
		}
	}
	while (RING_HAS_UNCONSUMED_RESPONSES(&N.rx)) {
		netif_rx_response_t rsp = *RING_GET_RESPONSE(&N.rx, N.rx.rsp_cons);
		int cat;

		N.rx.rsp_cons++;
		n++;
		if (rsp.id >= TX_IDS || N.rx_cat[rsp.id] < 0) {
			if (found.unknown_id++ < 20)
				say("net Rx response to id %u, which is not posted", rsp.id);
			continue;
		}
		cat = N.rx_cat[rsp.id];
		N.rx_cat[rsp.id] = -1;
		N.rx_posted--;
		count_got(&ncat[cat], rsp.status < 0 ? A_ERR :
			  rsp.offset + rsp.status <= PAGE ? A_OK : A_BAD, rsp.status);
		if (cat == N_RX_GOOD && rsp.status > 0 && rsp.offset + rsp.status <= PAGE)
			rx_packet(N.rx_pool.va + (size_t)(rsp.id % RX_POOL) * PAGE + rsp.offset,
				  rsp.status);
		if (rsp.flags & NETRXF_extra_info)
			N.rx.rsp_cons++;	/* we asked for no GSO; skip it anyway */
	}
	rx_post();
	return n;
}

static int net_drain(int ms)
{
	long long end = now_ms() + ms;

	while (N.tx_due && now_ms() < end)
		if (!net_reap())
			sleep_ms(1);
	return N.tx_due;
}

/* Forget every Tx slot still due (a response after this is to an unknown id). */
static void net_give_up(void)
{
	for (int i = 0; i < TX_IDS; i++) {
		if (N.pkt[i].used)
			net_release(&N.pkt[i]);
		N.id_due[i] = 0;
	}
	N.tx_due = 0;
}

static void net_forget(void)
{
	found.dropped += N.tx_due;
	net_give_up();
	for (int i = 0; i < TX_IDS; i++)
		N.rx_cat[i] = -1;
	N.rx_posted = 0;
	N.revoked_live = 0;
	N.connected = 0;
	evt_unbind(N.port);
	gnt_free(&N.tx_ring);
	gnt_free(&N.rx_ring);
}

static void net_clear_keys(void)
{
	static const char *const keys[] = {
		"tx-ring-ref", "rx-ring-ref", "event-channel", "event-channel-tx",
		"event-channel-rx", "request-rx-copy", "feature-rx-notify", "feature-sg",
		"multi-queue-num-queues", "queue-0", "queue-1", "ctrl-ring-ref",
		"event-channel-ctrl", "xdp-headroom", "feature-gso-tcpv4", "feature-gso-tcpv6",
		"request-multicast-control",
	};

	for (unsigned int i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		fe_rm(&N.dev, keys[i]);
}

/* Like blk_connect(); netback connects on our Connected. */
static int net_connect(int bad)
{
	RING_IDX start = rn(2) ? 0xffffffffu - rn(64) : 0;
	netif_tx_sring_t *txs;
	netif_rx_sring_t *rxs;
	int st;

	if (to_initwait(&N.dev))
		return -1;
	net_clear_keys();
	gnt_alloc(&N.tx_ring, 1, N.dev.backend_id, 1);
	gnt_alloc(&N.rx_ring, 1, N.dev.backend_id, 1);
	txs = (netif_tx_sring_t *)N.tx_ring.va;
	rxs = (netif_rx_sring_t *)N.rx_ring.va;
	SHARED_RING_INIT(txs);
	SHARED_RING_INIT(rxs);
	txs->req_prod = txs->rsp_prod = rxs->req_prod = rxs->rsp_prod = start;
	txs->req_event = txs->rsp_event = rxs->req_event = rxs->rsp_event = start + 1;
	FRONT_RING_ATTACH(&N.tx, txs, start, PAGE);
	FRONT_RING_ATTACH(&N.rx, rxs, start, PAGE);
	N.port = evt_bind(N.dev.backend_id);
	fe_key(&N.dev, "tx-ring-ref", "%u", bad == C_BAD_RINGREF ? BAD_GREF : N.tx_ring.ref[0]);
	fe_key(&N.dev, "rx-ring-ref", "%u", N.rx_ring.ref[0]);
	if (bad != C_NO_EVTCHN)
		fe_key(&N.dev, "event-channel", "%d", N.port);
	fe_key(&N.dev, "request-rx-copy", "1");
	fe_key(&N.dev, "feature-rx-notify", "1");
	fe_key(&N.dev, "feature-sg", "1");
	fe_key(&N.dev, "state", "%d", XenbusStateConnected);
	st = wait_be(&N.dev, BIT(XenbusStateConnected) | BIT(XenbusStateClosing) |
		     BIT(XenbusStateClosed), STATE_WAIT_MS);
	if (bad) {
		/* netback may say Closing and then Connected: no judgement, only the recovery */
		bad_connects[1][bad]++;
		found.connect_refused += st == XenbusStateClosing || st == XenbusStateClosed;
		close_dev(&N.dev, XenbusStateClosing, NULL, NULL);
		net_forget();
		return -1;
	}
	if (st != XenbusStateConnected) {
		say("net connect failed: backend state %d", be_state(&N.dev));
		found.reconnect_fail++;
		close_dev(&N.dev, XenbusStateClosing, NULL, NULL);
		net_forget();
		return -1;
	}
	found.connects++;
	found.wrapped += start != 0;
	N.connected = 1;
	rx_post();
	return 0;
}

/*
 * The netif run, like blk_fuzz(); each ARP request valid or reused is
 * answered by dom0 on the Rx ring. It ends with one request that disables
 * the vif for good (netback's fatal errors), then a close.
 */
static void net_fuzz(const char *vif, unsigned long n, long long ms)
{
	long long end = now_ms() + ms;
	char p[160], v[64];
	int fails = 0, bad = 0;

	xdev_init(&N.dev, vif);
	snprintf(p, sizeof(p), "%s/mac", N.dev.fe);
	if (xs_read(p, v, sizeof(v)) || parse_mac(v, N.mac))
		die("no mac in %s", p);
	snprintf(p, sizeof(p), "%s/ip", N.dev.be);
	if (xs_read(p, v, sizeof(v)) || sscanf(v, "%hhu.%hhu.%hhu.%hhu", &N.ip[0], &N.ip[1],
						 &N.ip[2], &N.ip[3]) != 4)
		die("no ip in %s (xl: vif=[\"ip=...\"])", p);
	gnt_alloc(&N.pool, TX_POOL, N.dev.backend_id, 1);
	gnt_alloc(&N.rx_pool, RX_POOL, N.dev.backend_id, 1);
	gnt_alloc(&N.ro, 4, N.dev.backend_id, 0);
	for (int i = 0; i < 4; i++)
		arp_request(N.ro.va + (size_t)i * PAGE);
	for (int i = 0; i < TX_IDS; i++)
		N.rx_cat[i] = -1;
	while (hostile_sent(ncat, N_NCATS) < n && now_ms() < end && fails < 3) {
		/* Each refused connect early on, then one in eight (netback reads no protocol or ring order). */
		if (bad < 2 || rn(8) == 0)
			net_connect(bad++ % 2 ? C_NO_EVTCHN : C_BAD_RINGREF);
		if (net_connect(C_OK)) {
			fails++;
			continue;
		}
		fails = 0;
		burst("net", ncat, n, nweight, N_NCATS, net_submit, net_reap);
		if (rn(4) && net_drain(IO_WAIT_MS)) {
			say("net: %u Tx responses never came", N.tx_due);
			found.lost += N.tx_due;
			net_give_up();
		}
		N.connected = 0;
		close_dev(&N.dev, XenbusStateClosing, &N.tx.sring->rsp_prod, &N.rx.sring->rsp_prod);
		net_reap();
		net_forget();
	}
	/* Last: one request that disables the vif for good. */
	if (!net_connect(C_OK)) {
		net_drain(IO_WAIT_MS);
		net_submit(N_FATAL_FIRST + rn(N_NCATS - N_FATAL_FIRST));
			sleep_ms(500);
		net_reap();
		N.connected = 0;
		close_dev(&N.dev, XenbusStateClosing, &N.tx.sring->rsp_prod, &N.rx.sring->rsp_prod);
		net_reap();
		net_forget();
	}
}

/* ====================== a close while I/O is stuck ====================== */

/*
 * Whether blkback took every request we pushed (bounded): once it found
 * none left, it asks to be told of the next one (RING_FINAL_CHECK_FOR_REQUESTS).
 */
static int all_taken(int ms)
{
	long long end = now_ms() + ms;

	while (B.fr.sring->req_event != B.fr.req_prod_pvt + 1) {
		if (now_ms() > end)
			return 0;
		sleep_ms(10);
	}
	return 1;
}

/*
 * Reads on a vbd whose disk takes seconds per request, then Closing (which
 * the backend says at once, serving on) and Closed: the backend may say
 * Closed only once it has answered them (and unmapped everything), and
 * must not hold dom0's xenwatch thread meanwhile: dom0 creates another
 * domain's vbd while we wait and times it.
 */
static void slow_close(const char *vbd)
{
	long long t0;
	unsigned int sent = 0, answered;

	blk_setup(vbd);
	if (blk_connect(C_OK))
		return;
	while (sent < 4)
		sent += !blk_submit(B_READ);
	if (!all_taken(10000)) {
		say("stuck %s: the backend did not take %u reads in 10 s", vbd, sent);
		found.stuck++;
	}
	fe_key(&B.dev, "state", "%d", XenbusStateClosing);
	if (wait_be(&B.dev, BIT(XenbusStateClosing) | BIT(XenbusStateClosed), STATE_WAIT_MS) < 0) {
		say("stuck %s: no Closing", vbd);
		found.stuck++;
	}
	t0 = now_ms();
	fe_key(&B.dev, "state", "%d", XenbusStateClosed);
	say("quiescing %s with %u reads in flight", vbd, sent);
	if (wait_be(&B.dev, BIT(XenbusStateClosed), STATE_WAIT_MS) < 0) {
		say("stuck %s: no Closed", vbd);
		found.stuck++;
	}
	answered = B.fr.sring->rsp_prod - B.fr.rsp_cons;
	say("quiesced %s closing_after_ms=%lld answered_before_closing=%u of %u", vbd,
	    now_ms() - t0, answered, sent);
	if (answered != sent) {
		say("late: the backend said Closed with %u of %u reads unanswered", sent - answered,
		    sent);
		found.late++;
	}
	blk_reap();
	blk_forget();
}

/*
 * A frontend that says Closing and goes on using the disk, as an older
 * blkfront does while the device is in use ("refusing to close"): the
 * backend says Closing and must answer every valid read and write that
 * follows with OKAY, until the frontend says Closed.
 */
static void closing_keeps_serving(const char *vbd)
{
	const unsigned int want = 32;
	unsigned long ok0 = bcat[B_READ].ok + bcat[B_WRITE].ok, served;
	long long end;
	unsigned int sent = 0;

	blk_setup(vbd);
	if (blk_connect(C_OK))
		return;
	fe_key(&B.dev, "state", "%d", XenbusStateClosing);
	if (wait_be(&B.dev, BIT(XenbusStateClosing) | BIT(XenbusStateClosed), STATE_WAIT_MS) !=
	    XenbusStateClosing) {
		say("stuck %s: backend state %d, not Closing, after our Closing", vbd,
		    be_state(&B.dev));
		found.stuck++;
	}
	end = now_ms() + IO_WAIT_MS;
	while (sent < want && now_ms() < end) {
		if (blk_submit(rn(2) ? B_READ : B_WRITE)) {
			if (!blk_reap())
				sleep_ms(1);
			continue;
		}
		sent++;
	}
	blk_drain(IO_WAIT_MS);
	served = bcat[B_READ].ok + bcat[B_WRITE].ok - ok0;
	say("closing served=%lu of %u", served, want);
	if (served != want) {
		say("unserved: %lu of %u requests after our Closing got no OKAY", want - served,
		    want);
		found.unserved += want - served;
	}
	close_dev(&B.dev, XenbusStateClosed, &B.fr.sring->rsp_prod, NULL);
	blk_reap();
	blk_forget();
}

/* Reads in flight on the slow vbd, and the domain is destroyed under them. */
static void destroy_in_flight(const char *vbd)
{
	unsigned int sent = 0;

	blk_setup(vbd);
	if (!blk_connect(C_OK)) {
		while (sent < 4)
			sent += !blk_submit(B_READ);
		all_taken(10000);
	}
	say("destroy-me with %u reads in flight on %s", sent, vbd);
	for (;;)
		pause();
}

int main(int argc, char **argv)
{
	const char *vbd = NULL, *slow = NULL, *vif = NULL;
	unsigned long long seed = 1;
	unsigned long n = 10000, blk_hostile = 0, net_hostile = 0;
	long long ms = 600000, t, blk_ms, net_ms;
	int opt, fail;

	while ((opt = getopt(argc, argv, "s:n:t:b:q:v:")) != -1) {
		switch (opt) {
		case 's': seed = strtoull(optarg, NULL, 0); break;
		case 'n': n = strtoul(optarg, NULL, 0); break;
		case 't': ms = strtoll(optarg, NULL, 0) * 1000; break;
		case 'b': vbd = optarg; break;
		case 'q': slow = optarg; break;
		case 'v': vif = optarg; break;
		default:
			fprintf(stderr, "usage: hostile [-s SEED] [-n REQUESTS] [-t SECONDS] [-b device/vbd/N] [-q device/vbd/N] [-v device/vif/N]\n");
			return 2;
		}
	}
	xs_fd = open("/dev/xen/xenbus", O_RDWR);
	gnt_fd = open("/dev/xen/gntalloc", O_RDWR);
	evt_fd = open("/dev/xen/evtchn", O_RDWR | O_NONBLOCK);
	if (xs_fd < 0 || gnt_fd < 0 || evt_fd < 0)
		die("open /dev/xen/{xenbus,gntalloc,evtchn}");
	rng_state = seed;
	say("start seed=%#llx requests=%lu seconds=%lld", seed, n, ms / 1000);
	t = now_ms();
	if (vbd)
		blk_fuzz(vbd, n, vif ? ms / 4 * 3 : ms);	/* blkif is the slower: 1 ms per error */
	blk_ms = now_ms() - t;
	t = now_ms();
	/* The time the blkif run left, at least a quarter. */
	if (vif)
		net_fuzz(vif, n, vbd ? (ms - blk_ms > ms / 4 ? ms - blk_ms : ms / 4) : ms);
	net_ms = now_ms() - t;
	if (vbd)
		closing_keeps_serving(vbd);
	if (slow)
		slow_close(slow);

	print_cats("blk", bcat, B_NCATS, &blk_hostile);
	print_cats("net", ncat, N_NCATS, &net_hostile);
	for (int k = 1; k < C_NBAD; k++)
		say("cat connect.%s blk=%lu net=%lu", cname[k], bad_connects[0][k], bad_connects[1][k]);
	fail = found.unexp || found.unknown_id || found.lost || found.late || found.unserved ||
	       found.data_bad ||
	       found.stuck || found.reconnect_fail || (vbd && !B.verified) ||
	       (vif && !N.arp_replies);
	say("result seed=%#llx blk_requests=%lu blk_hostile=%lu blk_ms=%lld net_requests=%lu net_hostile=%lu net_ms=%lld "
	    "blocks_verified=%lu arp_replies=%lu rx_packets=%lu connects=%lu wrapped=%lu "
	    "refused=%lu halts=%lu dropped=%lu unexp=%lu unknown_id=%lu lost=%lu late=%lu "
	    "unserved=%lu data_bad=%lu stuck=%lu reconnect_fail=%lu result=%s",
	    seed, B.requests, blk_hostile, blk_ms, N.requests, net_hostile, net_ms, B.verified, N.arp_replies,
	    N.rx_packets, found.connects, found.wrapped, found.connect_refused, found.halts,
	    found.dropped, found.unexp, found.unknown_id, found.lost, found.late, found.unserved,
	    found.data_bad,
	    found.stuck, found.reconnect_fail, fail ? "FAIL" : "PASS");
	if (slow)
		destroy_in_flight(slow);
	return fail;
}
