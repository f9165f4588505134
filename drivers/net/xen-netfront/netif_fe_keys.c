// SPDX-License-Identifier: GPL-2.0
/* This module's own copy of the shared xenstore write set. */
#include "../xen-netif/fe_keys.c"
