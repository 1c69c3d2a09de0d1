// SPDX-License-Identifier: GPL-2.0
/*
 * Grants (/dev/xen/gntalloc: pages shared with a backend, and taken back)
 * and event channels (/dev/xen/evtchn), for the rings and data pages of
 * blkif.c and netif.c.
 */
#define _GNU_SOURCE
#include "hostile.h"
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <xen/sys/evtchn.h>
#include <xen/sys/gntalloc.h>

/* ---- grants (/dev/xen/gntalloc) and event channels (/dev/xen/evtchn) ---- */

int gnt_fd, evt_fd;

/* @count pages granted to @domid, writable or read-only, zeroed and mapped. */
void gnt_alloc(struct gpages *g, unsigned int count, int domid, int writable)
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
void gnt_free(struct gpages *g)
{
	struct ioctl_gntalloc_dealloc_gref d = { .index = g->index, .count = g->count };

	if (ioctl(gnt_fd, IOCTL_GNTALLOC_DEALLOC_GREF, &d) || munmap(g->va, g->count * PAGE))
		die("gntalloc dealloc");
	g->count = 0;
}

int evt_bind(int domid)
{
	struct ioctl_evtchn_bind_unbound_port b = { .remote_domain = domid };
	int port = ioctl(evt_fd, IOCTL_EVTCHN_BIND_UNBOUND_PORT, &b);

	if (port < 0)
		die("evtchn bind unbound");
	return port;
}

void evt_notify(int port)
{
	struct ioctl_evtchn_notify n = { .port = port };

	ioctl(evt_fd, IOCTL_EVTCHN_NOTIFY, &n);
}

void evt_unbind(int port)
{
	struct ioctl_evtchn_unbind u = { .port = port };

	ioctl(evt_fd, IOCTL_EVTCHN_UNBIND, &u);
}

/* We poll the rings; take pending events and unmask their ports again. */
void evt_drain(void)
{
	uint32_t ports[64];
	ssize_t n = read(evt_fd, ports, sizeof(ports));

	if (n > 0 && write(evt_fd, ports, n) != n)
		die("evtchn unmask");
}
