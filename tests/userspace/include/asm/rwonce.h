/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SHIM_ASM_RWONCE_H
#define _SHIM_ASM_RWONCE_H

#ifdef SHIM_TRACE_ONCE
/*
 * A translation unit built with SHIM_TRACE_ONCE reports every marked
 * access to shim_trace_once() before it makes it: ringbench --model feeds
 * the ring code's loads and stores of shared indices to a cache model.
 * The kernel build never sees this; other userspace builds do not either.
 */
#include <linux/types.h>

void shim_trace_once(const void *addr, size_t size, bool store);

#define READ_ONCE(x)						\
	({							\
		shim_trace_once(&(x), sizeof(x), false);	\
		*(const volatile __typeof__(x) *)&(x);		\
	})
#define WRITE_ONCE(x, v)					\
	do {							\
		shim_trace_once(&(x), sizeof(x), true);		\
		*(volatile __typeof__(x) *)&(x) = (v);		\
	} while (0)
#else
#define READ_ONCE(x)		(*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v)	(*(volatile __typeof__(x) *)&(x) = (v))
#endif

#endif
