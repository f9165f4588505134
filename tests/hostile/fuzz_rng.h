/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ring fuzzers' random numbers (tests/hostile's fuzz mode and
 * tests/hostile-backend's): splitmix64, so that one 64-bit seed names
 * one sequence of draws on any machine, and the lab can replay a round
 * from the seed it printed. Not for anything but tests.
 */
#ifndef _HOSTILE_FUZZ_RNG_H
#define _HOSTILE_FUZZ_RNG_H

#include <linux/types.h>

struct fuzz_rng {
	u64 state;
	u64 digest;	/* folds every draw: equal digests, equal draws */
	u64 draws;
};

static inline void fuzz_rng_init(struct fuzz_rng *r, u64 seed)
{
	r->state = seed;
	r->digest = 0xcbf29ce484222325ULL;
	r->draws = 0;
}

static inline u64 fuzz_rng_next(struct fuzz_rng *r)
{
	u64 z = (r->state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	z ^= z >> 31;
	r->digest = (r->digest ^ z) * 0x100000001b3ULL;
	r->draws++;
	return z;
}

/* A draw below n (n > 0); the modulo bias does not matter here. */
static inline u32 fuzz_rng_below(struct fuzz_rng *r, u32 n)
{
	return fuzz_rng_next(r) % n;
}

#endif /* _HOSTILE_FUZZ_RNG_H */
