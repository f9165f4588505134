/* SPDX-License-Identifier: GPL-2.0 */
/* The kernel's virt_* barriers as C11 fences: same ordering guarantees. */
#ifndef _SHIM_ASM_BARRIER_H
#define _SHIM_ASM_BARRIER_H

/* full barrier */
#define virt_mb()	__atomic_thread_fence(__ATOMIC_SEQ_CST)
/* loads before later loads */
#define virt_rmb()	__atomic_thread_fence(__ATOMIC_ACQUIRE)
/* stores before later stores */
#define virt_wmb()	__atomic_thread_fence(__ATOMIC_RELEASE)
/* one load ordered before every later access */
#define smp_load_acquire(p)	__atomic_load_n(p, __ATOMIC_ACQUIRE)
/* one store ordered after every earlier access */
#define smp_store_release(p, v)	__atomic_store_n(p, v, __ATOMIC_RELEASE)

#endif
