// SPDX-License-Identifier: GPL-2.0
/* This module's own copy of the shared copy plan logic. */
#include "../xen-netif/copy_plan.c"
