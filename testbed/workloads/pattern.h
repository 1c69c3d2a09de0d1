/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Self-checking page and block contents for the migration workloads.
 *
 * Every 4 KiB unit starts with a header (magic, unit index, pass, where it
 * was written) and carries a body that is a pure function of (index, pass),
 * so a reader can tell a stale copy (older pass), a misplaced copy (wrong
 * index) and a torn or corrupted copy (body mismatch) apart.
 */
#ifndef TESTBED_PATTERN_H
#define TESTBED_PATTERN_H

#include <stdint.h>
#include <stdio.h>

#define UNIT_SIZE	4096
#define UNIT_WORDS	(UNIT_SIZE / sizeof(uint64_t))
#define HDR_WORDS	5

struct unit_hdr {
	uint64_t magic;
	uint64_t index;		/* page number in the buffer, block number */
	uint64_t pass;		/* how many times this unit was rewritten */
	uint64_t where;		/* pfn (memory) or sequence number (block) */
	uint64_t sum;		/* checksum of the body */
};

enum unit_state { UNIT_OK, UNIT_BAD_MAGIC, UNIT_BAD_INDEX, UNIT_STALE, UNIT_BAD_BODY };

static const char *const unit_state_name[] = {
	"ok", "bad magic", "wrong index", "stale pass", "corrupted body",
};

/* xorshift64*: cheap, and different for every (index, pass). */
static inline uint64_t pattern_next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545f4914f6cdd1dULL;
}

static inline uint64_t pattern_seed(uint64_t magic, uint64_t index, uint64_t pass)
{
	return (magic ^ (index * 0x9e3779b97f4a7c15ULL) ^ (pass << 32)) | 1;
}

/* Fill the body from (index, pass) and write the header; returns nothing. */
static inline void unit_fill(uint64_t *u, uint64_t magic, uint64_t index,
			     uint64_t pass, uint64_t where)
{
	struct unit_hdr *h = (struct unit_hdr *)u;
	uint64_t s = pattern_seed(magic, index, pass), sum = 0;
	size_t i;

	for (i = HDR_WORDS; i < UNIT_WORDS; i++) {
		u[i] = pattern_next(&s);
		sum += u[i] ^ i;
	}
	h->magic = magic;
	h->index = index;
	h->pass = pass;
	h->where = where;
	h->sum = sum;
}

/* Check a unit against what was last written to it. */
static inline enum unit_state unit_check(const uint64_t *u, uint64_t magic,
					 uint64_t index, uint64_t pass)
{
	const struct unit_hdr *h = (const struct unit_hdr *)u;
	uint64_t s = pattern_seed(magic, index, pass), sum = 0;
	size_t i;

	if (h->magic != magic)
		return UNIT_BAD_MAGIC;
	if (h->index != index)
		return UNIT_BAD_INDEX;
	if (h->pass != pass)
		return UNIT_STALE;
	for (i = HDR_WORDS; i < UNIT_WORDS; i++) {
		if (u[i] != pattern_next(&s))
			return UNIT_BAD_BODY;
		sum += u[i] ^ i;
	}
	return sum == h->sum ? UNIT_OK : UNIT_BAD_BODY;
}

/* Lines the harness reads from the console, flushed at once. */
#define report(...) do { printf(__VA_ARGS__); fflush(stdout); } while (0)

#endif
