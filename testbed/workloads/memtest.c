// SPDX-License-Identifier: GPL-2.0
/*
 * memtest MIB [PAUSE_MS]: fill MIB MiB of locked memory with self-checking
 * pages and sweep over them forever: verify each page against what was last
 * written there, then rewrite it with the next pass. After every sweep print
 *   @@MEM sweep S pages N errors E@@
 * (E is cumulative) and the first mismatches in detail, with the pfn the page
 * had when written and has now, so a corrupted migration names the frame.
 * A page that was verified in a sweep started after a migration ended has
 * been checked after that migration.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "pattern.h"

#define MEM_MAGIC	0x4d454d5445535431ULL	/* "MEMTEST1" */
#define MAX_DETAILS	32

static int pagemap = -1;

/* The pfn behind a virtual address, or 0 when the kernel does not say. */
static uint64_t pfn_of(const void *va)
{
	uint64_t e;
	off_t off = (uintptr_t)va / UNIT_SIZE * sizeof(e);

	if (pagemap < 0 || pread(pagemap, &e, sizeof(e), off) != sizeof(e))
		return 0;
	return (e & (1ULL << 63)) ? e & ((1ULL << 55) - 1) : 0;
}

int main(int argc, char **argv)
{
	unsigned long mib = argc > 1 ? strtoul(argv[1], NULL, 0) : 0;
	unsigned int pause_ms = argc > 2 ? strtoul(argv[2], NULL, 0) : 200;
	unsigned long errors = 0, sweep, i, pages;
	uint64_t *pass, *pfn;
	uint8_t *buf;

	if (!mib) {
		fprintf(stderr, "usage: memtest MIB [PAUSE_MS]\n");
		return 2;
	}
	pages = mib << 20 >> 12;
	buf = mmap(NULL, pages * UNIT_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	pass = calloc(pages, sizeof(*pass));
	pfn = calloc(pages, sizeof(*pfn));
	if (buf == MAP_FAILED || !pass || !pfn) {
		report("@@MEM error cannot allocate %lu MiB@@\n", mib);
		return 1;
	}
	/* Locked so the pages stay where they are; the harness also disables
	 * compaction of unevictable pages, so the pfns stay meaningful. */
	if (mlock(buf, pages * UNIT_SIZE))
		report("@@MEM warning mlock failed, pfns may move@@\n");
	pagemap = open("/proc/self/pagemap", O_RDONLY);

	for (i = 0; i < pages; i++) {
		pfn[i] = pfn_of(buf + i * UNIT_SIZE);
		unit_fill((uint64_t *)(buf + i * UNIT_SIZE), MEM_MAGIC, i, 0, pfn[i]);
	}
	report("@@MEM start pages %lu@@\n", pages);

	for (sweep = 1; ; sweep++) {
		for (i = 0; i < pages; i++) {
			uint64_t *u = (uint64_t *)(buf + i * UNIT_SIZE);
			enum unit_state st = unit_check(u, MEM_MAGIC, i, pass[i]);

			if (st != UNIT_OK) {
				if (errors++ < MAX_DETAILS)
					report("@@MEM mismatch sweep %lu page %lu pfn %#llx (now %#llx) pass %llu: %s (found pass %llu)@@\n",
					       sweep, i, (unsigned long long)pfn[i],
					       (unsigned long long)pfn_of(u),
					       (unsigned long long)pass[i],
					       unit_state_name[st],
					       (unsigned long long)((struct unit_hdr *)u)->pass);
			}
			unit_fill(u, MEM_MAGIC, i, ++pass[i], pfn[i]);
		}
		report("@@MEM sweep %lu pages %lu errors %lu@@\n", sweep, pages, errors);
		usleep(pause_ms * 1000);
	}
}
