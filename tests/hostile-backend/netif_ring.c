// SPDX-License-Identifier: GPL-2.0
/* This module's own copy of the shared ring code. */
#include "../../drivers/net/xen-netif/ring.c"
