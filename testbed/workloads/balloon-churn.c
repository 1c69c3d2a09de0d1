// SPDX-License-Identifier: GPL-2.0
/*
 * balloon-churn LOW_MIB HIGH_MIB [PERIOD_MS]: move this guest's balloon
 * target between LOW and HIGH MiB for ever, so that p2m entries keep
 * changing (and, above the memory the guest booted with, never-populated
 * p2m ranges get populated, or new memory is hot-plugged). Every change
 * prints
 *   @@BAL step S target T current C@@   (KiB)
 * where current is what the balloon driver reached by then.
 */
#include <stdlib.h>
#include <unistd.h>
#include "pattern.h"

#define SYSFS "/sys/devices/system/xen_memory/xen_memory0/"

static long read_kb(const char *file)
{
	FILE *f = fopen(file, "r");
	long kb = -1;

	if (f) {
		if (fscanf(f, "%ld", &kb) != 1)
			kb = -1;
		fclose(f);
	}
	return kb;
}

int main(int argc, char **argv)
{
	long low, high, target, current, last, moved = 0;
	unsigned int period_ms;
	unsigned long step;
	FILE *f;

	if (argc < 3) {
		fprintf(stderr, "usage: balloon-churn LOW_MIB HIGH_MIB [PERIOD_MS]\n");
		return 2;
	}
	low = strtol(argv[1], NULL, 0) * 1024;
	high = strtol(argv[2], NULL, 0) * 1024;
	period_ms = argc > 3 ? strtoul(argv[3], NULL, 0) : 2000;
	last = read_kb(SYSFS "info/current_kb");
	report("@@BAL start low %ld high %ld@@\n", low, high);

	for (step = 1; ; step++) {
		target = (step & 1) ? low : high;
		f = fopen(SYSFS "target_kb", "w");
		if (!f || fprintf(f, "%ld\n", target) < 0 || fclose(f)) {
			report("@@BAL error cannot write " SYSFS "target_kb@@\n");
			return 1;
		}
		usleep(period_ms * 1000);
		current = read_kb(SYSFS "info/current_kb");
		moved += labs(current - last);
		last = current;
		report("@@BAL step %lu target %ld current %ld moved %ld@@\n", step,
		       target, current, moved);
	}
}
