// SPDX-License-Identifier: GPL-2.0
/* This module's own copy of the shared tx validate logic. */
#include "../xen-netif/tx_validate.c"
