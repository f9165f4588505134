/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How many lines a recurring event gets in the log: at most a burst per
 * window, the last line of a burst saying that the rest of the window is
 * quiet, and the next line after it how many events went unsaid. For a
 * line that a peer can make us print at will (netfront's "connected"
 * line, which a backend reloaded in a loop repeats at every handshake),
 * where the kernel's net_ratelimit() would mix the device's lines with
 * every other device's and say nothing of what it dropped.
 *
 * Pure: the caller passes the time (jiffies) and serialises the calls;
 * run by KUnit.
 */
#ifndef _XEN_NETIF_LOG_LIMIT_H
#define _XEN_NETIF_LOG_LIMIT_H

#include <linux/types.h>

struct xnif_log_limit {
	unsigned long start;	/* when this window began */
	unsigned int logged;	/* lines in it; 0 before the first event */
	unsigned int quiet;	/* events not logged since the last line */
};

enum xnif_log_verdict {
	XNIF_LOG_LINE,		/* log the line */
	XNIF_LOG_LAST,		/* log it, and that the window goes quiet */
	XNIF_LOG_QUIET,		/* do not log; counted */
};

/*
 * One event at now: what to log. A window of length window begins at the
 * first event after the previous one ended; burst lines per window (0:
 * no limit). *missed is the number of events left unlogged before this
 * one, to be said with its line (0 when there is none, or when this
 * event is quiet too).
 */
enum xnif_log_verdict xnif_log_limit(struct xnif_log_limit *l,
				     unsigned long now, unsigned long window,
				     unsigned int burst, unsigned int *missed);

#endif /* _XEN_NETIF_LOG_LIMIT_H */
