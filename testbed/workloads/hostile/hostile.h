// SPDX-License-Identifier: GPL-2.0
/*
 * What the files of hostile share: the xen headers with the tools' barriers,
 * the constants, say(), the types more than one file uses, the globals
 * (defined in one file, declared here) and the functions one file calls in
 * another, grouped by the file that defines them:
 *
 *   main.c     the program's purpose and output, the decisions (splitmix64),
 *              the clock, the findings, main()
 *   xenbus.c   xenstore: the wire protocol (xs_wire.h's one copy), a
 *              device's keys and states, InitWait, a close
 *   grants.c   grants (/dev/xen/gntalloc) and event channels (/dev/xen/evtchn)
 *   cats.c     what both protocols share: request and connect categories,
 *              their counts, the weighted draw, a burst, a response
 *              producer's sanity
 *   blkif.c    the blkif frontend and its run
 *   netif.c    the netif frontend and its run
 *   checks.c   the checks after the runs: a vbd served after our Closing, a
 *              close and a destroy with reads in flight on the slow vbd
 *
 * Each .c defines _GNU_SOURCE and includes this first, then what it alone
 * needs.
 */
#ifndef HOSTILE_H
#define HOSTILE_H

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
#include <xen/io/xenbus.h>
#include <xen/io/xs_wire.h>

#define PAGE		4096
#define BAD_GREF	0xfffffff0u	/* beyond any grant table: GNTST_bad_gntref */
#define IO_WAIT_MS	20000		/* a response, under TCG */
#define STATE_WAIT_MS	60000		/* a xenstore state change */

#define say(...) do { printf("@@HOSTILE " __VA_ARGS__); printf("@@\n"); fflush(stdout); } while (0)

/* The one copy of die(), xs_fd and the xs_*() calls is xenbus.c's. */
#define TESTBED_TAG "HOSTILE"
#ifndef TESTBED_XS_WIRE_DEFINE
#define TESTBED_XS_WIRE_DECLARE
#endif
#include "xs_wire.h"

/* ===================== main.c: decisions, findings ===================== */

uint64_t rnd(void);
unsigned int rn(unsigned int n);
long long now_ms(void);
void sleep_ms(unsigned int ms);

/* ---- findings, over the whole run ---- */

/* Every file counts what it finds here, main() judges it (named to be declared here). */
struct findings {
	unsigned long unexp;		/* a status the request does not allow */
	unsigned long unknown_id;	/* a response to nothing outstanding */
	unsigned long lost;		/* no response before a clean close */
	unsigned long late;		/* a response after the backend said it closed */
	unsigned long unserved;		/* a request after our Closing not answered OKAY */
	unsigned long data_bad;		/* a block read back not as written */
	unsigned long stuck;		/* a state change that never came */
	unsigned long dropped;		/* untaken at a halt or a mid-I/O close */
	unsigned long connects, wrapped, connect_refused, halts, reconnect_fail;
};
extern struct findings found;

/* ========================== xenbus.c: devices ========================== */

/*
 * A device's two ends in xenstore. Here: struct blk and struct net hold
 * one each, xenbus.c's calls take it.
 */
struct xdev {
	char fe[64], be[128];
	int backend_id;
};

#define BIT(s)	(1u << (s))

void xdev_init(struct xdev *d, const char *fe);
void fe_key(struct xdev *d, const char *key, const char *fmt, ...);
void fe_rm(struct xdev *d, const char *key);
int be_state(struct xdev *d);
long be_long(struct xdev *d, const char *key, long dflt);
int wait_be(struct xdev *d, unsigned int mask, int ms);
int to_initwait(struct xdev *d);
void close_dev(struct xdev *d, int quiet, volatile RING_IDX *rsp_prod1,
	       volatile RING_IDX *rsp_prod2);

/* ================= grants.c: grants and event channels ================= */

extern int gnt_fd, evt_fd;

#define MAX_GREFS	128	/* the largest run we allocate at once */

/* Here: grants.c fills it, blkif.c and netif.c keep their rings and pages in it. */
struct gpages {
	uint8_t *va;
	uint64_t index;
	unsigned int count;
	uint32_t ref[MAX_GREFS];
};

void gnt_alloc(struct gpages *g, unsigned int count, int domid, int writable);
void gnt_free(struct gpages *g);
int evt_bind(int domid);
void evt_notify(int port);
void evt_unbind(int port);
void evt_drain(void);

/* ================== cats.c: what both protocols share ================== */

/* What a request allows; A_BAD, a status the protocol does not have, never is. */
enum { A_OK = 1, A_ERR = 2, A_OP = 4, A_BAD = 8 };

/* Here: blkif.c and netif.c have a table of them each, cats.c counts and prints them. */
struct cat {
	const char *name;
	unsigned int allow;
	int hostile;
	unsigned long sent, ok, err, op;
};

/* Connects the backend must refuse. */
enum { C_OK, C_BAD_PROTOCOL, C_BAD_ORDER, C_NO_EVTCHN, C_BAD_RINGREF, C_NBAD };
extern const char *const cname[C_NBAD];
extern unsigned long bad_connects[2][C_NBAD];	/* [backend][kind] */

int rsp_prod_sane(RING_IDX prod, RING_IDX cons, unsigned int size, const char *what);
void count_got(struct cat *c, unsigned int got, int status);
void print_cats(const char *backend, struct cat *cats, int n, unsigned long *hostile);
unsigned long hostile_sent(const struct cat *cats, int ncats);
int burst(const char *name, const struct cat *cats, unsigned long n,
	  const unsigned char *weight, int ncats, int (*submit)(int cat),
	  unsigned int (*reap)(void));

/* =============================== blkif.c =============================== */

/* Here: bcat's indices; checks.c sends B_READ and B_WRITE, main.c prints bcat. */
enum blk_cat {
	B_READ, B_WRITE, B_WRITE_RO, B_INDIRECT, B_FLUSH, B_DISCARD,
	B_ID_REUSE, B_BAD_OP, B_NSEG0, B_NSEG_MANY, B_SECT_ORDER, B_SECT_PAST, B_RANGE,
	B_BAD_GREF, B_READ_RO, B_REVOKED, B_IND_NSEG, B_IND_OP, B_IND_BAD_PAGE,
	B_IND_GARBAGE, B_PROD_BEYOND, B_PROD_BACK,
	B_NCATS
};
extern struct cat bcat[B_NCATS];

#define POOL		96	/* writable data pages */
#define RO_POOL		8	/* pages granted read-only */
#define MAX_IDS		512	/* ring entries at the largest order we use */
#define CHECKED		256	/* 4 KiB blocks whose contents we track (1 MiB) */

/* Here: a member of struct blk. */
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

/* Here: checks.c drives the device through B, main.c prints its counts. */
struct blk {
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
};
extern struct blk B;

void blk_setup(const char *vbd);
int blk_connect(int bad);
int blk_submit(int cat);
unsigned int blk_reap(void);
unsigned int blk_drain(int ms);
void blk_forget(void);
void blk_fuzz(const char *vbd, unsigned long n, long long ms);

/* =============================== netif.c =============================== */

/* Here: ncat's indices; main.c prints ncat. */
enum net_cat {
	N_ARP, N_MULTI_SLOT, N_FROM_RO, N_PAGE_END, N_ID_REUSE,
	N_BAD_GREF, N_BAD_GREF_FRAG, N_REVOKED, N_RUNT, N_FRAG_TOO_BIG, N_TOO_MANY_SLOTS,
	N_MCAST_EXTRA, N_RX_GOOD, N_RX_BAD_GREF, N_RX_READONLY, N_RX_REVOKED,
	/* each of these disables the vif for good: one per run, last */
	N_FATAL_SLOTS, N_FATAL_CROSS_PAGE, N_FATAL_EXTRA_TYPE, N_FATAL_GSO_SIZE,
	N_FATAL_MORE_DATA, N_FATAL_PRODUCER,
	N_NCATS
};
extern struct cat ncat[N_NCATS];

#define TX_POOL		64
#define TX_IDS		256

/* Here: a member of struct net. */
struct pkt {
	int used, cat;
	int due;		/* responses still due (slots with an id) */
	int errors;
	int page[24], npages;
};

/* Here: main.c prints N's counts. */
struct net {
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
};
extern struct net N;

void net_fuzz(const char *vif, unsigned long n, long long ms);

/* ============================== checks.c =============================== */

void closing_keeps_serving(const char *vbd);
void slow_close(const char *vbd);
void destroy_in_flight(const char *vbd);

#endif /* HOSTILE_H */
