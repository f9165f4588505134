// SPDX-License-Identifier: GPL-2.0
/*
 * xen-netfront-hostile: module parameters, load and unload.
 *
 * The mode of a device is read from the guest's own xenstore directory,
 * data/hostile-mode, when the device is probed, so that the lab can run
 * one attack per hot-plugged vif without reloading the module; without
 * that key the mode parameter applies.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>

#include <xen/xen.h>

#include "hostile.h"

char *hostile_default_mode = "prod_jump";
module_param_named(mode, hostile_default_mode, charp, 0644);
MODULE_PARM_DESC(mode, "Attack for devices without data/hostile-mode (see modes.c)");

unsigned int hostile_attack_ms = 6000;
module_param_named(attack_ms, hostile_attack_ms, uint, 0644);
MODULE_PARM_DESC(attack_ms, "How long floods and rewrite loops last (ms)");

static int __init hostile_init(void)
{
	if (!xen_domain())
		return -ENODEV;
	if (!hostile_find_mode(hostile_default_mode)) {
		pr_err("unknown mode \"%s\"\n", hostile_default_mode);
		return -EINVAL;
	}
	pr_warn("loaded: TEST ONLY, this frontend attacks its backend (default mode %s)\n",
		hostile_default_mode);
	return xenbus_register_frontend(&hostile_driver);
}
module_init(hostile_init);

static void __exit hostile_exit(void)
{
	xenbus_unregister_driver(&hostile_driver);
}
module_exit(hostile_exit);

MODULE_DESCRIPTION("Hostile Xen netfront for testing backends (never install)");
MODULE_LICENSE("GPL");
