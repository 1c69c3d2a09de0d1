// SPDX-License-Identifier: GPL-2.0
/*
 * The checks after the blkif and netif runs, on the vbds: a vbd that says
 * Closing and is still served, a close with reads stuck on the slow vbd
 * (dom0 times xenwatch meanwhile), and a destroy with reads in flight.
 */
#define _GNU_SOURCE
#include "hostile.h"

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
void slow_close(const char *vbd)
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
void closing_keeps_serving(const char *vbd)
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
void destroy_in_flight(const char *vbd)
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
