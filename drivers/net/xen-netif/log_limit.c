// SPDX-License-Identifier: GPL-2.0
/*
 * A fixed window per burst, not a sliding one: a peer repeating the event
 * without pause gets burst lines, then one window of silence, then burst
 * lines again, whatever its pace.
 */
#include "log_limit.h"

enum xnif_log_verdict xnif_log_limit(struct xnif_log_limit *l,
				     unsigned long now, unsigned long window,
				     unsigned int burst, unsigned int *missed)
{
	*missed = 0;
	if (!burst)
		return XNIF_LOG_LINE;
	/* Unsigned difference: right across a jiffies wrap. */
	if (!l->logged || now - l->start >= window) {
		*missed = l->quiet;
		l->start = now;
		l->logged = 0;
		l->quiet = 0;
	}
	if (l->logged < burst) {
		l->logged++;
		return l->logged == burst ? XNIF_LOG_LAST : XNIF_LOG_LINE;
	}
	l->quiet++;
	return XNIF_LOG_QUIET;
}
