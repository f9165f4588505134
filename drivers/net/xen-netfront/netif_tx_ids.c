// SPDX-License-Identifier: GPL-2.0
/* This module's own copy of the shared TX id ledger. */
#include "../xen-netif/tx_ids.c"
