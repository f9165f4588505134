// SPDX-License-Identifier: GPL-2.0
/* This module's own copy of the shared ctrl validate logic. */
#include "../xen-netif/ctrl_validate.c"
