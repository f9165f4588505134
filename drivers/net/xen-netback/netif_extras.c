// SPDX-License-Identifier: GPL-2.0
/* This module's own copy of the shared extras logic. */
#include "../xen-netif/extras.c"
