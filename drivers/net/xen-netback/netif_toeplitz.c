// SPDX-License-Identifier: GPL-2.0
/* This module's own copy of the shared toeplitz logic. */
#include "../xen-netif/toeplitz.c"
