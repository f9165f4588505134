/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The glue model is the 6.12 kernel API: compat.h then takes the same
 * branches as the lab's build.
 */
#ifndef _GLUE_LINUX_VERSION_H
#define _GLUE_LINUX_VERSION_H
#define KERNEL_VERSION(a, b, c) (((a) << 16) + ((b) << 8) + ((c) > 255 ? 255 : (c)))
#define LINUX_VERSION_CODE KERNEL_VERSION(6, 12, 0)
#endif
