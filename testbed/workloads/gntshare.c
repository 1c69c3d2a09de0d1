// SPDX-License-Identifier: GPL-2.0
/*
 * gntshare: a PV domain that holds a grant mapping of another domain's page
 * in its page tables (what gntdev does in a PV guest), for the migration
 * test bed's gntdev scenario (testbed/migrate.sh).
 *
 *   gntshare offer DOMID  grant one page of ours to DOMID (/dev/xen/gntalloc),
 *                         say "@@GNT offer gref=N@@" and keep it granted
 *   gntshare map KEY      wait for KEY in our own xenstore directory
 *                         ("DOMID:GREF", which dom0 writes), map that grant
 *                         with /dev/xen/gntdev, say "@@GNT mapped ...@@" and
 *                         keep it mapped, reading it every second
 *                         ("@@GNT held N s value=V@@" every 2 s)
 *
 * In a PV guest the mapping is a PTE of this process that names the other
 * domain's frame, which no p2m of ours knows: a toolstack that saves this
 * domain must refuse (its page table cannot be normalised), never send it.
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
#include <unistd.h>

#include <xen/xen.h>
#include <xen/io/xs_wire.h>
#include <xen/sys/gntalloc.h>
#include <xen/sys/gntdev.h>

#define PAGE		4096
#define GNT_MAGIC	0x676e747368617265ULL	/* "gntshare" */

#define TESTBED_TAG "GNT"
#include "xs_wire.h"

static void offer(unsigned int domid)
{
	struct ioctl_gntalloc_alloc_gref op = {
		.domid = domid, .flags = GNTALLOC_FLAG_WRITABLE, .count = 1,
	};
	int fd = open("/dev/xen/gntalloc", O_RDWR);
	volatile uint64_t *p;

	if (fd < 0 || ioctl(fd, IOCTL_GNTALLOC_ALLOC_GREF, &op))
		die("grant a page to domain %u", domid);
	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, op.index);
	if (p == MAP_FAILED)
		die("mmap the granted page");
	*p = GNT_MAGIC;
	printf("@@GNT offer gref=%u domid=%u@@\n", op.gref_ids[0], domid);
	fflush(stdout);
	for (;;)
		pause();
}

static void map(const char *key)
{
	struct ioctl_gntdev_map_grant_ref op = { .count = 1 };
	unsigned int domid, gref, s;
	char v[64];
	volatile uint64_t *p;
	int fd;

	xs_fd = open("/dev/xen/xenbus", O_RDWR);
	if (xs_fd < 0)
		die("open /dev/xen/xenbus");
	while (xs_read(key, v, sizeof(v)) || sscanf(v, "%u:%u", &domid, &gref) != 2)
		sleep(1);
	op.refs[0].domid = domid;
	op.refs[0].ref = gref;
	fd = open("/dev/xen/gntdev", O_RDWR);
	if (fd < 0 || ioctl(fd, IOCTL_GNTDEV_MAP_GRANT_REF, &op))
		die("map grant %u of domain %u", gref, domid);
	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, op.index);
	if (p == MAP_FAILED)
		die("mmap grant %u of domain %u", gref, domid);
	printf("@@GNT mapped domid=%u gref=%u value=%s@@\n", domid, gref,
	       *p == GNT_MAGIC ? "ok" : "bad");
	fflush(stdout);
	for (s = 1;; s++) {
		sleep(1);
		if (s % 2 == 0) {
			printf("@@GNT held %u s value=%s@@\n", s, *p == GNT_MAGIC ? "ok" : "bad");
			fflush(stdout);
		}
	}
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "offer"))
		offer(strtoul(argv[2], NULL, 0));
	else if (argc == 3 && !strcmp(argv[1], "map"))
		map(argv[2]);
	fprintf(stderr, "usage: gntshare offer DOMID | gntshare map XENSTORE_KEY\n");
	return 2;
}
