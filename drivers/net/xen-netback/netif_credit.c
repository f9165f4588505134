// SPDX-License-Identifier: GPL-2.0
/* This module's own copy of the shared credit logic. */
#include "../xen-netif/credit.c"
