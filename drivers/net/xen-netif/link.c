// SPDX-License-Identifier: GPL-2.0
/*
 * Parsing the toolstack's link values, see link.h. Strings come from
 * xenstore: each is copied into a bounded buffer before it is looked at.
 */
#include <linux/ctype.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/kstrtox.h>
#include <linux/limits.h>
#include <linux/minmax.h>
#include <linux/string.h>

#include "link.h"

/* Longest value worth reading: 20 digits of a u64 and a unit. */
#define XNIF_LINK_VALUE_MAX	24

int xnif_parse_mtu(const char *s, unsigned int *mtu)
{
	unsigned int v;

	if (kstrtouint(s, 10, &v))
		return -EINVAL;
	if (v < XNIF_MTU_MIN || v > XNIF_MTU_MAX)
		return -ERANGE;
	*mtu = v;
	return 0;
}

unsigned int xnif_fit_mtu(unsigned int mtu, bool sg)
{
	return sg ? mtu : min(mtu, XNIF_MTU_NO_SG);
}

/* Mb/s per unit, and whether the unit is a divisor (kilobits). */
static int xnif_speed_unit(char c, u64 *scale, bool *divide)
{
	*divide = false;
	switch (c) {
	case 'G':
	case 'g':
		*scale = 1000;
		return 0;
	case 'M':
	case 'm':
		*scale = 1;
		return 0;
	case 'K':
	case 'k':
		*scale = 1000;
		*divide = true;
		return 0;
	default:
		return -EINVAL;
	}
}

int xnif_parse_speed(const char *s, u32 *mbps)
{
	char buf[XNIF_LINK_VALUE_MAX];
	u64 v, scale = 1000;
	bool divide = false;
	size_t len;

	if (strscpy(buf, s, sizeof(buf)) < 0)
		return -EINVAL;
	len = strlen(buf);
	if (len && !isdigit(buf[len - 1])) {
		if (xnif_speed_unit(buf[len - 1], &scale, &divide))
			return -EINVAL;
		buf[len - 1] = '\0';
	}
	/* kstrtou64 takes a trailing newline: a value with a unit may not. */
	if (!isdigit(buf[0]) || kstrtou64(buf, 10, &v))
		return -EINVAL;
	if (!divide && v > INT_MAX / scale)
		return -ERANGE;
	v = divide ? v / scale : v * scale;
	if (!v || v > INT_MAX)
		return -ERANGE;
	*mbps = v;
	return 0;
}
