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
 *
 * This file: the decisions, the clock, the findings and main(); what the
 * other files of hostile/ do, hostile.h says.
 */
#define _GNU_SOURCE
#include "hostile.h"
#include <fcntl.h>
#include <time.h>

/* ---- decisions: splitmix64, so that a seed replays the run ---- */

static uint64_t rng_state;

uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

unsigned int rn(unsigned int n)
{
	return rnd() % n;
}

long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

void sleep_ms(unsigned int ms)
{
	usleep(ms * 1000);
}

/* ---- findings, over the whole run ---- */

struct findings found;

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
