// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netback: module entry points.
 */
#include <linux/module.h>

static int __init xenvif_init(void)
{
	return 0;
}
module_init(xenvif_init);

static void __exit xenvif_exit(void)
{
}
module_exit(xenvif_exit);

MODULE_DESCRIPTION("Xen paravirtual network backend");
MODULE_LICENSE("GPL");
