// SPDX-License-Identifier: GPL-2.0
/* This module's own copy of the shared negotiation logic. */
#include "../xen-netif/negotiate.c"
