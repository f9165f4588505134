// SPDX-License-Identifier: GPL-2.0
/* This module's own copy of the shared RX accounting. */
#include "../xen-netif/rx_pin.c"
