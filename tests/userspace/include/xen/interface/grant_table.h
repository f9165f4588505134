/* SPDX-License-Identifier: MIT */
#ifndef _SHIM_XEN_GRANT_TABLE_H
#define _SHIM_XEN_GRANT_TABLE_H

#include <stdint.h>

typedef uint32_t grant_ref_t;

#endif
