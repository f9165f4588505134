// SPDX-License-Identifier: GPL-2.0
/* This module's own copy of the backend offers. */
#include "../xen-netif/be_offers.c"
