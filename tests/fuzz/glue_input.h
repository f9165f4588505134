/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The glue harnesses' input: the fuzzer's bytes read one at a time, as
 * the peer's choices; past the end every choice is 0, so a short input
 * still plays a whole, quiet peer.
 */
#ifndef _FUZZ_GLUE_INPUT_H
#define _FUZZ_GLUE_INPUT_H

static const u8 *in;
static size_t left;

static u8 take8(void)
{
	if (!left)
		return 0;
	left--;
	return *in++;
}

static u16 take16(void)
{
	return take8() | take8() << 8;
}

#endif
