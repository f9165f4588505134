// SPDX-License-Identifier: GPL-2.0
/* This module's own copy of the shared rsp validate logic. */
#include "../xen-netif/rsp_validate.c"
