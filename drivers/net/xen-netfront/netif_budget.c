// SPDX-License-Identifier: GPL-2.0
/* This module's own copy of the shared grant budget logic. */
#include "../xen-netif/budget.c"
