// SPDX-License-Identifier: GPL-2.0
/* This module's own copy of the XDP decisions. */
#include "../xen-netif/xdp.c"
