// SPDX-License-Identifier: GPL-2.0
/*
 * The blkif frontend: its categories, connects (and refused ones), the
 * requests of each category, the responses checked against what each
 * allows and the blocks read back against what was written, a ring halted
 * by a bogus producer, and the blkif run.
 */
#define _GNU_SOURCE
#include "hostile.h"
#include <xen/io/protocols.h>
#include "pattern.h"

/* ================================ blkif ================================ */

/* What each may get back; the last two are never answered (the ring halts). */
struct cat bcat[B_NCATS] = {
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

#define UNKNOWN		UINT64_MAX
#define BLK_MAGIC	0x484f5354494c45ULL	/* "HOSTILE" */

struct blk B;

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
void blk_forget(void)
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
int blk_connect(int bad)
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
unsigned int blk_reap(void)
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
unsigned int blk_drain(int ms)
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
int blk_submit(int cat)
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
void blk_setup(const char *vbd)
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
void blk_fuzz(const char *vbd, unsigned long n, long long ms)
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
