// SPDX-License-Identifier: GPL-2.0
/* This module's own copy of the shared negotiation logic. */
#include "compat.h"	/* hex_to_bin(), wherever the kernel declares it */
#include "../xen-netif/negotiate.c"
