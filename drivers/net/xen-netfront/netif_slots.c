// SPDX-License-Identifier: GPL-2.0
/* This module's own copy of the shared slots logic. */
#include "../xen-netif/slots.c"
