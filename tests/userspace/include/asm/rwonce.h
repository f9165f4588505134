/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SHIM_ASM_RWONCE_H
#define _SHIM_ASM_RWONCE_H

#define READ_ONCE(x)		(*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v)	(*(volatile __typeof__(x) *)&(x) = (v))

#endif
