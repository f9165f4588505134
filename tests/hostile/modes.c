// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netfront-hostile: every mode, the advisory whose class of bug it
 * probes (Documentation/networking/xen-netif-security.rst), and what it
 * does. Names are what the mode parameter and data/hostile-mode take.
 */
#include <linux/kernel.h>
#include <linux/string.h>

#include "hostile.h"

/* A staged_* mode: an attack on the control ring, named as its function. */
#define HOSTILE_STAGED_MODE(what, advisory)				\
	{ "staged_" #what, advisory, NULL, hostile_staged_##what,	\
	  HOSTILE_CTRL_RING }

static const struct hostile_mode hostile_modes[] = {
	/* Handshake: values a backend must refuse before mapping anything. */
	{ "queues0", "CVE-2026-45890", hostile_keys_queues0 },
	{ "queues1000", "XSA-526", hostile_keys_queues1000 },
	{ "order31", "XSA-526", hostile_keys_order31 },
	{ "bad_evtchn", "XSA-526", hostile_keys_bad_evtchn },
	{ "bad_ring_ref", "XSA-362", hostile_keys_bad_ring_ref },
	{ "xdp_headroom", "XSA-39", hostile_keys_xdp_headroom },

	/* Indices read from the shared ring. */
	{ "prod_jump", "XSA-39", NULL, hostile_prod_jump },
	{ "prod_back", "XSA-39", NULL, hostile_prod_back },
	{ "rx_prod_jump", "XSA-39", NULL, hostile_rx_prod_jump },
	{ "truncated", "XSA-39", NULL, hostile_truncated },
	{ "double_fetch", "XSA-155", NULL, hostile_double_fetch },

	/* Malformed packets. */
	{ "cross_page", "XSA-39", NULL, hostile_cross_page },
	{ "too_many_slots", "XSA-39", NULL, hostile_too_many_slots },
	{ "bad_gref", "XSA-362", NULL, hostile_bad_gref, HOSTILE_RX_READONLY },
	{ "zero_len", "XSA-39", NULL, hostile_zero_len },
	{ "zero_frags", "XSA-448", NULL, hostile_zero_frags },
	{ "oversize", "XSA-39", NULL, hostile_oversize },
	{ "tiny_slots", "XSA-432", NULL, hostile_tiny_slots },
	{ "extra_unknown", "XSA-39", NULL, hostile_extra_unknown },
	{ "extra_dup", "XSA-39", NULL, hostile_extra_dup },
	{ "extra_endless", "XSA-39", NULL, hostile_extra_endless },
	{ "gso_type", "XSA-39", NULL, hostile_gso_type },
	{ "gso_size", "XSA-39", NULL, hostile_gso_size },
	{ "gso_not_tcp", "XSA-39", NULL, hostile_gso_not_tcp },
	{ "gso_wrong_ip", "XSA-39", NULL, hostile_gso_wrong_ip },
	{ "dup_ids", "XSA-155", NULL, hostile_dup_ids },

	/* The control ring. */
	{ "ctrl_hash", "XSA-270", NULL, hostile_ctrl_hash, HOSTILE_CTRL_RING },
	{ "ctrl_prod_jump", "XSA-39", NULL, hostile_ctrl_prod_jump,
	  HOSTILE_CTRL_RING },
	{ "ctrl_flood", "XSA-332", NULL, hostile_ctrl_flood,
	  HOSTILE_CTRL_RING },
	{ "ctrl_early", "XSA-332", hostile_keys_ctrl_early, hostile_ctrl_early,
	  HOSTILE_CTRL_RING },
	/* Staged grants (issue #22): five the backend disables, two it keeps. */
	HOSTILE_STAGED_MODE(dup, "XSA-39"),
	HOSTILE_STAGED_MODE(overlap, "XSA-39"),
	HOSTILE_STAGED_MODE(over_bound, "XSA-39"),
	HOSTILE_STAGED_MODE(del_unmapped, "XSA-39"),
	HOSTILE_STAGED_MODE(bad_count, "XSA-39"),
	HOSTILE_STAGED_MODE(del_inuse, "XSA-374"),
	HOSTILE_STAGED_MODE(honest, "XSA-39"),

	/* Denial of service and lifecycle. */
	{ "evt_flood", "XSA-332", NULL, hostile_evt_flood },
	{ "rx_evt_flood", "XSA-332", NULL, hostile_rx_evt_flood,
	  HOSTILE_NO_RX_BUFS },
	{ "xs_flood", "XSA-349", NULL, hostile_xs_flood },
	{ "stall", "XSA-392", NULL, hostile_stall, HOSTILE_NO_RX_BUFS },
	{ "disconnect_mid", "XSA-374", NULL, hostile_disconnect_mid },
	{ "mcast_churn", "XSA-527", NULL, hostile_mcast_churn },
	{ "zc_close", "XSA-374", NULL, hostile_zc_close },
	{ "state_flap", "XSA-349", NULL, hostile_state_flap },
	{ "reshape", "XSA-526", NULL, hostile_reshape_pruned, HOSTILE_RICH },
	{ "stale_keys", "XSA-526", NULL, hostile_stale_keys, HOSTILE_RICH },

	/* Random but seeded: every class above, drawn (issue #17). */
	{ "fuzz", "XSA-39", NULL, hostile_fuzz },
};

const struct hostile_mode *hostile_find_mode(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(hostile_modes); i++)
		if (sysfs_streq(name, hostile_modes[i].name))
			return &hostile_modes[i];
	return NULL;
}
