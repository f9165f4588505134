/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _GLUE_LINUX_UNALIGNED_H
#define _GLUE_LINUX_UNALIGNED_H

#include <glue.h>

static inline u32 get_unaligned_le32(const void *p)
{
	u32 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

#endif
