// SPDX-License-Identifier: GPL-2.0
/*
 * blktest [-a] DEVICE [PAUSE_MS]: sweep over a whole block device with
 * O_DIRECT, 4 KiB at a time: read each block back and verify it against the
 * last write that completed, then write the next, sequence-numbered version.
 * After every sweep print
 *   @@BLK sweep S blocks N errors E ioerrors I ahead A@@
 * (cumulative). Only writes that completed are expected to be on disk: a
 * block whose write failed may hold the old or the new version and is not
 * checked until its next write completes.
 *
 * -a: the disk may be ahead of this program's memory by one pass, as after
 * a Remus failover without disk replication (xl remus -d): the secondary
 * resumes from the last checkpoint's memory, while the disk keeps what the
 * primary wrote after it. A block holding exactly the next pass of its own
 * contents is then counted as ahead, not as an error; anything else (older,
 * misplaced, corrupted, two passes ahead) is still a mismatch.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdbool.h>
#include <string.h>
#include <linux/fs.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "pattern.h"

#define BLK_MAGIC	0x424c4b5445535431ULL	/* "BLKTEST1" */
#define MAX_DETAILS	32
#define UNKNOWN		UINT64_MAX	/* last write did not complete */

int main(int argc, char **argv)
{
	unsigned long errors = 0, ioerrors = 0, ahead = 0, sweep, b, blocks;
	unsigned int pause_ms = 200;
	uint64_t bytes, seq = 0, *pass;
	bool may_be_ahead = false;
	const char *dev;
	uint64_t *u;
	int fd;

	if (argc > 1 && !strcmp(argv[1], "-a")) {
		may_be_ahead = true;
		argc--;
		argv++;
	}
	if (argc < 2) {
		fprintf(stderr, "usage: blktest [-a] DEVICE [PAUSE_MS]\n");
		return 2;
	}
	dev = argv[1];
	if (argc > 2)
		pause_ms = strtoul(argv[2], NULL, 0);
	fd = open(dev, O_RDWR | O_DIRECT);
	if (fd < 0 || ioctl(fd, BLKGETSIZE64, &bytes) || bytes < UNIT_SIZE) {
		report("@@BLK error cannot open %s with O_DIRECT@@\n", dev);
		return 1;
	}
	blocks = bytes / UNIT_SIZE;
	pass = calloc(blocks, sizeof(*pass));
	if (!pass || posix_memalign((void **)&u, UNIT_SIZE, UNIT_SIZE)) {
		report("@@BLK error out of memory@@\n");
		return 1;
	}
	for (b = 0; b < blocks; b++)
		pass[b] = UNKNOWN;	/* nothing written yet */
	report("@@BLK start blocks %lu@@\n", blocks);

	for (sweep = 1; ; sweep++) {
		for (b = 0; b < blocks; b++) {
			off_t off = (off_t)b * UNIT_SIZE;

			if (pass[b] != UNKNOWN) {
				enum unit_state st = UNIT_OK;

				if (pread(fd, u, UNIT_SIZE, off) != UNIT_SIZE)
					ioerrors++;
				else
					st = unit_check(u, BLK_MAGIC, b, pass[b]);
				if (st == UNIT_STALE && may_be_ahead &&
				    unit_check(u, BLK_MAGIC, b, pass[b] + 1) == UNIT_OK) {
					ahead++;
					st = UNIT_OK;
				}
				if (st != UNIT_OK && errors++ < MAX_DETAILS)
					report("@@BLK mismatch sweep %lu block %lu pass %llu: %s (found pass %llu, seq %llu)@@\n",
					       sweep, b, (unsigned long long)pass[b],
					       unit_state_name[st],
					       (unsigned long long)((struct unit_hdr *)u)->pass,
					       (unsigned long long)((struct unit_hdr *)u)->where);
			}
			unit_fill(u, BLK_MAGIC, b, sweep, ++seq);
			if (pwrite(fd, u, UNIT_SIZE, off) == UNIT_SIZE) {
				pass[b] = sweep;
			} else {
				pass[b] = UNKNOWN;
				ioerrors++;
			}
		}
		report("@@BLK sweep %lu blocks %lu errors %lu ioerrors %lu ahead %lu@@\n",
		       sweep, blocks, errors, ioerrors, ahead);
		usleep(pause_ms * 1000);
	}
}
