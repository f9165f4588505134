// SPDX-License-Identifier: GPL-2.0
/*
 * xenstore values as a hostile peer may write them: the mac, rate, mtu
 * and speed parsers. The ring order a frontend picks is fuzz_budget's.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xen/interface/io/netif.h>

#include "link.h"
#include "negotiate.h"

static void check_mac(const char *s)
{
	char again[18];
	u8 mac[6];
	int i;

	if (xnif_parse_mac(s, mac))
		return;
	snprintf(again, sizeof(again), "%02x:%02x:%02x:%02x:%02x:%02x",
		 mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
	for (i = 0; i < 17; i++)
		if (again[i] != (s[i] | (s[i] >= 'A' ? 0x20 : 0)))
			abort();
}

static void check_rate(const char *s)
{
	u64 bytes;
	u32 usecs;

	if (!xnif_parse_rate(s, &bytes, &usecs) && (!bytes || !usecs))
		abort();
}

static void check_mtu(const char *s)
{
	unsigned int mtu;

	if (xnif_parse_mtu(s, &mtu))
		return;
	if (mtu < XNIF_MTU_MIN || mtu > XNIF_MTU_MAX ||
	    xnif_fit_mtu(mtu, false) > XNIF_MTU_NO_SG)
		abort();
}

/* A speed that parses is in range and reads back the same in Mb/s. */
static void check_speed(const char *s)
{
	char again[16];
	u32 mbps, back;

	if (xnif_parse_speed(s, &mbps))
		return;
	if (!mbps || mbps > INT_MAX)
		abort();
	snprintf(again, sizeof(again), "%uM", mbps);
	if (xnif_parse_speed(again, &back) || back != mbps)
		abort();
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	char s[64];
	size_t n = size < sizeof(s) - 1 ? size : sizeof(s) - 1;

	memcpy(s, data, n);
	s[n] = '\0';
	check_mac(s);
	check_rate(s);
	check_mtu(s);
	check_speed(s);
	return 0;
}
