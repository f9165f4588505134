// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netfront: module entry points.
 */
#include <linux/module.h>

static int __init xennet_init(void)
{
	return 0;
}
module_init(xennet_init);

static void __exit xennet_exit(void)
{
}
module_exit(xennet_exit);

MODULE_DESCRIPTION("Xen paravirtual network frontend");
MODULE_LICENSE("GPL");
