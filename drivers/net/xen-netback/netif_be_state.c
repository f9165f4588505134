// SPDX-License-Identifier: GPL-2.0
/* This module's own copy of the shared be state logic. */
#include "../xen-netif/be_state.c"
