// SPDX-License-Identifier: GPL-2.0
/* This module's own copy of the shared fe state logic. */
#include "../xen-netif/fe_state.c"
