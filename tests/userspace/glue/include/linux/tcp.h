/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _GLUE_LINUX_TCP_H
#define _GLUE_LINUX_TCP_H

#include <glue.h>

/* Only where the checksum sits matters to the glue. */
struct tcphdr {
	u16 source, dest;
	u32 seq, ack_seq;
	u16 flags, window;
	u16 check, urg_ptr;
};

#endif
