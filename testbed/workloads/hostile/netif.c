// SPDX-License-Identifier: GPL-2.0
/*
 * The netif frontend: its categories, connects (and refused ones), Tx
 * packets of each category, Rx buffers (a quarter of them bad), the
 * responses checked against what each allows, ARP replies counted, and the
 * netif run, which ends with a request that disables the vif for good.
 */
#define _GNU_SOURCE
#include "hostile.h"

/* ================================ netif ================================ */

#define N_FATAL_FIRST	N_FATAL_SLOTS

struct cat ncat[N_NCATS] = {
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

#define RX_POOL		32
#define RX_POSTED	24	/* Rx buffers we keep on the ring */

struct net N;

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
void net_fuzz(const char *vif, unsigned long n, long long ms)
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
