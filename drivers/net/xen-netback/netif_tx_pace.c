// SPDX-License-Identifier: GPL-2.0
/* This module's own copy of the shared TX pacing logic. */
#include "../xen-netif/tx_pace.c"
