// SPDX-License-Identifier: GPL-2.0
/*
 * What the blkif and netif runs share: a response producer's sanity, each
 * category's counts of what was sent and what came back, the connects a
 * backend must refuse, the weighted draw of a category and a burst of
 * requests over one connection.
 */
#define _GNU_SOURCE
#include "hostile.h"

/*
 * A response producer no further than a ring ahead of us, read before the
 * responses (the backend wrote them first). A bogus one is a finding, once.
 */
int rsp_prod_sane(RING_IDX prod, RING_IDX cons, unsigned int size, const char *what)
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

/* Count a response of class @got (A_*) against what @c allows. */
void count_got(struct cat *c, unsigned int got, int status)
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

void print_cats(const char *backend, struct cat *cats, int n, unsigned long *hostile)
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
unsigned long hostile_sent(const struct cat *cats, int ncats)
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
int burst(const char *name, const struct cat *cats, unsigned long n,
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

/* Connects the backend must refuse: their names, and how many each backend got. */
const char *const cname[C_NBAD] = {
	"ok", "bad_protocol", "ring_order_too_big", "no_event_channel", "ring_ref_unallocated",
};
unsigned long bad_connects[2][C_NBAD];	/* [backend][kind] */
