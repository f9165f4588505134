// SPDX-License-Identifier: GPL-2.0
/* This module's own copy of the toolstack link value parsing. */
#include "../xen-netif/link.c"
