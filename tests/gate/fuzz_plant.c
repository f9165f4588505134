// SPDX-License-Identifier: GPL-2.0
/*
 * A libFuzzer harness with a planted crash, for the gate's self-test
 * (tests/gate/run): it aborts on exactly one input, whose hash a fuzzer
 * will not guess in seconds, so only a replay of that input as a past
 * crash artifact can make it fail.
 */
#include <stddef.h>
#include <stdlib.h>

/* FNV-1a of "xennet-gate-planted-crash" */
#define PLANTED_HASH 0x59c8fb02354061e6ULL

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	unsigned long long h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < size; i++)
		h = (h ^ data[i]) * 0x100000001b3ULL;
	if (h == PLANTED_HASH)
		abort();
	return 0;
}
